// The share-link journeys both drivers must pass (the in-process one, and the runtime one over stand-in
// workers): user actions taken live, and taken again in the past, give the trace `npm run sim` gives for
// the scenario a share link carries. Each test drives its own driver through `Drive`.
import { expect } from 'vitest';
import { runScenario, validateScenario, type Scenario } from '../../sim/index';
import { QUICKSTART } from '../../scenario/builtins/index';
import { decodeShareFragment, encodeShareFragment } from '../../scenario/url-codec';
import type { Driver } from './driver';
import { withUserActions } from './share';

export const QUICKSTART_SCENARIO: Scenario = (() => {
  const r = validateScenario(QUICKSTART.scenario);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
})();

/** The scenario a share link of the driver's run carries, through the link's own encoding. */
export function sharedScenario(d: Pick<Driver, 'userActions'>): Scenario {
  const link = `#${encodeShareFragment(withUserActions(QUICKSTART_SCENARIO, d.userActions()))}`;
  const req = decodeShareFragment(link);
  if (req.kind !== 'scenario' || !req.result.ok) throw new Error('the link did not decode');
  return req.result.scenario;
}

/** A driver of the quickstart, as a test drives it: to a virtual time (settled), acting, its trace. */
export interface Drive {
  driver: Pick<Driver, 'act' | 'userActions'>;
  at(t: number): Promise<void> | void;
  trace(): string;
}

/** Kill, produce and restart live, then act in the past: each time the CLI's trace for the link. */
export async function actThenActInThePast({ driver: d, at, trace }: Drive): Promise<void> {
  await at(5003);
  d.act({ type: 'killBroker', broker: 3 });
  await at(9000);
  d.act({
    type: 'produce',
    client: 'checkout',
    topic: 'orders',
    key: 'mine',
    value: 'x',
    count: 20,
    intervalMs: 50,
  });
  await at(20000);
  d.act({ type: 'restartBroker', broker: 3 });
  await at(60000);
  const s = sharedScenario(d);
  expect(s.actions!.slice(-3).map((a) => [a.at, a.type])).toEqual([
    [5003, 'killBroker'],
    [9000, 'produce'],
    [20000, 'restartBroker'],
  ]);
  expect(trace()).toBe(runScenario(s, { until: 60000 }).traceHash);

  // Back in time: the future is cut, and the new past is again the CLI's.
  await at(7000);
  d.act({ type: 'killBroker', broker: 1 });
  await at(60000);
  const s2 = sharedScenario(d);
  expect(s2.actions!.slice(-2).map((a) => [a.at, a.type])).toEqual([
    [5003, 'killBroker'],
    [7000, 'killBroker'],
  ]);
  expect(trace()).toBe(runScenario(s2, { until: 60000 }).traceHash);
}

/** A generator whose records fall on the scenario's own kill at 3000 ms, then a kill at that instant. */
export async function actOnTheScenariosInstant({ driver: d, at, trace }: Drive): Promise<void> {
  await at(2990);
  d.act({
    type: 'produce',
    client: 'checkout',
    topic: 'orders',
    key: 'g{i}',
    value: 'v',
    count: 5,
    intervalMs: 10,
  });
  await at(3000);
  d.act({ type: 'killBroker', broker: 1 });
  await at(40000);
  expect(trace()).toBe(runScenario(sharedScenario(d), { until: 40000 }).traceHash);
}
