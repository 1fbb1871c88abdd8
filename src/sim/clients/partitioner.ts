// How the producer picks a partition (KafkaProducer#partition, producer/internals/BuiltInPartitioner.java,
// RecordAccumulator.java). Pure functions over plain data; randomness only from the seeded Rng.
//
// Order (KafkaProducer#partition):
//   1. the record's explicit partition;
//   2. a custom `partitioner.class` (not modelled here: the caller decides before calling us);
//   3. the key hash, if the key is non-null and `partitioner.ignore.keys=false`;
//   4. otherwise RecordMetadata.UNKNOWN_PARTITION (-1): the accumulator asks the built-in sticky
//      partitioner (KIP-794) for the partition when it appends.

import type { Rng } from '../core/rng';
import { murmur2, murmur2String, toPositive } from './murmur2';

/** RecordMetadata.UNKNOWN_PARTITION: "let the built-in partitioner choose". */
export const UNKNOWN_PARTITION = -1;

/** Producer defaults in 3.9/4.0 (ProducerConfig). */
export const DEFAULT_BATCH_SIZE_BYTES = 16384; // batch.size
export const DEFAULT_PARTITIONER_IGNORE_KEYS = false; // partitioner.ignore.keys
export const DEFAULT_PARTITIONER_ADAPTIVE_PARTITIONING_ENABLE = true; // partitioner.adaptive.partitioning.enable

/**
 * BuiltInPartitioner.partitionForKey: toPositive(murmur2(keyBytes)) % numPartitions. A string key is
 * serialized as UTF-8 (StringSerializer). numPartitions counts all partitions, with a leader or not.
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return toPositive(typeof key === 'string' ? murmur2String(key) : murmur2(key)) % numPartitions;
}

export interface ProducerRecordTarget {
  /** An explicit partition set on the ProducerRecord, if any. */
  partition?: number | null;
  /** The key (serialized bytes, or a string serialized as UTF-8); null/undefined = no key. */
  key?: string | Uint8Array | null;
}

/**
 * KafkaProducer#partition without a custom partitioner: the explicit partition, else the key hash
 * (unless `partitioner.ignore.keys`), else UNKNOWN_PARTITION (-1), meaning the built-in sticky
 * partitioner picks it (see peekStickyPartition). An explicit partition is returned as given: Kafka
 * checks its range later, when it waits for metadata (KafkaProducer#waitOnMetadata).
 */
export function choosePartition(
  record: ProducerRecordTarget,
  numPartitions: number,
  ignoreKeys: boolean = DEFAULT_PARTITIONER_IGNORE_KEYS,
): number {
  if (record.partition !== undefined && record.partition !== null) return record.partition;
  if (record.key !== undefined && record.key !== null && !ignoreKeys) {
    return partitionForKey(record.key, numPartitions);
  }
  return UNKNOWN_PARTITION;
}

/** What the built-in partitioner needs to know about the topic's partitions (Cluster metadata). */
export interface TopicPartitionsView {
  /** All partitions of the topic (cluster.partitionsForTopic(topic).size()). */
  numPartitions: number;
  /**
   * Partitions that have a leader, in metadata order (cluster.availablePartitionsForTopic(topic)),
   * normally ascending partition number.
   */
  availablePartitions: readonly number[];
}

/**
 * BuiltInPartitioner.PartitionLoadStats: a cumulative frequency table over the partitions with a leader,
 * built from their queue sizes (see updatePartitionLoadStats). Only the first `length` entries count.
 */
export interface PartitionLoadStats {
  cumulativeFrequencyTable: number[];
  partitionIds: number[];
  length: number;
}

/**
 * The built-in (KIP-794 "uniform sticky") partitioner's state for one topic, as plain data.
 * `partition` is -1 until the first record without a partition asks for one.
 */
export interface StickyPartitionerState {
  topic: string;
  /** batch.size: how many bytes to produce to a partition before switching. */
  stickyBatchSize: number;
  /** The current sticky partition (StickyPartitionInfo.index), or -1 before the first pick. */
  partition: number;
  /** Bytes produced to the current sticky partition (StickyPartitionInfo.producedBytes). */
  producedBytes: number;
  /** Adaptive partitioning stats; null = uniform choice among partitions with a leader. */
  loadStats: PartitionLoadStats | null;
}

export function initialStickyPartitionerState(
  topic: string,
  stickyBatchSize: number = DEFAULT_BATCH_SIZE_BYTES,
): StickyPartitionerState {
  if (!Number.isInteger(stickyBatchSize) || stickyBatchSize < 1) {
    // Same check as the BuiltInPartitioner constructor.
    throw new RangeError(`stickyBatchSize must be >= 1 but got ${stickyBatchSize}`);
  }
  return { topic, stickyBatchSize, partition: -1, producedBytes: 0, loadStats: null };
}

/** BuiltInPartitioner.randomPartition: Utils.toPositive(nextInt()), drawn from the seeded Rng. */
export function randomPartitionDraw(rng: Rng): number {
  return toPositive(rng.nextU32());
}

/**
 * BuiltInPartitioner.nextPartition for a given non-negative random int (exposed so that tests can pin
 * the random value, as Kafka's own tests do by overriding randomPartition()).
 * - Without load stats: uniform over partitions with a leader (`random % available.length`, Kafka's
 *   modulo included); with none available, `random % numPartitions` over all partitions.
 * - With load stats: the first CFT entry strictly greater than `random % CFT[length-1]`.
 */
export function nextPartitionFor(
  loadStats: PartitionLoadStats | null,
  topic: TopicPartitionsView,
  random: number,
): number {
  if (loadStats === null) {
    const available = topic.availablePartitions;
    if (available.length > 0) return available[random % available.length]!;
    return random % topic.numPartitions;
  }
  const cft = loadStats.cumulativeFrequencyTable;
  const weightedRandom = random % cft[loadStats.length - 1]!;
  // Arrays.binarySearch then abs(result + 1) = index of the first value strictly greater.
  let lo = 0;
  let hi = loadStats.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cft[mid]! <= weightedRandom) lo = mid + 1;
    else hi = mid;
  }
  return loadStats.partitionIds[lo]!;
}

/**
 * BuiltInPartitioner.peekCurrentPartitionInfo: the current sticky partition, choosing one (one Rng draw)
 * if there is none yet. Returns the possibly updated state.
 */
export function peekStickyPartition(
  state: StickyPartitionerState,
  topic: TopicPartitionsView,
  rng: Rng,
): { state: StickyPartitionerState; partition: number } {
  if (state.partition >= 0) return { state, partition: state.partition };
  const partition = nextPartitionFor(state.loadStats, topic, randomPartitionDraw(rng));
  return { state: { ...state, partition, producedBytes: 0 }, partition };
}

/**
 * BuiltInPartitioner.updatePartitionInfo, called after `appendedBytes` were appended to the sticky
 * partition. Switches (one Rng draw) once producedBytes >= batch.size and switching is enabled, or
 * unconditionally at 2 x batch.size.
 *
 * `enableSwitch` is how the caller says whether the batch is ready: RecordAccumulator passes
 * allBatchesFull(deque), i.e. true when the partition's queue is empty or its last batch is full, and
 * false while the last batch is still filling (typically waiting on linger.ms). Deferring the switch
 * avoids sending a small fractional batch; the 2x cap bounds the deferral.
 */
export function updateStickyPartition(
  state: StickyPartitionerState,
  appendedBytes: number,
  topic: TopicPartitionsView,
  rng: Rng,
  enableSwitch = true,
): StickyPartitionerState {
  if (state.partition < 0) return state; // nothing to update: the record did not use the sticky partition
  const producedBytes = (state.producedBytes + appendedBytes) | 0;
  if (
    (producedBytes >= state.stickyBatchSize && enableSwitch) ||
    producedBytes >= state.stickyBatchSize * 2
  ) {
    const partition = nextPartitionFor(state.loadStats, topic, randomPartitionDraw(rng));
    return { ...state, partition, producedBytes: 0 };
  }
  return { ...state, producedBytes };
}

/**
 * BuiltInPartitioner.updatePartitionLoadStats. `queueSizes[i]` is the number of batches queued for
 * `partitionIds[i]` (partitions with a leader only); `length` may be smaller than the arrays when
 * partitions were excluded for high latency (partitioner.availability.timeout.ms). Pass null (as
 * RecordAccumulator does when `partitioner.adaptive.partitioning.enable=false`, or before every
 * partition has had a batch) to go back to the uniform choice. Each weight is maxQueue + 1 - queueSize.
 */
export function updatePartitionLoadStats(
  state: StickyPartitionerState,
  queueSizes: readonly number[] | null,
  partitionIds: readonly number[],
  length: number = queueSizes === null ? 0 : queueSizes.length,
): StickyPartitionerState {
  if (queueSizes === null) return { ...state, loadStats: null };
  // Fewer than 2 partitions in all: nothing to adapt (unless some were excluded, then length < size).
  if (length < 1 || queueSizes.length < 2) return { ...state, loadStats: null };
  let maxSizePlus1 = queueSizes[0]!;
  let allEqual = true;
  for (let i = 1; i < length; i++) {
    if (queueSizes[i] !== maxSizePlus1) allEqual = false;
    if (queueSizes[i]! > maxSizePlus1) maxSizePlus1 = queueSizes[i]!;
  }
  ++maxSizePlus1;
  if (allEqual && length === queueSizes.length) return { ...state, loadStats: null };
  const cft = queueSizes.slice();
  cft[0] = maxSizePlus1 - queueSizes[0]!;
  for (let i = 1; i < length; i++) cft[i] = maxSizePlus1 - queueSizes[i]! + cft[i - 1]!;
  return {
    ...state,
    loadStats: { cumulativeFrequencyTable: cft, partitionIds: partitionIds.slice(), length },
  };
}

/**
 * Convenience: the partition a record goes to, combining choosePartition with the sticky partitioner.
 * `usedSticky` tells the caller to report the appended bytes with updateStickyPartition afterwards.
 */
export function partitionForRecord(
  record: ProducerRecordTarget,
  topic: TopicPartitionsView,
  sticky: StickyPartitionerState,
  rng: Rng,
  ignoreKeys: boolean = DEFAULT_PARTITIONER_IGNORE_KEYS,
): { partition: number; usedSticky: boolean; sticky: StickyPartitionerState } {
  const chosen = choosePartition(record, topic.numPartitions, ignoreKeys);
  if (chosen !== UNKNOWN_PARTITION) return { partition: chosen, usedSticky: false, sticky };
  const peeked = peekStickyPartition(sticky, topic, rng);
  return { partition: peeked.partition, usedSticky: true, sticky: peeked.state };
}
