// Topic creation (validation and replica placement) and deletion, through the controller.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { EXPIRY_MS, TestCluster } from './test-cluster';
import {
  assignRackAware,
  assignRackUnaware,
  assignReplicasToBrokers,
  rackAlternatedBrokerList,
} from './assignment';

type TopicAnswer = { name: string; errorCode: string; errorMessage: string | null };

function ready(brokers = 3, racks?: (string | null)[], config = {}) {
  const c = new TestCluster({ brokers, ...(racks ? { racks } : {}), config });
  c.run(1000);
  return c;
}

function create(
  c: TestCluster,
  topics: {
    name: string;
    numPartitions: number;
    replicationFactor: number;
    configs?: Record<string, unknown>;
  }[],
  validateOnly = false,
) {
  const r = c.request(
    c.ids.find((id) => c.alive(id))!,
    {
      type: 'CreateTopics',
      correlationId: 0,
      topics: topics.map((t) => ({ configs: {}, ...t })),
      timeoutMs: 30000,
      validateOnly,
    },
  );
  c.run(200);
  return (r as unknown as { topics: TopicAnswer[] }).topics;
}

describe('CreateTopics', () => {
  it('creates the znodes, the partition states, and tells every broker', () => {
    const c = ready(3);
    const [r] = create(c, [
      { name: 'orders', numPartitions: 3, replicationFactor: 2, configs: { 'retention.ms': 1000 } },
    ]);
    expect(r).toEqual({ name: 'orders', errorCode: 'NONE', errorMessage: null });
    const zk = c.zk().znodes;
    expect(zk['/config/topics/orders']!.data).toEqual({ version: 1, config: { 'retention.ms': '1000' } });
    const assignment = (zk['/brokers/topics/orders']!.data as { partitions: Record<string, number[]> })
      .partitions;
    expect(Object.keys(assignment)).toEqual(['0', '1', '2']);
    for (const [p, replicas] of Object.entries(assignment)) {
      expect(zk[`/brokers/topics/orders/partitions/${p}/state`]!.data).toEqual({
        controller_epoch: 1,
        leader: replicas[0],
        version: 1,
        leader_epoch: 0,
        isr: replicas,
      });
      for (const id of c.ids) {
        expect(c.shell(id).metadata[`orders-${p}`]).toMatchObject({
          leader: replicas[0],
          isr: replicas,
          partitionEpoch: 0,
        });
        if (replicas.includes(id))
          expect(c.shell(id).replicas[`orders-${p}`]).toMatchObject({ leader: replicas[0], isNew: true });
        else expect(c.shell(id).replicas[`orders-${p}`]).toBeUndefined();
      }
    }
    expect(c.eventsOf('topic.created')[0]!.event).toMatchObject({
      topic: 'orders',
      partitions: 3,
      replicationFactor: 2,
    });
    expect(c.eventsOf('leader.elected').filter((e) => e.event.reason === 'new partition').length).toBe(3);
    expect(c.view().topicConfigs).toEqual({ orders: { 'retention.ms': '1000' } });
  });

  it("answers invalid topics with Kafka's errors and messages", () => {
    const c = ready(3);
    create(c, [{ name: 'orders', numPartitions: 1, replicationFactor: 1 }]);
    const answers = create(c, [
      { name: 'bad name!', numPartitions: 1, replicationFactor: 1 },
      { name: 'orders', numPartitions: 1, replicationFactor: 1 },
      { name: 'none', numPartitions: 0, replicationFactor: 1 },
      { name: 'too-many', numPartitions: 1, replicationFactor: 4 },
      { name: 'zero-rf', numPartitions: 1, replicationFactor: 0 },
      { name: 'bad-config', numPartitions: 1, replicationFactor: 1, configs: { 'retention.ms': 'soon' } },
      { name: 'unknown-config', numPartitions: 1, replicationFactor: 1, configs: { 'no.such.config': 1 } },
      { name: 'fine', numPartitions: 2, replicationFactor: 3 },
    ]);
    expect(answers.map((a) => [a.name, a.errorCode])).toEqual([
      ['bad name!', 'INVALID_TOPIC_EXCEPTION'],
      ['orders', 'TOPIC_ALREADY_EXISTS'],
      ['none', 'INVALID_PARTITIONS'],
      ['too-many', 'INVALID_REPLICATION_FACTOR'],
      ['zero-rf', 'INVALID_REPLICATION_FACTOR'],
      ['bad-config', 'INVALID_CONFIG'],
      ['unknown-config', 'INVALID_CONFIG'],
      ['fine', 'NONE'],
    ]);
    expect(answers[1]!.errorMessage).toBe("Topic 'orders' already exists.");
    expect(answers[2]!.errorMessage).toBe('Number of partitions must be larger than 0.');
    expect(answers[3]!.errorMessage).toBe('Replication factor: 4 larger than available brokers: 3.');
    expect(answers[5]!.errorMessage).toContain('retention.ms');
    expect(Object.keys(c.view().topicConfigs)).toEqual(['fine', 'orders']);
  });

  it('validateOnly checks without creating, and a broker that is not the controller answers NOT_CONTROLLER', () => {
    const c = ready(3);
    expect(create(c, [{ name: 'dry', numPartitions: 1, replicationFactor: 1 }], true)[0]!.errorCode).toBe(
      'NONE',
    );
    expect(c.zk().znodes['/brokers/topics/dry']).toBeUndefined();
    const other = c.ids.find((id) => id !== c.controllerId())!;
    c.command(1, {
      type: 'send',
      to: `broker-${other}`,
      msg: {
        type: 'CreateTopics',
        correlationId: 0,
        topics: [{ name: 'x', numPartitions: 1, replicationFactor: 1, configs: {} }],
        timeoutMs: 1,
        validateOnly: false,
      },
    });
    c.run(100);
    const r = c.shell(1).responses.at(-1)!.msg as unknown as { topics: TopicAnswer[] };
    expect(r.topics[0]!.errorCode).toBe('NOT_CONTROLLER');
  });

  it('spreads leaders evenly without racks', () => {
    const c = ready(3);
    create(c, [{ name: 'orders', numPartitions: 6, replicationFactor: 3 }]);
    const leaders: Record<number, number> = {};
    for (const p of c.view().partitions) {
      expect(new Set(p.replicas).size).toBe(3);
      leaders[p.leader] = (leaders[p.leader] ?? 0) + 1;
    }
    expect(leaders).toEqual({ 1: 2, 2: 2, 3: 2 });
  });

  it('puts the replicas of a partition on distinct racks when every broker has a rack', () => {
    const c = ready(6, ['a', 'a', 'b', 'b', 'c', 'c']);
    create(c, [{ name: 'orders', numPartitions: 12, replicationFactor: 3 }]);
    const rack = (id: number) => ['a', 'a', 'b', 'b', 'c', 'c'][id - 1];
    for (const p of c.view().partitions) expect(new Set(p.replicas.map(rack)).size).toBe(3);
    const leaders: Record<number, number> = {};
    for (const p of c.view().partitions) leaders[p.leader] = (leaders[p.leader] ?? 0) + 1;
    expect(Object.values(leaders)).toEqual([2, 2, 2, 2, 2, 2]);
  });
});

describe('AdminUtils.assignReplicasToBrokers', () => {
  it('matches Kafka for fixed start indexes', () => {
    // AdminUtilsTest-style expectations: first replica (p + start) % n, followers shifted.
    const rng = Rng.from(1);
    expect(assignRackUnaware(5, 3, [0, 1, 2, 3, 4], rng, 0)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
    ]);
    expect(assignRackUnaware(10, 3, [0, 1, 2, 3, 4], rng, 0).slice(5)).toEqual([
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
    expect(
      rackAlternatedBrokerList([
        { id: 0, rack: 'rack1' },
        { id: 1, rack: 'rack3' },
        { id: 2, rack: 'rack3' },
        { id: 3, rack: 'rack2' },
        { id: 4, rack: 'rack2' },
        { id: 5, rack: 'rack1' },
      ]),
    ).toEqual([0, 3, 1, 5, 4, 2]);
    const racks = ['rack1', 'rack2', 'rack2', 'rack3', 'rack3', 'rack1'];
    const brokers = racks.map((rack, id) => ({ id, rack }));
    for (const replicas of assignRackAware(12, 3, brokers, rng, 0))
      expect(new Set(replicas.map((b) => racks[b])).size).toBe(3);
  });

  it('places rack-unaware when only some brokers have a rack', () => {
    const out = assignReplicasToBrokers(
      3,
      2,
      [
        { id: 1, rack: 'a' },
        { id: 2, rack: null },
        { id: 3, rack: 'a' },
      ],
      Rng.from(3),
    );
    for (const r of out) expect(new Set(r).size).toBe(2);
  });
});

describe('DeleteTopics (TopicDeletionManager)', () => {
  it('deletes a topic: StopReplica(delete) to replicas, znodes removed, brokers forget it', () => {
    const c = ready(3);
    create(c, [{ name: 'orders', numPartitions: 2, replicationFactor: 3 }]);
    const r = c.request(1, {
      type: 'DeleteTopics',
      correlationId: 0,
      topicNames: ['orders', 'nope'],
      timeoutMs: 30000,
    }) as unknown as { responses: TopicAnswer[] };
    expect(r.responses.map((x) => x.errorCode)).toEqual(['NONE', 'UNKNOWN_TOPIC_OR_PARTITION']);
    c.run(500);
    const zk = c.zk().znodes;
    expect(Object.keys(zk).filter((p) => p.includes('orders'))).toEqual([]);
    for (const id of c.ids) {
      expect(c.shell(id).stopped['orders-0']).toMatchObject({ deletePartition: true });
      expect(Object.keys(c.shell(id).metadata)).toEqual([]);
    }
    expect(c.view().partitions).toEqual([]);
    expect(c.eventsOf('topic.deleted').map((e) => e.event)).toEqual([
      { type: 'topic.deleted', topic: 'orders' },
    ]);
  });

  it('keeps the deletion pending while a replica is down and completes it once the broker returns', () => {
    const c = ready(3);
    create(c, [{ name: 'orders', numPartitions: 2, replicationFactor: 3 }]);
    const victim = c.ids.find((id) => id !== c.controllerId())!;
    c.crash(victim);
    c.run(EXPIRY_MS);
    c.request(c.controllerId(), {
      type: 'DeleteTopics',
      correlationId: 0,
      topicNames: ['orders'],
      timeoutMs: 30000,
    });
    c.run(1000);
    expect(c.view().topicsBeingDeleted).toEqual(['orders']);
    expect(c.zk().znodes['/brokers/topics/orders']).toBeDefined();
    expect(c.eventsOf('topic.deleted')).toEqual([]);
    // Brokers already treat it as gone (leader -2 in UpdateMetadata drops it from their cache).
    for (const id of c.ids.filter((i) => i !== victim))
      expect(c.shell(id).metadata['orders-0']).toBeUndefined();
    // A new topic of the same name is refused while the deletion is pending.
    expect(create(c, [{ name: 'orders', numPartitions: 1, replicationFactor: 1 }])[0]!.errorCode).toBe(
      'TOPIC_ALREADY_EXISTS',
    );
    c.restart(victim);
    c.run(2000);
    expect(c.eventsOf('topic.deleted').map((e) => e.event.topic)).toEqual(['orders']);
    expect(c.zk().znodes['/brokers/topics/orders']).toBeUndefined();
    expect(c.zk().znodes['/admin/delete_topics/orders']).toBeUndefined();
    expect(c.shell(victim).stopped['orders-1']).toMatchObject({ deletePartition: true });
    expect(c.view().topicsBeingDeleted).toEqual([]);
  });

  it('answers TOPIC_DELETION_DISABLED when delete.topic.enable is false', () => {
    const c = ready(3, undefined, { 'delete.topic.enable': false });
    create(c, [{ name: 'orders', numPartitions: 1, replicationFactor: 1 }]);
    const r = c.request(1, {
      type: 'DeleteTopics',
      correlationId: 0,
      topicNames: ['orders'],
      timeoutMs: 30000,
    }) as unknown as { responses: TopicAnswer[] };
    expect(r.responses[0]!.errorCode).toBe('TOPIC_DELETION_DISABLED');
  });
});
