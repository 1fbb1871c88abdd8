// Log compaction (LogCleanerManager.cleanableOffsets, LogToClean, Cleaner.doClean / cleanSegments /
// shouldRetainRecord, MemoryRecords.filterTo). For cleanup.policy `compact` (or `compact,delete`) the
// cleaner keeps the latest record of every key. It works on whole segments below the first uncleanable
// offset, so the active segment is never touched; records keep their offsets (the log gets gaps) and
// batches keep their offset ranges. A tombstone (null value) survives one more delete.retention.ms after
// the cleaning that first saw it, so that consumers reading behind can still see the delete (KIP-534).
import { isCompacted, maxIndexEntries } from './config';
import type { DiskSink } from './disk-layout';
import { segmentKey } from './disk-layout';
import type { LogState } from './log-state';
import { activeSegment, deleteProducerSnapshots, segmentsInRange, writeCleanerCheckpoint } from './log-state';
import { lastOffsetsOfActiveProducers } from './producer-state';
import type { LogRecord, RecordBatch } from './records';
import { RECORD_BATCH_OVERHEAD_BYTES, batchSizeBytes, maxTimestampOf } from './records';
import type { LogSegment } from './segment';
import { buildSegment, floorSegmentIndex, sealSegment } from './segment';

export interface CleanableOffsets {
  /** Where the dirty (not yet cleaned) part of the log starts. */
  firstDirtyOffset: number;
  /** Base offset of the first segment the cleaner may not touch. */
  firstUncleanableOffset: number;
  cleanBytes: number;
  cleanableBytes: number;
  /** cleanableBytes / (cleanBytes + cleanableBytes); 0 for an empty log. */
  cleanableRatio: number;
}

export interface CleanResult {
  /** False when the log was not cleaned (not compacted, nothing cleanable, or the ratio was too low). */
  cleaned: boolean;
  firstDirtyOffset: number;
  firstUncleanableOffset: number;
  cleanableRatio: number;
  /** The new cleaner checkpoint: the next cleaning starts here. */
  nextDirtyOffset: number;
  recordsRemoved: number;
  /** Of recordsRemoved, the tombstones (superseded, or past their delete horizon). */
  tombstonesRemoved: number;
  batchesRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Base offsets of the segments rewritten, and of the segments that replace them. */
  segmentsBefore: number[];
  segmentsAfter: number[];
}

/**
 * LogCleanerManager.cleanableOffsets and calculateCleanableBytes. The dirty part starts at the cleaner
 * checkpoint (reset to the log start offset if it is outside the log). It ends at the earliest of: the
 * active segment, `upperBoundOffset` (the caller's high watermark or last stable offset: nothing not yet
 * committed is compacted), and the first segment holding a record younger than min.compaction.lag.ms,
 * rounded down to the base offset of the segment holding it.
 */
export function cleanableOffsets(log: LogState, upperBoundOffset: number, now: number): CleanableOffsets {
  const checkpoint = log.cleanerCheckpoint;
  const firstDirtyOffset =
    checkpoint < log.logStartOffset || checkpoint > log.logEndOffset ? log.logStartOffset : checkpoint;
  const active = activeSegment(log);
  let uncleanable = Math.min(upperBoundOffset, active.baseOffset);
  const lagMs = log.config['min.compaction.lag.ms'];
  if (lagMs > 0) {
    for (const segment of segmentsInRange(log, firstDirtyOffset, active.baseOffset)) {
      if (segment.largestTimestamp > now - lagMs) {
        uncleanable = Math.min(uncleanable, segment.baseOffset);
        break;
      }
    }
  }
  // The first uncleanable segment is the one holding `uncleanable`, or the active segment.
  const index = floorSegmentIndex(log.segments, uncleanable);
  const firstUncleanableOffset =
    index >= 0 && index < log.segments.length - 1 ? log.segments[index]!.baseOffset : active.baseOffset;
  const cleanableBytes = sumSizes(
    segmentsInRange(log, Math.min(firstDirtyOffset, firstUncleanableOffset), firstUncleanableOffset),
  );
  const cleanBytes = sumSizes(segmentsInRange(log, -1, firstDirtyOffset));
  const total = cleanBytes + cleanableBytes;
  return {
    firstDirtyOffset,
    firstUncleanableOffset,
    cleanBytes,
    cleanableBytes,
    cleanableRatio: total > 0 ? cleanableBytes / total : 0,
  };
}

/**
 * What the cleaner thread does for one log (LogCleanerManager.grabFilthiestCompactedLog, then
 * Cleaner.clean): for a compacted topic, clean when there are cleanable bytes and the dirty ratio is
 * above min.cleanable.dirty.ratio (Kafka compares with `>`).
 */
export function compactLog(
  log: LogState,
  upperBoundOffset: number,
  now: number,
  sink: DiskSink,
): CleanResult {
  const offsets = cleanableOffsets(log, upperBoundOffset, now);
  if (
    !isCompacted(log.config) ||
    offsets.cleanableBytes <= 0 ||
    !(offsets.cleanableRatio > log.config['min.cleanable.dirty.ratio'])
  ) {
    return notCleaned(log, offsets);
  }
  return cleanLog(log, upperBoundOffset, now, sink);
}

/**
 * Cleaner.doClean, whatever the dirty ratio: builds the key -> latest offset map of the dirty range,
 * then rewrites every segment from the start of the log up to the end of that range, grouped so that
 * a group fits in segment.bytes (groupSegmentsBySize); each group becomes one segment named by its first
 * base offset. A record is kept if it is past the map's range, or if it is the latest for its key and is
 * not a tombstone whose batch's delete horizon has passed. Keyless records are dropped.
 */
export function cleanLog(log: LogState, upperBoundOffset: number, now: number, sink: DiskSink): CleanResult {
  const offsets = cleanableOffsets(log, upperBoundOffset, now);
  const { firstDirtyOffset, firstUncleanableOffset } = offsets;
  if (firstUncleanableOffset <= firstDirtyOffset) return notCleaned(log, offsets);

  // Cleaner.buildOffsetMap (the map is exact here, not a hash table that can fill up).
  const latestOffsetByKey = new Map<string, number>();
  let latestOffset = -1;
  for (const segment of segmentsInRange(log, firstDirtyOffset, firstUncleanableOffset)) {
    for (const batch of segment.batches) {
      for (const r of batch.records) {
        if (r.offset < firstDirtyOffset || r.offset >= firstUncleanableOffset || r.key === null) continue;
        latestOffsetByKey.set(r.key, r.offset);
        latestOffset = r.offset;
      }
    }
  }
  const result: CleanResult = {
    cleaned: true,
    firstDirtyOffset,
    firstUncleanableOffset,
    cleanableRatio: offsets.cleanableRatio,
    nextDirtyOffset: latestOffset >= 0 ? latestOffset + 1 : firstUncleanableOffset,
    recordsRemoved: 0,
    tombstonesRemoved: 0,
    batchesRemoved: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    segmentsBefore: [],
    segmentsAfter: [],
  };
  const endOffset = result.nextDirtyOffset;
  const toClean: LogSegment[] = [];
  for (const segment of log.segments)
    if (segment.baseOffset < endOffset && segment !== activeSegment(log)) toClean.push(segment);

  const filter: RecordFilter = {
    latestOffsetByKey,
    latestOffset,
    now,
    deleteRetentionMs: log.config['delete.retention.ms'],
    lastOffsetOfProducer: lastOffsetsOfActiveProducers(log.producerState),
    upperBoundOffsetOfCleaningRound: firstUncleanableOffset,
  };
  for (const group of groupSegmentsBySize(
    toClean,
    log.config['segment.bytes'],
    maxIndexEntries(log.config),
  )) {
    cleanSegments(log, group, filter, result, sink);
  }
  log.cleanerCheckpoint = endOffset;
  writeCleanerCheckpoint(log, sink);
  return result;
}

function notCleaned(log: LogState, offsets: CleanableOffsets): CleanResult {
  return {
    cleaned: false,
    firstDirtyOffset: offsets.firstDirtyOffset,
    firstUncleanableOffset: offsets.firstUncleanableOffset,
    cleanableRatio: offsets.cleanableRatio,
    nextDirtyOffset: log.cleanerCheckpoint,
    recordsRemoved: 0,
    tombstonesRemoved: 0,
    batchesRemoved: 0,
    bytesBefore: 0,
    bytesAfter: 0,
    segmentsBefore: [],
    segmentsAfter: [],
  };
}

function sumSizes(segments: readonly LogSegment[]): number {
  let size = 0;
  for (const s of segments) size += s.sizeBytes;
  return size;
}

/**
 * Cleaner.groupSegmentsBySize: consecutive segments are merged while the group's bytes stay within
 * segment.bytes and its index entries within segment.index.bytes, so cleaning does not leave a trail
 * of tiny segments.
 */
export function groupSegmentsBySize(
  segments: readonly LogSegment[],
  maxSizeBytes: number,
  maxIndexEntryCount: number,
): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const group = [segments[i]!];
    let size = segments[i]!.sizeBytes;
    let entries = segments[i]!.offsetIndex.offsets.length;
    i++;
    while (
      i < segments.length &&
      size + segments[i]!.sizeBytes <= maxSizeBytes &&
      entries + segments[i]!.offsetIndex.offsets.length <= maxIndexEntryCount
    ) {
      size += segments[i]!.sizeBytes;
      entries += segments[i]!.offsetIndex.offsets.length;
      group.push(segments[i]!);
      i++;
    }
    groups.push(group);
  }
  return groups;
}

interface RecordFilter {
  latestOffsetByKey: Map<string, number>;
  latestOffset: number;
  now: number;
  deleteRetentionMs: number;
  lastOffsetOfProducer: { [producerId: string]: number };
  upperBoundOffsetOfCleaningRound: number;
}

/** Cleaner.cleanSegments: one group of segments into one cleaned segment that replaces them. */
function cleanSegments(
  log: LogState,
  group: readonly LogSegment[],
  filter: RecordFilter,
  result: CleanResult,
  sink: DiskSink,
): void {
  const cleaned: RecordBatch[] = [];
  let changed = group.length > 1;
  for (const segment of group) {
    result.bytesBefore += segment.sizeBytes;
    result.segmentsBefore.push(segment.baseOffset);
    for (const batch of segment.batches) {
      const kept = filterBatch(batch, filter, result);
      if (kept !== batch) changed = true;
      if (kept !== null) cleaned.push(kept);
      else result.batchesRemoved++;
    }
  }
  const baseOffset = group[0]!.baseOffset;
  result.segmentsAfter.push(baseOffset);
  if (!changed) {
    result.bytesAfter += group[0]!.sizeBytes;
    return;
  }
  // The active segment is never cleaned, so the replacement is sealed from the start.
  const replacement = sealSegment(buildSegment(baseOffset, cleaned, log.config['index.interval.bytes']));
  result.bytesAfter += replacement.sizeBytes;
  const at = log.segments.indexOf(group[0]!);
  log.segments.splice(at, group.length, replacement);
  // LocalLog.replaceSegments: the cleaned file takes the first segment's name, the others are deleted.
  sink({ op: 'put', key: segmentKey(log.dir, baseOffset), value: cleaned.slice() });
  const merged = group.slice(1).map((s) => s.baseOffset);
  for (const base of merged) sink({ op: 'delete', key: segmentKey(log.dir, base) });
  if (merged.length > 0) deleteProducerSnapshots(log, (s) => merged.includes(s.offset), sink);
}

/**
 * MemoryRecords.filterTo with the cleaner's RecordFilter (checkBatchRetention + shouldRetainRecord).
 * Returns the batch itself when nothing changes, a new batch when records go or a delete horizon is set,
 * and null when the batch goes entirely. A batch emptied of records is still kept (header only) when it
 * is an active producer's last batch, so the producer's sequence survives, or the last batch of the
 * cleaning round, so the log keeps its last offset. Kept batches keep their base and last offsets
 * (builder.overrideLastOffset in newer Kafka).
 */
function filterBatch(batch: RecordBatch, f: RecordFilter, result: CleanResult): RecordBatch | null {
  const retained: LogRecord[] = [];
  let containsTombstones = false;
  const horizon = batch.deleteHorizonMs;
  for (const r of batch.records) {
    let keep: boolean;
    if (r.offset > f.latestOffset) keep = true;
    else if (r.key === null) keep = false;
    else {
      const found = f.latestOffsetByKey.get(r.key) ?? -1;
      const retainDeletes = horizon === undefined || f.now < horizon;
      keep = r.offset >= found && (r.value !== null || retainDeletes);
    }
    if (keep) {
      retained.push(r);
      if (r.value === null) containsTombstones = true;
    } else {
      result.recordsRemoved++;
      if (r.value === null) result.tombstonesRemoved++;
    }
  }
  if (retained.length === 0) {
    const isLastOfProducer =
      batch.producerId >= 0 && f.lastOffsetOfProducer[batch.producerId] === batch.lastOffset;
    const isLastOfRound = batch.lastOffset + 1 === f.upperBoundOffsetOfCleaningRound;
    if (!isLastOfProducer && !isLastOfRound) return null;
    if (batch.records.length === 0) return batch;
    return {
      baseOffset: batch.baseOffset,
      lastOffset: batch.lastOffset,
      leaderEpoch: batch.leaderEpoch,
      producerId: batch.producerId,
      producerEpoch: batch.producerEpoch,
      baseSequence: batch.baseSequence,
      maxTimestamp: batch.maxTimestamp,
      sizeBytes: RECORD_BATCH_OVERHEAD_BYTES,
      records: [],
    };
  }
  const needToSetDeleteHorizon = containsTombstones && horizon === undefined;
  if (retained.length === batch.records.length && !needToSetDeleteHorizon) return batch;
  const rewritten: RecordBatch = {
    baseOffset: batch.baseOffset,
    lastOffset: batch.lastOffset,
    leaderEpoch: batch.leaderEpoch,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    maxTimestamp: maxTimestampOf(retained),
    sizeBytes: batchSizeBytes(batch.baseOffset, retained),
    records: retained,
  };
  if (needToSetDeleteHorizon) rewritten.deleteHorizonMs = f.now + f.deleteRetentionMs;
  else if (horizon !== undefined) rewritten.deleteHorizonMs = horizon;
  return rewritten;
}
