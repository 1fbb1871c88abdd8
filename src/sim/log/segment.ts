// One log segment (storage/.../log/LogSegment.java): the batches of an offset range, named by its base
// offset, with the bookkeeping Kafka keeps beside the .log file: its size, the timestamp that drives
// time-based rolling, the largest timestamp that drives time-based retention, and the sparse offset index.
// Everything here is derived from the batches, so a segment rebuilt from its batches (recovery,
// compaction, truncation) is identical to one built by appending them: that is what LogSegment.recover
// does after an unclean shutdown.
// Only the active (last) segment of a log changes: a rolled segment is sealed (frozen, with its batches,
// headers and index), and truncation and compaction replace segments rather than change them, so a
// checkpoint shares sealed segments instead of copying them. Every batch is frozen as it is appended.
import { deepFreeze } from '../core/clone';
import type { LogConfig } from './config';
import { maxIndexEntries } from './config';
import type { OffsetIndex } from './offset-index';
import { appendIndexEntry, emptyOffsetIndex, isIndexFull } from './offset-index';
import type { RecordBatch } from './records';

export interface LogSegment {
  baseOffset: number;
  batches: RecordBatch[];
  /**
   * The batch headers as the .log file's scan sees them (FileLogInputStream reads only the header of
   * each batch): for batch i, its last offset at [2i] and its start position at [2i + 1]. One packed
   * number array, so the forward scan after an index lookup and a read's size accounting touch neither
   * the batch objects nor a second array (fewer cache misses when the log is large).
   */
  batchHeaders: number[];
  sizeBytes: number;
  /** The first batch's maxTimestamp (LogSegment.rollingBasedTimestamp); -1 while empty. */
  firstBatchTimestamp: number;
  /** The largest batch timestamp (maxTimestampSoFar); -1 while empty. */
  largestTimestamp: number;
  offsetIndex: OffsetIndex;
  /** Bytes appended since the last index entry (LogSegment.bytesSinceLastIndexEntry). */
  bytesSinceLastIndexEntry: number;
}

/** Why a segment was rolled: the three conditions of LogSegment.shouldRoll. */
export type RollReason = 'segment.bytes' | 'segment.ms' | 'index-full';

export function emptySegment(baseOffset: number): LogSegment {
  return {
    baseOffset,
    batches: [],
    batchHeaders: [],
    sizeBytes: 0,
    firstBatchTimestamp: -1,
    largestTimestamp: -1,
    offsetIndex: emptyOffsetIndex(),
    bytesSinceLastIndexEntry: 0,
  };
}

/**
 * LogSegment.append: the batch goes at the end; an index entry (this batch's last offset -> its
 * position) is added first if more than `index.interval.bytes` were appended since the previous entry.
 */
export function appendToSegment(segment: LogSegment, batch: RecordBatch, indexIntervalBytes: number): void {
  deepFreeze(batch); // stored batches never change (see records.ts); a follower's may arrive unfrozen
  const position = segment.sizeBytes;
  if (segment.batches.length === 0) segment.firstBatchTimestamp = batch.maxTimestamp;
  if (batch.maxTimestamp > segment.largestTimestamp) segment.largestTimestamp = batch.maxTimestamp;
  if (segment.bytesSinceLastIndexEntry > indexIntervalBytes) {
    appendIndexEntry(segment.offsetIndex, batch.lastOffset, segment.batches.length);
    segment.bytesSinceLastIndexEntry = 0;
  }
  segment.batches.push(batch);
  segment.batchHeaders.push(batch.lastOffset, position);
  segment.sizeBytes += batch.sizeBytes;
  segment.bytesSinceLastIndexEntry += batch.sizeBytes;
}

/** Freezes a segment that will not be appended to again (rolled, or built by the cleaner). */
export function sealSegment(segment: LogSegment): LogSegment {
  return deepFreeze(segment);
}

/** A segment holding exactly `batches` (the array is copied), as LogSegment.recover rebuilds it. */
export function buildSegment(
  baseOffset: number,
  batches: readonly RecordBatch[],
  indexIntervalBytes: number,
): LogSegment {
  const segment = emptySegment(baseOffset);
  for (const batch of batches) appendToSegment(segment, batch, indexIntervalBytes);
  return segment;
}

/**
 * LogSegment.shouldRoll, checked before appending `batch` to the active segment:
 * size > segment.bytes - incoming size; or the incoming timestamp is more than segment.ms past the
 * first batch's (only for a non-empty segment); or the index is full. Null if no roll is needed.
 */
export function shouldRoll(segment: LogSegment, batch: RecordBatch, config: LogConfig): RollReason | null {
  if (segment.sizeBytes > config['segment.bytes'] - batch.sizeBytes) return 'segment.bytes';
  if (
    segment.sizeBytes > 0 &&
    segment.firstBatchTimestamp >= 0 &&
    batch.maxTimestamp - segment.firstBatchTimestamp > config['segment.ms']
  ) {
    return 'segment.ms';
  }
  if (isIndexFull(segment.offsetIndex, maxIndexEntries(config))) return 'index-full';
  return null;
}

/**
 * LogSegment.translateOffset: the slot of the first batch whose lastOffset >= offset; -1 if every batch
 * of the segment is below offset. Kafka finds it from the sparse index's greatest entry <= offset and a
 * forward scan of the file; here every batch's last offset is in the packed headers already, so one
 * binary search over them gives the same slot with fewer, more predictable steps (the sparse index
 * still decides what Kafka's index decides: when a segment is full).
 */
export function translateOffset(segment: LogSegment, offset: number): number {
  const headers = segment.batchHeaders;
  // A reader that keeps up asks for the batch after the one it read last: try that one first.
  const guess = lastSlot.segment === segment ? lastSlot.slot + 1 : -1;
  if (
    guess >= 0 &&
    2 * guess < headers.length &&
    headers[2 * guess]! >= offset &&
    (guess === 0 || headers[2 * guess - 2]! < offset)
  ) {
    lastSlot.slot = guess;
    return guess;
  }
  let lo = 0;
  let hi = headers.length >>> 1; // the answer is in [lo, hi]; hi means none
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (headers[2 * mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= headers.length >>> 1) return -1;
  lastSlot.segment = segment;
  lastSlot.slot = lo;
  return lo;
}

// The last slot translateOffset found, and the last segment floorSegmentIndex found: guesses for the
// next lookup, always checked against the packed offsets before use (never state; a wrong guess only
// costs the search it would have done anyway).
const lastSlot: { segment: LogSegment | null; slot: number } = { segment: null, slot: -1 };
const lastSegment: { segments: readonly LogSegment[] | null; index: number } = { segments: null, index: -1 };

/** The last offset of the batch in `slot`, from its header. */
export function batchLastOffsetAt(segment: LogSegment, slot: number): number {
  return segment.batchHeaders[2 * slot]!;
}

/** The size of the batch in `slot`, from the header positions (no batch object is read). */
export function batchSizeAt(segment: LogSegment, slot: number): number {
  const headers = segment.batchHeaders;
  const next = 2 * slot + 3 < headers.length ? headers[2 * slot + 3]! : segment.sizeBytes;
  return next - headers[2 * slot + 1]!;
}

/** The offset after the segment's last batch, or its base offset when it is empty (readNextOffset). */
export function segmentNextOffset(segment: LogSegment): number {
  const last = segment.batches[segment.batches.length - 1];
  return last === undefined ? segment.baseOffset : last.lastOffset + 1;
}

/** Index of the segment with the greatest baseOffset <= offset (LogSegments.floorSegment), or -1. */
export function floorSegmentIndex(segments: readonly LogSegment[], offset: number): number {
  // Most reads are at the tail (consumers and followers that keep up), in the active segment.
  const last = segments.length - 1;
  if (last >= 0 && segments[last]!.baseOffset <= offset) return last;
  // A reader going through the log stays in one segment for many reads.
  const g = lastSegment.segments === segments ? lastSegment.index : -1;
  if (g >= 0 && g < last && segments[g]!.baseOffset <= offset && segments[g + 1]!.baseOffset > offset)
    return g;
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  lastSegment.segments = segments;
  lastSegment.index = found;
  return found;
}
