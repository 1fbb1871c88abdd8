// Appends, rolls, the sparse index and reads; cases after Kafka's UnifiedLogTest, LogSegmentTest and
// OffsetIndexTest, and kafka-semantics.md section 4.
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng';
import { appendAsFollower, appendAsLeader } from './append';
import { logConfig } from './config';
import type { LogConfig } from './config';
import { createLog } from './log-state';
import type { LogState } from './log-state';
import { lookupIndex } from './offset-index';
import { read } from './read';
import type { RecordBatch } from './records';
import { batchSizeBytes } from './records';
import { createFrozenMemoryDisk, keyed, values } from './testing';

function newLog(overrides: Partial<LogConfig> = {}) {
  const d = createFrozenMemoryDisk();
  const log = createLog('orders', 0, logConfig(overrides), d.sink);
  return { log, ...d };
}

function appendValues(log: LogState, sink: ReturnType<typeof newLog>['sink'], count: number, now = 0) {
  const r = appendAsLeader(log, values(count, log.logEndOffset), 0, null, now, sink);
  if (r.error !== null || r.duplicate) throw new Error('append failed');
  return r;
}

const segmentBases = (log: LogState) => log.segments.map((s) => s.baseOffset);

describe('appendAsLeader', () => {
  it('assigns consecutive offsets from the log end offset, one batch per call', () => {
    const { log, sink } = newLog();
    const first = appendAsLeader(log, values(3), 5, null, 1000, sink);
    const second = appendAsLeader(log, values(2, 3), 5, null, 1001, sink);
    expect(first).toMatchObject({ error: null, baseOffset: 0, lastOffset: 2 });
    expect(second).toMatchObject({ error: null, baseOffset: 3, lastOffset: 4 });
    expect(log.logEndOffset).toBe(5);
    expect(log.logStartOffset).toBe(0);
    const batch = log.segments[0]!.batches[1]!;
    expect(batch).toMatchObject({
      baseOffset: 3,
      lastOffset: 4,
      leaderEpoch: 5,
      producerId: -1,
      baseSequence: -1,
    });
    expect(batch.records.map((r) => [r.offset, r.timestamp, r.value])).toEqual([
      [3, 1001, 'v3'],
      [4, 1001, 'v4'],
    ]);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 5, startOffset: 0 }]);
  });

  it('keeps the producer timestamp (CreateTime) and the batch max timestamp', () => {
    const { log, sink } = newLog();
    appendAsLeader(
      log,
      [
        { key: 'a', value: '1', timestamp: 50 },
        { key: 'b', value: '2', timestamp: 70 },
        { key: 'c', value: '3' },
      ],
      0,
      null,
      60,
      sink,
    );
    const batch = log.segments[0]!.batches[0]!;
    expect(batch.records.map((r) => r.timestamp)).toEqual([50, 70, 60]);
    expect(batch.maxTimestamp).toBe(70);
  });

  it('rejects keyless records on a compacted topic with INVALID_RECORD, writing nothing', () => {
    const { log, sink, opCounts } = newLog({ 'cleanup.policy': 'compact' });
    const before = opCounts.append;
    expect(appendAsLeader(log, keyed(['k', 'v'], [null, 'v']), 0, null, 0, sink)).toMatchObject({
      error: 'INVALID_RECORD',
    });
    expect(log.logEndOffset).toBe(0);
    expect(opCounts.append).toBe(before);
    expect(appendAsLeader(log, keyed(['k', null]), 0, null, 0, sink)).toMatchObject({ error: null });
  });

  it('rejects a batch over max.message.bytes with RECORD_TOO_LARGE', () => {
    const { log, sink } = newLog({ 'max.message.bytes': 100 });
    expect(appendAsLeader(log, [{ key: null, value: 'x'.repeat(100) }], 0, null, 0, sink)).toMatchObject({
      error: 'RECORD_TOO_LARGE',
    });
    expect(appendAsLeader(log, [], 0, null, 0, sink)).toMatchObject({ error: 'INVALID_RECORD' });
  });
});

describe('rolling segments', () => {
  it('rolls when the active segment would pass segment.bytes', () => {
    const size = batchSizeBytes(0, [{ offset: 0, timestamp: 0, key: null, value: 'v0' }]);
    // size > segment.bytes - incoming: with room for exactly 3 one-record batches a segment holds 3.
    const { log, sink } = newLog({ 'segment.bytes': 3 * size });
    const rolls = [];
    for (let i = 0; i < 10; i++) rolls.push(appendValues(log, sink, 1).rolled);
    expect(segmentBases(log)).toEqual([0, 3, 6, 9]);
    expect(rolls.filter((r) => r !== null)).toEqual([
      { baseOffset: 3, reason: 'segment.bytes' },
      { baseOffset: 6, reason: 'segment.bytes' },
      { baseOffset: 9, reason: 'segment.bytes' },
    ]);
    expect(log.segments.map((s) => s.sizeBytes)).toEqual([3 * size, 3 * size, 3 * size, size]);
  });

  it('puts a batch bigger than segment.bytes alone in its own segment', () => {
    const { log, sink } = newLog({ 'segment.bytes': 100 });
    appendValues(log, sink, 1);
    appendAsLeader(log, [{ key: null, value: 'x'.repeat(200) }], 0, null, 0, sink);
    appendValues(log, sink, 1);
    expect(segmentBases(log)).toEqual([0, 1, 2]);
  });

  it('rolls when a batch is more than segment.ms newer than the first batch of the segment', () => {
    const { log, sink } = newLog({ 'segment.ms': 1000 });
    appendValues(log, sink, 1, 5000);
    appendValues(log, sink, 1, 6000); // exactly segment.ms later: no roll
    expect(segmentBases(log)).toEqual([0]);
    const r = appendValues(log, sink, 1, 6001);
    expect(r.rolled).toEqual({ baseOffset: 2, reason: 'segment.ms' });
    expect(log.segments[1]!.firstBatchTimestamp).toBe(6001);
  });

  it('rolls when the offset index is full (segment.index.bytes / 8 entries)', () => {
    const { log, sink } = newLog({ 'segment.index.bytes': 16, 'index.interval.bytes': 0 });
    for (let i = 0; i < 4; i++) appendValues(log, sink, 1);
    // Entries for batches 1 and 2 fill the index; batch 3 starts a new segment.
    expect(log.segments[0]!.offsetIndex.offsets).toEqual([1, 2]);
    expect(segmentBases(log)).toEqual([0, 3]);
  });
});

describe('sparse offset index', () => {
  it('adds an entry (batch last offset -> position) after more than index.interval.bytes', () => {
    const two = keyed(['k', 'v'], ['k', 'v']);
    const size = batchSizeBytes(
      0,
      [0, 1].map((i) => ({ offset: i, timestamp: 0, key: 'k', value: 'v' })),
    );
    const { log, sink } = newLog({ 'index.interval.bytes': 2 * size });
    for (let i = 0; i < 8; i++) appendAsLeader(log, two, 0, null, 0, sink);
    const index = log.segments[0]!.offsetIndex;
    // 3 batches since the last entry is more than 2 batches' worth: the 4th batch (offsets 6..7) is
    // indexed at its start position, and the count restarts from it, so the 7th (12..13) is next.
    expect(index.offsets).toEqual([7, 13]);
    expect(index.positions).toEqual([3, 6]);
    // The byte positions are in the batch headers.
    const headers = log.segments[0]!.batchHeaders;
    expect([headers[2 * 3 + 1], headers[2 * 6 + 1]]).toEqual([3 * size, 6 * size]);
  });

  it('lookup returns the position of the greatest entry <= target, or 0 below every entry', () => {
    const index = { offsets: [10, 20, 30], positions: [1, 2, 3] };
    expect(lookupIndex(index, 4)).toBe(0);
    expect(lookupIndex(index, 10)).toBe(1);
    expect(lookupIndex(index, 29)).toBe(2);
    expect(lookupIndex(index, 99)).toBe(3);
    expect(lookupIndex({ offsets: [], positions: [] }, 99)).toBe(0);
  });
});

describe('read', () => {
  it('returns the batch holding the offset, and whole batches after it up to maxBytes', () => {
    const { log, sink } = newLog();
    for (let i = 0; i < 5; i++) appendValues(log, sink, 3);
    const size = log.segments[0]!.batches[0]!.sizeBytes;
    const r = read(log, 4, log.logEndOffset, 2 * size);
    expect(r.error).toBeNull();
    if (r.error !== null) return;
    expect(r.batches.map((b) => b.baseOffset)).toEqual([3, 6]);
    expect(r.sizeBytes).toBe(2 * size);
  });

  it('returns at least one batch even when it is bigger than maxBytes', () => {
    const { log, sink } = newLog();
    appendValues(log, sink, 3);
    const r = read(log, 0, log.logEndOffset, 1);
    expect(r.error === null && r.batches.map((b) => b.baseOffset)).toEqual([0]);
    const strict = read(log, 0, log.logEndOffset, 1, false);
    expect(strict.error === null && strict.batches).toEqual([]);
  });

  it('never exposes a batch reaching the upper bound (high watermark)', () => {
    const { log, sink } = newLog();
    appendValues(log, sink, 3);
    appendValues(log, sink, 3);
    const r = read(log, 0, 4, 1 << 20);
    expect(r.error === null && r.batches.map((b) => b.baseOffset)).toEqual([0]);
    const atHw = read(log, 3, 3, 1 << 20);
    expect(atHw.error === null && atHw.batches).toEqual([]);
  });

  it('is OFFSET_OUT_OF_RANGE below the log start offset or above the log end offset, empty at the end', () => {
    const { log, sink } = newLog();
    appendValues(log, sink, 3);
    expect(read(log, 4, 100, 100)).toMatchObject({
      error: 'OFFSET_OUT_OF_RANGE',
      logStartOffset: 0,
      logEndOffset: 3,
    });
    expect(read(log, -1, 100, 100)).toMatchObject({ error: 'OFFSET_OUT_OF_RANGE' });
    expect(read(log, 3, 100, 100)).toMatchObject({ error: null, batches: [] });
  });

  it('reads from a single segment per call, and finds any offset in a many-segment log', () => {
    const size = batchSizeBytes(
      0,
      [0, 1].map((i) => ({ offset: i, timestamp: 0, key: null, value: `v${i}` })),
    );
    const { log, sink } = newLog({ 'segment.bytes': 7 * size, 'index.interval.bytes': 2 * size });
    for (let i = 0; i < 500; i++) appendValues(log, sink, 1 + (i % 3));
    expect(log.segments.length).toBeGreaterThan(50);
    const rng = Rng.from(42, 'log-read');
    for (let i = 0; i < 2000; i++) {
      const offset = rng.int(log.logEndOffset);
      const r = read(log, offset, log.logEndOffset, 1);
      if (r.error !== null) throw new Error(r.error);
      const batch = r.batches[0]!;
      expect(batch.baseOffset <= offset && offset <= batch.lastOffset, `offset ${offset}`).toBe(true);
      expect(r.segmentBaseOffset).toBe(log.segments.filter((s) => s.baseOffset <= offset).pop()!.baseOffset);
    }
    const segment = log.segments[3]!;
    const all = read(log, segment.baseOffset, log.logEndOffset, 1 << 30);
    expect(all.error === null && all.batches.length).toBe(segment.batches.length);
  });

  it('finds the batches at or after any offset when batch sizes and offset gaps vary', () => {
    // A follower's copy of a compacted leader: batches of 1 to 500 records, gaps of up to 3000 offsets
    // between them and a few of millions, so that no guess from the offsets alone is right every time.
    const rng = Rng.from(7, 'log-read-gaps');
    const batches: RecordBatch[] = [];
    let next = 0;
    for (let i = 0; i < 3000; i++) {
      const gap = rng.int(10) === 0 ? rng.int(3000) : rng.int(200) === 0 ? 1_000_000 + rng.int(5) : 0;
      const baseOffset = next + gap;
      const count =
        rng.int(50) === 0 ? 200 + rng.int(300) : rng.int(3) === 0 ? 1 + rng.int(40) : 1 + rng.int(3);
      const records = [];
      for (let r = 0; r < count; r++)
        records.push({ offset: baseOffset + r, timestamp: 0, key: 'k', value: 'v' });
      const lastOffset = baseOffset + count - 1 + (rng.int(4) === 0 ? rng.int(50) : 0);
      batches.push({
        baseOffset,
        lastOffset,
        leaderEpoch: 0,
        producerId: -1,
        producerEpoch: -1,
        baseSequence: -1,
        maxTimestamp: 0,
        sizeBytes: batchSizeBytes(baseOffset, records),
        records,
      });
      next = lastOffset + 1;
    }
    const { log, sink } = newLog({ 'segment.bytes': 20_000 });
    expect(appendAsFollower(log, batches, sink)).toMatchObject({ error: null, appendedBatches: 3000 });
    expect(log.segments.length).toBeGreaterThan(20);
    const segmentOf = new Map<RecordBatch, number>();
    for (const s of log.segments) for (const b of s.batches) segmentOf.set(b, s.baseOffset);
    const expectFirstAtOrAfter = (offset: number, r: ReturnType<typeof read>) => {
      const want = batches.find((b) => b.lastOffset >= offset)!;
      if (r.error !== null) throw new Error(r.error);
      expect(r.batches[0], `offset ${offset}`).toBe(want);
      expect(r.segmentBaseOffset).toBe(segmentOf.get(want));
    };
    // Random offsets, every batch's edges and the offsets in the gaps, and a reader going through the
    // log one batch at a time (the lookups start from the previous answer).
    for (let i = 0; i < 3000; i++) {
      const offset = rng.int(log.logEndOffset);
      expectFirstAtOrAfter(offset, read(log, offset, log.logEndOffset, 1));
    }
    for (const b of batches) {
      for (const offset of [b.baseOffset - 1, b.baseOffset, b.lastOffset]) {
        if (offset >= 0) expectFirstAtOrAfter(offset, read(log, offset, log.logEndOffset, 1));
      }
    }
    let offset = 0;
    for (let i = 0; i < batches.length; i++) {
      const r = read(log, offset, log.logEndOffset, 1);
      expectFirstAtOrAfter(offset, r);
      if (r.error === null) offset = r.nextOffset;
    }
    expect(offset).toBe(log.logEndOffset);

    // Reads of up to maxBytes below an upper bound return what walking the batches one by one returns.
    for (let i = 0; i < 3000; i++) {
      const from = rng.int(log.logEndOffset);
      const upper = from + rng.int(rng.int(2) === 0 ? 200 : log.logEndOffset - from + 1);
      const start = log.segments.findIndex((s) => s.batches.some((b) => b.lastOffset >= from));
      const first = log.segments[start]!.batches.findIndex((b) => b.lastOffset >= from);
      // Exactly the size of the next few batches, or any size.
      const exact = log.segments[start]!.batches.slice(first, first + 1 + rng.int(20));
      const maxBytes =
        rng.int(3) === 0
          ? exact.reduce((sum, b) => sum + b.sizeBytes, 0)
          : rng.int(3) === 0
            ? rng.int(100)
            : rng.int(20_000);
      const minOneMessage = rng.int(4) !== 0;
      const r = read(log, from, upper, maxBytes, minOneMessage);
      if (r.error !== null) throw new Error(r.error);
      const walked: RecordBatch[] = [];
      let size = 0;
      for (const b of log.segments[start]!.batches) {
        if (b.lastOffset < from) continue;
        if (b.lastOffset >= upper) break;
        if (size + b.sizeBytes > maxBytes && !(walked.length === 0 && minOneMessage)) break;
        walked.push(b);
        size += b.sizeBytes;
      }
      const what = `read(${from}, ${upper}, ${maxBytes}, ${minOneMessage})`;
      expect(r.batches, what).toEqual(walked);
      expect(r.batches.every((b, j) => b === walked[j])).toBe(true);
      expect(r.sizeBytes, what).toBe(size);
      expect(r.nextOffset, what).toBe(walked.length > 0 ? walked[walked.length - 1]!.lastOffset + 1 : from);
    }
  });
});

describe('appendAsFollower', () => {
  function leaderBatches(count: number): RecordBatch[] {
    const { log, sink } = newLog();
    for (let i = 0; i < count; i++) appendAsLeader(log, values(2, 2 * i), 3, null, 100 + i, sink);
    return log.segments[0]!.batches;
  }

  it("keeps the leader's offsets, epochs and batch objects", () => {
    const batches = leaderBatches(3);
    const { log, sink } = newLog();
    const r = appendAsFollower(log, batches, sink);
    expect(r).toMatchObject({ error: null, firstOffset: 0, lastOffset: 5, appendedBatches: 3 });
    expect(log.logEndOffset).toBe(6);
    expect(log.segments[0]!.batches[2]).toBe(batches[2]);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 3, startOffset: 0 }]);
  });

  it('rejects batches below the log end offset that it does not already hold, allows gaps', () => {
    const batches = leaderBatches(3);
    const { log, sink } = newLog();
    appendAsFollower(log, batches.slice(0, 2), sink);
    // Already-held batches are skipped, the rest appended.
    expect(appendAsFollower(log, batches, sink)).toMatchObject({
      error: null,
      appendedBatches: 1,
      firstOffset: 4,
    });
    expect(appendAsFollower(log, [batches[2]!, batches[0]!], sink)).toMatchObject({
      error: null,
      appendedBatches: 0,
    });
    const gap: RecordBatch = { ...batches[0]!, baseOffset: 10, lastOffset: 11, records: [] };
    expect(appendAsFollower(log, [gap], sink)).toMatchObject({ error: null, firstOffset: 10 });
    expect(log.logEndOffset).toBe(12);
    const disorder: RecordBatch = { ...gap, baseOffset: 20, lastOffset: 21 };
    const back: RecordBatch = { ...gap, baseOffset: 15, lastOffset: 16 };
    expect(appendAsFollower(log, [disorder, back], sink)).toMatchObject({ error: 'OFFSETS_OUT_OF_ORDER' });
  });
});
