// Retention; cases after UnifiedLogTest (testDeleteOldSegments, testLogDeletionAfterDeleteRecords,
// shouldDeleteSizeBasedSegments, shouldDeleteTimeBasedSegmentsReadyToBeDeleted) and kafka-semantics.md
// section 4.
import { describe, expect, it } from 'vitest';
import { appendAsLeader } from './append';
import { logConfig } from './config';
import type { LogConfig } from './config';
import { createLog, maybeIncrementLogStartOffset } from './log-state';
import type { LogState } from './log-state';
import { read } from './read';
import { batchSizeBytes } from './records';
import { deleteOldSegments } from './retention';
import { createFrozenMemoryDisk } from './testing';

const BATCH = batchSizeBytes(0, [{ offset: 0, timestamp: 0, key: 'k', value: 'value' }]);

/** Five segments of 2 one-record batches; the batches of segment i have timestamp 1000 * i. */
function setup(overrides: Partial<LogConfig> = {}) {
  const d = createFrozenMemoryDisk();
  const log = createLog('events', 0, logConfig({ 'segment.bytes': 2 * BATCH, ...overrides }), d.sink);
  for (let i = 0; i < 10; i++) {
    appendAsLeader(
      log,
      [{ key: 'k', value: 'value', timestamp: 1000 * Math.floor(i / 2) }],
      0,
      null,
      0,
      d.sink,
    );
  }
  return { log, ...d };
}
const bases = (log: LogState) => log.segments.map((s) => s.baseOffset);

describe('retention.ms', () => {
  it('deletes the segments whose largest timestamp is older than retention.ms, oldest first', () => {
    const { log, sink } = setup({ 'retention.ms': 2500 });
    expect(bases(log)).toEqual([0, 2, 4, 6, 8]);
    const r = deleteOldSegments(log, log.logEndOffset, 5000, sink);
    // now - largestTimestamp > 2500 for timestamps 0, 1000 and 2000.
    expect(r.deleted.map((d) => [d.baseOffset, d.nextOffset, d.reason])).toEqual([
      [0, 2, 'RetentionMsBreach'],
      [2, 4, 'RetentionMsBreach'],
      [4, 6, 'RetentionMsBreach'],
    ]);
    expect(r.deleted[0]).toMatchObject({ recordCount: 2, sizeBytes: 2 * BATCH });
    expect(bases(log)).toEqual([6, 8]);
    expect(log.logStartOffset).toBe(6);
    expect(read(log, 5, 10, 100)).toMatchObject({ error: 'OFFSET_OUT_OF_RANGE', logStartOffset: 6 });
    expect(read(log, 6, 10, 100)).toMatchObject({ error: null });
  });

  it('stops at the first segment that does not qualify', () => {
    const d = createFrozenMemoryDisk();
    const log = createLog('x', 0, logConfig({ 'segment.bytes': 2 * BATCH, 'retention.ms': 2500 }), d.sink);
    // The oldest segment holds a young record (timestamps need not be in order): it blocks the old ones behind it.
    for (const timestamp of [0, 9000, 0, 0, 0]) {
      appendAsLeader(log, [{ key: 'k', value: 'value', timestamp }], 0, null, 0, d.sink);
    }
    expect(bases(log)).toEqual([0, 2, 4]);
    expect(deleteOldSegments(log, 5, 10000, d.sink).deleted).toEqual([]);
  });

  it('never deletes a segment that is not entirely below the high watermark', () => {
    const { log, sink } = setup({ 'retention.ms': 0 });
    const r = deleteOldSegments(log, 5, 100000, sink);
    expect(r.deleted.map((d) => d.baseOffset)).toEqual([0, 2]);
    expect(log.logStartOffset).toBe(4);
  });

  it('rolls a new active segment first when every segment would go, keeping the log end offset', () => {
    const { log, sink } = setup({ 'retention.ms': 0 });
    const r = deleteOldSegments(log, log.logEndOffset, 100000, sink);
    expect(r.deleted).toHaveLength(5);
    expect(bases(log)).toEqual([10]);
    expect(log.logStartOffset).toBe(10);
    expect(log.logEndOffset).toBe(10);
    // The empty active segment itself is never deleted.
    expect(deleteOldSegments(log, 10, 200000, sink).deleted).toEqual([]);
    expect(appendAsLeader(log, [{ key: 'k', value: 'value' }], 0, null, 0, sink)).toMatchObject({
      baseOffset: 10,
    });
  });

  it('retention.ms -1 keeps everything', () => {
    const { log, sink } = setup({ 'retention.ms': -1 });
    expect(deleteOldSegments(log, 10, 1e12, sink).deleted).toEqual([]);
  });
});

describe('retention.bytes', () => {
  it('deletes the oldest segments while the log exceeds the limit by a whole segment', () => {
    // 10 batches; limit of 5.5 batches: diff 4.5 batches -> two 2-batch segments go, the third would overshoot.
    const { log, sink } = setup({ 'retention.bytes': Math.floor(5.5 * BATCH), 'retention.ms': -1 });
    const r = deleteOldSegments(log, log.logEndOffset, 0, sink);
    expect(r.deleted.map((d) => [d.baseOffset, d.reason])).toEqual([
      [0, 'RetentionSizeBreach'],
      [2, 'RetentionSizeBreach'],
    ]);
    expect(log.logStartOffset).toBe(4);
  });

  it('does nothing while the log is under the limit', () => {
    const { log, sink } = setup({ 'retention.bytes': 100 * BATCH });
    expect(deleteOldSegments(log, 10, 0, sink).deleted).toEqual([]);
  });
});

describe('log start offset', () => {
  it('segments wholly below the log start offset go first, whatever the policy (DeleteRecords)', () => {
    const { log, sink } = setup({ 'cleanup.policy': 'compact', 'retention.ms': 0 });
    expect(maybeIncrementLogStartOffset(log, 5, sink)).toBe(true);
    expect(log.logStartOffset).toBe(5);
    expect(read(log, 4, 10, 100)).toMatchObject({ error: 'OFFSET_OUT_OF_RANGE' });
    const r = deleteOldSegments(log, 10, 1e9, sink);
    // Segment 4 holds offset 5 and stays; retention.ms does not apply to a compact-only topic.
    expect(r.deleted.map((d) => [d.baseOffset, d.reason])).toEqual([
      [0, 'LogStartOffsetBreach'],
      [2, 'LogStartOffsetBreach'],
    ]);
    expect(bases(log)).toEqual([4, 6, 8]);
    expect(log.logStartOffset).toBe(5);
  });

  it('moving the log start offset trims the leader-epoch cache', () => {
    const d = createFrozenMemoryDisk();
    const log = createLog('e', 0, logConfig({ 'segment.bytes': 2 * BATCH, 'retention.ms': 0 }), d.sink);
    for (let i = 0; i < 6; i++)
      appendAsLeader(log, [{ key: 'k', value: 'value', timestamp: 0 }], i, null, 0, d.sink);
    deleteOldSegments(log, 6, 10, d.sink);
    expect(log.logStartOffset).toBe(6);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 5, startOffset: 6 }]);
  });
});
