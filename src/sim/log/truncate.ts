// Follower truncation (UnifiedLog.truncateTo, LocalLog.truncateTo, LogSegment.truncateTo) and the full
// reset used when a follower falls below the leader's log start offset (UnifiedLog.truncateFullyAndStartAt).
// Truncation removes records at and above the target offset; the log end offset becomes the target.
import type { DiskSink } from './disk-layout';
import { segmentKey, snapshotKey } from './disk-layout';
import { emptyLeaderEpochCache, truncateFromEnd } from './leader-epoch-cache';
import type { LogState } from './log-state';
import {
  rebuildProducerState,
  writeCleanerCheckpoint,
  writeEpochCheckpoint,
  writeLogStartOffset,
} from './log-state';
import { emptyProducerStateTable } from './producer-state';
import type { RecordBatch } from './records';
import { recordCount, sliceBatch } from './records';
import { buildSegment, emptySegment, floorSegmentIndex } from './segment';

export interface TruncateResult {
  truncated: boolean;
  /** Records removed (what a follower loses; shown on the timeline). */
  recordsRemoved: number;
}

/**
 * Removes every record at offset >= targetOffset. Nothing happens when targetOffset >= the log end offset.
 * Segments whose base offset is above the target are deleted; the segment holding it keeps the batches
 * below it, and a batch straddling the target is cut into a new batch object (stored batches are never
 * changed in place). Then, as Kafka does: the leader-epoch cache drops epochs starting at or after the
 * target, the log start offset is lowered to the target if above it, the cleaner checkpoint is capped,
 * producer snapshots above the target are deleted and the producer state is rebuilt from the latest
 * snapshot at or below it. A target below the first segment resets the log (truncateFullyAndStartAt).
 */
export function truncateTo(log: LogState, targetOffset: number, sink: DiskSink): TruncateResult {
  if (!Number.isInteger(targetOffset) || targetOffset < 0) {
    throw new RangeError(`cannot truncate to offset ${targetOffset}`);
  }
  if (targetOffset >= log.logEndOffset) return { truncated: false, recordsRemoved: 0 };
  if (targetOffset < log.segments[0]!.baseOffset) {
    let recordsRemoved = 0;
    for (const s of log.segments) recordsRemoved += recordCount(s.batches);
    truncateFullyAndStartAt(log, targetOffset, sink);
    return { truncated: true, recordsRemoved };
  }
  const at = floorSegmentIndex(log.segments, targetOffset);
  let recordsRemoved = 0;
  for (const s of log.segments.splice(at + 1)) {
    recordsRemoved += recordCount(s.batches);
    sink({ op: 'delete', key: segmentKey(log.dir, s.baseOffset) });
  }
  const segment = log.segments[at]!;
  const kept: RecordBatch[] = [];
  let keep = 0;
  for (const batch of segment.batches) {
    if (batch.lastOffset < targetOffset) {
      kept.push(batch);
      keep++;
      continue;
    }
    if (batch.baseOffset < targetOffset) {
      const cut = sliceBatch(batch, batch.baseOffset, targetOffset);
      recordsRemoved += batch.records.length - cut.records.length;
      kept.push(cut);
    } else recordsRemoved += batch.records.length;
  }
  const key = segmentKey(log.dir, segment.baseOffset);
  sink({ op: 'truncate', key, length: keep });
  if (kept.length > keep) sink({ op: 'append', key, items: kept.slice(keep) });
  log.segments[at] = buildSegment(segment.baseOffset, kept, log.config['index.interval.bytes']);
  log.logEndOffset = targetOffset;

  if (truncateFromEnd(log.leaderEpochCache, targetOffset)) writeEpochCheckpoint(log, sink);
  if (log.logStartOffset > targetOffset) {
    log.logStartOffset = targetOffset;
    writeLogStartOffset(log, sink);
  }
  // LogCleanerManager.maybeTruncateCheckpoint: the cleaner must not believe it cleaned past the new end.
  if (log.cleanerCheckpoint > targetOffset) {
    log.cleanerCheckpoint = targetOffset;
    writeCleanerCheckpoint(log, sink);
  }
  const snapshots = log.producerSnapshots;
  while (snapshots.length > 0 && snapshots[snapshots.length - 1]!.offset > targetOffset) {
    sink({ op: 'delete', key: snapshotKey(log.dir, snapshots.pop()!.offset) });
  }
  rebuildProducerState(log);
  return { truncated: true, recordsRemoved };
}

/**
 * Deletes every segment and starts the log empty at newOffset (UnifiedLog.truncateFullyAndStartAt):
 * a follower whose fetch offset is below the leader's log start offset starts over from there. The
 * leader-epoch cache and the producer state are cleared, as Kafka clears and flushes them.
 */
export function truncateFullyAndStartAt(log: LogState, newOffset: number, sink: DiskSink): void {
  if (!Number.isInteger(newOffset) || newOffset < 0)
    throw new RangeError(`cannot start the log at ${newOffset}`);
  for (const s of log.segments) sink({ op: 'delete', key: segmentKey(log.dir, s.baseOffset) });
  for (const s of log.producerSnapshots) sink({ op: 'delete', key: snapshotKey(log.dir, s.offset) });
  log.segments = [emptySegment(newOffset)];
  sink({ op: 'put', key: segmentKey(log.dir, newOffset), value: [] });
  log.logStartOffset = newOffset;
  log.logEndOffset = newOffset;
  writeLogStartOffset(log, sink);
  log.leaderEpochCache = emptyLeaderEpochCache();
  writeEpochCheckpoint(log, sink);
  log.producerState = emptyProducerStateTable();
  log.producerSnapshots = [];
  log.cleanerCheckpoint = newOffset;
  writeCleanerCheckpoint(log, sink);
}
