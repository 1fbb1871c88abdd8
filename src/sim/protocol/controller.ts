// Requests between the controller and the brokers (ZooKeeper mode), and the admin requests the
// controller serves. Field names follow Kafka's JSON message definitions (clients/src/main/resources/
// common/message/*.json), flattened where the nesting teaches nothing.
import type { ConfigValue } from '../../scenario/configs';
import type { KafkaError } from './errors';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** The state of one partition as the controller decides it: the content of its state znode, plus the assignment. */
export interface PartitionState {
  topic: string;
  partition: number;
  controllerEpoch: number;
  /** -1: no leader (offline). */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The zkVersion of the partition state znode: AlterPartition's compare-and-set version. */
  partitionEpoch: number;
  replicas: number[];
}

/**
 * Topic configs travel with LeaderAndIsr and UpdateMetadata (a simplification: real brokers read
 * /config/topics/<topic> through a ZooKeeper change notification). Every key present, defaults filled.
 */
export type TopicConfig = Record<string, ConfigValue>;

export interface LeaderAndIsrRequest {
  type: 'LeaderAndIsr';
  controllerId: number;
  controllerEpoch: number;
  /** The recipient's broker epoch as the controller knows it: a restarted broker ignores older ones. */
  brokerEpoch: number;
  partitionStates: (PartitionState & { isNew: boolean; config: TopicConfig })[];
  liveLeaders: { brokerId: number; rack: string | null }[];
}

export interface LeaderAndIsrResponse {
  type: 'LeaderAndIsrResponse';
  controllerEpoch: number;
  errorCode: KafkaError;
  partitionErrors: (TopicPartition & { errorCode: KafkaError })[];
}

export interface LiveBroker {
  id: number;
  rack: string | null;
  /** czxid of /brokers/ids/<id>: changes when the broker registers again. */
  epoch: number;
}

export interface UpdateMetadataRequest {
  type: 'UpdateMetadata';
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  /** Partitions whose state changed (all of them after a controller failover or to a new broker). */
  partitionStates: (PartitionState & { offlineReplicas: number[]; config: TopicConfig })[];
  /** Topics removed from the cluster: brokers drop them from their metadata cache. */
  deletedTopics: string[];
  liveBrokers: LiveBroker[];
}

export interface UpdateMetadataResponse {
  type: 'UpdateMetadataResponse';
  errorCode: KafkaError;
}

export interface StopReplicaRequest {
  type: 'StopReplica';
  controllerId: number;
  controllerEpoch: number;
  brokerEpoch: number;
  partitions: (TopicPartition & { leaderEpoch: number; deletePartition: boolean })[];
}

export interface StopReplicaResponse {
  type: 'StopReplicaResponse';
  controllerEpoch: number;
  errorCode: KafkaError;
  partitionErrors: (TopicPartition & { errorCode: KafkaError })[];
}

/** KIP-497: a partition leader asks the controller to change the ISR. One in flight per partition. */
export interface AlterPartitionRequest {
  type: 'AlterPartition';
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
  partitions: (TopicPartition & { leaderEpoch: number; newIsr: number[]; partitionEpoch: number })[];
}

export interface AlterPartitionResponse {
  type: 'AlterPartitionResponse';
  correlationId: number;
  errorCode: KafkaError;
  /** The committed state (leader, leaderEpoch, isr, partitionEpoch) or a per-partition error. */
  partitions: (TopicPartition & {
    errorCode: KafkaError;
    leader: number;
    leaderEpoch: number;
    isr: number[];
    partitionEpoch: number;
  })[];
}

export interface ControlledShutdownRequest {
  type: 'ControlledShutdown';
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
}

export interface ControlledShutdownResponse {
  type: 'ControlledShutdownResponse';
  correlationId: number;
  errorCode: KafkaError;
  /** Partitions the broker still leads (it retries, then shuts down anyway). */
  remainingPartitions: TopicPartition[];
}

// ---- Admin requests (sent by the admin client to the controller) ----

export interface CreatableTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  configs: Record<string, unknown>;
}

export interface CreateTopicsRequest {
  type: 'CreateTopics';
  correlationId: number;
  topics: CreatableTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreateTopicsResponse {
  type: 'CreateTopicsResponse';
  correlationId: number;
  topics: { name: string; errorCode: KafkaError; errorMessage: string | null }[];
}

export interface DeleteTopicsRequest {
  type: 'DeleteTopics';
  correlationId: number;
  topicNames: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponse {
  type: 'DeleteTopicsResponse';
  correlationId: number;
  responses: { name: string; errorCode: KafkaError; errorMessage: string | null }[];
}

export interface ElectLeadersRequest {
  type: 'ElectLeaders';
  correlationId: number;
  electionType: 'PREFERRED' | 'UNCLEAN';
  /** null: every partition. */
  topicPartitions: TopicPartition[] | null;
  timeoutMs: number;
}

export interface ElectLeadersResponse {
  type: 'ElectLeadersResponse';
  correlationId: number;
  errorCode: KafkaError;
  results: (TopicPartition & { errorCode: KafkaError; errorMessage: string | null })[];
}

export type ControllerRequest =
  | AlterPartitionRequest
  | ControlledShutdownRequest
  | CreateTopicsRequest
  | DeleteTopicsRequest
  | ElectLeadersRequest;

export type ControllerToBroker = LeaderAndIsrRequest | UpdateMetadataRequest | StopReplicaRequest;
export type BrokerToControllerResponse = LeaderAndIsrResponse | UpdateMetadataResponse | StopReplicaResponse;
