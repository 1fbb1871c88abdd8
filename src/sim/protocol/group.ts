// Consumer-group requests of the classic protocol (FindCoordinator, JoinGroup, SyncGroup, Heartbeat,
// LeaveGroup, OffsetCommit, OffsetFetch), with Kafka's field names.
import type { KafkaError } from './errors';
import type { TopicPartition } from './controller';

/** ConsumerProtocolSubscription: what a member sends in its JoinGroup protocol metadata. */
export interface ConsumerSubscription {
  topics: string[];
  ownedPartitions: TopicPartition[];
  generation: number;
}

export interface FindCoordinatorRequest {
  type: 'FindCoordinator';
  correlationId: number;
  key: string;
  keyType: 0;
}
export interface FindCoordinatorResponse {
  type: 'FindCoordinatorResponse';
  correlationId: number;
  errorCode: KafkaError;
  nodeId: number;
}

export interface JoinGroupRequest {
  type: 'JoinGroup';
  correlationId: number;
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** '' on the first join: the coordinator answers MEMBER_ID_REQUIRED with one (KIP-394). */
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  protocolType: 'consumer';
  protocols: { name: string; metadata: ConsumerSubscription }[];
}
export interface JoinGroupResponse {
  type: 'JoinGroupResponse';
  correlationId: number;
  errorCode: KafkaError;
  generationId: number;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Only the leader gets the members and their subscriptions. */
  members: { memberId: string; groupInstanceId: string | null; metadata: ConsumerSubscription }[];
}

export interface SyncGroupRequest {
  type: 'SyncGroup';
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  /** The leader's computed assignment; [] from followers. */
  assignments: { memberId: string; assignment: TopicPartition[] }[];
}
export interface SyncGroupResponse {
  type: 'SyncGroupResponse';
  correlationId: number;
  errorCode: KafkaError;
  assignment: TopicPartition[];
}

export interface HeartbeatRequest {
  type: 'Heartbeat';
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
}
export interface HeartbeatResponse {
  type: 'HeartbeatResponse';
  correlationId: number;
  errorCode: KafkaError;
}

export interface LeaveGroupRequest {
  type: 'LeaveGroup';
  correlationId: number;
  groupId: string;
  memberId: string;
}
export interface LeaveGroupResponse {
  type: 'LeaveGroupResponse';
  correlationId: number;
  errorCode: KafkaError;
}

export interface OffsetCommitRequest {
  type: 'OffsetCommit';
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  offsets: (TopicPartition & { committedOffset: number })[];
}
export interface OffsetCommitResponse {
  type: 'OffsetCommitResponse';
  correlationId: number;
  partitions: (TopicPartition & { errorCode: KafkaError })[];
}

export interface OffsetFetchRequest {
  type: 'OffsetFetch';
  correlationId: number;
  groupId: string;
  /** null: every committed partition of the group. */
  partitions: TopicPartition[] | null;
}
export interface OffsetFetchResponse {
  type: 'OffsetFetchResponse';
  correlationId: number;
  errorCode: KafkaError;
  /** committedOffset -1: nothing committed. */
  partitions: (TopicPartition & { committedOffset: number })[];
}

/** The internal topic holding commits and group metadata. */
export const OFFSETS_TOPIC = '__consumer_offsets';
