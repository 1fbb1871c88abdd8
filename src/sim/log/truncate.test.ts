// Follower truncation; cases after UnifiedLogTest (testTruncateTo, truncateFullyAndStartAt) and
// kafka-semantics.md section 2.
import { describe, expect, it } from 'vitest';
import { appendAsLeader } from './append';
import { logConfig } from './config';
import { createLog, maybeAssignEpochStartOffset } from './log-state';
import { read } from './read';
import { batchSizeBytes } from './records';
import { createFrozenMemoryDisk, values } from './testing';
import { truncateFullyAndStartAt, truncateTo } from './truncate';

function setup(segmentBatches = 2) {
  const d = createFrozenMemoryDisk();
  const size = batchSizeBytes(
    0,
    [0, 1, 2].map((i) => ({ offset: i, timestamp: 0, key: null, value: 'vv' })),
  );
  const log = createLog('t', 1, logConfig({ 'segment.bytes': segmentBatches * size }), d.sink);
  // Six batches of 3 records, two per segment: segments at 0, 6, 12; epochs 1 (0..8) and 2 (9..17).
  for (let i = 0; i < 6; i++) {
    const records = values(3).map((r) => ({ ...r, value: 'vv' }));
    appendAsLeader(log, records, i < 3 ? 1 : 2, null, 0, d.sink);
  }
  return { log, ...d };
}

describe('truncateTo', () => {
  it('removes the records at and above the target and deletes later segments', () => {
    const { log, sink, disk } = setup();
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 6, 12]);
    expect(truncateTo(log, 6, sink)).toEqual({ truncated: true, recordsRemoved: 12 });
    expect(log.logEndOffset).toBe(6);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0, 6]);
    expect(log.segments[1]!.batches).toEqual([]);
    expect(Object.keys(disk).filter((k) => k.endsWith('.log'))).toEqual([
      'log/t-1/00000000000000000000.log',
      'log/t-1/00000000000000000006.log',
    ]);
    expect(log.leaderEpochCache.entries).toEqual([{ epoch: 1, startOffset: 0 }]);
  });

  it('cuts a batch straddling the target into a new batch, leaving the stored one untouched', () => {
    const { log, sink } = setup();
    const original = log.segments[1]!.batches[1]!; // offsets 9..11
    truncateTo(log, 10, sink);
    const cut = log.segments[1]!.batches[1]!;
    expect(cut).not.toBe(original);
    expect(cut).toMatchObject({ baseOffset: 9, lastOffset: 9 });
    expect(cut.records.map((r) => r.offset)).toEqual([9]);
    expect(original.records).toHaveLength(3);
    expect(log.logEndOffset).toBe(10);
    expect(log.leaderEpochCache.entries).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 2, startOffset: 9 },
    ]);
    const r = read(log, 9, 10, 1000);
    expect(r.error === null && r.batches).toEqual([cut]);
  });

  it('does nothing at or above the log end offset', () => {
    const { log, sink } = setup();
    expect(truncateTo(log, 18, sink)).toEqual({ truncated: false, recordsRemoved: 0 });
    expect(truncateTo(log, 30, sink).truncated).toBe(false);
    expect(log.logEndOffset).toBe(18);
  });

  it('truncating to zero leaves one empty segment', () => {
    const { log, sink } = setup();
    truncateTo(log, 0, sink);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([0]);
    expect(log.logEndOffset).toBe(0);
    expect(log.leaderEpochCache.entries).toEqual([]);
  });

  it('a follower that truncated can fetch the leader epoch start again (epoch entries rewritten)', () => {
    const { log, sink } = setup();
    truncateTo(log, 9, sink);
    maybeAssignEpochStartOffset(log, 3, 9, sink);
    expect(log.leaderEpochCache.entries).toEqual([
      { epoch: 1, startOffset: 0 },
      { epoch: 3, startOffset: 9 },
    ]);
  });
});

describe('truncateFullyAndStartAt', () => {
  it('deletes every segment and starts empty at the new offset', () => {
    const { log, sink, disk } = setup();
    truncateFullyAndStartAt(log, 100, sink);
    expect(log.segments.map((s) => s.baseOffset)).toEqual([100]);
    expect(log.logStartOffset).toBe(100);
    expect(log.logEndOffset).toBe(100);
    expect(log.leaderEpochCache.entries).toEqual([]);
    expect(log.producerState.producers).toEqual({});
    expect(Object.keys(disk).filter((k) => k.endsWith('.log'))).toEqual(['log/t-1/00000000000000000100.log']);
    expect(read(log, 99, 200, 100)).toMatchObject({ error: 'OFFSET_OUT_OF_RANGE' });
  });
});
