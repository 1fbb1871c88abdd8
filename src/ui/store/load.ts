// Loading a scenario: validate it whole (never half-load), then start a driver on it: on the runtime
// with a Web Worker per broker and for the coordinator (the default), or on the main thread
// (?engine=main, or where Web Workers are not available).
import { validateScenario } from '../../scenario/validate';
import { InProcessDriver } from '../data/in-process-driver';
import { RuntimeDriver } from '../data/runtime-driver';
import type { Driver, EngineMode } from '../data/driver';
import { BUILTINS } from '../data/builtins';
import { requestFromHash, withUserActions } from '../data/share';
import { parseScenario } from '../../scenario/validate';
import { useStore } from './index';
import type { Scenario } from '../../scenario/validate';

let unsubscribe: (() => void) | null = null;

/** Whether this browser can run the nodes in Web Workers. */
export const workersAvailable = () => typeof Worker === 'function';

/** The engine the page's address asks for: ?engine=main runs nodes on the main thread. */
export function engineFromLocation(search: string): EngineMode {
  return new URLSearchParams(search).get('engine') === 'main' || !workersAvailable() ? 'main' : 'workers';
}

function createDriver(engine: EngineMode, scenario: Scenario, autoplay: boolean): Driver {
  if (engine === 'main') return new InProcessDriver(scenario, { autoplay, speed: 1 });
  return new RuntimeDriver(scenario, { autoplay, speed: 1, mode: 'workers' });
}

/**
 * Where nodes run, chosen by a person: kept in the address (?engine=main, or nothing for Web Workers)
 * and applied by starting the scenario again with the actions taken so far (as a share link carries
 * them), then going to the time shown: same seed, same trace, so the run picks up where it was (and
 * plays on if it was playing).
 */
export function chooseEngine(engine: EngineMode): void {
  const st = useStore.getState();
  if (engine === st.engineChoice) return;
  const url = new URL(location.href);
  if (engine === 'main') url.searchParams.set('engine', 'main');
  else url.searchParams.delete('engine');
  history.replaceState(null, '', url);
  st.setEngineChoice(engine);
  if (!st.scenario) return;
  const { time, speed, playing } = st.playback;
  const scenario = st.driver ? withUserActions(st.scenario, st.driver.userActions()) : st.scenario;
  // The same run on another engine: the selection and the tour's place stay.
  startScenario(scenario, st.scenarioId, { autoplay: false, sameRun: true });
  const driver = useStore.getState().driver;
  driver?.setSpeed(speed);
  if (time > 0) driver?.seek(time);
  if (playing) driver?.play();
}

export function startScenario(
  scenario: Scenario,
  id: string,
  opts: { autoplay?: boolean; sameRun?: boolean } = {},
): void {
  const st = useStore.getState();
  unsubscribe?.();
  st.driver?.dispose();
  const driver = createDriver(st.engineChoice, scenario, opts.autoplay ?? false);
  st.setDriver(driver, scenario, id, opts.sameRun);
  st.setLoadErrors(null);
  if (!opts.sameRun) st.select(null);
  unsubscribe = driver.subscribe((frame) => useStore.getState().applyFrame(frame));
  if (typeof window !== 'undefined') (window as unknown as { __playground?: unknown }).__playground = driver;
}

export function loadBuiltin(id: string, opts: { autoplay?: boolean } = {}): void {
  const b = BUILTINS.find((x) => x.id === id) ?? BUILTINS[0]!;
  const r = validateScenario(b.scenario);
  if (!r.ok) {
    useStore.getState().setLoadErrors(r.errors);
    return;
  }
  startScenario(r.scenario, b.id, opts);
}

/**
 * From the page's address: a shared scenario, a built-in by name, or the quickstart. It plays at once
 * unless `autoplay` is false (the developer page, ?dev=1, leaves the machine to the engine check).
 */
export function loadFromLocation(hash: string, autoplay = true): void {
  const req = requestFromHash(hash);
  if (req.kind === 'scenario') {
    if (req.result.ok) {
      startScenario(req.result.scenario, 'shared', { autoplay });
      return;
    }
    // Never half-load: the default scenario opens, and the message says why the link did not.
    loadBuiltin('quickstart', { autoplay: true });
    useStore
      .getState()
      .setLoadErrors([
        'The share link could not be opened, so the quickstart is shown instead.',
        ...req.result.errors,
      ]);
    return;
  }
  if (req.kind === 'builtin' && !BUILTINS.some((b) => b.id === req.id)) {
    loadBuiltin('quickstart', { autoplay: true });
    useStore
      .getState()
      .setLoadErrors([
        `There is no built-in scenario named "${req.id.slice(0, 80)}"; the quickstart is shown instead.`,
      ]);
    return;
  }
  loadBuiltin(req.kind === 'builtin' ? req.id : 'quickstart', { autoplay });
}

/**
 * A scenario file a person picked: validated whole first. If it is invalid, the running scenario stays
 * as it was and the errors (each with its path) are shown. Returns whether it was loaded.
 */
export function loadScenarioFile(name: string, text: string): boolean {
  const r = parseScenario(text);
  if (!r.ok) {
    useStore
      .getState()
      .setLoadErrors([
        `${name.slice(0, 120)} cannot be opened; nothing was changed.`,
        ...r.errors.slice(0, 30),
      ]);
    return false;
  }
  startScenario(r.scenario, 'shared', { autoplay: false });
  return true;
}
