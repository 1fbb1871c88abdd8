// Where the nodes run: one Web Worker per broker and one for the coordinator (the clients share one),
// or the page's main thread, for comparison and where Web Workers are not available. The choice is kept
// in the address (?engine=main). A node that fails (it threw, or its worker died) pauses the run; the
// alert names it, says why, and offers to go back to before it failed.
import { useStore } from '../store/index';
import { chooseEngine, workersAvailable } from '../store/load';
import { formatTime } from '../timeline/format';
import type { EngineMode } from '../data/driver';

const CHOICES: { mode: EngineMode; label: string }[] = [
  { mode: 'workers', label: 'Web Workers' },
  { mode: 'main', label: 'main thread' },
];

export function EngineSetting() {
  const choice = useStore((s) => s.engineChoice);
  const engine = useStore((s) => s.engine);
  const canUseWorkers = workersAvailable();
  return (
    <section className="engine-setting" aria-labelledby="engine-setting-title">
      <h2 id="engine-setting-title">Where the nodes run</h2>
      <fieldset>
        <legend>Run nodes in</legend>
        {CHOICES.map((c) => (
          <label key={c.mode}>
            <input
              type="radio"
              name="engine"
              checked={choice === c.mode}
              disabled={c.mode === 'workers' && !canUseWorkers}
              onChange={() => chooseEngine(c.mode)}
            />{' '}
            {c.label}
          </label>
        ))}
      </fieldset>
      <p className="hint">
        {!canUseWorkers
          ? 'This browser has no Web Workers: every node runs on the main thread.'
          : 'Same seed, same trace either way; changing this starts the scenario again.'}
      </p>
      <p>
        <output aria-label="Node workers">
          {choice === 'main'
            ? 'Every node runs on the main thread.'
            : engine.workers.length === 0
              ? 'No node workers running yet.'
              : `${engine.workers.length} Web Workers: ${engine.workers.join(', ')}`}
        </output>
      </p>
    </section>
  );
}

export function EngineAlert() {
  const engine = useStore((s) => s.engine);
  const driver = useStore((s) => s.driver);
  const f = engine.failure;
  if (!f) return null;
  const back = engine.recoverAt;
  return (
    <div role="alert" className="load-errors engine-alert">
      <strong>
        Node {f.node} failed at {formatTime(f.at)}:
      </strong>{' '}
      {f.message}. The simulation is paused; the rest of the page still works.{' '}
      {back !== null && driver && (
        <button type="button" onClick={() => driver.seek(back)}>
          Go back to {formatTime(back)}
        </button>
      )}
    </div>
  );
}
