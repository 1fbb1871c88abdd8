// Retention (UnifiedLog.deleteOldSegments): whole segments are deleted from the oldest, and the log start
// offset moves to the first remaining segment's base offset. Offsets are never renumbered: a consumer
// behind the new log start offset gets OFFSET_OUT_OF_RANGE and applies auto.offset.reset.
import { isDeleteEnabled } from './config';
import type { DiskSink } from './disk-layout';
import { segmentKey } from './disk-layout';
import type { LogState } from './log-state';
import {
  deleteProducerSnapshots,
  logSizeBytes,
  maybeIncrementLogStartOffset,
  rollSegment,
} from './log-state';
import { recordCount } from './records';
import type { LogSegment } from './segment';

/** SegmentDeletionReason: which pass deleted the segment. */
export type SegmentDeletionReason = 'LogStartOffsetBreach' | 'RetentionSizeBreach' | 'RetentionMsBreach';

export interface DeletedSegment {
  baseOffset: number;
  /** The offset after the segment's range (the next segment's base, or the log end offset). */
  nextOffset: number;
  sizeBytes: number;
  recordCount: number;
  largestTimestamp: number;
  reason: SegmentDeletionReason;
}

export interface RetentionResult {
  deleted: DeletedSegment[];
  logStartOffset: number;
}

/**
 * The three passes of UnifiedLog.deleteOldSegments, in Kafka's order:
 * 1. segments wholly below the log start offset (after DeleteRecords or a leader's start offset moved);
 * 2. with cleanup.policy containing `delete`, retention.bytes: while the log is over the limit by at
 *    least the oldest segment's size, that segment goes;
 * 3. with `delete`, retention.ms: segments whose largest timestamp is more than retention.ms before now.
 * In every pass segments go oldest first, stopping at the first that does not qualify; a segment goes
 * only if it lies entirely below the high watermark; the empty active segment never goes; if every
 * segment would go, a new active segment is rolled first so the log keeps its end offset.
 */
export function deleteOldSegments(
  log: LogState,
  highWatermark: number,
  now: number,
  sink: DiskSink,
): RetentionResult {
  const deleted: DeletedSegment[] = [];
  deleteSegments(
    log,
    highWatermark,
    (_s, next) => next !== undefined && next.baseOffset <= log.logStartOffset,
    'LogStartOffsetBreach',
    sink,
    deleted,
  );
  if (isDeleteEnabled(log.config)) {
    const retentionBytes = log.config['retention.bytes'];
    const size = logSizeBytes(log);
    if (retentionBytes >= 0 && size >= retentionBytes) {
      let diff = size - retentionBytes;
      const bySize = (segment: LogSegment) => {
        if (diff - segment.sizeBytes < 0) return false;
        diff -= segment.sizeBytes;
        return true;
      };
      deleteSegments(log, highWatermark, bySize, 'RetentionSizeBreach', sink, deleted);
    }
    const retentionMs = log.config['retention.ms'];
    if (retentionMs >= 0) {
      const byTime = (segment: LogSegment) => now - segment.largestTimestamp > retentionMs;
      deleteSegments(log, highWatermark, byTime, 'RetentionMsBreach', sink, deleted);
    }
  }
  return { deleted, logStartOffset: log.logStartOffset };
}

/** UnifiedLog.deleteSegments over deletableSegments(predicate). */
function deleteSegments(
  log: LogState,
  highWatermark: number,
  predicate: (segment: LogSegment, next: LogSegment | undefined) => boolean,
  reason: SegmentDeletionReason,
  sink: DiskSink,
  deleted: DeletedSegment[],
): void {
  const segments = log.segments;
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const next = segments[i + 1];
    const upperBoundOffset = next === undefined ? log.logEndOffset : next.baseOffset;
    const isLastSegmentAndEmpty = next === undefined && segment.sizeBytes === 0;
    if (highWatermark >= upperBoundOffset && predicate(segment, next) && !isLastSegmentAndEmpty) count++;
    else break;
  }
  if (count === 0) return;
  // Never leave the log without a segment: the new one keeps the log end offset (UnifiedLog.deleteSegments).
  if (count === segments.length) rollSegment(log, 'retention', sink);
  const removed = log.segments.splice(0, count);
  for (let i = 0; i < removed.length; i++) {
    const segment = removed[i]!;
    const next = removed[i + 1] ?? log.segments[0]!;
    deleted.push({
      baseOffset: segment.baseOffset,
      nextOffset: next.baseOffset,
      sizeBytes: segment.sizeBytes,
      recordCount: recordCount(segment.batches),
      largestTimestamp: segment.largestTimestamp,
      reason,
    });
    sink({ op: 'delete', key: segmentKey(log.dir, segment.baseOffset) });
  }
  // A snapshot at a deleted segment's base is no longer needed (UnifiedLog.deleteProducerSnapshots).
  const firstBase = log.segments[0]!.baseOffset;
  deleteProducerSnapshots(log, (s) => s.offset < firstBase, sink);
  maybeIncrementLogStartOffset(log, firstBase, sink);
}
