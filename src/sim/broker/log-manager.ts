// Background duties of the broker's LogManager and ReplicaManager: retention (every
// log.retention.check.interval.ms), compaction (the log cleaner, every log.cleaner.backoff.ms) and the
// high-watermark checkpoint (every replica.high.watermark.checkpoint.interval.ms, 5 s).
import { cleanLog, deleteOldSegments, isCompacted } from '../log/index';
import type { BrokerIo, BrokerState } from './state';
import { HW_CHECKPOINT_KEY, cfgNum } from './state';
import { tpKey } from './partition';

export const RETENTION_TIMER = 'log-retention';
export const CLEANER_TIMER = 'log-cleaner';
export const HW_CHECKPOINT_TIMER = 'hw-checkpoint';
const HW_CHECKPOINT_INTERVAL_MS = 5000;

export function armLogManager(s: BrokerState, io: BrokerIo): void {
  io.ctx.setTimer(RETENTION_TIMER, cfgNum(s, 'log.retention.check.interval.ms', 300000));
  io.ctx.setTimer(CLEANER_TIMER, cfgNum(s, 'log.cleaner.backoff.ms', 15000));
  io.ctx.setTimer(HW_CHECKPOINT_TIMER, HW_CHECKPOINT_INTERVAL_MS);
}

function sortedPartitions(s: BrokerState) {
  return Object.keys(s.partitions)
    .sort()
    .map((k) => s.partitions[k]!);
}

/** UnifiedLog.deleteOldSegments on every replica (followers apply retention to their own logs too). */
function runRetention(s: BrokerState, io: BrokerIo): void {
  for (const p of sortedPartitions(s)) {
    const r = deleteOldSegments(p.log, p.highWatermark, io.ctx.now, io.sink);
    if (r.deleted.length > 0) {
      io.ctx.record({
        type: 'log.retention',
        broker: s.brokerId,
        topic: p.topic,
        partition: p.partition,
        segments: r.deleted.map((d) => d.baseOffset),
        reasons: r.deleted.map((d) => d.reason),
        logStartOffset: p.log.logStartOffset,
      });
    }
  }
}

/** The log cleaner: compacted logs up to the HW (the LSO without transactions), when dirty enough. */
function runCleaner(s: BrokerState, io: BrokerIo): void {
  for (const p of sortedPartitions(s)) {
    if (!isCompacted(p.log.config)) continue;
    const r = cleanLog(p.log, p.highWatermark, io.ctx.now, io.sink);
    if (r.cleaned) {
      io.ctx.record({
        type: 'log.compacted',
        broker: s.brokerId,
        topic: p.topic,
        partition: p.partition,
        recordsRemoved: r.recordsRemoved,
        tombstonesRemoved: r.tombstonesRemoved,
      });
    }
  }
}

function checkpointHighWatermarks(s: BrokerState, io: BrokerIo): void {
  const hw: Record<string, number> = {};
  for (const p of sortedPartitions(s)) hw[tpKey(p.topic, p.partition)] = p.highWatermark;
  io.sink({ op: 'put', key: HW_CHECKPOINT_KEY, value: hw });
}

export function logManagerOnTimer(s: BrokerState, timerId: string, io: BrokerIo): boolean {
  switch (timerId) {
    case RETENTION_TIMER:
      runRetention(s, io);
      io.ctx.setTimer(RETENTION_TIMER, cfgNum(s, 'log.retention.check.interval.ms', 300000));
      return true;
    case CLEANER_TIMER:
      runCleaner(s, io);
      io.ctx.setTimer(CLEANER_TIMER, cfgNum(s, 'log.cleaner.backoff.ms', 15000));
      return true;
    case HW_CHECKPOINT_TIMER:
      checkpointHighWatermarks(s, io);
      io.ctx.setTimer(HW_CHECKPOINT_TIMER, HW_CHECKPOINT_INTERVAL_MS);
      return true;
    default:
      return false;
  }
}
