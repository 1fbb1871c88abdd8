// A share link replays a run exactly: the page that took the actions and `npm run sim` on the shared
// scenario reach the same trace. The driver gives the world each user action as the scenario would have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, validateScenario, type Scenario } from '../../sim/index';
import { QUICKSTART } from '../../scenario/builtins/index';
import { InProcessDriver } from '../data/in-process-driver';
import { withUserActions } from '../data/share';
import { decodeShareFragment, encodeShareFragment } from '../../scenario/url-codec';

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

const base = (() => {
  const r = validateScenario(QUICKSTART.scenario);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
})();

function shared(d: InProcessDriver): Scenario {
  const req = decodeShareFragment(`#${encodeShareFragment(withUserActions(base, d.userActions()))}`);
  if (req.kind !== 'scenario' || !req.result.ok) throw new Error('the link did not decode');
  return req.result.scenario;
}

describe('a run with user actions, shared', { timeout: 60_000 }, () => {
  it('gives the CLI’s trace for the shared scenario, also after acting in the past', () => {
    const d = new InProcessDriver(base);
    d.seek(5003);
    d.act({ type: 'killBroker', broker: 3 });
    d.seek(9000);
    d.act({
      type: 'produce',
      client: 'checkout',
      topic: 'orders',
      key: 'mine',
      value: 'x',
      count: 20,
      intervalMs: 50,
    });
    d.seek(20000);
    d.act({ type: 'restartBroker', broker: 3 });
    d.seek(60000);
    const s = shared(d);
    expect(s.actions!.slice(-3).map((a) => [a.at, a.type])).toEqual([
      [5003, 'killBroker'],
      [9000, 'produce'],
      [20000, 'restartBroker'],
    ]);
    const expected = runScenario(s, { until: 60000 }).traceHash;
    expect(traceOf(d)).toBe(expected);

    // Back in time: the future is cut, and the new past is again the CLI's.
    d.seek(7000);
    d.act({ type: 'killBroker', broker: 1 });
    d.seek(60000);
    const s2 = shared(d);
    expect(s2.actions!.slice(-2).map((a) => [a.at, a.type])).toEqual([
      [5003, 'killBroker'],
      [7000, 'killBroker'],
    ]);
    expect(traceOf(d)).toBe(runScenario(s2, { until: 60000 }).traceHash);
    d.dispose();
  });

  it('gives the CLI’s trace when the action lands on an instant the scenario already uses', () => {
    const d = new InProcessDriver(base);
    d.seek(2990);
    // A generator whose records fall on the scenario's own kill at 3000 ms.
    d.act({
      type: 'produce',
      client: 'checkout',
      topic: 'orders',
      key: 'g{i}',
      value: 'v',
      count: 5,
      intervalMs: 10,
    });
    d.seek(3000);
    d.act({ type: 'killBroker', broker: 1 });
    d.seek(40000);
    expect(traceOf(d)).toBe(runScenario(shared(d), { until: 40000 }).traceHash);
    d.dispose();
  });
});

function traceOf(d: InProcessDriver): string {
  return (d as unknown as { sim: { world: { traceHash(): string } } }).sim.world.traceHash();
}
