// What every built-in assignor shares (AbstractPartitionAssignor.java).

import { javaHashMapOrder } from './java-hash';
import { compareStrings, type GroupAssignment, type Subscription, type TopicPartition } from './types';

/**
 * The order Kafka iterates `partitionsPerTopic` in: java.util.HashMap order over topic names (the
 * Record's key order taken as the insertion order). Topics with no partitions are dropped, as
 * RangeAssignor does; the others are kept even if nobody subscribes (as in a direct assign() call).
 */
export function partitionsPerTopicOrder(partitionsPerTopic: Record<string, number>): [string, number][] {
  const topics = Object.keys(partitionsPerTopic).filter((t) => partitionsPerTopic[t]! > 0);
  return javaHashMapOrder(topics).map((t) => [t, partitionsPerTopic[t]!]);
}

/**
 * What the group leader passes to an assignor (AbstractPartitionAssignor.assign(Cluster, GroupSubscription)):
 * only topics that some member subscribes to and that have metadata with at least one partition. The
 * simulation should call the assignors with this, not with every topic in the cluster.
 */
export function leaderPartitionsPerTopic(
  partitionCounts: Record<string, number>,
  subscriptions: Record<string, Subscription>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const memberId of Object.keys(subscriptions)) {
    for (const topic of subscriptions[memberId]!.topics) {
      const n = Object.prototype.hasOwnProperty.call(partitionCounts, topic) ? partitionCounts[topic]! : 0;
      if (n > 0) out[topic] = n;
    }
  }
  return out;
}

/**
 * The order Kafka iterates the subscriptions map in: ConsumerCoordinator puts members into a HashMap, so
 * this is java.util.HashMap order over member ids (the Record's key order taken as the insertion order).
 */
export function memberIterationOrder(subscriptions: Record<string, Subscription>): string[] {
  return javaHashMapOrder(Object.keys(subscriptions));
}

/**
 * AbstractPartitionAssignor.MemberInfo.compareTo: static members (with group.instance.id) first, by
 * instance id; then dynamic members by member id; String.compareTo order (UTF-16 code units).
 * Array.prototype.sort is stable, like Collections.sort, so equal instance ids keep the input order.
 */
export function compareMembers(
  a: { memberId: string; groupInstanceId?: string | undefined },
  b: { memberId: string; groupInstanceId?: string | undefined },
): number {
  const ai = a.groupInstanceId;
  const bi = b.groupInstanceId;
  if (ai !== undefined && bi !== undefined) return compareStrings(ai, bi);
  if (ai !== undefined) return -1;
  if (bi !== undefined) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Member ids sorted as MemberInfo sorts them, from the HashMap iteration order. */
export function sortedMembers(
  memberIds: readonly string[],
  subscriptions: Record<string, Subscription>,
): string[] {
  return memberIds
    .map((memberId) => ({ memberId, groupInstanceId: subscriptions[memberId]!.groupInstanceId }))
    .sort(compareMembers)
    .map((m) => m.memberId);
}

/** An empty assignment with every member present, in the Record's own key order. */
export function emptyAssignment(subscriptions: Record<string, Subscription>): GroupAssignment {
  const out: GroupAssignment = {};
  for (const memberId of Object.keys(subscriptions)) out[memberId] = [];
  return out;
}

/** TopicPartition order used by Kafka's sorted sets: topic (String.compareTo), then partition. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}
