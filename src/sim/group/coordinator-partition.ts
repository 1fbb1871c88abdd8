// Which __consumer_offsets partition (and so which broker, its leader) coordinates a group.
// GroupCoordinatorService.partitionFor / the old GroupMetadataManager.partitionFor:
//   Utils.abs(groupId.hashCode()) % groupMetadataTopicPartitionCount
// transactional.id -> __transaction_state uses the same formula (TransactionStateManager.partitionFor).

/** `offsets.topic.num.partitions` and `transaction.state.log.num.partitions` default to 50. */
export const DEFAULT_OFFSETS_TOPIC_NUM_PARTITIONS = 50;

/** Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, wrapping at 32 bits. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs: like Math.abs, except that Integer.MIN_VALUE maps to 0 (not to itself). */
export function kafkaAbs(n: number): number {
  return n === -0x80000000 ? 0 : Math.abs(n | 0);
}

/** The __consumer_offsets partition of a group: Utils.abs(groupId.hashCode()) % numOffsetsPartitions. */
export function coordinatorPartition(
  groupId: string,
  numOffsetsPartitions: number = DEFAULT_OFFSETS_TOPIC_NUM_PARTITIONS,
): number {
  if (!Number.isInteger(numOffsetsPartitions) || numOffsetsPartitions < 1) {
    throw new RangeError(`numOffsetsPartitions must be a positive integer, got ${numOffsetsPartitions}`);
  }
  return kafkaAbs(javaStringHashCode(groupId)) % numOffsetsPartitions;
}
