import { describe, expect, it } from 'vitest';
import { Simulation } from '../../sim/runner/simulation';
import { validateScenario, type Scenario } from '../../scenario/validate';
import { buildSnapshot } from './snapshot';
import { loadChecker, saveChecker } from './checker-memory';
import { groupViolations, mergeViolations, offsetRanges, type Violation } from './violations';

// A follower misses records while it is down (acks=1), the leader dies, the follower comes back and
// wins an unclean election: the records it missed are lost.
function uncleanScenario(actions: unknown[] = []): Scenario {
  const r = validateScenario({
    version: 1,
    name: 'Unclean election',
    seed: 5,
    cluster: {
      brokers: 2,
      config: {
        'min.insync.replicas': 1,
        'replica.lag.time.max.ms': 3000,
        'zookeeper.session.timeout.ms': 6000,
      },
    },
    topics: [
      {
        name: 'events',
        partitions: 1,
        replicationFactor: 2,
        config: { 'unclean.leader.election.enable': true },
      },
    ],
    clients: [
      {
        id: 'p1',
        type: 'producer',
        bootstrapServers: [1, 2],
        config: { acks: '1', 'enable.idempotence': false },
      },
    ],
    actions: [
      {
        at: 1000,
        type: 'produce',
        client: 'p1',
        topic: 'events',
        key: 'a{i}',
        value: 'early {i}',
        count: 5,
        intervalMs: 10,
      },
      {
        at: 15000,
        type: 'produce',
        client: 'p1',
        topic: 'events',
        key: 'b{i}',
        value: 'missed {i}',
        count: 5,
        intervalMs: 10,
      },
      ...actions,
    ],
  });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
}

function losingRun(): Simulation {
  const probe = new Simulation(uncleanScenario());
  probe.runUntil(3000);
  const leader = buildSnapshot(probe.world, probe.resolved.brokerConfig).partitions.find(
    (p) => p.topic === 'events',
  )!.leader!;
  const follower = leader === 1 ? 2 : 1;
  return new Simulation(
    uncleanScenario([
      { at: 5000, type: 'killBroker', broker: follower },
      { at: 20000, type: 'killBroker', broker: leader },
      { at: 25000, type: 'restartBroker', broker: follower },
    ]),
  );
}

describe('the guarantee checker in the playground', () => {
  it('groups the records of one cause into one finding, offsets as ranges', () => {
    const v = (offset: number, at = 10): Violation => ({
      kind: 'lost-write',
      topic: 'events',
      partition: 0,
      offset,
      at,
      cause: 'unclean leader election',
      allowedBy: 'unclean.leader.election.enable=true',
    });
    const found = groupViolations([v(7), v(5), v(6), v(9), v(3, 20)]);
    expect(found.map((f) => [f.offsets, f.at])).toEqual([
      [[5, 6, 7, 9], 10],
      [[3], 20],
    ]);
    expect(offsetRanges(found[0]!.offsets)).toBe('5-7, 9');
  });

  it('keeps what it found, adds only what is new, and keeps a whole-history finding at its first time', () => {
    const reorder = (at: number): Violation => ({
      kind: 'reorder',
      topic: 't',
      partition: 0,
      offset: 4,
      at,
      cause: 'c',
    });
    const first = mergeViolations([], [reorder(100)]);
    expect(mergeViolations(first, [reorder(200)])).toBe(first);
    expect(first[0]!.at).toBe(100);
  });

  it('names the lost offsets of an unclean election, and a replay from a checkpoint reports them once', () => {
    const sim = losingRun();
    sim.runUntil(22000);
    const world = sim.world.checkpoint();
    const checker = saveChecker(sim.checker);
    sim.runUntil(40000);
    const before = sim.checker.violations(40000);
    const lost = groupViolations(before).filter((f) => f.kind === 'lost-write');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.offsets).toEqual([5, 6, 7, 8, 9]);
    expect(lost[0]!.allowedBy).toBe('unclean.leader.election.enable=true');
    expect(lost[0]!.cause).toMatch(/^unclean leader election made broker \d leader/);

    // Back in time, as the driver seeks: the world and the checker's memory together.
    sim.world.restore(world);
    loadChecker(sim.checker, checker);
    expect(sim.checker.violations(22000)).toEqual([]);
    sim.runUntil(40000);
    expect(sim.checker.violations(40000)).toEqual(before);
  });
});
