// Admin operations against the cluster: topic creation with Kafka's validation, rack-aware placement,
// preferred-leader election, controlled shutdown and topic deletion.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../index';
import { loadScenario, partitionOf, run, withActions } from './harness.test-util';

const base = loadScenario('admin-operations.json');

describe('creating topics', () => {
  const { result, events } = run(base, 5000);
  const answers = events.filter((e) => e.type === 'admin.result' && e.request === 'CreateTopics');
  const answer = (name: string) => answers.find((e) => e.subject === name);

  it('answers with Kafka’s errors for an illegal name, too many replicas and an existing topic', () => {
    expect(answer('bad name!')?.errorCode).toBe('INVALID_TOPIC_EXCEPTION');
    expect(answer('too-wide')).toMatchObject({ errorCode: 'INVALID_REPLICATION_FACTOR' });
    expect(String(answer('too-wide')?.errorMessage)).toContain('larger than available brokers: 3');
    expect(answer('orders')?.errorCode).toBe('TOPIC_ALREADY_EXISTS');
    expect(answer('audit')?.errorCode).toBe('NONE');
  });

  it('places the replicas of each partition on distinct racks, and spreads the leaders', () => {
    const audit = result.partitions.filter((p) => p.topic === 'audit');
    expect(audit).toHaveLength(3);
    for (const p of audit) expect(new Set(p.replicas).size).toBe(3);
    expect(new Set(audit.map((p) => p.leader))).toEqual(new Set([1, 2, 3]));
    expect(result.znodes['/config/topics/audit']).toBeDefined();
  });
});

describe('controlled shutdown', () => {
  const broker = 1;
  const s = withActions(base, { at: 5000, type: 'shutdownBroker', broker });
  const before = runScenario(s, { until: 4900 });
  const after = runScenario(s, { until: 7000 });

  it('moves leadership away before the broker stops, and takes it out of the ISRs', () => {
    const led = before.partitions.filter((p) => p.topic === 'orders' && p.leader === broker);
    expect(led.length).toBeGreaterThan(0);
    for (const p of after.partitions.filter((x) => x.topic === 'orders')) {
      expect(p.leader).not.toBe(broker);
      expect(p.leader).not.toBeNull();
      expect(p.isr).not.toContain(broker);
    }
    expect(after.brokers.find((b) => b.id === broker)?.alive).toBe(false);
    expect(after.znodes[`/brokers/ids/${broker}`]).toBeUndefined(); // its session was closed, not expired
  });

  it('lets the preferred leaders take over again after the restart, on request', () => {
    const r = runScenario(
      withActions(
        s,
        { at: 8000, type: 'restartBroker', broker },
        { at: 25000, type: 'electPreferredLeaders' },
      ),
      {
        until: 30000,
      },
    );
    for (const p of r.partitions.filter((x) => x.topic === 'orders')) expect(p.leader).toBe(p.replicas[0]);
    const stale = runScenario(withActions(s, { at: 8000, type: 'restartBroker', broker }), { until: 30000 });
    expect(stale.partitions.filter((x) => x.topic === 'orders').some((p) => p.leader !== p.replicas[0])).toBe(
      true,
    );
  });
});

describe('deleting a topic', () => {
  it('removes its partitions, its znodes and every replica’s log', () => {
    const { sim, result, events } = run(base, 30000);
    expect(result.partitions.some((p) => p.topic === 'audit')).toBe(false);
    expect(result.znodes['/brokers/topics/audit']).toBeUndefined();
    expect(result.znodes['/config/topics/audit']).toBeUndefined();
    expect(events.some((e) => e.type === 'topic.deleted' && e.topic === 'audit')).toBe(true);
    for (const slot of Object.values(sim.world.nodes)) {
      if (slot.spec.kind !== 'broker') continue;
      expect(Object.keys(slot.disk).some((k) => k.startsWith('log/audit-'))).toBe(false);
    }
    expect(partitionOf(result, 'orders', 0).leader).not.toBeNull();
  });
});
