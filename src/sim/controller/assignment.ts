// Replica placement for a new topic: kafka.admin.AdminUtils.assignReplicasToBrokers, rack-unaware and
// rack-aware, drawing the random start index and replica shift from the controller's seeded rng.
import type { Rng } from '../core/rng';

export interface BrokerRack {
  id: number;
  rack: string | null;
}

/** AdminUtils.replicaIndex: followers are shifted by 1 + (shift + j) % (n - 1) from the first replica. */
function replicaIndex(
  firstReplicaIndex: number,
  secondReplicaShift: number,
  j: number,
  nBrokers: number,
): number {
  const shift = 1 + ((secondReplicaShift + j) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * AdminUtils.assignReplicasToBrokersRackUnaware: partition p's first replica on broker (startIndex + p) % n,
 * each follower shifted from it; the shift grows by one every n partitions, so that followers spread too.
 */
export function assignRackUnaware(
  nPartitions: number,
  replicationFactor: number,
  brokerIds: number[],
  rng: Rng,
  fixedStartIndex = -1,
): number[][] {
  const n = brokerIds.length;
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : rng.int(n);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : rng.int(n);
  const out: number[][] = [];
  for (let p = 0; p < nPartitions; p++) {
    if (p > 0 && p % n === 0) nextReplicaShift += 1;
    const first = (p + startIndex) % n;
    const replicas = [brokerIds[first]!];
    for (let j = 0; j < replicationFactor - 1; j++)
      replicas.push(brokerIds[replicaIndex(first, nextReplicaShift, j, n)]!);
    out.push(replicas);
  }
  return out;
}

/**
 * AdminUtils.getRackAlternatedBrokerList: racks in name order, taking one broker (by id) from each in turn,
 * e.g. racks a:[1,2], b:[3], c:[4,5] -> [1, 3, 4, 2, 5].
 */
export function rackAlternatedBrokerList(brokers: BrokerRack[]): number[] {
  const byRack: Record<string, number[]> = {};
  for (const b of brokers) (byRack[b.rack ?? ''] ??= []).push(b.id);
  const racks = Object.keys(byRack).sort();
  for (const r of racks) byRack[r]!.sort((a, b) => a - b);
  const next: Record<string, number> = {};
  const out: number[] = [];
  let rackIndex = 0;
  while (out.length < brokers.length) {
    const rack = racks[rackIndex]!;
    const i = next[rack] ?? 0;
    const list = byRack[rack]!;
    if (i < list.length) {
      out.push(list[i]!);
      next[rack] = i + 1;
    }
    rackIndex = (rackIndex + 1) % racks.length;
  }
  return out;
}

/**
 * AdminUtils.assignReplicasToBrokersRackAware: as rack-unaware over the rack-alternated list, but a
 * follower candidate is skipped while its rack already holds a replica and some rack has none, or while
 * it already holds one and some broker has none.
 */
export function assignRackAware(
  nPartitions: number,
  replicationFactor: number,
  brokers: BrokerRack[],
  rng: Rng,
  fixedStartIndex = -1,
): number[][] {
  const rackOf: Record<string, string> = {};
  for (const b of brokers) rackOf[String(b.id)] = b.rack ?? '';
  const numRacks = new Set(Object.values(rackOf)).size;
  const arranged = rackAlternatedBrokerList(brokers);
  const n = arranged.length;
  const startIndex = fixedStartIndex >= 0 ? fixedStartIndex : rng.int(n);
  let nextReplicaShift = fixedStartIndex >= 0 ? fixedStartIndex : rng.int(n);
  const out: number[][] = [];
  for (let p = 0; p < nPartitions; p++) {
    if (p > 0 && p % n === 0) nextReplicaShift += 1;
    const first = (p + startIndex) % n;
    const leader = arranged[first]!;
    const replicas = [leader];
    const racksWithReplicas = [rackOf[String(leader)]!];
    const brokersWithReplicas = [leader];
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      for (;;) {
        const broker = arranged[replicaIndex(first, nextReplicaShift * numRacks, k, n)]!;
        const rack = rackOf[String(broker)]!;
        k++;
        if (
          (!racksWithReplicas.includes(rack) || racksWithReplicas.length === numRacks) &&
          (!brokersWithReplicas.includes(broker) || brokersWithReplicas.length === n)
        ) {
          replicas.push(broker);
          if (!racksWithReplicas.includes(rack)) racksWithReplicas.push(rack);
          if (!brokersWithReplicas.includes(broker)) brokersWithReplicas.push(broker);
          break;
        }
      }
    }
    out.push(replicas);
  }
  return out;
}

/**
 * AdminUtils.assignReplicasToBrokers over the live brokers (sorted by id). Rack-aware when every broker
 * has a rack; when only some have one Kafka refuses ("Not all brokers have rack information") unless rack
 * awareness is disabled, which is what the simulation does then: it places rack-unaware.
 * The caller has checked 1 <= replicationFactor <= brokers.length.
 */
export function assignReplicasToBrokers(
  nPartitions: number,
  replicationFactor: number,
  brokers: BrokerRack[],
  rng: Rng,
): number[][] {
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  if (sorted.every((b) => b.rack !== null))
    return assignRackAware(nPartitions, replicationFactor, sorted, rng);
  return assignRackUnaware(
    nPartitions,
    replicationFactor,
    sorted.map((b) => b.id),
    rng,
  );
}
