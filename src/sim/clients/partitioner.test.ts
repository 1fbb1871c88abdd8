import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { murmur2, toPositive, utf8Bytes } from './murmur2';
import {
  UNKNOWN_PARTITION,
  choosePartition,
  initialStickyPartitionerState,
  nextPartitionFor,
  partitionForKey,
  partitionForRecord,
  peekStickyPartition,
  updatePartitionLoadStats,
  updateStickyPartition,
} from './partitioner';

const topic3 = { numPartitions: 3, availablePartitions: [0, 1, 2] };

describe('partitionForKey', () => {
  it('is toPositive(murmur2(utf8(key))) % numPartitions', () => {
    for (const key of ['21', 'foobar', 'abc', 'key', '']) {
      for (const n of [1, 3, 7, 50]) {
        expect(partitionForKey(key, n)).toBe(toPositive(murmur2(utf8Bytes(key))) % n);
      }
    }
    // murmur2("foobar") = -790332482 -> toPositive = 1357151166 -> % 7
    expect(partitionForKey('foobar', 7)).toBe(1357151166 % 7);
  });

  it('hashes bytes and strings alike', () => {
    expect(partitionForKey(utf8Bytes('key'), 12)).toBe(partitionForKey('key', 12));
  });
});

describe('choosePartition (KafkaProducer#partition)', () => {
  it('explicit partition wins over the key', () => {
    expect(choosePartition({ partition: 2, key: 'k' }, 3)).toBe(2);
  });
  it('key hash, unless partitioner.ignore.keys', () => {
    expect(choosePartition({ key: 'k' }, 3)).toBe(partitionForKey('k', 3));
    expect(choosePartition({ key: 'k' }, 3, true)).toBe(UNKNOWN_PARTITION);
  });
  it('null key -> sticky partitioner', () => {
    expect(choosePartition({ key: null }, 3)).toBe(UNKNOWN_PARTITION);
    const r = partitionForRecord({}, topic3, initialStickyPartitionerState('t'), Rng.from(1));
    expect(r.usedSticky).toBe(true);
    expect(r.sticky.partition).toBe(r.partition);
  });
  it('an empty key is a key (hashed), not a null key', () => {
    expect(choosePartition({ key: '' }, 3)).toBe(partitionForKey('', 3));
  });
});

describe('BuiltInPartitioner', () => {
  it('uniform choice: random % available, only partitions with a leader', () => {
    expect(nextPartitionFor(null, { numPartitions: 4, availablePartitions: [1, 3] }, 5)).toBe(3);
    expect(nextPartitionFor(null, { numPartitions: 4, availablePartitions: [1, 3] }, 4)).toBe(1);
    // no partition has a leader: any partition
    expect(nextPartitionFor(null, { numPartitions: 4, availablePartitions: [] }, 6)).toBe(2);
  });

  it('adaptive: queue sizes 0 3 1 -> CFT 4 5 8 (BuiltInPartitioner comment)', () => {
    const s = updatePartitionLoadStats(initialStickyPartitionerState('t'), [0, 3, 1], [0, 1, 2]);
    expect(s.loadStats?.cumulativeFrequencyTable).toEqual([4, 5, 8]);
    const picks = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => nextPartitionFor(s.loadStats, topic3, r));
    expect(picks).toEqual([0, 0, 0, 0, 1, 2, 2, 2]);
    expect(nextPartitionFor(s.loadStats, topic3, 12)).toBe(1); // 12 % 8 = 4
  });

  it('adaptive stats are dropped when all queues are equal, when disabled, or with < 2 partitions', () => {
    const base = initialStickyPartitionerState('t');
    expect(updatePartitionLoadStats(base, [2, 2, 2], [0, 1, 2]).loadStats).toBeNull();
    expect(updatePartitionLoadStats(base, null, []).loadStats).toBeNull();
    expect(updatePartitionLoadStats(base, [5], [0]).loadStats).toBeNull();
    // equal but some partitions excluded (length < size): still adaptive
    expect(updatePartitionLoadStats(base, [2, 2, 2], [0, 2, 1], 2).loadStats).toEqual({
      cumulativeFrequencyTable: [1, 2, 2],
      partitionIds: [0, 2, 1],
      length: 2,
    });
  });

  it('stays until batch.size bytes, switches at 2x when the switch is deferred', () => {
    const rng = Rng.from(42);
    const topic = { numPartitions: 100, availablePartitions: [...Array(100).keys()] };
    let s = initialStickyPartitionerState('t', 100);
    s = peekStickyPartition(s, topic, rng).state;
    const first = s.partition;
    s = updateStickyPartition(s, 60, topic, rng);
    expect(s.partition).toBe(first);
    expect(s.producedBytes).toBe(60);
    // 120 >= batch.size but the batch is not full: deferred
    s = updateStickyPartition(s, 60, topic, rng, false);
    expect(s.partition).toBe(first);
    s = updateStickyPartition(s, 60, topic, rng, false);
    expect(s.producedBytes).toBe(180); // 180 < 2 x 100: still deferred
    s = updateStickyPartition(s, 10, topic, rng, true);
    expect(s.producedBytes).toBe(0); // the batch is ready now: switch
  });

  it('deferral is capped at 2 x batch.size', () => {
    const rng = Rng.from(7);
    const topic = { numPartitions: 1000, availablePartitions: [...Array(1000).keys()] };
    let s = peekStickyPartition(initialStickyPartitionerState('t', 100), topic, rng).state;
    s = updateStickyPartition(s, 150, topic, rng, false);
    expect(s.producedBytes).toBe(150);
    s = updateStickyPartition(s, 49, topic, rng, false);
    expect(s.producedBytes).toBe(199);
    s = updateStickyPartition(s, 1, topic, rng, false);
    expect(s.producedBytes).toBe(0); // switched at exactly 2 x batch.size
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const rng = Rng.from(123, 'producer-1');
      let s = initialStickyPartitionerState('t', 16384);
      const seen: number[] = [];
      for (let i = 0; i < 50; i++) {
        const p = peekStickyPartition(s, topic3, rng);
        s = updateStickyPartition(p.state, 4000, topic3, rng);
        seen.push(p.partition);
      }
      return seen;
    };
    expect(run()).toEqual(run());
  });
});
