// Checkpoints share what cannot change (sealed segments, stored batches, scheduled commands) and copy
// the rest: going back to one, any number of times, gives the same future, and the checkpoint itself
// never changes while the world runs on.
import { describe, expect, it } from 'vitest';
import { validateScenario, type Scenario } from '../../scenario/validate';
import { Simulation } from '../runner/simulation';
import type { BrokerState } from '../broker/state';

function scenario(): Scenario {
  const r = validateScenario({
    version: 1,
    name: 'checkpoints',
    seed: 5,
    cluster: { brokers: 3, config: { 'min.insync.replicas': 2, 'zookeeper.session.timeout.ms': 6000 } },
    topics: [{ name: 't', partitions: 2, replicationFactor: 3, config: { 'segment.bytes': 600 } }],
    clients: [{ id: 'p', type: 'producer', bootstrapServers: [1, 2], config: { acks: 'all' } }],
    actions: [
      {
        at: 1000,
        type: 'produce',
        client: 'p',
        topic: 't',
        key: 'k{i}',
        value: 'v{i}',
        count: 300,
        intervalMs: 40,
      },
      { at: 6000, type: 'killBroker', broker: 2 },
      { at: 9000, type: 'restartBroker', broker: 2 },
    ],
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

describe('World checkpoints', () => {
  it('restore any number of times to the same future, and stay intact', () => {
    const straight = new Simulation(scenario());
    straight.runUntil(16000);
    const hash = straight.world.traceHash();

    const sim = new Simulation(scenario(), { checker: false });
    sim.runUntil(7000);
    const cp = sim.world.checkpoint();
    const before = structuredClone(cp);
    sim.runUntil(16000);
    expect(sim.world.traceHash()).toBe(hash);
    for (let i = 0; i < 2; i++) {
      sim.world.restore(cp);
      sim.runUntil(16000);
      expect(sim.world.traceHash()).toBe(hash);
    }
    expect(cp).toEqual(before);
  });

  it('share sealed segments with the live log and copy the active one', () => {
    const sim = new Simulation(scenario(), { checker: false });
    sim.runUntil(5000);
    const cp = sim.world.checkpoint();
    const live = sim.world.nodes['broker-1']!.state as BrokerState;
    const saved = cp.nodes['broker-1']!.state as BrokerState;
    const log = Object.values(live.partitions).find((p) => p.log && p.log.segments.length > 2)!.log!;
    const savedLog = saved.partitions[`${log.topic}-${log.partition}`]!.log!;
    expect(Object.isFrozen(log.segments[0])).toBe(true);
    expect(savedLog.segments[0]).toBe(log.segments[0]);
    const active = log.segments.length - 1;
    expect(Object.isFrozen(log.segments[active])).toBe(false);
    expect(savedLog.segments[active]).not.toBe(log.segments[active]);
    expect(savedLog.segments[active]!.batches[0]).toBe(log.segments[active]!.batches[0]);
  });
});
