// Loading a scenario: validate it whole (never half-load), then start a driver on it.
import { validateScenario } from '../../scenario/validate';
import { InProcessDriver } from '../data/in-process-driver';
import { BUILTINS } from '../data/builtins';
import { builtinFromHash, scenarioFromHash } from '../data/share';
import { useStore } from './index';
import type { Scenario } from '../../scenario/validate';

let unsubscribe: (() => void) | null = null;

export function startScenario(scenario: Scenario, id: string, opts: { autoplay?: boolean } = {}): void {
  const st = useStore.getState();
  unsubscribe?.();
  st.driver?.dispose();
  const driver = new InProcessDriver(scenario, { autoplay: opts.autoplay ?? false, speed: 1 });
  st.setDriver(driver, scenario, id);
  st.setLoadErrors(null);
  st.select(null);
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

/** From the page's address: a shared scenario, a built-in by name, or the quickstart. */
export function loadFromLocation(hash: string): void {
  const shared = scenarioFromHash(hash);
  if (shared) {
    if (!shared.ok) {
      useStore.getState().setLoadErrors(shared.errors);
      return;
    }
    startScenario(shared.scenario, 'shared', { autoplay: true });
    return;
  }
  loadBuiltin(builtinFromHash(hash) ?? 'quickstart', { autoplay: true });
}
