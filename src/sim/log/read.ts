// Reading from the log (UnifiedLog.read -> LocalLog.read -> LogSegment.read). A read finds the segment
// (LogSegments.floorSegment) and the batch in it (LogSegment.translateOffset) from guesses checked against
// the packed offsets, so its cost does not grow with the log (see segment.ts). It returns whole batches
// from a single segment, as Kafka does: the first batch may start before the requested offset (the reader
// skips those records), and at least one batch is returned even if it is bigger than maxBytes, so a
// large batch can never block a consumer.
import type { LogState } from './log-state';
import type { RecordBatch } from './records';
import {
  batchEndPosition,
  firstSlotAtOrAbove,
  fetchEnd,
  floorSegmentIndex,
  translateOffset,
} from './segment';

export type ReadResult =
  | {
      error: null;
      batches: RecordBatch[];
      sizeBytes: number;
      /** The offset after the last batch returned (from the batch headers), or fromOffset if none. */
      nextOffset: number;
      /** Base offset of the segment read, or -1 when nothing was read. */
      segmentBaseOffset: number;
      logStartOffset: number;
      logEndOffset: number;
    }
  | { error: 'OFFSET_OUT_OF_RANGE'; message: string; logStartOffset: number; logEndOffset: number };

/**
 * Batches from `fromOffset`, each ending below `maxOffsetExclusive` (the high watermark or last stable
 * offset for consumers, the log end offset for followers: a batch holding the bound is not exposed),
 * up to `maxBytes`. OFFSET_OUT_OF_RANGE when fromOffset is below the log start offset or above the log
 * end offset; an empty result at the log end offset.
 */
export function read(
  log: LogState,
  fromOffset: number,
  maxOffsetExclusive: number,
  maxBytes: number,
  minOneMessage = true,
): ReadResult {
  const { logStartOffset, logEndOffset } = log;
  if (fromOffset < logStartOffset || fromOffset > logEndOffset) {
    return {
      error: 'OFFSET_OUT_OF_RANGE',
      message: `offset ${fromOffset} is out of range for log ${log.topic}-${log.partition} [${logStartOffset}, ${logEndOffset}]`,
      logStartOffset,
      logEndOffset,
    };
  }
  const upper = Math.min(maxOffsetExclusive, logEndOffset);
  if (fromOffset >= upper) return emptyRead(log, fromOffset);
  const segments = log.segments;
  // A segment may hold nothing at or above fromOffset (compaction gaps); LocalLog.read then tries the next.
  for (let s = Math.max(0, floorSegmentIndex(segments, fromOffset)); s < segments.length; s++) {
    const segment = segments[s]!;
    const slot = translateOffset(segment, fromOffset);
    if (slot < 0) continue;
    // LogSegment.read: from the batch at `slot` up to maxPosition (where the first batch reaching
    // `upper` starts) and at most maxBytes (but at least one batch with minOneMessage), both found by
    // searching the packed headers (positions and last offsets), not by walking the batches: the
    // batch objects are not read at all, only their references copied.
    const below = firstSlotAtOrAbove(segment, upper, slot);
    let end = fetchEnd(segment, slot, below, maxBytes);
    if (end === slot && minOneMessage && below > slot) end = slot + 1;
    const sizeBytes =
      end > slot ? batchEndPosition(segment, end - 1) - segment.batchHeaders[2 * slot + 1]! : 0;
    const nextOffset = end > slot ? segment.batchHeaders[2 * end - 2]! + 1 : fromOffset;
    // One batch (what a reader that keeps up gets, and what a single-batch read asks for) needs no
    // slice() call.
    const batches = end === slot + 1 ? [segment.batches[slot]!] : segment.batches.slice(slot, end);
    return {
      error: null,
      batches,
      sizeBytes,
      nextOffset,
      segmentBaseOffset: segment.baseOffset,
      logStartOffset,
      logEndOffset,
    };
  }
  return emptyRead(log, fromOffset);
}

function emptyRead(log: LogState, fromOffset: number): ReadResult {
  const { logStartOffset, logEndOffset } = log;
  return {
    error: null,
    batches: [],
    sizeBytes: 0,
    nextOffset: fromOffset,
    segmentBaseOffset: -1,
    logStartOffset,
    logEndOffset,
  };
}
