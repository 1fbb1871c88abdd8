// Play, pause, step, speed (a log scale from 0.1x to 1000x) and the clock. Space plays and pauses,
// the right arrow steps, anywhere on the page except in a text field.
import { useEffect } from 'react';
import { useStore } from '../store/index';
import { MAX_SPEED, MIN_SPEED } from '../data/speeds';
import { formatSpeed, formatTime } from './format';
import { chooseEngine } from '../store/load';

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable;
}

export function Transport() {
  const driver = useStore((s) => s.driver);
  const playback = useStore((s) => s.playback);
  const until = useStore((s) => s.scenario?.until);
  const traceHash = useStore((s) => s.snapshot?.traceHash ?? '');
  const engineChoice = useStore((s) => s.engineChoice);

  useEffect(() => {
    if (!driver) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === ' ' && !isTyping(e.target) && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        if (useStore.getState().playback.playing) driver.pause();
        else driver.play();
      } else if (e.key === 'ArrowRight' && !isTyping(e.target)) {
        e.preventDefault();
        driver.step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [driver]);

  if (!driver) return null;
  const exp = Math.log10(playback.speed);
  return (
    <div className="transport" role="toolbar" aria-label="Simulation controls">
      <button
        type="button"
        className="primary play"
        onClick={() => (playback.playing ? driver.pause() : driver.play())}
        aria-label={playback.playing ? 'Pause' : 'Play'}
        aria-keyshortcuts="Space"
      >
        {playback.playing ? '❚❚ Pause' : '▶ Play'}
      </button>
      <button
        type="button"
        onClick={() => driver.step()}
        aria-label="Step to the next event"
        title="Step to the next event (→)"
        aria-keyshortcuts="ArrowRight"
      >
        Step →
      </button>
      <label className="speed">
        <span>Speed</span>
        <input
          type="range"
          min={Math.log10(MIN_SPEED)}
          max={Math.log10(MAX_SPEED)}
          step={0.05}
          value={exp}
          aria-label="Speed"
          aria-valuetext={formatSpeed(playback.speed)}
          onChange={(e) => {
            const v = 10 ** Number(e.target.value);
            const nice = v >= 10 ? Math.round(v) : Math.round(v * 100) / 100;
            driver.setSpeed(nice);
          }}
        />
        <output aria-label="Current speed">{formatSpeed(playback.speed)}</output>
      </label>
      <div className="speed-presets" role="group" aria-label="Speed presets">
        {[0.1, 1, 10, 100, 1000].map((x) => (
          <button
            key={x}
            type="button"
            className={playback.speed === x ? 'on' : ''}
            aria-pressed={playback.speed === x}
            aria-label={`Speed ${formatSpeed(x)}`}
            onClick={() => driver.setSpeed(x)}
          >
            {formatSpeed(x)}
          </button>
        ))}
      </div>
      <p className="clock">
        <output aria-label="Virtual time">{formatTime(playback.time)}</output>
        {playback.behind && <span className="behind"> (running as fast as it can)</span>}
        {playback.behind && engineChoice === 'workers' && (
          // Every batch of events is a round trip to the node workers: on a machine with few cores a
          // busy cluster cannot keep up with real time there, while the main thread can.
          <button type="button" className="link" onClick={() => chooseEngine('main')}>
            Run nodes on the main thread (faster here)
          </button>
        )}
      </p>
      <output
        className="fingerprint"
        aria-label="Trace fingerprint"
        title="Trace hash: equal runs, equal hash (npm run sim prints the same)"
      >
        {traceHash}
      </output>
      {until !== undefined && (
        <button
          type="button"
          onClick={() => {
            driver.pause();
            driver.seek(until);
          }}
          aria-label={`Run to the scenario's end (${formatTime(until)})`}
        >
          End: {formatTime(until)}
        </button>
      )}
    </div>
  );
}
