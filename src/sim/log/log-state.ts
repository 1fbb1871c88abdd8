// The log of one partition replica (UnifiedLog.scala over LocalLog.scala): its segments, its start and end
// offsets, the leader-epoch cache and the producer state, as plain data, plus the small internal steps
// the operations share (roll, moving the log start offset, producer snapshots). Every step that changes
// durable state emits the matching disk op, so the disk image alone can rebuild the same LogState.
import { deepFreeze } from '../core/clone';
import type { LogConfig } from './config';
import type { DiskSink } from './disk-layout';
import {
  CLEANER_OFFSET_CHECKPOINT,
  LEADER_EPOCH_CHECKPOINT,
  LOG_START_OFFSET_CHECKPOINT,
  logDir,
  segmentKey,
  snapshotKey,
} from './disk-layout';
import type { EpochEndOffset, LeaderEpochCache } from './leader-epoch-cache';
import {
  assignEpoch,
  emptyLeaderEpochCache,
  endOffsetFor,
  epochCheckpoint,
  truncateFromStart,
} from './leader-epoch-cache';
import type { ProducerStateEntry, ProducerStateTable } from './producer-state';
import {
  emptyProducerStateTable,
  producerEntries,
  producerStateFrom,
  updateProducerState,
} from './producer-state';
import type { LogSegment, RollReason } from './segment';
import { emptySegment, floorSegmentIndex, sealSegment, segmentNextOffset } from './segment';

/** A producer-state snapshot file (ProducerStateManager.takeSnapshot): the state as of `offset`. */
export interface ProducerSnapshot {
  offset: number;
  producers: ProducerStateEntry[];
}

export interface LogState {
  topic: string;
  partition: number;
  /** `log/<topic>-<partition>/`, the prefix of every disk key of this log. */
  dir: string;
  config: LogConfig;
  /** Sorted by baseOffset; never empty; the last one is the active segment. */
  segments: LogSegment[];
  /** The first offset a reader may fetch; moves up with retention and DeleteRecords, never renumbers. */
  logStartOffset: number;
  /** The offset the next appended record gets. */
  logEndOffset: number;
  leaderEpochCache: LeaderEpochCache;
  producerState: ProducerStateTable;
  /** Sorted by offset. Frozen once taken (the disk holds the same objects). */
  producerSnapshots: ProducerSnapshot[];
  /** The cleaner's checkpointed first dirty offset; -1 before the first cleaning. */
  cleanerCheckpoint: number;
}

export interface RollInfo {
  /** Base offset of the new active segment. */
  baseOffset: number;
  reason: RollReason | 'retention';
}

/** A new, empty log whose first offset is `startOffset`, with its first segment file created. */
export function createLog(
  topic: string,
  partition: number,
  config: LogConfig,
  sink: DiskSink,
  startOffset = 0,
): LogState {
  const log: LogState = {
    topic,
    partition,
    dir: logDir(topic, partition),
    config,
    segments: [emptySegment(startOffset)],
    logStartOffset: startOffset,
    logEndOffset: startOffset,
    leaderEpochCache: emptyLeaderEpochCache(),
    producerState: emptyProducerStateTable(),
    producerSnapshots: [],
    cleanerCheckpoint: -1,
  };
  sink({ op: 'put', key: segmentKey(log.dir, startOffset), value: [] });
  if (startOffset > 0) writeLogStartOffset(log, sink);
  return log;
}

/** Topic config changes (AlterConfigs) apply to the next operation, as in Kafka's UnifiedLog.updateConfig. */
export function updateLogConfig(log: LogState, config: LogConfig): void {
  log.config = config;
}

export function activeSegment(log: LogState): LogSegment {
  return log.segments[log.segments.length - 1]!;
}

/** Total bytes of all segments (UnifiedLog.size). */
export function logSizeBytes(log: LogState): number {
  let size = 0;
  for (const s of log.segments) size += s.sizeBytes;
  return size;
}

/** The segment holding `offset` (greatest base offset <= offset), or undefined below the first segment. */
export function segmentFor(log: LogState, offset: number): LogSegment | undefined {
  const i = floorSegmentIndex(log.segments, offset);
  return i < 0 ? undefined : log.segments[i];
}

/**
 * LogSegments.values(from, to): the segments overlapping [from, to): the one holding `from` (or the first)
 * and every later one whose base offset is below `to`.
 */
export function segmentsInRange(log: LogState, from: number, to: number): LogSegment[] {
  if (to <= from) return [];
  const start = Math.max(0, floorSegmentIndex(log.segments, from));
  const result: LogSegment[] = [];
  for (let i = start; i < log.segments.length && log.segments[i]!.baseOffset < to; i++) {
    result.push(log.segments[i]!);
  }
  return result;
}

export function writeLogStartOffset(log: LogState, sink: DiskSink): void {
  sink({ op: 'put', key: log.dir + LOG_START_OFFSET_CHECKPOINT, value: log.logStartOffset });
}

export function writeEpochCheckpoint(log: LogState, sink: DiskSink): void {
  const entries = deepFreeze(epochCheckpoint(log.leaderEpochCache));
  sink({ op: 'put', key: log.dir + LEADER_EPOCH_CHECKPOINT, value: entries });
}

export function writeCleanerCheckpoint(log: LogState, sink: DiskSink): void {
  sink({ op: 'put', key: log.dir + CLEANER_OFFSET_CHECKPOINT, value: log.cleanerCheckpoint });
}

/** ProducerStateManager.takeSnapshot at the log end offset; replaces an older snapshot at that offset. */
export function takeProducerSnapshot(log: LogState, sink: DiskSink): void {
  const snapshot: ProducerSnapshot = deepFreeze({
    offset: log.logEndOffset,
    producers: producerEntries(log.producerState),
  });
  const snapshots = log.producerSnapshots;
  while (snapshots.length > 0 && snapshots[snapshots.length - 1]!.offset >= snapshot.offset) snapshots.pop();
  snapshots.push(snapshot);
  sink({ op: 'put', key: snapshotKey(log.dir, snapshot.offset), value: snapshot });
}

/** Removes the snapshots `drop` selects, from memory and disk. */
export function deleteProducerSnapshots(
  log: LogState,
  drop: (snapshot: ProducerSnapshot) => boolean,
  sink: DiskSink,
): void {
  const kept: ProducerSnapshot[] = [];
  for (const s of log.producerSnapshots) {
    if (drop(s)) sink({ op: 'delete', key: snapshotKey(log.dir, s.offset) });
    else kept.push(s);
  }
  log.producerSnapshots = kept;
}

/**
 * UnifiedLog.roll: a new empty active segment at the log end offset, with a producer snapshot taken
 * there (so recovery replays only the new segment). Rolling an empty active segment is a no-op, as
 * Kafka replaces an empty segment with the same base offset rather than adding one.
 */
export function rollSegment(log: LogState, reason: RollInfo['reason'], sink: DiskSink): RollInfo | null {
  const active = activeSegment(log);
  if (active.batches.length === 0) return null;
  const baseOffset = log.logEndOffset;
  sealSegment(active);
  log.segments.push(emptySegment(baseOffset));
  sink({ op: 'put', key: segmentKey(log.dir, baseOffset), value: [] });
  takeProducerSnapshot(log, sink);
  return { baseOffset, reason };
}

/**
 * UnifiedLog.maybeIncrementLogStartOffset: moves the log start offset up (never down), trims the
 * leader-epoch cache from the start and persists both. The caller checks newLogStartOffset <= high
 * watermark (Kafka throws OffsetOutOfRangeException otherwise). Segments wholly below it are removed
 * later by deleteOldSegments. Returns whether it moved.
 */
export function maybeIncrementLogStartOffset(
  log: LogState,
  newLogStartOffset: number,
  sink: DiskSink,
): boolean {
  if (newLogStartOffset > log.logEndOffset) {
    throw new RangeError(
      `log start offset ${newLogStartOffset} is above the log end offset ${log.logEndOffset}`,
    );
  }
  if (newLogStartOffset <= log.logStartOffset) return false;
  log.logStartOffset = newLogStartOffset;
  writeLogStartOffset(log, sink);
  if (truncateFromStart(log.leaderEpochCache, newLogStartOffset)) writeEpochCheckpoint(log, sink);
  return true;
}

/**
 * ProducerStateManager.truncateAndReload / UnifiedLog.rebuildProducerState: load the latest snapshot at
 * or below the log end offset and replay the batches after it. Used by truncation and recovery alike,
 * so both arrive at the same state.
 */
export function rebuildProducerState(log: LogState): void {
  let snapshot: ProducerSnapshot | undefined;
  for (const s of log.producerSnapshots) if (s.offset <= log.logEndOffset) snapshot = s;
  log.producerState =
    snapshot === undefined ? emptyProducerStateTable() : producerStateFrom(snapshot.producers);
  const from = snapshot === undefined ? -1 : snapshot.offset;
  const start = Math.max(0, floorSegmentIndex(log.segments, from));
  for (let i = start; i < log.segments.length; i++) {
    for (const batch of log.segments[i]!.batches) {
      if (batch.baseOffset >= from && batch.lastOffset < log.logEndOffset)
        updateProducerState(log.producerState, batch);
    }
  }
}

/** The offset after the last batch of the log (what the log end offset must equal). */
export function nextOffsetOfSegments(segments: readonly LogSegment[]): number {
  return segmentNextOffset(segments[segments.length - 1]!);
}

/**
 * UnifiedLog.maybeAssignEpochStartOffset: a new leader records where its epoch starts (its log end
 * offset) before it appends anything, so OffsetsForLeaderEpoch answers correctly at once.
 */
export function maybeAssignEpochStartOffset(
  log: LogState,
  leaderEpoch: number,
  startOffset: number,
  sink: DiskSink,
): boolean {
  const changed = assignEpoch(log.leaderEpochCache, leaderEpoch, startOffset);
  if (changed) writeEpochCheckpoint(log, sink);
  return changed;
}

/** UnifiedLog.endOffsetForEpoch: the answer to OffsetsForLeaderEpoch from this log. */
export function endOffsetForEpoch(log: LogState, leaderEpoch: number): EpochEndOffset {
  return endOffsetFor(log.leaderEpochCache, leaderEpoch, log.logEndOffset);
}
