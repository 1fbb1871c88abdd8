import { describe, expect, it } from 'vitest';
import { assignors, rebalanceProtocolFor, selectProtocol, supportedProtocols } from './index';
import { javaHashMapOrder } from './java-hash';
import type { Subscription, TopicPartition } from './types';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const sub = (topics: string[], extra: Partial<Subscription> = {}): Subscription => ({ topics, ...extra });

describe('RangeAssignor (RangeAssignorTest)', () => {
  const range = assignors.range;
  it('oneConsumerNoTopic / nonexistent topic', () => {
    expect(range.assign({}, { consumer: sub([]) })).toEqual({ consumer: [] });
    expect(range.assign({}, { consumer: sub(['topic']) })).toEqual({ consumer: [] });
  });
  it('oneConsumerOneTopic', () => {
    expect(range.assign({ topic: 3 }, { consumer: sub(['topic']) })).toEqual({
      consumer: [tp('topic', 0), tp('topic', 1), tp('topic', 2)],
    });
  });
  it('onlyAssignsPartitionsFromSubscribedTopics', () => {
    expect(range.assign({ topic: 3, other: 3 }, { consumer: sub(['topic']) })).toEqual({
      consumer: [tp('topic', 0), tp('topic', 1), tp('topic', 2)],
    });
  });
  it('twoConsumersOneTopicOnePartition', () => {
    expect(range.assign({ topic: 1 }, { consumer1: sub(['topic']), consumer2: sub(['topic']) })).toEqual({
      consumer1: [tp('topic', 0)],
      consumer2: [],
    });
  });
  it('multipleConsumersMixedTopics', () => {
    const a = range.assign(
      { topic1: 3, topic2: 2 },
      { consumer1: sub(['topic1']), consumer2: sub(['topic1', 'topic2']), consumer3: sub(['topic1']) },
    );
    expect(a.consumer1).toEqual([tp('topic1', 0)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)]);
    expect(a.consumer3).toEqual([tp('topic1', 2)]);
  });
  it('twoConsumersTwoTopicsSixPartitions', () => {
    const a = range.assign(
      { topic1: 3, topic2: 3 },
      { consumer1: sub(['topic1', 'topic2']), consumer2: sub(['topic1', 'topic2']) },
    );
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)]);
    expect(a.consumer2).toEqual([tp('topic1', 2), tp('topic2', 2)]);
  });
  it('static members are ordered by group.instance.id, before dynamic ones', () => {
    // testStaticMemberRangeAssignmentPersistent: instance ids decide, whatever the member ids.
    const a = range.assign(
      { topic: 4 },
      {
        'consumer-b': sub(['topic'], { groupInstanceId: 'instance-1' }),
        'consumer-a': sub(['topic'], { groupInstanceId: 'instance-2' }),
        'consumer-0': sub(['topic']),
      },
    );
    expect(a['consumer-b']).toEqual([tp('topic', 0), tp('topic', 1)]);
    expect(a['consumer-a']).toEqual([tp('topic', 2)]);
    expect(a['consumer-0']).toEqual([tp('topic', 3)]);
  });
  it('member ids compare by UTF-16 code units, not locale', () => {
    const a = range.assign({ t: 2 }, { b: sub(['t']), B: sub(['t']) });
    expect(a.B).toEqual([tp('t', 0)]); // 'B' (0x42) < 'b' (0x62)
  });
});

describe('RoundRobinAssignor (RoundRobinAssignorTest)', () => {
  const rr = assignors.roundrobin;
  it('oneConsumerMultipleTopics', () => {
    expect(rr.assign({ topic1: 1, topic2: 2 }, { consumer: sub(['topic1', 'topic2']) }).consumer).toEqual([
      tp('topic1', 0),
      tp('topic2', 0),
      tp('topic2', 1),
    ]);
  });
  it('twoConsumersTwoTopicsSixPartitions', () => {
    const a = rr.assign(
      { topic1: 3, topic2: 3 },
      { consumer1: sub(['topic1', 'topic2']), consumer2: sub(['topic1', 'topic2']) },
    );
    expect(a.consumer1).toEqual([tp('topic1', 0), tp('topic1', 2), tp('topic2', 1)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 2)]);
  });
  it('multipleConsumersMixedTopics', () => {
    const a = rr.assign(
      { topic1: 3, topic2: 2 },
      { consumer1: sub(['topic1']), consumer2: sub(['topic1', 'topic2']), consumer3: sub(['topic1']) },
    );
    expect(a.consumer1).toEqual([tp('topic1', 0)]);
    expect(a.consumer2).toEqual([tp('topic1', 1), tp('topic2', 0), tp('topic2', 1)]);
    expect(a.consumer3).toEqual([tp('topic1', 2)]);
  });
  it('javadoc example: C0 [t0], C1 [t0,t1], C2 [t0,t1,t2]', () => {
    const a = rr.assign(
      { t0: 1, t1: 2, t2: 3 },
      { C0: sub(['t0']), C1: sub(['t0', 't1']), C2: sub(['t0', 't1', 't2']) },
    );
    expect(a.C0).toEqual([tp('t0', 0)]);
    expect(a.C1).toEqual([tp('t1', 0)]);
    expect(a.C2).toEqual([tp('t1', 1), tp('t2', 0), tp('t2', 1), tp('t2', 2)]);
  });
  it('static members first by instance id', () => {
    const a = rr.assign(
      { t: 3 },
      { z: sub(['t'], { groupInstanceId: 'i0' }), a: sub(['t']), y: sub(['t'], { groupInstanceId: 'i1' }) },
    );
    expect(a.z).toEqual([tp('t', 0)]);
    expect(a.y).toEqual([tp('t', 1)]);
    expect(a.a).toEqual([tp('t', 2)]);
  });
});

describe('protocols', () => {
  it('supported rebalance protocols and the consumer protocol choice', () => {
    expect(supportedProtocols['cooperative-sticky']).toEqual(['COOPERATIVE', 'EAGER']);
    expect(rebalanceProtocolFor(['cooperative-sticky'])).toBe('COOPERATIVE');
    expect(rebalanceProtocolFor(['range', 'cooperative-sticky'])).toBe('EAGER');
    expect(rebalanceProtocolFor(['sticky'])).toBe('EAGER');
  });

  it('selectProtocol: only protocols all members support, majority vote (ClassicGroupTest)', () => {
    const m1 = { memberId: 'member1', protocols: ['range', 'roundrobin'] };
    const m2 = { memberId: 'member2', protocols: ['roundrobin', 'range'] };
    const m3 = { memberId: 'member3', protocols: ['roundrobin', 'blah'] };
    expect(selectProtocol([m1])).toBe('range');
    expect(['range', 'roundrobin']).toContain(selectProtocol([m1, m2]));
    expect(selectProtocol([m1, m2, m3])).toBe('roundrobin');
    expect(selectProtocol([m1, { memberId: 'x', protocols: ['blah'] }])).toBeNull();
  });

  it('selectProtocol ties go to the first protocol in HashMap order', () => {
    const order = javaHashMapOrder(['range', 'roundrobin']);
    const m1 = { memberId: 'member1', protocols: ['range', 'roundrobin'] };
    const m2 = { memberId: 'member2', protocols: ['roundrobin', 'range'] };
    expect(selectProtocol([m1, m2])).toBe(order[0]);
    expect(selectProtocol([m2, m1])).toBe(order[0]);
  });
});

describe('java.util.HashMap order emulation', () => {
  it('orders by bucket, spread hash, then insertion', () => {
    // Single-character keys hash to their code: buckets 'a'=97&15=1, 'b'=2, 'q'=113&15=1.
    expect(javaHashMapOrder(['b', 'q', 'a'])).toEqual(['q', 'a', 'b']);
    expect(javaHashMapOrder(['b', 'a', 'q'])).toEqual(['a', 'q', 'b']);
  });
  it('grows past 12 keys (load factor 0.75)', () => {
    const keys = Array.from({ length: 13 }, (_, i) => String.fromCharCode(65 + i * 3));
    const order = javaHashMapOrder(keys);
    // 32 buckets now: plain ascending code order within range 65..101
    expect(order).toEqual([...keys].sort((a, b) => (a.charCodeAt(0) & 31) - (b.charCodeAt(0) & 31)));
  });
});
