// Cases from Kafka's LeaderEpochFileCacheTest and kafka-semantics.md section 2.
import { describe, expect, it } from 'vitest';
import type { LeaderEpochCache } from './leader-epoch-cache';
import {
  UNDEFINED_EPOCH,
  assignEpoch,
  endOffsetFor,
  epochForOffset,
  latestEpoch,
  truncateFromEnd,
  truncateFromStart,
} from './leader-epoch-cache';

function cache(...entries: [number, number][]): LeaderEpochCache {
  return { entries: entries.map(([epoch, startOffset]) => ({ epoch, startOffset })) };
}
const pairs = (c: LeaderEpochCache) => c.entries.map((e) => [e.epoch, e.startOffset]);

describe('assign', () => {
  it('adds a new epoch and ignores the same epoch at a later offset', () => {
    const c = cache();
    expect(assignEpoch(c, 2, 6)).toBe(true);
    expect(assignEpoch(c, 2, 7)).toBe(false);
    expect(assignEpoch(c, 3, 8)).toBe(true);
    expect(pairs(c)).toEqual([
      [2, 6],
      [3, 8],
    ]);
    expect(latestEpoch(c)).toBe(3);
  });

  it('moves the latest epoch back when it is assigned a smaller start offset', () => {
    const c = cache([2, 6]);
    expect(assignEpoch(c, 2, 5)).toBe(true);
    expect(pairs(c)).toEqual([[2, 5]]);
  });

  it('removes later entries that would break monotonicity', () => {
    // An older epoch assigned again after the log was truncated below the later epochs.
    const c = cache([1, 0], [2, 5], [3, 8]);
    assignEpoch(c, 2, 4);
    expect(pairs(c)).toEqual([
      [1, 0],
      [2, 4],
    ]);
    // A higher epoch at an offset not above the latest start offset replaces the entries it overlaps.
    const d = cache([1, 0], [2, 5]);
    assignEpoch(d, 3, 5);
    expect(pairs(d)).toEqual([
      [1, 0],
      [3, 5],
    ]);
  });

  it('rejects negative epochs or offsets', () => {
    expect(() => assignEpoch(cache(), -1, 0)).toThrow(RangeError);
  });
});

describe('endOffsetFor', () => {
  const c = cache([0, 10], [2, 13], [4, 20]);
  it('the latest epoch ends at the log end offset', () => {
    expect(endOffsetFor(c, 4, 25)).toEqual({ leaderEpoch: 4, endOffset: 25 });
  });
  it('an earlier epoch ends where the next cached epoch starts', () => {
    expect(endOffsetFor(c, 0, 25)).toEqual({ leaderEpoch: 0, endOffset: 13 });
    expect(endOffsetFor(c, 2, 25)).toEqual({ leaderEpoch: 2, endOffset: 20 });
  });
  it('an uncached epoch between two answers with the largest epoch below it', () => {
    expect(endOffsetFor(c, 1, 25)).toEqual({ leaderEpoch: 0, endOffset: 13 });
    expect(endOffsetFor(c, 3, 25)).toEqual({ leaderEpoch: 2, endOffset: 20 });
  });
  it('an epoch below the first answers with itself and the first start offset', () => {
    expect(endOffsetFor(cache([5, 10], [6, 12]), 3, 15)).toEqual({ leaderEpoch: 3, endOffset: 10 });
  });
  it('an epoch above every cached one, UNDEFINED_EPOCH, or an empty cache give (-1, -1)', () => {
    expect(endOffsetFor(c, 7, 25)).toEqual({ leaderEpoch: -1, endOffset: -1 });
    expect(endOffsetFor(c, UNDEFINED_EPOCH, 25)).toEqual({ leaderEpoch: -1, endOffset: -1 });
    expect(endOffsetFor(cache(), 0, 25)).toEqual({ leaderEpoch: -1, endOffset: -1 });
  });
});

describe('truncation', () => {
  it('truncateFromEnd removes epochs starting at or after the offset', () => {
    const c = cache([2, 6], [3, 8], [4, 11]);
    expect(truncateFromEnd(c, 9)).toBe(true);
    expect(pairs(c)).toEqual([
      [2, 6],
      [3, 8],
    ]);
    expect(truncateFromEnd(c, 8)).toBe(true);
    expect(pairs(c)).toEqual([[2, 6]]);
    expect(truncateFromEnd(c, 100)).toBe(false);
  });

  it('truncateFromStart drops earlier epochs and moves the one holding the offset to it', () => {
    const c = cache([2, 6], [3, 8], [4, 11]);
    expect(truncateFromStart(c, 9)).toBe(true);
    expect(pairs(c)).toEqual([
      [3, 9],
      [4, 11],
    ]);
    const d = cache([2, 6], [3, 8], [4, 11]);
    truncateFromStart(d, 8);
    expect(pairs(d)).toEqual([
      [3, 8],
      [4, 11],
    ]);
    const e = cache([2, 6], [3, 8], [4, 11]);
    expect(truncateFromStart(e, 5)).toBe(false);
    truncateFromStart(e, 12);
    expect(pairs(e)).toEqual([[4, 12]]);
  });

  it('epochForOffset finds the epoch a record was written in', () => {
    const c = cache([2, 6], [3, 8], [4, 11]);
    expect(epochForOffset(c, 5)).toBe(-1);
    expect(epochForOffset(c, 6)).toBe(2);
    expect(epochForOffset(c, 10)).toBe(3);
    expect(epochForOffset(c, 11)).toBe(4);
    expect(epochForOffset(c, 99)).toBe(4);
  });
});
