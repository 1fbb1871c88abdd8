// Leader election, ISR changes, preferred election and controlled shutdown, as brokers see them.
import { describe, expect, it } from 'vitest';
import { EXPIRY_MS, TestCluster } from './test-cluster';

function ready(brokers = 3, config = {}) {
  const c = new TestCluster({ brokers, config });
  c.run(1000);
  return c;
}

/** The first broker that is not the controller and satisfies `pred`. */
function nonController(c: TestCluster, pred: (id: number) => boolean = () => true): number {
  const ctl = c.controllerId();
  const id = c.ids.find((i) => i !== ctl && pred(i));
  if (id === undefined) throw new Error('no such broker');
  return id;
}

describe('partition leadership on broker failure', () => {
  it('elects the next ISR replica in assignment order with leader epoch + 1, and shrinks ISRs the dead broker followed in', () => {
    const c = ready(4);
    c.createTopic('orders', 8, 3);
    const victim = nonController(c);
    const before = c.view().partitions;
    c.crash(victim);
    c.run(EXPIRY_MS);
    expect(c.eventsOf('broker.failed').map((e) => e.event.brokerId)).toEqual([victim]);
    for (const p of before) {
      const now = c.partition(p.topic, p.partition);
      if (!p.replicas.includes(victim)) {
        expect(now).toEqual(p);
        continue;
      }
      expect(now.leaderEpoch).toBe(p.leaderEpoch + 1);
      expect(now.isr).toEqual(p.isr.filter((r) => r !== victim));
      if (p.leader === victim) expect(now.leader).toBe(p.replicas.find((r) => r !== victim));
      else expect(now.leader).toBe(p.leader);
    }
    // Every surviving replica heard the new state (LeaderAndIsr), every broker the metadata.
    const moved = before.find((p) => p.leader === victim)!;
    const now = c.partition(moved.topic, moved.partition);
    for (const r of now.replicas.filter((x) => x !== victim)) {
      expect(c.shell(r).replicas[`${moved.topic}-${moved.partition}`]).toMatchObject({
        leader: now.leader,
        leaderEpoch: now.leaderEpoch,
        isr: now.isr,
      });
    }
    for (const id of c.ids.filter((i) => i !== victim))
      expect(c.shell(id).metadata[`${moved.topic}-${moved.partition}`]).toMatchObject({
        leader: now.leader,
        offlineReplicas: [victim],
      });
    const elected = c.eventsOf('leader.elected').find((e) => e.event.previousLeader === victim)!;
    expect(elected.event).toMatchObject({ reason: 'broker failure', unclean: false });
  });

  it('leaves a partition offline (leader -1, ISR [dead leader]) without unclean election, and brings it back when that replica returns', () => {
    const c = ready(3);
    c.createTopic('orders', 3, 2);
    const ctl = c.controllerId();
    const p = c.view().partitions.find((x) => x.leader !== ctl)!;
    const [leader, follower] = p.replicas as [number, number];
    // The leader shrinks the ISR to itself (its follower fell behind).
    c.command(leader, {
      type: 'alterPartition',
      partitions: [{ topic: 'orders', partition: p.partition, newIsr: [leader] }],
    });
    c.run(200);
    expect(c.partition('orders', p.partition).isr).toEqual([leader]);
    c.crash(leader);
    c.run(EXPIRY_MS);
    const offline = c.partition('orders', p.partition);
    expect(offline).toMatchObject({ leader: -1, isr: [leader], leaderEpoch: p.leaderEpoch + 1 });
    expect(c.shell(follower).metadata[`orders-${p.partition}`]).toMatchObject({
      leader: -1,
      offlineReplicas: [leader],
    });
    const offlineEvent = c
      .eventsOf('leader.elected')
      .find((e) => e.event.partition === p.partition && e.event.leader === -1);
    expect(offlineEvent!.event).toMatchObject({ previousLeader: leader, isr: [leader], unclean: false });
    c.restart(leader);
    c.run(2000);
    const back = c.partition('orders', p.partition);
    expect(back).toMatchObject({ leader, isr: [leader], leaderEpoch: p.leaderEpoch + 2 });
    expect(c.shell(leader).replicas[`orders-${p.partition}`]).toMatchObject({
      leader,
      leaderEpoch: p.leaderEpoch + 2,
    });
  });

  it('elects an out-of-sync replica when unclean.leader.election.enable is set for the topic, and says so', () => {
    const c = ready(3);
    c.createTopic('orders', 3, 2, { 'unclean.leader.election.enable': 'true' });
    const ctl = c.controllerId();
    const p = c.view().partitions.find((x) => x.leader !== ctl)!;
    const [leader, follower] = p.replicas as [number, number];
    c.command(leader, {
      type: 'alterPartition',
      partitions: [{ topic: 'orders', partition: p.partition, newIsr: [leader] }],
    });
    c.run(200);
    c.crash(leader);
    c.run(EXPIRY_MS);
    expect(c.partition('orders', p.partition)).toMatchObject({
      leader: follower,
      isr: [follower],
      leaderEpoch: p.leaderEpoch + 1,
    });
    expect(c.eventsOf('leader.elected').find((e) => e.event.unclean === true)!.event).toMatchObject({
      partition: p.partition,
      leader: follower,
      previousLeader: leader,
      reason: 'unclean',
      unclean: true,
    });
  });
});

describe('AlterPartition (KIP-497)', () => {
  it('commits an ISR change from the leader without a new leader epoch, and refuses stale or foreign ones', () => {
    const c = ready(3);
    c.createTopic('orders', 1, 3);
    const p = c.partition('orders', 0);
    const leader = p.leader;
    const [f1, f2] = p.isr.filter((r) => r !== leader) as [number, number];
    const last = (id: number) =>
      c
        .shell(id)
        .responses.filter((r) => r.msg.type === 'AlterPartitionResponse')
        .at(-1)!.msg;

    c.command(leader, {
      type: 'alterPartition',
      partitions: [{ topic: 'orders', partition: 0, newIsr: [leader, f1] }],
    });
    c.run(200);
    const ok = last(leader) as unknown as { errorCode: string; partitions: Record<string, unknown>[] };
    expect(ok.errorCode).toBe('NONE');
    expect(ok.partitions[0]).toMatchObject({
      errorCode: 'NONE',
      leader,
      leaderEpoch: p.leaderEpoch,
      isr: [leader, f1],
      partitionEpoch: p.partitionEpoch + 1,
    });
    expect(c.partition('orders', 0)).toMatchObject({
      isr: [leader, f1],
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch + 1,
    });
    expect(c.shell(f2).metadata['orders-0']!.isr).toEqual([leader, f1]);
    expect(c.eventsOf('isr.changed').at(-1)!.event).toMatchObject({
      isr: [leader, f1],
      leader,
      reason: 'AlterPartition',
    });

    const attempt = (from: number, item: Record<string, unknown>, brokerEpoch?: number) => {
      c.command(from, {
        type: 'alterPartition',
        partitions: [{ topic: 'orders', partition: 0, newIsr: [leader, f1, f2], ...item }],
        ...(brokerEpoch !== undefined ? { brokerEpoch } : {}),
      });
      c.run(200);
      const r = last(from) as unknown as { errorCode: string; partitions: { errorCode: string }[] };
      return r.errorCode !== 'NONE' ? r.errorCode : r.partitions[0]!.errorCode;
    };
    // The compare-and-set: the leader's partitionEpoch is the znode version it last saw.
    expect(attempt(leader, { partitionEpoch: p.partitionEpoch })).toBe('INVALID_UPDATE_VERSION');
    expect(attempt(f1, { leaderEpoch: p.leaderEpoch, partitionEpoch: p.partitionEpoch + 1 })).toBe(
      'NOT_LEADER_OR_FOLLOWER',
    );
    expect(attempt(leader, { leaderEpoch: p.leaderEpoch - 1, partitionEpoch: p.partitionEpoch + 1 })).toBe(
      'FENCED_LEADER_EPOCH',
    );
    expect(attempt(leader, { partitionEpoch: p.partitionEpoch + 1 }, 1)).toBe('STALE_BROKER_EPOCH');
    expect(attempt(leader, { newIsr: [leader, 7], partitionEpoch: p.partitionEpoch + 1 })).toBe(
      'INVALID_REQUEST',
    );
    expect(c.partition('orders', 0).partitionEpoch).toBe(p.partitionEpoch + 1);
    expect(attempt(leader, { partitionEpoch: p.partitionEpoch + 1 })).toBe('NONE');
    expect(c.partition('orders', 0)).toMatchObject({
      isr: [leader, f1, f2],
      partitionEpoch: p.partitionEpoch + 2,
    });
  });
});

describe('preferred leader election', () => {
  it('moves leadership back to replicas[0] on ElectLeaders(PREFERRED), answering per partition', () => {
    const c = ready(3, { 'auto.leader.rebalance.enable': false });
    c.createTopic('orders', 3, 3);
    const victim = nonController(c);
    c.crash(victim);
    c.run(EXPIRY_MS);
    const electAll = () =>
      c.request(c.controllerId(), {
        type: 'ElectLeaders',
        correlationId: 0,
        electionType: 'PREFERRED',
        topicPartitions: null,
        timeoutMs: 30000,
      }) as unknown as {
        results: { partition: number; errorCode: string }[];
      };
    const preferredOf = (i: number) => c.partition('orders', i).replicas[0];
    const whileDown = electAll();
    for (const r of whileDown.results)
      expect(r.errorCode).toBe(
        preferredOf(r.partition) === victim ? 'PREFERRED_LEADER_NOT_AVAILABLE' : 'ELECTION_NOT_NEEDED',
      );
    c.restart(victim);
    c.run(2000);
    // Back, but not yet in the ISR: still not available until the leader adds it.
    const mine = c.view().partitions.filter((p) => p.replicas[0] === victim);
    expect(mine.every((p) => p.leader !== victim && !p.isr.includes(victim))).toBe(true);
    for (const p of c.view().partitions.filter((x) => x.replicas.includes(victim))) {
      c.command(p.leader, {
        type: 'alterPartition',
        partitions: [{ topic: p.topic, partition: p.partition, newIsr: [...p.isr, victim] }],
      });
    }
    c.run(300);
    const after = electAll();
    for (const r of after.results)
      expect(r.errorCode).toBe(preferredOf(r.partition) === victim ? 'NONE' : 'ELECTION_NOT_NEEDED');
    for (const p of c.view().partitions) expect(p.leader).toBe(p.replicas[0]);
    expect(c.eventsOf('leader.elected').at(-1)!.event).toMatchObject({ reason: 'preferred', leader: victim });
  });

  it('rebalances automatically when a broker leads too few of its preferred partitions', () => {
    const c = ready(3, { 'leader.imbalance.check.interval.seconds': 10 });
    c.createTopic('orders', 3, 3);
    const victim = nonController(c);
    c.crash(victim);
    c.run(EXPIRY_MS);
    c.restart(victim);
    c.run(2000);
    for (const p of c.view().partitions.filter((x) => x.replicas.includes(victim)))
      c.command(p.leader, {
        type: 'alterPartition',
        partitions: [{ topic: p.topic, partition: p.partition, newIsr: [...p.isr, victim] }],
      });
    c.run(12000);
    for (const p of c.view().partitions) expect(p.leader).toBe(p.replicas[0]);
    expect(
      c.eventsOf('leader.elected').some((e) => e.event.reason === 'preferred' && e.event.leader === victim),
    ).toBe(true);
  });
});

describe('controlled shutdown', () => {
  it('moves leadership away, takes the broker out of ISRs, stops its follower replicas, then it can leave', () => {
    const c = ready(3);
    c.createTopic('orders', 6, 3);
    const b = nonController(c);
    const before = c.view().partitions;
    c.command(b, { type: 'controlledShutdown' });
    c.run(300);
    const answer = c.shell(b).responses.find((r) => r.msg.type === 'ControlledShutdownResponse')!.msg;
    expect(answer).toMatchObject({ errorCode: 'NONE', remainingPartitions: [] });
    expect(c.view().shuttingDownBrokers).toEqual([b]);
    for (const p of before) {
      const now = c.partition(p.topic, p.partition);
      expect(now.leader).not.toBe(b);
      expect(now.isr).not.toContain(b);
      expect(now.leaderEpoch).toBe(p.leaderEpoch + 1);
      if (p.leader === b) {
        expect(now.leader).toBe(p.replicas.find((r) => r !== b));
        expect(c.shell(b).replicas[`${p.topic}-${p.partition}`]!.leader).toBe(now.leader); // it follows until it stops
      } else
        expect(c.shell(b).stopped[`${p.topic}-${p.partition}`]).toMatchObject({ deletePartition: false });
    }
    expect(c.eventsOf('leader.elected').filter((e) => e.event.reason === 'controlled shutdown').length).toBe(
      before.filter((p) => p.leader === b).length,
    );
    c.command(b, { type: 'shutdown' });
    c.run(500);
    expect(c.view().liveBrokers.map((x) => x.id)).not.toContain(b);
    expect(c.view().shuttingDownBrokers).toEqual([]);
  });

  it('refuses a stale broker epoch and a broker it does not know', () => {
    const c = ready(3);
    const ctl = c.controllerId();
    const r1 = c.request(1, { type: 'ControlledShutdown', correlationId: 0, brokerId: 1, brokerEpoch: 0 });
    expect(r1.errorCode).toBe('STALE_BROKER_EPOCH');
    const r2 = c.request(ctl, {
      type: 'ControlledShutdown',
      correlationId: 0,
      brokerId: 9,
      brokerEpoch: 100,
    });
    expect(r2.errorCode).toBe('BROKER_NOT_AVAILABLE');
  });
});
