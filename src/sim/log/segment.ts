// One log segment (storage/.../log/LogSegment.java): the batches of an offset range, named by its base
// offset, with the bookkeeping Kafka keeps beside the .log file: its size, the timestamp that drives
// time-based rolling, the largest timestamp that drives time-based retention, and the sparse offset index.
// Everything here is derived from the batches, so a segment rebuilt from its batches (recovery,
// compaction, truncation) is identical to one built by appending them: that is what LogSegment.recover
// does after an unclean shutdown.
// Only the active (last) segment of a log changes: a rolled segment is sealed (frozen, with its index;
// its batch list and packed headers are left unfrozen for read speed but never written again), and
// truncation and compaction replace segments rather than change them, so a checkpoint shares sealed
// segments instead of copying them. Every batch is frozen as it is appended.
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
   * each batch): for batch i (i < batches.length), its last offset at [2i] and its start position at
   * [2i + 1]. One packed array, so a lookup and a read's size accounting touch neither the batch objects
   * nor a second array. A Float64Array rather than a number array: a frozen number array (a sealed
   * segment's) is read several times slower by V8 than a typed array, and a typed array's numbers live
   * outside the JS heap, packed, away from the records. The active segment's has room to grow (entries
   * past 2 * batches.length are unused); sealing trims it.
   */
  batchHeaders: Float64Array;
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

// Shared by empty segments: it has no room, so the first append replaces it, and it is never written.
const NO_HEADERS = new Float64Array(0);
/** Room for this many batches when a segment's headers first grow; it doubles from there. */
const FIRST_HEADER_ROOM = 8;

export function emptySegment(baseOffset: number): LogSegment {
  return {
    baseOffset,
    batches: [],
    batchHeaders: NO_HEADERS,
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
  const slot = segment.batches.length;
  let headers = segment.batchHeaders;
  if (2 * slot + 2 > headers.length) {
    const grown = new Float64Array(Math.max(2 * FIRST_HEADER_ROOM, 2 * headers.length));
    grown.set(headers);
    segment.batchHeaders = headers = grown;
  }
  headers[2 * slot] = batch.lastOffset;
  headers[2 * slot + 1] = position;
  segment.batches.push(batch);
  segment.sizeBytes += batch.sizeBytes;
  segment.bytesSinceLastIndexEntry += batch.sizeBytes;
}

/**
 * Freezes a segment that will not be appended to again (rolled, or built by the cleaner): the segment
 * and its index (its batches are frozen already). Two parts are left unfrozen, and nothing writes them:
 * - the batch list: V8 reads a frozen array's elements 2-3x slower than a plain array's, slower still
 *   where both kinds meet (the active segment's list is plain), and its slice() leaves the fast path;
 * - the headers, trimmed here to a new array of exactly the batches' entries: typed arrays cannot be
 *   frozen (and a checkpoint taken while the segment was active holds a copy of the old array).
 * A checkpoint shares a sealed segment whole (copyMutable stops at a frozen object), so it never
 * looks inside either.
 */
export function sealSegment(segment: LogSegment): LogSegment {
  if (!Object.isExtensible(segment)) return segment;
  const entries = 2 * segment.batches.length;
  if (segment.batchHeaders.length !== entries) segment.batchHeaders = segment.batchHeaders.slice(0, entries);
  deepFreeze(segment.offsetIndex);
  return Object.freeze(segment);
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
 * forward scan of the file; here every batch's last offset is in the packed headers already, so the
 * search goes straight to the slot (the sparse index still decides what Kafka's index decides: when a
 * segment is full). It starts from a guess, checked against the headers before use: the batch after
 * the one found last (a reader that keeps up), else the slot where the offset would be if the
 * segment's batches spanned equal offset ranges (exact when the producer's batches are alike, as they
 * mostly are). From a wrong guess it gallops outwards, then halves: O(log distance) probes, never more
 * than about twice a plain binary search. A right guess costs one or two probes, all in one or two
 * cache lines, where a binary search over a segment of a large log waits on a cache miss per probe.
 */
export function translateOffset(segment: LogSegment, offset: number): number {
  const headers = segment.batchHeaders;
  const n = segment.batches.length;
  let guess = lastSlot.baseOffset === segment.baseOffset ? lastSlot.slot + 1 : -1;
  if (guess <= 0 || guess >= n || headers[2 * guess - 2]! >= offset || headers[2 * guess]! < offset) {
    if (n === 0 || headers[2 * n - 2]! < offset) return -1;
    // From here the answer is a slot in [0, n - 1].
    const base = segment.baseOffset;
    guess = Math.floor(((offset - base) * n) / (headers[2 * n - 2]! + 1 - base));
    // Clamped into [0, n - 1]; !(x >= 0) also catches NaN.
    if (!(guess >= 0)) guess = 0;
    else if (guess >= n) guess = n - 1;
    guess = gallopToFirstAtOrAbove(headers, n, offset, guess);
  }
  lastSlot.baseOffset = segment.baseOffset;
  lastSlot.slot = guess;
  return guess;
}

/**
 * The first slot at or after `from` whose batch's last offset is >= offset, or the segment's batch count
 * if there is none: where a read bounded by `offset` (the high watermark) stops, LogSegment.read's
 * maxPosition. Unlike translateOffset it leaves the guess for the next lookup alone.
 */
export function firstSlotAtOrAbove(segment: LogSegment, offset: number, from: number): number {
  const headers = segment.batchHeaders;
  const n = segment.batches.length;
  if (from >= n || !(headers[2 * n - 2]! >= offset)) return n; // (a NaN bound holds nothing back)
  if (headers[2 * from]! >= offset) return from;
  // From here the answer is in [from + 1, n - 1].
  const base = segment.baseOffset;
  let guess = Math.floor(((offset - base) * n) / (headers[2 * n - 2]! + 1 - base));
  if (!(guess > from)) guess = from + 1;
  else if (guess >= n) guess = n - 1;
  return gallopToFirstAtOrAbove(headers, n, offset, guess);
}

/**
 * The first slot i in [0, n - 1] whose last offset headers[2i] is >= offset, knowing that the last
 * slot's is: exponential steps away from `guess` until the answer is bracketed, then binary search.
 */
function gallopToFirstAtOrAbove(headers: Float64Array, n: number, offset: number, guess: number): number {
  // The answer is in (lo, hi]: headers[2 lo] < offset (or lo = -1) and headers[2 hi] >= offset.
  let lo: number;
  let hi: number;
  if (headers[2 * guess]! >= offset) {
    hi = guess;
    lo = guess - 1;
    for (let step = 2; lo >= 0 && headers[2 * lo]! >= offset; step *= 2) {
      hi = lo;
      lo = Math.max(-1, hi - step);
    }
  } else {
    lo = guess;
    hi = Math.min(n - 1, guess + 1);
    for (let step = 2; hi < n - 1 && headers[2 * hi]! < offset; step *= 2) {
      lo = hi;
      hi = Math.min(n - 1, lo + step);
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (headers[2 * mid]! < offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The position where the batch in `slot` ends: the next batch's position, or the segment's size. */
export function batchEndPosition(segment: LogSegment, slot: number): number {
  return slot + 1 < segment.batches.length ? segment.batchHeaders[2 * slot + 3]! : segment.sizeBytes;
}

/**
 * The end (exclusive) of the run of whole batches from slot `from`, below slot `to`, whose total size is
 * at most maxBytes: the first slot i in [from, to) whose batch ends more than maxBytes past the start of
 * batch `from`, or `to` if none does. Found from the batch positions, as LogSegment.read finds its fetch
 * size, without walking the batches: the search starts where batches of the segment's average size
 * would put the answer (a guess that needs no header, so its probe does not wait for the first one) and
 * gallops from there.
 */
export function fetchEnd(segment: LogSegment, from: number, to: number, maxBytes: number): number {
  if (to <= from) return to;
  const n = segment.batches.length;
  let guess = from + Math.floor((maxBytes * n) / segment.sizeBytes);
  if (!(guess >= from)) guess = from;
  else if (guess >= to) guess = to - 1;
  const position = segment.batchHeaders[2 * from + 1]! + maxBytes;
  // The answer is in (lo, hi]: lo = from - 1 or batch lo ends at or before position; hi = to or batch hi
  // ends after it. Tests are written "not after" (!(end > position)) so that a NaN maxBytes fits
  // everything, as the batch-by-batch walk this replaces did.
  let lo: number;
  let hi: number;
  if (batchEndPosition(segment, guess) > position) {
    hi = guess;
    lo = guess - 1;
    for (let step = 2; lo >= from && batchEndPosition(segment, lo) > position; step *= 2) {
      hi = lo;
      lo = Math.max(from - 1, hi - step);
    }
  } else {
    lo = guess;
    hi = Math.min(to, guess + 1);
    for (let step = 2; hi < to && !(batchEndPosition(segment, hi) > position); step *= 2) {
      lo = hi;
      hi = Math.min(to, lo + step);
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (!(batchEndPosition(segment, mid) > position)) lo = mid;
    else hi = mid;
  }
  return hi;
}

// The last slot translateOffset found (with its segment's base offset), and the last segment
// floorSegmentIndex found: guesses for the next lookup, always checked against the packed offsets before
// use (never state: a wrong guess only costs the search it would have done anyway). Numbers only, so
// that remembering them writes no pointer (no write barrier, no page-header load of a far object).
const lastSlot = { baseOffset: -1, slot: -1 };
const lastSegment = { index: -1 };

/** The offset after the segment's last batch, or its base offset when it is empty (readNextOffset). */
export function segmentNextOffset(segment: LogSegment): number {
  const last = segment.batches[segment.batches.length - 1];
  return last === undefined ? segment.baseOffset : last.lastOffset + 1;
}

/**
 * Index of the segment with the greatest baseOffset <= offset (LogSegments.floorSegment), or -1. As in
 * translateOffset, the search starts from checked guesses: the active segment (most reads are at the
 * tail, by consumers and followers that keep up), the segment found last (a reader going through the
 * log stays in one segment for many reads), else where the offset would be if every segment spanned
 * the same offset range (segments roll at the same size, so this is mostly right), galloping from there.
 */
export function floorSegmentIndex(segments: readonly LogSegment[], offset: number): number {
  const last = segments.length - 1;
  if (last < 0) return -1;
  const lastBase = segments[last]!.baseOffset;
  if (lastBase <= offset) return last;
  const firstBase = segments[0]!.baseOffset;
  if (offset < firstBase) return -1;
  // From here last >= 1 and the answer is in [0, last - 1].
  let g = lastSegment.index;
  if (g >= 0 && g < last && segments[g]!.baseOffset <= offset && segments[g + 1]!.baseOffset > offset)
    return g;
  g = Math.floor(((offset - firstBase) * last) / (lastBase - firstBase));
  if (!(g >= 0)) g = 0;
  else if (g >= last) g = last - 1;
  // The answer is in [lo, hi): segments[lo].baseOffset <= offset < segments[hi].baseOffset.
  let lo: number;
  let hi: number;
  if (segments[g]!.baseOffset <= offset) {
    lo = g;
    hi = g + 1;
    for (let step = 2; segments[hi]!.baseOffset <= offset; step *= 2) {
      lo = hi;
      hi = Math.min(last, lo + step);
    }
  } else {
    hi = g;
    lo = g - 1;
    for (let step = 2; segments[lo]!.baseOffset > offset; step *= 2) {
      hi = lo;
      lo = Math.max(0, hi - step);
    }
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.baseOffset <= offset) lo = mid;
    else hi = mid;
  }
  lastSegment.index = lo;
  return lo;
}
