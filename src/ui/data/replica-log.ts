// A replica's log, read for the partition inspector: from the broker's memory when it runs (a window of
// it, read where the memory lives: src/runtime/readers.ts), else from its disk image (what it would
// recover on restart), which the main thread keeps in both runtime modes.
import type { NodeSlot, World } from '../../sim/net/world';
import { tpKey } from '../../sim/broker/partition';
import { DEFAULT_LOG_CONFIG, logDir, recoverLog } from '../../sim/log/index';
import { logRecords, readReplicaLog, type LogRecordRead, type ReplicaLogRead } from '../../runtime/readers';

export type InspectedRecord = LogRecordRead;

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

export function absentReplica(broker: number, alive: boolean): InspectedReplica {
  return {
    broker,
    alive,
    fromDisk: false,
    role: 'absent',
    logStartOffset: 0,
    logEndOffset: 0,
    highWatermark: 0,
    segments: [],
    records: [],
  };
}

/** What a live broker's memory says (readReplicaLog's answer), as the inspector shows it. */
export function liveReplica(broker: number, read: ReplicaLogRead | null): InspectedReplica {
  return read ? { broker, alive: true, fromDisk: false, ...read } : absentReplica(broker, true);
}

/** A down broker's replica, recovered from its disk image as a restart would. */
export function replicaOnDisk(
  slot: NodeSlot,
  broker: number,
  topic: string,
  partition: number,
  window: { from: number; to: number },
): InspectedReplica {
  const prefix = logDir(topic, partition);
  if (!Object.keys(slot.disk).some((k) => k.startsWith(prefix))) return absentReplica(broker, slot.alive);
  try {
    const log = recoverLog(topic, partition, DEFAULT_LOG_CONFIG, slot.disk);
    const ckpt = slot.disk['replication-offset-checkpoint'] as Record<string, number> | undefined;
    return {
      broker,
      alive: slot.alive,
      fromDisk: true,
      role: 'offline',
      logStartOffset: log.logStartOffset,
      logEndOffset: log.logEndOffset,
      highWatermark: Math.min(ckpt?.[tpKey(topic, partition)] ?? 0, log.logEndOffset),
      segments: log.segments.map((s) => ({ baseOffset: s.baseOffset, sizeBytes: s.sizeBytes })),
      records: logRecords(log, window.from, window.to),
    };
  } catch {
    return absentReplica(broker, slot.alive);
  }
}

/** A replica's log in a world whose node memories are on this thread (the in-process driver). */
export function readReplica(
  world: World,
  broker: number,
  topic: string,
  partition: number,
  window: { from: number; to: number },
): InspectedReplica {
  const slot = world.nodes[`broker-${broker}`];
  if (!slot) return absentReplica(broker, false);
  if (slot.alive && slot.state) {
    return liveReplica(broker, readReplicaLog(slot.state, { broker, topic, partition, ...window }));
  }
  return replicaOnDisk(slot, broker, topic, partition, window);
}
