// Where a partition's log lives on the simulated disk. The keys mirror a Kafka log directory
// (storage/.../log/LogFileUtils.java): one directory per partition named <topic>-<partition>, segment files
// named by their base offset zero-padded to 20 digits, producer snapshots named by offset, and the
// checkpoint files. Kafka keeps log-start-offset and cleaner-offset checkpoints per log dir; here they are
// per partition, which holds the same information.
//
//   log/<topic>-<partition>/<baseOffset>.log            list of RecordBatch (append / truncate / put)
//   log/<topic>-<partition>/<offset>.snapshot           producer state at that offset (put), taken at each roll
//   log/<topic>-<partition>/leader-epoch-checkpoint     EpochEntry[] (put)
//   log/<topic>-<partition>/log-start-offset            number (put)
//   log/<topic>-<partition>/cleaner-offset-checkpoint   number (put): the first dirty offset for compaction
//
// The offset index is not stored: like Kafka's recovery after an unclean shutdown, it is rebuilt from the batches.
import type { Disk, DiskOp } from '../core/node';

/** Where a log emits its disk writes. */
export type DiskSink = (op: DiskOp) => void;

export const LOG_ROOT = 'log/';
export const SEGMENT_SUFFIX = '.log';
export const SNAPSHOT_SUFFIX = '.snapshot';
export const LEADER_EPOCH_CHECKPOINT = 'leader-epoch-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT = 'log-start-offset';
export const CLEANER_OFFSET_CHECKPOINT = 'cleaner-offset-checkpoint';

/** `log/<topic>-<partition>/`. */
export function logDir(topic: string, partition: number): string {
  return `${LOG_ROOT}${topic}-${partition}/`;
}

/** LogFileUtils.filenamePrefixFromOffset: 20 digits, so that names sort like the offsets. */
export function offsetFileName(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function segmentKey(dir: string, baseOffset: number): string {
  return dir + offsetFileName(baseOffset) + SEGMENT_SUFFIX;
}

export function snapshotKey(dir: string, offset: number): string {
  return dir + offsetFileName(offset) + SNAPSHOT_SUFFIX;
}

/** The offset in a segment or snapshot file name, or -1 if `name` is not one. */
export function offsetFromFileName(name: string, suffix: string): number {
  if (!name.endsWith(suffix)) return -1;
  const digits = name.slice(0, name.length - suffix.length);
  if (!/^\d{20}$/.test(digits)) return -1;
  return Number(digits);
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * Every partition that has a log directory on `disk`, sorted by topic then partition: what a broker
 * finds in its log dirs at start-up (LogManager.loadLogs). A topic name may contain '-', so the
 * partition is what follows the last '-' (UnifiedLog.parseTopicPartitionName).
 */
export function partitionsOnDisk(disk: Readonly<Disk>): TopicPartition[] {
  const seen: { [dir: string]: TopicPartition } = {};
  for (const key of Object.keys(disk)) {
    if (!key.startsWith(LOG_ROOT)) continue;
    const slash = key.indexOf('/', LOG_ROOT.length);
    if (slash < 0) continue;
    const dirName = key.slice(LOG_ROOT.length, slash);
    if (seen[dirName] !== undefined) continue;
    const dash = dirName.lastIndexOf('-');
    if (dash <= 0) continue;
    const partition = Number(dirName.slice(dash + 1));
    if (!Number.isInteger(partition) || partition < 0) continue;
    seen[dirName] = { topic: dirName.slice(0, dash), partition };
  }
  return Object.values(seen).sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
}
