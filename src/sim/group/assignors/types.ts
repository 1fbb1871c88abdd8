// Shared shapes for the client-side partition assignors (ConsumerPartitionAssignor in Kafka).

/** org.apache.kafka.common.TopicPartition. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** ConsumerPartitionAssignor.Subscription, reduced to what the built-in assignors read. */
export interface Subscription {
  topics: string[];
  /** Partitions the member owned before this rebalance (Subscription.ownedPartitions / sticky user data). */
  ownedPartitions?: TopicPartition[];
  /** The generation those partitions were owned in (Subscription.generationId); absent = unknown. */
  generation?: number;
  /** group.instance.id of a static member (KIP-345). */
  groupInstanceId?: string;
}

/** memberId -> its assigned partitions. */
export type GroupAssignment = Record<string, TopicPartition[]>;

export interface PartitionAssignor {
  /** The name in partition.assignment.strategy / the JoinGroup protocol name. */
  name: string;
  assign(
    partitionsPerTopic: Record<string, number>,
    subscriptions: Record<string, Subscription>,
  ): GroupAssignment;
}

/** Java's String.compareTo: UTF-16 code unit order (JS `<` on strings compares the same way). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function tpKey(tp: TopicPartition): string {
  return `${tp.partition}\u0000${tp.topic}`;
}
