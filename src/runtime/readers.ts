// Readers: small read-only queries on a live node's memory, run where the memory lives (in its worker,
// or on the main thread in-process), so the UI can look at part of a big state (a window of a replica's
// log) without copying all of it across. Each takes the node's state and plain-data arguments and
// returns plain data.
import type { BrokerState } from '../sim/broker/state';
import { tpKey } from '../sim/broker/partition';
import type { LogState } from '../sim/log/index';

export interface LogRecordRead {
  offset: number;
  key: string | null;
  value: string | null;
  timestamp: number;
  leaderEpoch: number;
  headers?: Record<string, string>;
}

export interface ReplicaLogRead {
  role: 'leader' | 'follower' | 'offline';
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  segments: { baseOffset: number; sizeBytes: number }[];
  /** Records with from <= offset < to. */
  records: LogRecordRead[];
}

export interface ReplicaLogArgs {
  broker: number;
  topic: string;
  partition: number;
  from: number;
  to: number;
}

/** The records of a log with from <= offset < to (above its log start offset). */
export function logRecords(log: LogState, from: number, to: number): LogRecordRead[] {
  const out: LogRecordRead[] = [];
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

/** A window of a broker's replica of a partition, from its memory; null when it holds no replica. */
export function readReplicaLog(state: unknown, a: ReplicaLogArgs): ReplicaLogRead | null {
  const p = (state as BrokerState | null)?.partitions?.[tpKey(a.topic, a.partition)];
  if (!p) return null;
  const log = p.log;
  return {
    role: p.stopped ? 'offline' : p.leader === a.broker ? 'leader' : 'follower',
    logStartOffset: log.logStartOffset,
    logEndOffset: log.logEndOffset,
    highWatermark: p.highWatermark,
    segments: log.segments.map((s) => ({ baseOffset: s.baseOffset, sizeBytes: s.sizeBytes })),
    records: logRecords(log, a.from, a.to),
  };
}

export const READERS: Record<string, (state: unknown, args: never) => unknown> = {
  replicaLog: readReplicaLog,
};

/** Runs a reader on a node's state; a bad name is a clear error. */
export function readNode(state: unknown, reader: string, args: unknown): unknown {
  const r = READERS[reader];
  if (!r) throw new Error(`no reader named ${reader} (known: ${Object.keys(READERS).join(', ')})`);
  return r(state, args as never);
}
