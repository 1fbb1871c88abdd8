// Loading a log from its disk image after a (re)start (LogLoader.java, LogSegment.recover): the segments
// come from the .log files, their indexes and timestamps are rebuilt from the batches, the log end
// offset follows the last batch, the leader-epoch cache comes from its checkpoint, and the producer
// state from the latest snapshot plus a replay of the batches after it. A log rebuilt this way equals
// the live one the disk ops were emitted by.
import { deepFreeze } from '../core/clone';
import type { Disk } from '../core/node';
import type { LogConfig } from './config';
import type { DiskSink } from './disk-layout';
import {
  CLEANER_OFFSET_CHECKPOINT,
  LEADER_EPOCH_CHECKPOINT,
  LOG_START_OFFSET_CHECKPOINT,
  SEGMENT_SUFFIX,
  SNAPSHOT_SUFFIX,
  logDir,
  offsetFromFileName,
  segmentKey,
  snapshotKey,
} from './disk-layout';
import type { EpochEntry } from './leader-epoch-cache';
import { truncateFromEnd, truncateFromStart } from './leader-epoch-cache';
import type { LogState, ProducerSnapshot } from './log-state';
import { nextOffsetOfSegments, rebuildProducerState } from './log-state';
import { emptyProducerStateTable } from './producer-state';
import type { RecordBatch } from './records';
import type { LogSegment } from './segment';
import { buildSegment, emptySegment, sealSegment } from './segment';

/**
 * The log of `topic`-`partition` as stored on `disk`, or an empty log starting at 0 if the disk holds
 * none. Pure: reads the image, writes nothing. Batch objects are shared with the disk (both treat them
 * as immutable); every list is copied.
 */
export function recoverLog(
  topic: string,
  partition: number,
  config: LogConfig,
  disk: Readonly<Disk>,
): LogState {
  const dir = logDir(topic, partition);
  const segmentBases: number[] = [];
  const snapshotOffsets: number[] = [];
  for (const key of Object.keys(disk)) {
    if (!key.startsWith(dir)) continue;
    const name = key.slice(dir.length);
    const base = offsetFromFileName(name, SEGMENT_SUFFIX);
    if (base >= 0) segmentBases.push(base);
    const snapshotOffset = offsetFromFileName(name, SNAPSHOT_SUFFIX);
    if (snapshotOffset >= 0) snapshotOffsets.push(snapshotOffset);
  }
  segmentBases.sort((a, b) => a - b);
  snapshotOffsets.sort((a, b) => a - b);

  const segments: LogSegment[] = segmentBases.map((base) => {
    const batches = disk[segmentKey(dir, base)];
    if (!Array.isArray(batches))
      throw new TypeError(`disk key ${segmentKey(dir, base)} is not a list of batches`);
    return buildSegment(base, batches as RecordBatch[], config['index.interval.bytes']);
  });
  // Every segment but the last (the active one) is sealed, as it was in the log that wrote the disk.
  for (let i = 0; i < segments.length - 1; i++) sealSegment(segments[i]!);
  if (segments.length === 0) segments.push(emptySegment(0));
  const logEndOffset = nextOffsetOfSegments(segments);
  const checkpointedStart = numberAt(disk, dir + LOG_START_OFFSET_CHECKPOINT, 0);
  const logStartOffset = Math.min(Math.max(checkpointedStart, segments[0]!.baseOffset), logEndOffset);

  const entries = (disk[dir + LEADER_EPOCH_CHECKPOINT] as EpochEntry[] | undefined) ?? [];
  const log: LogState = {
    topic,
    partition,
    dir,
    config,
    segments,
    logStartOffset,
    logEndOffset,
    leaderEpochCache: { entries: entries.map((e) => ({ epoch: e.epoch, startOffset: e.startOffset })) },
    producerState: emptyProducerStateTable(),
    // Snapshots are immutable, shared with the disk (frozen here too: a disk sent from a worker is not).
    producerSnapshots: snapshotOffsets.map((offset) =>
      deepFreeze(disk[snapshotKey(dir, offset)] as ProducerSnapshot),
    ),
    cleanerCheckpoint: numberAt(disk, dir + CLEANER_OFFSET_CHECKPOINT, -1),
  };
  // LogLoader: the epoch cache may not hold epochs past the log's end or before its start.
  truncateFromEnd(log.leaderEpochCache, logEndOffset);
  truncateFromStart(log.leaderEpochCache, logStartOffset);
  rebuildProducerState(log);
  return log;
}

function numberAt(disk: Readonly<Disk>, key: string, fallback: number): number {
  const value = disk[key];
  return typeof value === 'number' ? value : fallback;
}

/** Every disk key of the log (LogManager.asyncDelete removes the whole directory). */
export function deleteLog(log: LogState, sink: DiskSink): void {
  for (const s of log.segments) sink({ op: 'delete', key: segmentKey(log.dir, s.baseOffset) });
  for (const s of log.producerSnapshots) sink({ op: 'delete', key: snapshotKey(log.dir, s.offset) });
  sink({ op: 'delete', key: log.dir + LEADER_EPOCH_CHECKPOINT });
  sink({ op: 'delete', key: log.dir + LOG_START_OFFSET_CHECKPOINT });
  sink({ op: 'delete', key: log.dir + CLEANER_OFFSET_CHECKPOINT });
}

/**
 * Deletes every key under a partition's log directory straight from a disk image's key list, for a
 * partition whose log was never loaded (StopReplica with deletePartition for a log found on disk).
 */
export function deleteLogFromDisk(
  disk: Readonly<Disk>,
  topic: string,
  partition: number,
  sink: DiskSink,
): void {
  const dir = logDir(topic, partition);
  for (const key of Object.keys(disk).sort()) if (key.startsWith(dir)) sink({ op: 'delete', key });
}
