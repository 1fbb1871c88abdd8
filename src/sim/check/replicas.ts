// divergent-replicas: in-sync replicas must hold the same records below the high watermark (the
// committed part of the log). Compared on the replicas' own logs, so it needs the brokers' state.
import type { BrokerState } from '../broker/state';
import { tpKey } from '../broker/partition';
import type { PartitionResult, Violation } from '../runner/result';
import type { LogRecord, RecordBatch } from '../log/index';

/** The records of a replica's log at offsets [from, below), in log order. */
function records(b: BrokerState, topic: string, partition: number, from: number, below: number): LogRecord[] {
  const p = b.partitions[tpKey(topic, partition)];
  if (!p) return [];
  const lo = Math.max(from, p.log.logStartOffset);
  const out: LogRecord[] = [];
  for (const seg of p.log.segments) {
    for (const batch of seg.batches) {
      for (const r of batch.records) if (r.offset >= lo && r.offset < below) out.push(r);
    }
  }
  return out;
}

/** The batches of a replica's log holding offsets in [from, below), in log order. */
function batchesIn(
  b: BrokerState,
  topic: string,
  partition: number,
  from: number,
  below: number,
): RecordBatch[] {
  const p = b.partitions[tpKey(topic, partition)];
  if (!p) return [];
  const out: RecordBatch[] = [];
  for (const seg of p.log.segments) {
    for (const batch of seg.batches)
      if (batch.lastOffset >= from && batch.baseOffset < below) out.push(batch);
  }
  return out;
}

/**
 * Whether two replicas hold the very same batch objects over [from, below): in-process a follower
 * appends the batches its leader sent, so their records there are the same, without reading them.
 */
function sameBatches(a: RecordBatch[], c: RecordBatch[]): boolean {
  if (a.length !== c.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== c[i]) return false;
  return true;
}

/**
 * Whether two records read the same, as `offset:key:value` (null written "null"): the same offset
 * and the same key and value, or, rarely, other keys and values that print the same.
 */
function sameRecord(x: LogRecord, y: LogRecord): boolean {
  if (x.offset !== y.offset) return false;
  if (x.key === y.key && x.value === y.value) return true;
  return `${x.key}:${x.value}` === `${y.key}:${y.value}`;
}

export function divergentReplicas(
  partitions: PartitionResult[],
  brokers: Record<number, BrokerState | null>,
  now: number,
): Violation[] {
  const out: Violation[] = [];
  for (const p of partitions) {
    if (p.leader === null) continue;
    const leader = brokers[p.leader];
    if (!leader) continue;
    for (const r of p.isr) {
      const b = brokers[r];
      if (!b || r === p.leader) continue;
      const below = Math.min(p.highWatermark, p.logEndOffsets[String(r)] ?? 0);
      const from = Math.max(
        b.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0,
        leader.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0,
      );
      const lo = Math.max(from, b.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0);
      const leaderLo = Math.max(
        from,
        leader.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0,
      );
      if (
        lo === leaderLo &&
        sameBatches(
          batchesIn(b, p.topic, p.partition, lo, below),
          batchesIn(leader, p.topic, p.partition, lo, below),
        )
      )
        continue;
      const a = records(b, p.topic, p.partition, from, below);
      const c = records(leader, p.topic, p.partition, from, below);
      let i = 0;
      while (i < a.length && i < c.length && sameRecord(a[i]!, c[i]!)) i++;
      if (i < a.length || a.length !== c.length) {
        // This replica's first record that differs; when its records are a prefix of the leader's, its
        // last one (0 if it has none).
        const at = i < a.length ? a[i] : a[a.length - 1];
        const offset = at?.offset ?? 0;
        out.push({
          kind: 'divergent-replicas',
          topic: p.topic,
          partition: p.partition,
          offset,
          at: now,
          cause: `in-sync replica ${r} and leader ${p.leader} disagree at offset ${offset}, below the high watermark ${p.highWatermark}`,
        });
      }
    }
  }
  return out;
}
