// Share the current run: a link (the scenario and every action taken, compressed in the fragment), or a
// scenario file when the link would be too long for chat apps and mail. Open a scenario file too.
import { useRef, useState } from 'react';
import { useStore } from '../store/index';
import { encodeScenario, withUserActions } from '../data/share';
import { loadScenarioFile } from '../store/load';
import { SHARE_URL_SAFE_CHARS } from '../../scenario/url-codec';
import type { Scenario } from '../../scenario/validate';

function currentRun(): Scenario | null {
  const { scenario, driver } = useStore.getState();
  return scenario && driver ? withUserActions(scenario, driver.userActions()) : null;
}

function fileName(s: Scenario): string {
  const base = (s.name ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${base.slice(0, 60) || 'scenario'}.json`;
}

export function downloadScenario(s: Scenario): void {
  const blob = new Blob([`${JSON.stringify(s, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName(s);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ShareControls() {
  const [status, setStatus] = useState<string | null>(null);
  const [tooLong, setTooLong] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const share = () => {
    const run = currentRun();
    if (!run) return;
    const hash = encodeScenario(run);
    const url = `${location.origin}${location.pathname}${location.search}#${hash}`;
    if (url.length > SHARE_URL_SAFE_CHARS) {
      setStatus(null);
      setTooLong(url.length);
      return;
    }
    setTooLong(null);
    history.replaceState(null, '', `#${hash}`);
    if (!navigator.clipboard) {
      setStatus('Link in the address bar');
      return;
    }
    navigator.clipboard
      .writeText(url)
      .then(() => setStatus('Link copied'))
      .catch(() => setStatus('Link in the address bar'));
  };

  const exportFile = () => {
    const run = currentRun();
    if (run) downloadScenario(run);
  };

  const importFile = async (file: File) => {
    const text = await file.text();
    if (loadScenarioFile(file.name, text)) {
      history.replaceState(null, '', location.pathname + location.search);
      setStatus(`Opened ${file.name}`);
    }
  };

  return (
    <div className="share-controls" role="group" aria-label="Share">
      <button type="button" onClick={share} title="A link that replays this scenario with everything you did">
        Copy share link
      </button>
      <button type="button" onClick={exportFile} title="The scenario with everything you did, as a JSON file">
        Export file
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        Open file…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        aria-label="Scenario file to open"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importFile(f);
        }}
      />
      {status && (
        <span className="copied" role="status">
          {status}
        </span>
      )}
      {tooLong !== null && (
        <div role="alert" className="share-too-long">
          This run is too long for a link ({tooLong.toLocaleString('en')} characters): links over{' '}
          {SHARE_URL_SAFE_CHARS.toLocaleString('en')} characters get cut by chat apps, mail and some servers.
          Share it as a file instead.{' '}
          <button
            type="button"
            onClick={() => {
              exportFile();
              setTooLong(null);
            }}
          >
            Download scenario file
          </button>
        </div>
      )}
    </div>
  );
}
