// A replica's log, read for the partition inspector: from the broker's memory when it runs, else from
// its disk image (what it would recover on restart). Wanted from the simulation: a helper that returns
// a replica's records in an offset range, so this does not reach into broker state.
import type { World } from '../../sim/net/world';
import type { BrokerState } from '../../sim/broker/state';
import { tpKey } from '../../sim/broker/partition';
import { DEFAULT_LOG_CONFIG, logDir, recoverLog, type LogState } from '../../sim/log/index';

export interface InspectedRecord {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
  leaderEpoch: number;
  headers?: Record<string, string>;
}

export interface InspectedSegment {
  baseOffset: number;
  sizeBytes: number;
}

export interface InspectedReplica {
  broker: number;
  alive: boolean;
  /** Read from disk because the broker is down. */
  fromDisk: boolean;
  role: 'leader' | 'follower' | 'offline' | 'absent';
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  segments: InspectedSegment[];
  /** Records with from <= offset < to. */
  records: InspectedRecord[];
}

function recordsOf(log: LogState, from: number, to: number): InspectedRecord[] {
  const out: InspectedRecord[] = [];
  for (const seg of log.segments) {
    for (const batch of seg.batches) {
      if (batch.lastOffset < from || batch.baseOffset >= to) continue;
      for (const r of batch.records) {
        if (r.offset < from || r.offset >= to || r.offset < log.logStartOffset) continue;
        out.push({
          offset: r.offset,
          key: r.key,
          value: r.value,
          timestamp: r.timestamp,
          leaderEpoch: batch.leaderEpoch,
          ...(r.headers ? { headers: r.headers } : {}),
        });
      }
    }
  }
  return out;
}

/** The extent of a replica's log without reading records: [logStartOffset, logEndOffset). */
export function readReplica(
  world: World,
  broker: number,
  topic: string,
  partition: number,
  window: { from: number; to: number },
): InspectedReplica {
  const slot = world.nodes[`broker-${broker}`];
  const absent: InspectedReplica = {
    broker,
    alive: slot?.alive ?? false,
    fromDisk: false,
    role: 'absent',
    logStartOffset: 0,
    logEndOffset: 0,
    highWatermark: 0,
    segments: [],
    records: [],
  };
  if (!slot) return absent;
  let log: LogState | null = null;
  let hw = 0;
  let role: InspectedReplica['role'] = 'offline';
  let fromDisk = false;
  if (slot.alive && slot.state) {
    const p = (slot.state as BrokerState).partitions?.[tpKey(topic, partition)];
    if (!p) return absent;
    log = p.log;
    hw = p.highWatermark;
    role = p.stopped ? 'offline' : p.leader === broker ? 'leader' : 'follower';
  } else {
    const prefix = logDir(topic, partition);
    if (!Object.keys(slot.disk).some((k) => k.startsWith(prefix))) return absent;
    try {
      log = recoverLog(topic, partition, DEFAULT_LOG_CONFIG, slot.disk);
      fromDisk = true;
      const ckpt = slot.disk['replication-offset-checkpoint'] as Record<string, number> | undefined;
      hw = Math.min(ckpt?.[tpKey(topic, partition)] ?? 0, log.logEndOffset);
    } catch {
      return absent;
    }
  }
  return {
    broker,
    alive: slot.alive,
    fromDisk,
    role,
    logStartOffset: log.logStartOffset,
    logEndOffset: log.logEndOffset,
    highWatermark: hw,
    segments: log.segments.map((s) => ({ baseOffset: s.baseOffset, sizeBytes: s.sizeBytes })),
    records: recordsOf(log, window.from, window.to),
  };
}
