// Cases from Kafka's AbstractStickyAssignorTest / StickyAssignorTest (subscriptions in a HashMap, as there),
// plus seeded property tests.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng';
import { cooperativeStickyAssignWithTransfers } from './cooperative-sticky';
import { assignors, leaderPartitionsPerTopic } from './index';
import { abstractStickyAssign } from './sticky';
import { tpKey, type GroupAssignment, type Subscription, type TopicPartition } from './types';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const sub = (topics: string[], ownedPartitions: TopicPartition[] = [], generation?: number): Subscription =>
  generation === undefined ? { topics, ownedPartitions } : { topics, ownedPartitions, generation };
const sticky = assignors.sticky;
const generationId = 1;

function transfers(
  ppt: Record<string, number>,
  subs: Record<string, Subscription>,
): Record<string, string> | null {
  const t = abstractStickyAssign(ppt, subs).partitionsTransferringOwnership;
  if (t === null) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of t) {
    const [p, topic] = k.split('\u0000');
    out[`${topic}-${p}`] = v;
  }
  return out;
}

describe('StickyAssignor: Kafka test cases', () => {
  it('testOneConsumerOneTopic', () => {
    expect(sticky.assign({ topic: 3 }, { consumer: sub(['topic']) }).consumer).toEqual([
      tp('topic', 0),
      tp('topic', 1),
      tp('topic', 2),
    ]);
  });

  it('testOneConsumerNoTopic / testOneConsumerNonexistentTopic', () => {
    expect(sticky.assign({}, { consumer: sub([]) })).toEqual({ consumer: [] });
    expect(sticky.assign({ topic: 0 }, { consumer: sub(['topic']) })).toEqual({ consumer: [] });
  });

  it('testOnlyAssignsPartitionsFromSubscribedTopics', () => {
    const subs = {
      consumer: sub(
        ['topic'],
        [tp('topic', 0), tp('topic', 1), tp('other', 0), tp('other', 1)],
        generationId,
      ),
    };
    expect(sticky.assign({ topic: 2 }, subs).consumer).toEqual([tp('topic', 0), tp('topic', 1)]);
    expect(transfers({ topic: 2 }, subs)).toEqual({});
  });

  it('testOneConsumerMultipleTopics', () => {
    expect(sticky.assign({ topic1: 1, topic2: 2 }, { consumer: sub(['topic1', 'topic2']) }).consumer).toEqual(
      [tp('topic1', 0), tp('topic2', 0), tp('topic2', 1)],
    );
  });

  it('testTwoConsumersOneTopicTwoPartitions', () => {
    const a = sticky.assign({ topic: 2 }, { consumer1: sub(['topic']), consumer2: sub(['topic']) });
    expect(a).toEqual({ consumer1: [tp('topic', 0)], consumer2: [tp('topic', 1)] });
  });

  it('testMultipleConsumersMixedTopicSubscriptions (general path)', () => {
    const ppt = { topic1: 3, topic2: 2 };
    const subs = {
      consumer1: sub(['topic1']),
      consumer2: sub(['topic1', 'topic2']),
      consumer3: sub(['topic1']),
    };
    const a = sticky.assign(ppt, subs);
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic1', 2)]);
    expect(a.consumer2).toEqual([tp('topic2', 0), tp('topic2', 1)]);
    expect(a.consumer3).toEqual([tp('topic1', 1)]);
    expect(transfers(ppt, subs)).toBeNull();
  });

  it('testTwoConsumersTwoTopicsSixPartitions', () => {
    const a = sticky.assign(
      { topic1: 3, topic2: 3 },
      { consumer1: sub(['topic1', 'topic2']), consumer2: sub(['topic1', 'topic2']) },
    );
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
  });

  it('testConsumerOwningMinQuotaExpectedMaxQuota', () => {
    const t = ['topic1', 'topic2'];
    const subs = {
      consumer1: sub(t, [tp('topic1', 0), tp('topic2', 1)], generationId),
      consumer2: sub(t, [tp('topic1', 1), tp('topic2', 2)], generationId),
    };
    const a = sticky.assign({ topic1: 2, topic2: 3 }, subs);
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1), tp('topic2', 0)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 2)]);
    expect(transfers({ topic1: 2, topic2: 3 }, subs)).toEqual({});
  });

  it('testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers (HashMap member order)', () => {
    const t = ['topic1', 'topic2'];
    const subs = {
      consumer1: sub(t, [tp('topic1', 0), tp('topic2', 0)], generationId),
      consumer2: sub(t, [tp('topic1', 1), tp('topic2', 1)], generationId),
      consumer3: sub(t, [], generationId),
    };
    const ppt = { topic1: 2, topic2: 2 };
    const a = sticky.assign(ppt, subs);
    expect(transfers(ppt, subs)).toEqual({ 'topic2-0': 'consumer3' });
    expect(a.consumer1).toEqual([tp('topic1', 0)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 1)]);
    expect(a.consumer3).toEqual([tp('topic2', 0)]);
  });

  it('testAllConsumersAreUnderMinQuota', () => {
    const t = ['topic1', 'topic2'];
    const subs = {
      consumer1: sub(t, [tp('topic1', 0)], generationId),
      consumer2: sub(t, [tp('topic1', 1)], generationId),
      consumer3: sub(t, [], generationId),
    };
    const a = sticky.assign({ topic1: 2, topic2: 3 }, subs);
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 2)]);
    expect(a.consumer3).toEqual([tp('topic2', 0)]);
  });

  it('testAddRemoveConsumerOneTopic', () => {
    const ppt = { topic: 3 };
    let a = sticky.assign(ppt, { consumer1: sub(['topic']) });
    expect(a.consumer1).toEqual([tp('topic', 0), tp('topic', 1), tp('topic', 2)]);
    const subs2 = {
      consumer1: sub(['topic'], a.consumer1, generationId),
      consumer2: sub(['topic'], [], generationId),
    };
    a = sticky.assign(ppt, subs2);
    expect(transfers(ppt, subs2)).toEqual({ 'topic-2': 'consumer2' });
    expect(a.consumer1).toEqual([tp('topic', 0), tp('topic', 1)]);
    expect(a.consumer2).toEqual([tp('topic', 2)]);
    a = sticky.assign(ppt, { consumer2: sub(['topic'], a.consumer2, generationId) });
    expect(new Set(a.consumer2!.map(tpKey))).toEqual(
      new Set([tp('topic', 0), tp('topic', 1), tp('topic', 2)].map(tpKey)),
    );
  });

  it('testAddRemoveTwoConsumersTwoTopics', () => {
    const all = ['topic1', 'topic2'];
    const ppt = { topic1: 3, topic2: 4 };
    let a = sticky.assign(ppt, { consumer1: sub(all), consumer2: sub(all) });
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1), tp('topic2', 3)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);

    const subs2 = {
      consumer1: sub(all, a.consumer1, generationId),
      consumer2: sub(all, a.consumer2, generationId),
      consumer3: sub(all, [], generationId),
      consumer4: sub(all, [], generationId),
    };
    a = sticky.assign(ppt, subs2);
    // Kafka 3.5+ (owned partitions sorted by partition, then topic, before keeping a quota)
    expect(transfers(ppt, subs2)).toEqual({
      'topic1-2': 'consumer3',
      'topic2-3': 'consumer3',
      'topic2-2': 'consumer4',
    });
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic2', 1)]);
    expect(a.consumer2).toEqual([tp('topic2', 0), tp('topic1', 1)]);
    expect(a.consumer3).toEqual([tp('topic1', 2), tp('topic2', 3)]);
    expect(a.consumer4).toEqual([tp('topic2', 2)]);

    a = sticky.assign(ppt, {
      consumer3: sub(all, a.consumer3, generationId),
      consumer4: sub(all, a.consumer4, generationId),
    });
    expect(a.consumer3).toEqual([tp('topic1', 2), tp('topic2', 3), tp('topic1', 0), tp('topic2', 1)]);
    expect(a.consumer4).toEqual([tp('topic2', 2), tp('topic1', 1), tp('topic2', 0)]);
  });

  it('testStickiness-like: a consumer that stays keeps its partition', () => {
    const ppt = { topic1: 3 };
    const a = sticky.assign(ppt, {
      consumer1: sub(['topic1']),
      consumer2: sub(['topic1']),
      consumer3: sub(['topic1']),
      consumer4: sub(['topic1']),
    });
    const subs: Record<string, Subscription> = {};
    for (const c of ['consumer2', 'consumer3', 'consumer4']) subs[c] = sub(['topic1'], a[c], generationId);
    const b = sticky.assign(ppt, subs);
    for (const c of Object.keys(subs)) for (const p of a[c]!) expect(b[c]).toContainEqual(p);
  });

  it('generations: the higher generation keeps a doubly-claimed partition; a tie takes it from both', () => {
    const ppt = { topic: 3 };
    const a = abstractStickyAssign(ppt, {
      consumer1: sub(['topic'], [tp('topic', 0), tp('topic', 1)], 2),
      consumer2: sub(['topic'], [tp('topic', 1), tp('topic', 2)], 1),
    });
    expect(a.assignment.get('consumer1')).toContainEqual(tp('topic', 1));
    const tie = abstractStickyAssign(ppt, {
      consumer1: sub(['topic'], [tp('topic', 0), tp('topic', 1)], 2),
      consumer2: sub(['topic'], [tp('topic', 1), tp('topic', 2)], 2),
    });
    // topic-1 was claimed by both in generation 2: whoever gets it now gets it as a transfer.
    expect([...tie.partitionsTransferringOwnership!.keys()]).toContain(tpKey(tp('topic', 1)));
  });

  it('testSubscriptionNotEqualAndAssignSamePartitionWith3Generation', () => {
    const seqs = [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ];
    for (const [g1, g2, g3] of seqs) {
      const a = sticky.assign(
        { topic: 6, topic1: 1 },
        {
          consumer1: sub(['topic'], [tp('topic', 0), tp('topic', 2)], g1),
          consumer2: sub(['topic'], [tp('topic', 1), tp('topic', 2), tp('topic', 3)], g2),
          consumer3: sub(['topic'], [tp('topic', 2), tp('topic', 4), tp('topic', 5)], g3),
          consumer4: sub(['topic1'], [tp('topic1', 0)], 2),
        },
      );
      const all = Object.values(a).flat();
      expect(new Set(all.map(tpKey)).size).toBe(all.length);
      for (const list of Object.values(a)) expect(list.length >= 1 && list.length <= 2).toBe(true);
    }
  });
});

describe('CooperativeStickyAssignor', () => {
  it('holds back partitions that change owner (testAddRemoveConsumerOneTopic)', () => {
    const ppt = { topic: 3 };
    const owned = [tp('topic', 0), tp('topic', 1), tp('topic', 2)];
    const r = cooperativeStickyAssignWithTransfers(ppt, {
      consumer1: sub(['topic'], owned, generationId),
      consumer2: sub(['topic'], [], generationId),
    });
    expect(r.assignment).toEqual({ consumer1: [tp('topic', 0), tp('topic', 1)], consumer2: [] });
    expect(r.partitionsTransferringOwnership).toEqual([
      { topic: 'topic', partition: 2, newOwner: 'consumer2' },
    ]);
    // Follow-up rebalance: consumer1 revoked topic-2, so consumer2 gets it.
    const next = assignors['cooperative-sticky'].assign(ppt, {
      consumer1: sub(['topic'], r.assignment.consumer1, generationId + 1),
      consumer2: sub(['topic'], [], generationId + 1),
    });
    expect(next).toEqual({ consumer1: [tp('topic', 0), tp('topic', 1)], consumer2: [tp('topic', 2)] });
  });

  it('general path computes the transfers from owned vs assigned', () => {
    const r = cooperativeStickyAssignWithTransfers(
      { topic1: 2, topic2: 2 },
      {
        consumer1: sub(
          ['topic1', 'topic2'],
          [tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)],
          1,
        ),
        consumer2: sub(['topic1'], [], 1),
      },
    );
    // consumer2 is owed both topic1 partitions; consumer1 must revoke them first.
    expect(r.assignment).toEqual({ consumer1: [tp('topic2', 0), tp('topic2', 1)], consumer2: [] });
    expect(r.partitionsTransferringOwnership).toEqual([
      { topic: 'topic1', partition: 0, newOwner: 'consumer2' },
      { topic: 'topic1', partition: 1, newOwner: 'consumer2' },
    ]);
  });
});

// ----------------------------------------------------------------------------------------------
// Property tests over seeded random groups.

function checkValid(
  ppt: Record<string, number>,
  subs: Record<string, Subscription>,
  a: GroupAssignment,
  complete: boolean,
) {
  const seen = new Map<string, string>();
  expect(Object.keys(a).sort()).toEqual(Object.keys(subs).sort());
  for (const [m, list] of Object.entries(a)) {
    for (const p of list) {
      expect(subs[m]!.topics).toContain(p.topic); // only to subscribers
      expect(p.partition).toBeLessThan(ppt[p.topic]!);
      expect(seen.has(tpKey(p))).toBe(false); // at most once
      seen.set(tpKey(p), m);
    }
  }
  if (complete) {
    for (const [t, n] of Object.entries(ppt)) {
      if (!Object.values(subs).some((s) => s.topics.includes(t))) continue;
      for (let p = 0; p < n; p++) expect(seen.has(tpKey(tp(t, p)))).toBe(true); // every subscribed partition
    }
  }
  return seen;
}

function randomGroup(rng: Rng, identical: boolean) {
  const ppt: Record<string, number> = {};
  const numTopics = rng.range(1, 6);
  const topics = Array.from({ length: numTopics }, (_, i) => `topic-${i}`);
  for (const t of topics) ppt[t] = rng.range(1, 12);
  const subs: Record<string, Subscription> = {};
  const numMembers = rng.range(1, 9);
  for (let i = 0; i < numMembers; i++) {
    const mine = identical ? topics : topics.filter(() => rng.chance(1, 2));
    subs[`member-${rng.int(1000)}-${i}`] = { topics: mine.length > 0 ? mine : [topics[0]!] };
  }
  return { ppt, subs };
}

describe('properties (seeded)', () => {
  for (const name of ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const) {
    it(`${name}: every subscribed partition exactly once, only to subscribers`, () => {
      for (let seed = 1; seed <= 150; seed++) {
        const rng = Rng.from(seed, name);
        const { ppt: all, subs } = randomGroup(rng, rng.chance(1, 2));
        const ppt = leaderPartitionsPerTopic(all, subs); // what the group leader passes
        const a = assignors[name].assign(ppt, subs);
        checkValid(ppt, subs, a, true);
      }
    });
  }

  it('sticky: balanced within 1 for identical subscriptions, also after members leave and join', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rng = Rng.from(seed, 'balance');
      const { ppt, subs } = randomGroup(rng, true);
      let a = assignors.sticky.assign(ppt, subs);
      const sizes = () => Object.values(a).map((l) => l.length);
      expect(Math.max(...sizes()) - Math.min(...sizes())).toBeLessThanOrEqual(1);
      const next: Record<string, Subscription> = {};
      for (const m of Object.keys(subs))
        if (!rng.chance(1, 3)) next[m] = { ...subs[m]!, ownedPartitions: a[m]!, generation: 1 };
      next[`joiner-${seed}`] = { topics: Object.keys(ppt), generation: 1, ownedPartitions: [] };
      const before = a;
      a = assignors.sticky.assign(ppt, next);
      checkValid(ppt, next, a, true);
      expect(Math.max(...sizes()) - Math.min(...sizes())).toBeLessThanOrEqual(1);
      // Stickiness: a member that stays keeps min(its old count, its new quota) of its partitions.
      const total = Object.values(ppt).reduce((x, y) => x + y, 0);
      const minQuota = Math.floor(total / Object.keys(next).length);
      for (const m of Object.keys(next)) {
        if (before[m] === undefined) continue;
        const kept = a[m]!.filter((p) => before[m]!.some((q) => tpKey(q) === tpKey(p))).length;
        expect(kept).toBeGreaterThanOrEqual(Math.min(before[m]!.length, minQuota));
      }
    }
  });

  it('cooperative-sticky: no partition goes to a new owner while another member still owns it', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rng = Rng.from(seed, 'coop');
      const { ppt, subs } = randomGroup(rng, rng.chance(1, 2));
      for (const t of Object.keys(ppt)) subs[`all-${t}`] = { topics: Object.keys(ppt) }; // every topic subscribed
      let a = assignors['cooperative-sticky'].assign(ppt, subs);
      for (let round = 0; round < 3; round++) {
        const next: Record<string, Subscription> = {};
        for (const m of Object.keys(a))
          if (!rng.chance(1, 4)) next[m] = { ...subs[m]!, ownedPartitions: a[m]!, generation: round + 1 };
        next[`joiner-${round}`] = { topics: Object.keys(ppt), ownedPartitions: [], generation: round + 1 };
        for (const m of Object.keys(next)) subs[m] = next[m]!;
        const owner = new Map<string, string>();
        for (const [m, s] of Object.entries(next))
          for (const p of s.ownedPartitions ?? []) owner.set(tpKey(p), m);
        const b = assignors['cooperative-sticky'].assign(ppt, next);
        checkValid(ppt, next, b, false);
        for (const [m, list] of Object.entries(b)) {
          for (const p of list) {
            const prev = owner.get(tpKey(p));
            expect(prev === undefined || prev === m).toBe(true);
          }
        }
        a = b;
      }
    }
  });

  it('is deterministic: same input, same output', () => {
    const rng = Rng.from(99);
    const { ppt, subs } = randomGroup(rng, false);
    expect(assignors.sticky.assign(ppt, subs)).toEqual(assignors.sticky.assign(ppt, subs));
  });
});
