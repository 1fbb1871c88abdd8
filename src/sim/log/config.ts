// Topic-level log configuration, with Kafka's own keys and defaults (storage/.../log/LogConfig.java,
// clients/.../common/config/TopicConfig.java). Kept as a plain object keyed by the real config names so
// that a scenario's `configs: {"retention.ms": 60000}` maps onto it without translation.

export type CleanupPolicy = 'delete' | 'compact' | 'compact,delete' | 'delete,compact';

export interface LogConfig {
  /** Roll a new segment when the active one would grow past this many bytes. */
  'segment.bytes': number;
  /** Roll a new segment when this long has passed since the active segment's first batch timestamp. */
  'segment.ms': number;
  /** Delete whole segments whose largest timestamp is older than this; -1 keeps them forever. */
  'retention.ms': number;
  /** Delete the oldest segments while the log is bigger than this; -1 means no size limit. */
  'retention.bytes': number;
  'cleanup.policy': CleanupPolicy;
  /** How long a tombstone survives after the cleaning that first saw it (KIP-534 deleteHorizonMs). */
  'delete.retention.ms': number;
  /** A segment is not compacted until its newest record is at least this old. */
  'min.compaction.lag.ms': number;
  /** Compact when dirty bytes / total bytes exceeds this. */
  'min.cleanable.dirty.ratio': number;
  /** Bytes appended between two entries of the sparse offset index. */
  'index.interval.bytes': number;
  /** Size of one segment's offset index; full (a roll reason) at this / 8 entries. */
  'segment.index.bytes': number;
  /** Largest record batch the log accepts (RECORD_TOO_LARGE above it). */
  'max.message.bytes': number;
}

export const DEFAULT_LOG_CONFIG: Readonly<LogConfig> = Object.freeze({
  'segment.bytes': 1073741824,
  'segment.ms': 604800000,
  'retention.ms': 604800000,
  'retention.bytes': -1,
  'cleanup.policy': 'delete',
  'delete.retention.ms': 86400000,
  'min.compaction.lag.ms': 0,
  'min.cleanable.dirty.ratio': 0.5,
  'index.interval.bytes': 4096,
  'segment.index.bytes': 10485760,
  'max.message.bytes': 1048588,
});

/** The defaults with some keys overridden, as a topic's `configs` would. */
export function logConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}

/** True when the policy list contains `compact` (LogConfig.compact). */
export function isCompacted(config: LogConfig): boolean {
  return config['cleanup.policy'].includes('compact');
}

/** True when the policy list contains `delete` (LogConfig.delete): time and size retention apply. */
export function isDeleteEnabled(config: LogConfig): boolean {
  return config['cleanup.policy'].includes('delete');
}

/** OffsetIndex.maxEntries: each entry is 8 bytes (a 4-byte relative offset and a 4-byte position). */
export function maxIndexEntries(config: LogConfig): number {
  return Math.floor(config['segment.index.bytes'] / 8);
}
