// The cluster's behaviour, scenario by scenario (kafka-semantics.md sections 2, 4 and 6).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index';
import {
  loadScenario,
  partitionOf,
  replicaLogs,
  run,
  stateAt,
  withActions,
  withTopicConfig,
} from './harness.test-util';

const others = (all: number[], id: number) => all.filter((x) => x !== id);

describe('leader failover with acks=all, RF 3, min.insync.replicas=2', () => {
  const base = loadScenario('failover-acks-all.json');
  const before = stateAt(base, 3000, 'orders');
  const leader = before.leader!;
  const s = withActions(
    base,
    { at: 3000, type: 'killBroker', broker: leader },
    { at: 20000, type: 'restartBroker', broker: leader },
  );
  const { sim, result } = run(s);
  const p = partitionOf(result, 'orders');

  it('elects a new leader from the ISR with the epoch up by one', () => {
    expect(before.isr.sort()).toEqual([1, 2, 3]);
    expect(p.leader).not.toBe(leader);
    expect(before.isr).toContain(p.leader);
    expect(p.leaderEpoch).toBe(before.leaderEpoch + 1);
  });

  it('loses no acknowledged record and duplicates none', () => {
    const acked = result.producers.find((x) => x.clientId === 'p1')!.acked;
    expect(acked).toHaveLength(200);
    expect(result.producers[0]!.failed).toEqual([]);
    const byOffset = new Map(p.records.map((r) => [r.offset, r]));
    for (const a of acked) expect(byOffset.get(a.offset)?.value).toBe(a.value);
    expect(new Set(p.records.map((r) => r.value)).size).toBe(p.records.length);
  });

  it('has identical replicas below the HW once the old leader has caught up', () => {
    expect(p.isr.sort()).toEqual([1, 2, 3]);
    const logs = replicaLogs(sim, 'orders');
    const below = (id: number) => logs[id]!.filter((r) => r.offset < p.highWatermark);
    expect(Object.keys(logs)).toHaveLength(3);
    for (const id of [1, 2, 3]) expect(below(id)).toEqual(below(p.leader!));
    expect(p.logEndOffsets).toEqual({ '1': p.highWatermark, '2': p.highWatermark, '3': p.highWatermark });
  });

  it('is deterministic: same scenario and seed, same trace', () => {
    expect(runScenario(s, { until: 8000 }).traceHash).toBe(runScenario(s, { until: 8000 }).traceHash);
  });
});

describe('two of three replicas down with min.insync.replicas=2', () => {
  const base = loadScenario('under-min-isr.json');
  const leader = stateAt(base, 3000, 'payments').leader!;
  const [f1, f2] = others([1, 2, 3], leader);
  const { result } = run(
    withActions(
      base,
      { at: 3000, type: 'killBroker', broker: f1! },
      { at: 3000, type: 'killBroker', broker: f2! },
    ),
  );

  it('refuses acks=all writes with NOT_ENOUGH_REPLICAS and accepts acks=1', () => {
    const safe = result.producers.find((x) => x.clientId === 'safe')!;
    const fast = result.producers.find((x) => x.clientId === 'fast')!;
    expect(safe.acked.map((a) => a.key)).toEqual(['before']);
    expect(safe.failed.map((f) => [f.key, f.error])).toEqual([['after', 'NOT_ENOUGH_REPLICAS']]);
    expect(fast.acked.map((a) => a.key)).toEqual(['after']);
    expect(partitionOf(result, 'payments').isr).toEqual([leader]);
  });
});

describe('unclean leader election', () => {
  const base = loadScenario('unclean-election.json');
  const leader = stateAt(base, 3000, 'events').leader!;
  const follower = others([1, 2], leader)[0]!;
  const faults = [
    { at: 5000, type: 'killBroker' as const, broker: follower },
    { at: 20000, type: 'killBroker' as const, broker: leader },
    { at: 25000, type: 'restartBroker' as const, broker: follower },
    { at: 40000, type: 'restartBroker' as const, broker: leader },
  ];

  it('keeps the partition offline while disabled, until an ISR member returns', () => {
    const s = withActions(base, ...faults);
    expect(stateAt(s, 35000, 'events').leader).toBeNull();
    const { result } = run(s);
    const p = partitionOf(result, 'events');
    expect(p.leader).toBe(leader);
    expect(p.records.map((r) => r.value)).toContain('missed 4');
  });

  it('elects the lagging replica when enabled, and the records it missed are gone from every replica', () => {
    const s = withActions(
      withTopicConfig(base, 'events', { 'unclean.leader.election.enable': true }),
      ...faults,
    );
    const during = stateAt(s, 35000, 'events');
    expect(during.leader).toBe(follower);
    expect(during.isr).toEqual([follower]);
    const { sim, result, events } = run(s);
    const p = partitionOf(result, 'events');
    expect(p.leader).toBe(follower);
    const acked = result.producers[0]!.acked.map((a) => a.value);
    expect(acked).toContain('missed 0');
    for (const log of Object.values(replicaLogs(sim, 'events'))) {
      expect(log.map((r) => r.value)).not.toContain('missed 0');
      expect(log.map((r) => r.value)).toContain('early 4');
    }
    expect(events.some((e) => e.type === 'log.truncate' && e.node === `broker-${leader}`)).toBe(true);
  });
});

describe('a leader cut off with its producer', () => {
  const base = loadScenario('divergent-leader.json');
  const leader = stateAt(base, 3000, 't').leader!;
  const rest = others([1, 2, 3], leader);
  const s = withActions(
    base,
    {
      at: 5000,
      type: 'partitionNetwork',
      groups: [
        [leader, 'p1'],
        [...rest, 'zk'],
      ],
    },
    {
      at: 6000,
      type: 'produce',
      client: 'p1',
      topic: 't',
      key: 'x{i}',
      value: 'divergent {i}',
      count: 3,
      intervalMs: 10,
    },
    { at: 25000, type: 'healNetwork' },
  );

  it('loses its ZooKeeper session, and its partition moves to another broker', () => {
    const r = runScenario(s, { until: 22000 });
    expect(r.znodes[`/brokers/ids/${leader}`]).toBeUndefined();
    expect(rest).toContain(partitionOf(r, 't').leader);
    expect(partitionOf(r, 't').leaderEpoch).toBeGreaterThan(stateAt(base, 3000, 't').leaderEpoch);
  });

  it('rejoins after healing, truncating its divergent suffix by leader epoch', () => {
    const { sim, result, events } = run(s);
    expect(result.znodes[`/brokers/ids/${leader}`]).toBeDefined();
    const p = partitionOf(result, 't');
    expect(p.isr.sort()).toEqual([1, 2, 3]);
    const truncation = events.find((e) => e.type === 'log.truncate' && e.node === `broker-${leader}`);
    expect(truncation).toMatchObject({ fromOffset: 8, toOffset: 5 });
    const acked = result.producers[0]!.acked.map((a) => a.value);
    expect(acked).toContain('divergent 0'); // acknowledged with acks=1 ...
    const logs = replicaLogs(sim, 't');
    for (const log of Object.values(logs)) expect(log.map((r) => r.value)).not.toContain('divergent 0'); // ... and lost
    expect(logs[leader]).toEqual(logs[p.leader!]);
  });
});

describe('controller failover', () => {
  const base = loadScenario('failover-acks-all.json');
  const first = runScenario(base, { until: 3000 });
  const controller = first.controller!;
  const { result, events } = run(
    withActions(base, { at: 5000, type: 'killBroker', broker: controller }),
    20000,
  );

  it('moves /controller to another broker with a higher controller epoch', () => {
    expect(result.controller).not.toBeNull();
    expect(result.controller).not.toBe(controller);
    expect(result.znodes['/controller_epoch']).toBeGreaterThan(first.znodes['/controller_epoch'] as number);
    expect(events.filter((e) => e.type === 'controller.elected').length).toBeGreaterThanOrEqual(2);
  });
});

describe('log retention and compaction', () => {
  it('deletes whole old segments and advances the log start offset without renumbering', () => {
    const s = loadScenario('retention.json');
    const { result, events } = run(s, 24000);
    const p = partitionOf(result, 'logs');
    expect(p.logStartOffset).toBeGreaterThan(0);
    expect(p.records[0]!.offset).toBe(p.logStartOffset);
    expect(p.records.map((r) => r.offset)).toEqual(
      Array.from({ length: p.highWatermark - p.logStartOffset }, (_, i) => p.logStartOffset + i),
    );
    expect(p.records.slice(-5).map((r) => [r.offset, r.key])).toEqual(
      [20, 21, 22, 23, 24].map((o, i) => [o, `n${i}`]),
    );
    expect(events.some((e) => e.type === 'log.retention')).toBe(true);
    // Later every segment has expired: an empty active segment is rolled first, at the next offset.
    const end = partitionOf(runScenario(s), 'logs');
    expect([end.logStartOffset, end.highWatermark, end.records]).toEqual([25, 25, []]);
  });

  it('keeps the last value per key and drops a tombstoned key after delete.retention.ms', () => {
    const s = loadScenario('compaction.json');
    const early = partitionOf(runScenario(s, { until: 5000 }), 'users');
    const late = partitionOf(runScenario(s), 'users');
    const values = (p: typeof late, key: string) =>
      p.records.filter((r) => r.key === key).map((r) => r.value);
    expect(values(early, 'u0')).toContain(null); // the tombstone is still there early on
    for (const k of ['u1', 'u2', 'u3']) expect(values(late, k)).toEqual([`v2 of user ${k.slice(1)}`]);
    expect(values(late, 'u0')).toEqual([]);
    const offsets = late.records.map((r) => r.offset);
    expect(offsets[0]).toBeGreaterThan(0); // offsets keep their gaps
  });
});
