// The top bar: the title, the scenario, the share link, and the playback controls.
import { useState } from 'react';
import { useStore } from '../store/index';
import { BUILTINS } from '../data/builtins';
import { encodeScenario, withUserActions } from '../data/share';
import { loadBuiltin } from '../store/load';
import { Transport } from '../timeline/Transport';

export function Header() {
  const scenario = useStore((s) => s.scenario);
  const scenarioId = useStore((s) => s.scenarioId);
  const driver = useStore((s) => s.driver);
  const [copied, setCopied] = useState<string | null>(null);
  const share = () => {
    if (!scenario || !driver) return;
    const hash = encodeScenario(withUserActions(scenario, driver.userActions()));
    const url = `${location.origin}${location.pathname}#${hash}`;
    history.replaceState(null, '', `#${hash}`);
    void navigator.clipboard
      ?.writeText(url)
      .then(() => setCopied('Link copied'))
      .catch(() => setCopied('Link in the address bar'));
    if (!navigator.clipboard) setCopied('Link in the address bar');
  };
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
      <button type="button" onClick={share} title="A link that replays this scenario with everything you did">
        Copy share link
      </button>
      {copied && (
        <span className="copied" role="status">
          {copied}
        </span>
      )}
      <Transport />
    </header>
  );
}
