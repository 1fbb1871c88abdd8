// The top bar: the title, the scenario, the share link, and the playback controls.
import { useStore } from '../store/index';
import { BUILTINS } from '../data/builtins';
import { loadBuiltin } from '../store/load';
import { Transport } from '../timeline/Transport';
import { ShareControls } from '../share/ShareControls';

export function Header() {
  const scenario = useStore((s) => s.scenario);
  const scenarioId = useStore((s) => s.scenarioId);
  return (
    <header className="topbar">
      <div className="brand">
        <h1>Kafka Playground</h1>
        <p>A Kafka cluster you can watch think.</p>
      </div>
      <label className="scenario-pick">
        <span className="visually-hidden">Scenario</span>
        <select
          aria-label="Scenario"
          value={scenarioId}
          onChange={(e) => {
            history.replaceState(null, '', `#builtin=${e.target.value}`);
            loadBuiltin(e.target.value, { autoplay: true });
          }}
        >
          {scenarioId === 'shared' && <option value="shared">Shared: {scenario?.name ?? 'scenario'}</option>}
          {BUILTINS.map((b) => (
            <option key={b.id} value={b.id}>
              {b.title}
            </option>
          ))}
        </select>
      </label>
      <ShareControls />
      <Transport />
    </header>
  );
}
