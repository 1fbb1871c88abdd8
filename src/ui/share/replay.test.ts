// A share link replays a run exactly: the page that took the actions and `npm run sim` on the shared
// scenario reach the same trace. The driver gives the world each user action as the scenario would have.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { InProcessDriver } from '../data/in-process-driver';
import {
  QUICKSTART_SCENARIO,
  actOnTheScenariosInstant,
  actThenActInThePast,
} from '../data/share-journeys.test-util';

const g = globalThis as unknown as Record<string, unknown>;
const saved = { raf: g.requestAnimationFrame, caf: g.cancelAnimationFrame };
beforeAll(() => {
  // The driver is advanced by seek() here; no frame ever runs.
  g.requestAnimationFrame = () => 0;
  g.cancelAnimationFrame = () => {};
});
afterAll(() => {
  g.requestAnimationFrame = saved.raf;
  g.cancelAnimationFrame = saved.caf;
});

describe('a run with user actions, shared', { timeout: 60_000 }, () => {
  it('gives the CLI’s trace for the shared scenario, also after acting in the past', async () => {
    const d = new InProcessDriver(QUICKSTART_SCENARIO);
    await actThenActInThePast({ driver: d, at: (t) => d.seek(t), trace: () => traceOf(d) });
    d.dispose();
  });

  it('gives the CLI’s trace when the action lands on an instant the scenario already uses', async () => {
    const d = new InProcessDriver(QUICKSTART_SCENARIO);
    await actOnTheScenariosInstant({ driver: d, at: (t) => d.seek(t), trace: () => traceOf(d) });
    d.dispose();
  });
});

function traceOf(d: InProcessDriver): string {
  return (d as unknown as { sim: { world: { traceHash(): string } } }).sim.world.traceHash();
}
