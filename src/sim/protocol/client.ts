// The client-facing requests (Produce, Fetch, Metadata, ListOffsets) and the replica Fetch. Names follow
// Kafka's JSON message definitions; records travel as Kafka's v2 batches (src/sim/log/records.ts).
import type { RecordBatch, RecordInput } from '../log/records';
import type { KafkaError } from './errors';

export interface MetadataRequest {
  type: 'Metadata';
  correlationId: number;
  /** null: every topic. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export interface MetadataPartition {
  partition: number;
  errorCode: KafkaError;
  /** -1 when there is no leader (LEADER_NOT_AVAILABLE). */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface MetadataTopic {
  name: string;
  errorCode: KafkaError;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  type: 'MetadataResponse';
  correlationId: number;
  brokers: { nodeId: number; rack: string | null }[];
  controllerId: number;
  topics: MetadataTopic[];
}

export interface ProducePartitionData {
  topic: string;
  partition: number;
  records: RecordInput[];
  /** -1 for a producer without idempotence. */
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

export interface ProduceRequest {
  type: 'Produce';
  correlationId: number;
  /** The request header's client.id: brokers log it with the append (as request logs and quotas do). */
  clientId: string;
  /** -1 (all), 0 or 1; anything else gets INVALID_REQUIRED_ACKS. */
  acks: number;
  timeoutMs: number;
  partitions: ProducePartitionData[];
}

export interface ProducePartitionResponse {
  topic: string;
  partition: number;
  errorCode: KafkaError;
  /** The offset of the first record, -1 on error. */
  baseOffset: number;
  logStartOffset: number;
  errorMessage: string | null;
}

export interface ProduceResponse {
  type: 'ProduceResponse';
  correlationId: number;
  partitions: ProducePartitionResponse[];
}

export interface FetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  /** The fetcher's view of the leader epoch: FENCED_LEADER_EPOCH if older, UNKNOWN_LEADER_EPOCH if newer. -1: no check. */
  currentLeaderEpoch: number;
  /** The epoch of the fetcher's last fetched record, for divergence detection (KIP-595 style); -1: none. */
  lastFetchedEpoch: number;
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface FetchRequest {
  type: 'Fetch';
  correlationId: number;
  /** The follower's broker id, or -1 for a consumer. */
  replicaId: number;
  replicaEpoch: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: 'read_uncommitted' | 'read_committed';
  partitions: FetchPartition[];
}

export interface FetchPartitionResponse {
  topic: string;
  partition: number;
  errorCode: KafkaError;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Set when the fetcher's log diverged from the leader's: truncate, then fetch again. */
  divergingEpoch: { epoch: number; endOffset: number } | null;
  records: RecordBatch[];
}

export interface FetchResponse {
  type: 'FetchResponse';
  correlationId: number;
  errorCode: KafkaError;
  partitions: FetchPartitionResponse[];
}

/** ListOffsets timestamps: -1 latest, -2 earliest (ListOffsetsRequest.LATEST_TIMESTAMP / EARLIEST_TIMESTAMP). */
export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  type: 'ListOffsets';
  correlationId: number;
  replicaId: number;
  isolationLevel: 'read_uncommitted' | 'read_committed';
  partitions: { topic: string; partition: number; currentLeaderEpoch: number; timestamp: number }[];
}

export interface ListOffsetsResponse {
  type: 'ListOffsetsResponse';
  correlationId: number;
  partitions: {
    topic: string;
    partition: number;
    errorCode: KafkaError;
    offset: number;
    leaderEpoch: number;
  }[];
}
