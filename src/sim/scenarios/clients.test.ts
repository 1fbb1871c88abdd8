// Clients, scenario by scenario (kafka-semantics.md sections 0, 1, 3 and 5).
import { describe, expect, it } from 'vitest';
import { partitionForKey, runScenario } from '../index';
import { loadScenario, partitionOf, run, withActions } from './harness.test-util';

describe('partitioning', () => {
  const { result } = run(loadScenario('keyed-records.json'));
  const acked = result.producers.find((p) => p.clientId === 'p1')!.acked;

  it('sends the same key to the same partition: murmur2 of its UTF-8 bytes, mod the partition count', () => {
    for (const key of ['user-1', 'user-2']) {
      const parts = new Set(acked.filter((a) => a.key === key).map((a) => a.partition));
      expect([...parts]).toEqual([partitionForKey(key, 6)]);
    }
  });

  it('keeps one key’s records in the order produced, for producer and consumer', () => {
    const consumed = result.consumers.find((c) => c.clientId === 'c1')!.consumed;
    for (const key of ['user-1', 'user-2']) {
      const produced = acked
        .filter((a) => a.key === key)
        .sort((a, b) => a.offset - b.offset)
        .map((a) => a.value);
      expect(produced).toEqual(
        Array.from({ length: 10 }, (_, i) => `${key === 'user-1' ? 'u1' : 'u2'} #${i}`),
      );
      expect(consumed.filter((c) => c.key === key).map((c) => c.value)).toEqual(produced);
    }
  });

  it('sticks records without a key to one partition, then moves on after batch.size bytes', () => {
    const nulls = acked
      .filter((a) => a.key === null)
      .sort((a, b) => Number(a.value!.split(' ')[2]) - Number(b.value!.split(' ')[2]));
    const runs: number[] = [];
    for (const a of nulls) if (runs[runs.length - 1] !== a.partition) runs.push(a.partition);
    expect(nulls).toHaveLength(30);
    expect(runs.length).toBeGreaterThan(1); // it moved
    expect(runs.length).toBeLessThan(15); // but stuck for several records at a time
  });
});

describe('consumer groups', () => {
  const s = loadScenario('group-sizes.json');
  const at = (t: number) => runScenario(s, { until: t }).groups.find((g) => g.groupId === 'billing')!;

  it('leaves one of four consumers idle on three partitions', () => {
    const g = at(9000);
    expect(g.state).toBe('Stable');
    const sizes = g.members.map((m) => m.assignment.length).sort();
    expect(sizes).toEqual([0, 1, 1, 1]);
  });

  it('rebalances a killed member away only after session.timeout.ms, and the generation rises', () => {
    const before = at(9000);
    expect(at(19000).generation).toBe(before.generation); // still a member: its session has not expired
    const after = at(25000);
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(after.members.map((m) => m.clientId).sort()).toEqual(['c2', 'c3', 'c4']);
    expect(after.members.map((m) => m.assignment.length)).toEqual([1, 1, 1]);
  });

  it('rebalances at once when a member leaves cleanly; fewer consumers than partitions get several each', () => {
    const before = at(29000);
    const after = at(34000);
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(after.members.map((m) => m.clientId).sort()).toEqual(['c3', 'c4']);
    expect(after.members.map((m) => m.assignment.length).sort()).toEqual([1, 2]);
  });
});

describe('processing modes and a badly timed crash', () => {
  const { result } = run(loadScenario('processing-modes.json'));
  const values = (id: string) =>
    result.consumers.find((c) => c.clientId === id)!.consumed.map((c) => c.offset);

  it('at-most-once loses the records of the poll it crashed in (committed before processing)', () => {
    const seen = values('amo');
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    expect(seen.length).toBeLessThan(10); // gaps
    expect(seen[0]).toBe(0);
  });

  it('at-least-once processes them again after the restart (committed after processing)', () => {
    const seen = values('alo');
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 10 }, (_, i) => i))); // nothing lost
    expect(seen.length).toBeGreaterThan(10); // some twice
  });
});

describe('the group coordinator dies', () => {
  const base = loadScenario('coordinator-failover.json');
  const before = run(base, 15000);
  const coordinator = before.events.filter((e) => e.type === 'consumer.coordinator').pop()!
    .coordinator as number;
  const committed = before.result.groups[0]!.committedOffsets;
  const { result, events } = run(withActions(base, { at: 16000, type: 'killBroker', broker: coordinator }));

  it('finds the new coordinator, which still has the committed offsets', () => {
    expect(Object.values(committed).reduce((a, b) => a + b, 0)).toBe(20);
    const found = events
      .filter((e) => e.type === 'consumer.coordinator' && e.time > 16000)
      .map((e) => e.coordinator);
    expect(found.length).toBeGreaterThan(0);
    expect(found[found.length - 1]).not.toBe(coordinator); // the dead one, until the controller notices, then another
    const g = result.groups.find((x) => x.groupId === 'reports')!;
    expect(g.state).toBe('Stable');
    expect(Object.values(g.committedOffsets).reduce((a, b) => a + b, 0)).toBe(25);
  });

  it('consumes every record exactly once across the failover (auto-commit, no crash of the consumer)', () => {
    const consumed = result.consumers[0]!.consumed.map((c) => c.value);
    expect(consumed).toHaveLength(25);
    expect(new Set(consumed).size).toBe(25);
    expect(
      partitionOf(result, 'events', 0).records.length + partitionOf(result, 'events', 1).records.length,
    ).toBe(25);
  });
});

describe('resetting a group’s offsets', () => {
  const base = loadScenario('coordinator-failover.json');

  it('rewinds an inactive group to the earliest offsets, so it reads everything again', () => {
    const { result, events } = run(
      withActions(
        base,
        { at: 10000, type: 'stopClient', client: 'c1' },
        { at: 12000, type: 'resetOffsets', group: 'reports', topic: 'events', to: 'earliest' },
        { at: 14000, type: 'startClient', client: 'c1' },
      ),
      24000,
    );
    const reset = events.find((e) => e.type === 'admin.result' && e.request === 'ResetOffsets');
    expect(reset).toMatchObject({ errorCode: 'NONE', offsets: { '0': 0, '1': 0 } });
    const consumed = result.consumers[0]!.consumed.map((c) => c.value);
    expect(consumed).toHaveLength(40);
    expect(new Set(consumed).size).toBe(20);
  });

  it('refuses while the group has members', () => {
    const { events } = run(
      withActions(base, { at: 12000, type: 'resetOffsets', group: 'reports', topic: 'events', to: 'latest' }),
      15000,
    );
    const reset = events.find((e) => e.type === 'admin.result' && e.request === 'ResetOffsets');
    expect(reset?.errorCode).toBe('ILLEGAL_GENERATION');
    expect(String(reset?.errorMessage)).toContain('inactive');
  });
});

describe('connecting like a real client', () => {
  it('skips a dead first bootstrap server and still delivers', () => {
    const base = loadScenario('failover-acks-all.json');
    const { result, events } = run(withActions(base, { at: 0, type: 'killBroker', broker: 1 }), 20000);
    expect(
      events.some(
        (e) =>
          e.type === 'client.requestFailed' &&
          e.client === 'p1' &&
          e.broker === 1 &&
          e.error === 'NETWORK_EXCEPTION',
      ),
    ).toBe(true);
    expect(result.producers[0]!.acked).toHaveLength(200);
  });

  it('sees NOT_LEADER_OR_FOLLOWER when leadership moves, refreshes metadata and delivers without duplicates (idempotent)', () => {
    const base = loadScenario('failover-acks-all.json');
    const leader = runScenario(base, { until: 3000 }).partitions.find((p) => p.topic === 'orders')!.leader!;
    // The first leader is killed, comes back as a follower, then takes leadership back by preferred
    // election while its replacement is still alive: sends to the replacement answer NOT_LEADER_OR_FOLLOWER.
    const { result, events } = run(
      withActions(
        base,
        { at: 3000, type: 'killBroker', broker: leader },
        { at: 14000, type: 'restartBroker', broker: leader },
        {
          at: 11000,
          type: 'produce',
          client: 'p1',
          topic: 'orders',
          key: 'm{i}',
          value: 'more {i}',
          count: 200,
          intervalMs: 50,
        },
      ),
      30000,
    );
    // KafkaController's automatic preferred-leader check (5 s after failover, then every 300 s) moved it back.
    expect(
      events.some((e) => e.type === 'leader.elected' && e.reason === 'preferred' && e.leader === leader),
    ).toBe(true);
    expect(events.some((e) => e.type === 'producer.retry' && e.error === 'NOT_LEADER_OR_FOLLOWER')).toBe(
      true,
    );
    const p = partitionOf(result, 'orders');
    expect(p.leader).toBe(leader);
    expect(result.producers[0]!.acked).toHaveLength(400);
    expect(new Set(p.records.map((r) => r.value)).size).toBe(p.records.length);
    expect(result.violations.filter((v) => v.kind === 'duplicate' || v.kind === 'lost-write')).toEqual([]);
  });
});
