// The result's partitions: the assignment and partition state from ZooKeeper (the cluster's source of
// truth), the high watermark and log start offset from the leader, each live replica's log end offset,
// and the leader's records below the high watermark.
import type { BrokerState } from '../broker/state';
import { tpKey } from '../broker/partition';
import type { PartitionResult, ResultRecord } from './result';

interface AssignmentZnode {
  partitions?: Record<string, number[]>;
}
interface StateZnode {
  leader?: number;
  leader_epoch?: number;
  isr?: number[];
}

/** The leader's records in [logStartOffset, highWatermark), in offset order. */
export function recordsBelowHighWatermark(
  broker: BrokerState,
  topic: string,
  partition: number,
): ResultRecord[] {
  const p = broker.partitions[tpKey(topic, partition)];
  if (!p) return [];
  const out: ResultRecord[] = [];
  // Indexed loops, and no spread: every stored record passes here, in frozen arrays (slow for for...of).
  for (const seg of p.log.segments) {
    for (let i = 0; i < seg.batches.length; i++) {
      const records = seg.batches[i]!.records;
      for (let j = 0; j < records.length; j++) {
        const r = records[j]!;
        if (r.offset < p.log.logStartOffset || r.offset >= p.highWatermark) continue;
        out.push(
          r.headers
            ? { offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers }
            : { offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp },
        );
      }
    }
  }
  return out;
}

export function partitionResults(
  znodes: Record<string, unknown>,
  brokers: Record<number, BrokerState | null>,
): PartitionResult[] {
  const out: PartitionResult[] = [];
  const topics = Object.keys(znodes)
    .map((path) => /^\/brokers\/topics\/([^/]+)$/.exec(path)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort();
  for (const topic of topics) {
    const assignment = (znodes[`/brokers/topics/${topic}`] as AssignmentZnode | null)?.partitions ?? {};
    const numbers = Object.keys(assignment)
      .map(Number)
      .sort((a, b) => a - b);
    for (const partition of numbers) {
      const replicas = assignment[String(partition)] ?? [];
      const st =
        (znodes[`/brokers/topics/${topic}/partitions/${partition}/state`] as StateZnode | null) ?? {};
      const leaderId = typeof st.leader === 'number' && st.leader >= 0 ? st.leader : null;
      const leader = leaderId !== null ? brokers[leaderId] : null;
      const lp = leader?.partitions[tpKey(topic, partition)];
      const logEndOffsets: Record<string, number> = {};
      for (const r of replicas) {
        const b = brokers[r];
        const rp = b?.partitions[tpKey(topic, partition)];
        if (rp) logEndOffsets[String(r)] = rp.log.logEndOffset;
      }
      out.push({
        topic,
        partition,
        replicas,
        leader: leaderId,
        leaderEpoch: st.leader_epoch ?? 0,
        isr: st.isr ?? [],
        highWatermark: lp ? lp.highWatermark : 0,
        logStartOffset: lp ? lp.log.logStartOffset : 0,
        logEndOffsets,
        records: leader && lp ? recordsBelowHighWatermark(leader, topic, partition) : [],
      });
    }
  }
  return out;
}
