import { useMemo, useState } from 'react';
import quickstart from '../scenario/builtins/quickstart.json';
import { validateScenario, type SimResult } from '../sim/index';
import { InProcessRuntime } from '../runtime/in-process';

export function App() {
  const parsed = useMemo(() => validateScenario(quickstart), []);
  const [result, setResult] = useState<SimResult | null>(null);
  if (!parsed.ok) return <p role="alert">The built-in scenario is invalid: {parsed.errors.join('; ')}</p>;
  const scenario = parsed.scenario;
  const run = () => {
    const rt = new InProcessRuntime(scenario);
    setResult(rt.runUntil(scenario.until ?? 60000));
  };
  return (
    <main>
      <header>
        <h1>Kafka Playground</h1>
        <p>A Kafka cluster you can watch think.</p>
      </header>
      <section aria-labelledby="scenario-title">
        <h2 id="scenario-title">{scenario.name}</h2>
        <p>{scenario.description}</p>
        <button type="button" onClick={run}>
          Run scenario
        </button>
      </section>
      {result && (
        <section aria-label="Result">
          <p>
            Virtual time: <output aria-label="Virtual time">{result.time} ms</output>
          </p>
          <p>
            Trace hash: <output aria-label="Trace hash">{result.traceHash}</output>
          </p>
          <ul aria-label="Brokers">
            {result.brokers.map((b) => (
              <li key={b.id}>
                Broker {b.id}
                {b.rack ? ` (rack ${b.rack})` : ''}: {b.alive ? 'alive' : 'down'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
