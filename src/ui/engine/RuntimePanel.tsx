// The runtime's own panel (mode, run, pause, step, seek, node list), a developer's tool: the fixture
// routes (?fixture=NAME) show only this, and the playground shows it below itself as the engine check
// with ?dev=1, with the accessible names its end-to-end test (e2e/runtime.spec.ts) and the browser
// benchmark use.
import { useEffect, useMemo, useState } from 'react';
import quickstart from '../../scenario/builtins/quickstart.json';
import { validateScenario } from '../../sim/index';
import {
  createRuntime,
  fixtureSource,
  type ModelSource,
  type NodeView,
  type Runtime,
  type RuntimeMode,
  type RuntimeStatus,
  type Speed,
} from '../../runtime/index';

/**
 * ?fixture=NAME opens a fixture world or a load scenario (end-to-end tests, benchmarks); otherwise the
 * quickstart.
 */
export function pageSource():
  { source: ModelSource; title: string; description: string } | { error: string } {
  const fixture = new URLSearchParams(window.location.search).get('fixture');
  if (fixture !== null) {
    const source = fixtureSource(fixture);
    if (!source) return { error: `There is no fixture named ${fixture}.` };
    const description =
      'scenario' in source ? (source.scenario.description ?? '') : 'A world built for tests.';
    return { source, title: `Fixture: ${fixture}`, description };
  }
  const parsed = validateScenario(quickstart);
  if (!parsed.ok) return { error: `The built-in scenario is invalid: ${parsed.errors.join('; ')}` };
  const s = parsed.scenario;
  return { source: { scenario: s }, title: s.name ?? 'Scenario', description: s.description ?? '' };
}

export function FixtureApp() {
  const page = useMemo(pageSource, []);
  if ('error' in page) return <p role="alert">{page.error}</p>;
  return (
    <main>
      <header>
        <h1>Kafka Playground</h1>
        <p>A Kafka cluster you can watch think.</p>
      </header>
      <section aria-labelledby="scenario-title">
        <h2 id="scenario-title">{page.title}</h2>
        <p>{page.description}</p>
      </section>
      <RuntimePanel source={page.source} />
    </main>
  );
}

const SPEEDS: { label: string; value: Speed }[] = [
  { label: '1x', value: 1 },
  { label: '10x', value: 10 },
  { label: '100x', value: 100 },
  { label: 'As fast as possible', value: 'max' },
];

/** The runtime's controls and status. The UI redesign will replace this; the runtime API stays. */
export function RuntimePanel({ source }: { source: ModelSource }) {
  const [mode, setMode] = useState<RuntimeMode>('workers');
  const [runtime, setRuntime] = useState<Runtime | null>(null);
  const [status, setStatus] = useState<RuntimeStatus | null>(null);
  const [nodes, setNodes] = useState<NodeView[]>([]);
  const [speedIndex, setSpeedIndex] = useState(0);

  useEffect(() => {
    let rt: Runtime | null = null;
    let cancelled = false;
    void createRuntime(source, { mode }).then((created) => {
      if (cancelled) return created.dispose();
      rt = created;
      setRuntime(created);
      created.subscribe((u) => {
        setStatus(u.status);
        setNodes(created.nodes());
      });
    });
    return () => {
      cancelled = true;
      rt?.dispose();
      setRuntime(null);
      setStatus(null);
      setNodes([]);
    };
  }, [source, mode]);

  const ignore = () => {}; // failures surface in the status, not as rejections
  const brokers = nodes.filter((n) => n.kind === 'broker' || n.id.startsWith('broker-'));
  const others = nodes.filter((n) => !brokers.includes(n));
  const failed = status?.phase === 'failed';

  return (
    <section aria-label="Runtime">
      <fieldset>
        <legend>Runtime</legend>
        {(['workers', 'in-process'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
            {m === 'workers' ? 'Web Workers (one per node)' : 'In-process'}
          </label>
        ))}
      </fieldset>
      <div role="toolbar" aria-label="Playback">
        <button type="button" disabled={!runtime || failed} onClick={() => runtime?.runTo().catch(ignore)}>
          Run scenario
        </button>
        {status?.phase === 'playing' ? (
          <button type="button" onClick={() => runtime?.pause()}>
            Pause
          </button>
        ) : (
          <button type="button" disabled={!runtime || failed} onClick={() => runtime?.play()}>
            Play
          </button>
        )}
        <button type="button" disabled={!runtime || failed} onClick={() => runtime?.step().catch(ignore)}>
          Step
        </button>
        <label>
          Speed{' '}
          <select
            value={speedIndex}
            onChange={(e) => {
              const i = Number(e.target.value);
              setSpeedIndex(i);
              runtime?.setSpeed(SPEEDS[i]!.value);
            }}
          >
            {SPEEDS.map((s, i) => (
              <option key={s.label} value={i}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seek{' '}
          <input
            type="range"
            min={0}
            max={status?.until ?? 0}
            step={1}
            value={status?.now ?? 0}
            disabled={!runtime}
            onChange={(e) => runtime?.seek(Number(e.target.value)).catch(ignore)}
          />
        </label>
      </div>
      {status?.failure && (
        <p role="alert">
          Node {status.failure.node} failed: {status.failure.message}. The simulation is paused; seek back to
          go on.
        </p>
      )}
      {status && (
        <section aria-label="Result">
          <p>
            Virtual time: <output aria-label="Virtual time">{status.now} ms</output> ·{' '}
            <output aria-label="Runtime status">{status.phase}</output> · events:{' '}
            <output aria-label="Events">{status.events}</output> · workers:{' '}
            <output aria-label="Workers">{status.workers.length}</output>
          </p>
          <p>
            Trace hash: <output aria-label="Trace hash">{status.traceHash}</output>
          </p>
          {brokers.length > 0 && <NodeList label="Brokers" nodes={brokers} runtime={runtime} />}
          {others.length > 0 && <NodeList label="Other nodes" nodes={others} runtime={runtime} />}
        </section>
      )}
    </section>
  );
}

function NodeList({ label, nodes, runtime }: { label: string; nodes: NodeView[]; runtime: Runtime | null }) {
  const ignore = () => {};
  return (
    <ul aria-label={label}>
      {nodes.map((n) => (
        <li key={n.id} aria-label={n.id}>
          {n.id}: {n.alive ? 'alive' : 'down'}, incarnation {n.incarnation}, disk [{n.diskKeys.join(', ')}]{' '}
          <code>{summarise(n.view)}</code>{' '}
          {n.alive ? (
            <button
              type="button"
              onClick={() => runtime?.act({ type: 'crashNode', node: n.id }).catch(ignore)}
            >
              Kill {n.id}
            </button>
          ) : (
            <button
              type="button"
              onClick={() => runtime?.act({ type: 'restartNode', node: n.id }).catch(ignore)}
            >
              Restart {n.id}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function summarise(view: unknown): string {
  if (view === null || view === undefined) return '';
  const text = JSON.stringify(view);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
