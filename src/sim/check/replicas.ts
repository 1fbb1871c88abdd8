// divergent-replicas: in-sync replicas must hold the same records below the high watermark (the
// committed part of the log). Compared on the replicas' own logs, so it needs the brokers' state.
import type { BrokerState } from '../broker/state';
import { tpKey } from '../broker/partition';
import type { PartitionResult, Violation } from '../runner/result';

function records(b: BrokerState, topic: string, partition: number, below: number): string[] {
  const p = b.partitions[tpKey(topic, partition)];
  if (!p) return [];
  const out: string[] = [];
  for (const seg of p.log.segments) {
    for (const batch of seg.batches) {
      for (const r of batch.records)
        if (r.offset >= p.log.logStartOffset && r.offset < below) out.push(`${r.offset}:${r.key}:${r.value}`);
    }
  }
  return out;
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
      const mine = records(b, p.topic, p.partition, below);
      const theirs = records(leader, p.topic, p.partition, below);
      const from = Math.max(
        b.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0,
        leader.partitions[tpKey(p.topic, p.partition)]?.log.logStartOffset ?? 0,
      );
      const a = mine.filter((x) => Number(x.split(':')[0]) >= from);
      const c = theirs.filter((x) => Number(x.split(':')[0]) >= from);
      const i = a.findIndex((x, j) => x !== c[j]);
      if (i >= 0 || a.length !== c.length) {
        const offset = Number((a[i] ?? c[i] ?? a[a.length - 1] ?? '0').split(':')[0]);
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
