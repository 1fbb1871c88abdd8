// CooperativeStickyAssignor (clients/.../consumer/CooperativeStickyAssignor.java, KIP-429): the sticky
// assignment minus the partitions that would change owner in this rebalance. Their current owner is
// told to revoke them; the new owner gets them in the follow-up rebalance that the revocation triggers,
// so no partition is ever owned by two members at once.

import { abstractStickyAssign, toRecord } from './sticky';
import {
  tpKey,
  type GroupAssignment,
  type PartitionAssignor,
  type Subscription,
  type TopicPartition,
} from './types';

/**
 * computePartitionsTransferringOwnership (general path): partitions newly assigned to a member that
 * some member currently owns but no longer gets. Uses each member's raw ownedPartitions.
 */
function computePartitionsTransferringOwnership(
  subscriptions: Record<string, Subscription>,
  assignments: Map<string, TopicPartition[]>,
): Map<string, string> {
  const allAddedPartitions = new Map<string, string>();
  const allRevokedPartitions = new Set<string>();
  for (const [consumer, assigned] of assignments) {
    const owned = subscriptions[consumer]?.ownedPartitions ?? [];
    const ownedSet = new Set(owned.map(tpKey));
    for (const tp of assigned) if (!ownedSet.has(tpKey(tp))) allAddedPartitions.set(tpKey(tp), consumer);
    const assignedSet = new Set(assigned.map(tpKey));
    for (const tp of owned) if (!assignedSet.has(tpKey(tp))) allRevokedPartitions.add(tpKey(tp));
  }
  for (const key of [...allAddedPartitions.keys()])
    if (!allRevokedPartitions.has(key)) allAddedPartitions.delete(key);
  return allAddedPartitions;
}

/** The cooperative assignment and the partitions held back until the follow-up rebalance. */
export function cooperativeStickyAssignWithTransfers(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): {
  assignment: GroupAssignment;
  partitionsTransferringOwnership: { topic: string; partition: number; newOwner: string }[];
} {
  const { assignment, partitionsTransferringOwnership } = abstractStickyAssign(
    partitionsPerTopic,
    subscriptions,
  );
  const transferring =
    partitionsTransferringOwnership ?? computePartitionsTransferringOwnership(subscriptions, assignment);
  const held: { topic: string; partition: number; newOwner: string }[] = [];
  // adjustAssignment: drop each transferring partition from its new owner's list.
  for (const [key, consumer] of transferring) {
    const list = assignment.get(consumer);
    if (list === undefined) continue;
    const at = list.findIndex((tp) => tpKey(tp) === key);
    if (at < 0) continue;
    const [tp] = list.splice(at, 1);
    held.push({ topic: tp!.topic, partition: tp!.partition, newOwner: consumer });
  }
  held.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return { assignment: toRecord(assignment, subscriptions), partitionsTransferringOwnership: held };
}

export function cooperativeStickyAssign(
  partitionsPerTopic: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): GroupAssignment {
  return cooperativeStickyAssignWithTransfers(partitionsPerTopic, subscriptions).assignment;
}

export const cooperativeStickyAssignor: PartitionAssignor = {
  name: 'cooperative-sticky',
  assign: cooperativeStickyAssign,
};
