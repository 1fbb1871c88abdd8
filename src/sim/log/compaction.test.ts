// Compaction; cases after LogCleanerTest / LogCleanerIntegrationTest and kafka-semantics.md section 4.
import { describe, expect, it } from 'vitest';
import { appendAsLeader } from './append';
import { logConfig } from './config';
import type { LogConfig } from './config';
import { cleanLog, cleanableOffsets, compactLog } from './compaction';
import { createLog } from './log-state';
import type { LogState } from './log-state';
import { read } from './read';
import type { ProducerBatchInfo } from './records';
import { batchSizeBytes } from './records';
import { deleteOldSegments } from './retention';
import { createFrozenMemoryDisk } from './testing';

const BATCH = batchSizeBytes(0, [{ offset: 0, timestamp: 0, key: 'k0', value: 'a' }]);

function compactedLog(overrides: Partial<LogConfig> = {}) {
  const d = createFrozenMemoryDisk();
  const log = createLog('users', 0, logConfig({ 'cleanup.policy': 'compact', ...overrides }), d.sink);
  const put = (
    key: string,
    value: string | null,
    timestamp = 0,
    producer: ProducerBatchInfo | null = null,
  ) => {
    const r = appendAsLeader(log, [{ key, value, timestamp }], 0, producer, timestamp, d.sink);
    if (r.error !== null) throw new Error(r.error);
  };
  return { log, put, ...d };
}

/** Every stored record as [offset, key, value]. */
function contents(log: LogState): [number, string | null, string | null][] {
  return log.segments.flatMap((s) =>
    s.batches.flatMap((b) =>
      b.records.map((r) => [r.offset, r.key, r.value] as [number, string | null, string | null]),
    ),
  );
}

describe('cleanLog', () => {
  it('keeps the latest record per key below the active segment; offsets keep their gaps', () => {
    const { log, put, sink } = compactedLog({ 'segment.bytes': 3 * BATCH });
    const keys = ['k0', 'k1', 'k0', 'k2', 'k1', 'k0', 'k3', 'k0', 'k1', 'k0', 'k0'];
    keys.forEach((k, i) => put(k, String.fromCharCode(97 + i)));
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 3, 6, 9]);
    const activeBatches = log.segments[3]!.batches;

    const r = cleanLog(log, log.logEndOffset, 0, sink);
    expect(r).toMatchObject({
      cleaned: true,
      firstDirtyOffset: 0,
      firstUncleanableOffset: 9,
      nextDirtyOffset: 9,
    });
    expect(r).toMatchObject({ recordsRemoved: 5, tombstonesRemoved: 0, batchesRemoved: 5 });
    expect(contents(log)).toEqual([
      [3, 'k2', 'd'],
      [6, 'k3', 'g'],
      [7, 'k0', 'h'],
      [8, 'k1', 'i'],
      [9, 'k0', 'j'],
      [10, 'k0', 'k'],
    ]);
    // The active segment is never touched, even though k0 repeats in it.
    expect(log.segments[log.segments.length - 1]!.batches).toBe(activeBatches);
    expect(log.logEndOffset).toBe(11);
    expect(log.logStartOffset).toBe(0);
    // A consumer reading from 0 gets the first surviving batch.
    const fetched = read(log, 0, log.logEndOffset, 1);
    expect(fetched.error === null && fetched.batches[0]!.baseOffset).toBe(3);
  });

  it('merges small cleaned segments into one named by the first base offset', () => {
    const { log, put, sink } = compactedLog({ 'segment.ms': 10 });
    ['a', 'b', 'a', 'b', 'c', 'a'].forEach((k, i) => put(k, `v${i}`, 100 * i));
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 1, 2, 3, 4, 5]);
    const r = cleanLog(log, log.logEndOffset, 1000, sink);
    expect(r.segmentsBefore).toEqual([0, 1, 2, 3, 4]);
    expect(r.segmentsAfter).toEqual([0]);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 5]);
    expect(contents(log).map(([o]) => o)).toEqual([2, 3, 4, 5]);
  });

  it('does not clean at or beyond the segment holding the upper bound (high watermark / LSO)', () => {
    const { log, put, sink } = compactedLog({ 'segment.bytes': 2 * BATCH });
    for (let i = 0; i < 8; i++) put('k', `v${i}`);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 2, 4, 6]);
    const r = cleanLog(log, 5, 0, sink);
    expect(r.firstUncleanableOffset).toBe(4);
    // Only offset 3 survives below 4 (it is the latest k in the cleaned range); 4..7 are untouched.
    expect(contents(log).map(([o]) => o)).toEqual([3, 4, 5, 6, 7]);
  });

  it('leaves segments younger than min.compaction.lag.ms alone', () => {
    const { log, put, sink } = compactedLog({ 'segment.bytes': 2 * BATCH, 'min.compaction.lag.ms': 1000 });
    [0, 0, 0, 0, 5000, 5000, 5000].forEach((t, i) => put('k', `v${i}`, t));
    const offsets = cleanableOffsets(log, log.logEndOffset, 5500);
    expect(offsets.firstUncleanableOffset).toBe(4);
    cleanLog(log, log.logEndOffset, 5500, sink);
    expect(contents(log).map(([o]) => o)).toEqual([3, 4, 5, 6]);
  });

  it('keeps a tombstone for delete.retention.ms after the cleaning that first saw it (KIP-534)', () => {
    const { log, put, sink } = compactedLog({ 'segment.ms': 1, 'delete.retention.ms': 1000 });
    put('user-1', 'alice', 0);
    put('user-1', null, 10);
    put('user-2', 'bob', 20); // active segment
    const first = cleanLog(log, log.logEndOffset, 100, sink);
    expect(first).toMatchObject({ recordsRemoved: 1, tombstonesRemoved: 0 });
    expect(contents(log)).toEqual([
      [1, 'user-1', null],
      [2, 'user-2', 'bob'],
    ]);
    const tombstoneBatch = log.segments.flatMap((s) => s.batches).find((b) => b.baseOffset === 1)!;
    expect(tombstoneBatch.deleteHorizonMs).toBe(1100);

    put('user-3', 'carol', 30);
    const early = cleanLog(log, log.logEndOffset, 1099, sink);
    expect(early).toMatchObject({ cleaned: true, tombstonesRemoved: 0 });
    expect(contents(log).map(([o]) => o)).toEqual([1, 2, 3]);
    // The horizon is set once, by the first cleaning; later cleanings keep it.
    expect(log.segments.flatMap((s) => s.batches).find((b) => b.baseOffset === 1)!.deleteHorizonMs).toBe(
      1100,
    );

    put('user-4', 'dave', 40);
    const late = cleanLog(log, log.logEndOffset, 1100, sink);
    expect(late).toMatchObject({ recordsRemoved: 1, tombstonesRemoved: 1 });
    expect(contents(log).map(([o, k]) => [o, k])).toEqual([
      [2, 'user-2'],
      [3, 'user-3'],
      [4, 'user-4'],
    ]);
  });

  it("keeps an emptied batch when it is an active producer's last batch, or the last of the round", () => {
    const { log, put, sink } = compactedLog({ 'segment.ms': 1 });
    put('k', 'from-producer', 0, { producerId: 7, producerEpoch: 0, baseSequence: 0 });
    put('k', 'v1', 10);
    put('k', 'v2', 20);
    put('other', 'x', 30); // active
    cleanLog(log, log.logEndOffset, 100, sink);
    const batches = log.segments.flatMap((s) => s.batches);
    expect(batches.map((b) => [b.baseOffset, b.records.length])).toEqual([
      [0, 0], // the producer's last batch: header only, keeps its sequence
      [2, 1],
      [3, 1],
    ]);
    expect(batches[0]).toMatchObject({ producerId: 7, baseSequence: 0, sizeBytes: 61 });
    // The producer's next sequence is still checked against it.
    const r = appendAsLeader(
      log,
      [{ key: 'k', value: 'again' }],
      0,
      { producerId: 7, producerEpoch: 0, baseSequence: 0 },
      200,
      sink,
    );
    expect(r).toMatchObject({ duplicate: true, baseOffset: 0 });
  });
});

describe('compactLog (the cleaner thread)', () => {
  it('cleans only when the dirty ratio is above min.cleanable.dirty.ratio', () => {
    const { log, put, sink } = compactedLog({ 'segment.bytes': 2 * BATCH });
    for (let i = 0; i < 10; i++) put(`k${i}`, 'a'); // all distinct keys: nothing to remove
    const first = compactLog(log, log.logEndOffset, 0, sink);
    expect(first).toMatchObject({ cleaned: true, cleanableRatio: 1, nextDirtyOffset: 8 });
    put('k0', 'b');
    put('k1', 'b');
    // 2 dirty batches (offsets 8..9) against 8 clean ones: ratio 0.2.
    const second = compactLog(log, log.logEndOffset, 0, sink);
    expect(second.cleaned).toBe(false);
    expect(second.cleanableRatio).toBeCloseTo(0.2);
    for (let i = 0; i < 10; i++) put('k0', `c${i}`);
    const third = compactLog(log, log.logEndOffset, 0, sink);
    expect(third.cleaned).toBe(true);
    expect(third.cleanableRatio).toBeGreaterThan(0.5);
  });

  it('does nothing for a delete-only topic', () => {
    const d = createFrozenMemoryDisk();
    const log = createLog('plain', 0, logConfig({ 'segment.bytes': BATCH }), d.sink);
    for (let i = 0; i < 4; i++) appendAsLeader(log, [{ key: 'k', value: 'a' }], 0, null, 0, d.sink);
    expect(compactLog(log, 4, 0, d.sink).cleaned).toBe(false);
    expect(contents(log)).toHaveLength(4);
  });

  it('compact,delete applies both compaction and retention', () => {
    const { log, put, sink } = compactedLog({
      'cleanup.policy': 'compact,delete',
      'segment.bytes': 2 * BATCH,
      'retention.ms': 1000,
    });
    [0, 0, 0, 0, 5000, 5000].forEach((t, i) => put(i % 2 === 0 ? 'a' : 'b', `v${i}`, t));
    expect(compactLog(log, log.logEndOffset, 5000, sink).cleaned).toBe(true);
    const r = deleteOldSegments(log, log.logEndOffset, 5000, sink);
    expect(r.deleted.map((s) => s.reason)).toContain('RetentionMsBreach');
    expect(log.logStartOffset).toBe(4);
  });
});
