// The controller's memory, as plain data: kafka.controller.ControllerContext (live brokers with their
// epochs, assignments, partition states with their znode versions, topics being deleted, brokers shutting
// down) and the event queue of kafka.controller.ControllerEventManager. Kafka's controller is a single
// thread that blocks on ZooKeeper; here each event is a small state machine whose steps issue ZooKeeper
// ops and wait for every answer before the next step, and the next event starts only when it is done.
import type { NodeId } from '../core/node';
import type { ZkErr, ZkOp, ZkResult } from '../coordinator/protocol';
import { BROKER_CONFIGS, TOPIC_CONFIGS, checkConfigValue, type ConfigValue } from '../../scenario/configs';
import type {
  AlterPartitionRequest,
  ControlledShutdownRequest,
  CreateTopicsRequest,
  DeleteTopicsRequest,
  ElectLeadersRequest,
  TopicConfig,
  TopicPartition,
} from '../protocol/controller';
import type { KafkaError } from '../protocol/errors';

export interface BrokerInfo {
  id: number;
  rack: string | null;
  /** czxid of /brokers/ids/<id>: the broker epoch (KIP-380). */
  epoch: number;
}

/** A partition's LeaderIsrAndControllerEpoch and the version of its state znode. */
export interface PartitionInfo {
  /** -1: no leader (offline, or not yet created). */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
  /** The state znode's version (the partition epoch); -1 while the znode does not exist (NewPartition). */
  zkVersion: number;
}

export interface TopicInfo {
  name: string;
  /** Replica assignment, index = partition id; replicas[p][0] is the preferred leader. */
  replicas: number[][];
  /** The overrides of /config/topics/<topic>, as Kafka stores them (strings). */
  overrides: Record<string, string>;
  partitions: PartitionInfo[];
}

/** TopicDeletionManager's replica states (ReplicaDeletionStarted, ...Successful, ...Ineligible). */
export type ReplicaDeletionState = 'started' | 'successful' | 'ineligible';

export interface TopicDeletion {
  /** `${partition}:${brokerId}` -> state; absent: not started yet. */
  replicas: Record<string, ReplicaDeletionState>;
  /** UpdateMetadata with LeaderDuringDelete (-2) has gone out. */
  announced: boolean;
}

export interface ControllerContext {
  epoch: number;
  /** The version of /controller_epoch this controller wrote: every state write checks it (fencing). */
  epochZkVersion: number;
  /** String(id) -> live broker. */
  liveBrokers: Record<string, BrokerInfo>;
  shuttingDownBrokerIds: number[];
  topics: Record<string, TopicInfo>;
  topicsToBeDeleted: Record<string, TopicDeletion>;
}

/** Why a leader was chosen (PartitionLeaderElectionAlgorithms and their triggers), for the journal. */
export type ElectionReason =
  | 'new partition'
  | 'broker failure'
  | 'broker startup'
  | 'controlled shutdown'
  | 'preferred'
  | 'unclean'
  | 'controller failover';

/** One partition-state write the controller wants to make (a LeaderAndIsr change in ZooKeeper mode). */
export interface PartitionChange {
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  /** The state znode version to compare-and-set, or -1 to create the znode. */
  expectedZkVersion: number;
  previousLeader: number;
  previousIsr: number[];
  /** Set when the leader was (re)elected; null for an ISR-only change. */
  election: ElectionReason | null;
  unclean: boolean;
  /** For the journal's isr.changed. */
  isrReason: string;
  /** Replicas that must not get the LeaderAndIsr (the replica being taken offline). */
  excludeFromLeaderAndIsr: number[];
  /** Include shutting-down brokers among the LeaderAndIsr recipients (controlled shutdown). */
  includeShuttingDown: boolean;
  /** Filled by the write: 'ok' with the new version, or 'failed'. */
  outcome: 'pending' | 'ok' | 'failed';
  newZkVersion: number;
}

export interface ZkReply {
  err: ZkErr;
  result?: ZkResult;
}

interface EventBase {
  id: number;
  step: string;
  /** Ops in flight, by key. */
  waiting: Record<string, ZkOp>;
  replies: Record<string, ZkReply>;
  /** Partition-state writes of this event. */
  changes: PartitionChange[];
  /** The step to continue with once the writes are done. */
  afterWrites: string;
}

/** A request from another node waiting for this controller's answer. */
export interface RequestOrigin {
  from: NodeId;
}

export type ControllerEventBody =
  | { kind: 'Startup' }
  | { kind: 'BrokerChange' }
  | { kind: 'BrokerStartup'; brokers: BrokerInfo[] }
  | { kind: 'BrokerFailure'; brokerIds: number[] }
  | { kind: 'TopicChange'; newTopics: string[] }
  | { kind: 'TopicDeletionChange' }
  | { kind: 'TopicDeletionResume'; completing: string[] }
  | {
      kind: 'StopReplicaResponse';
      brokerId: number;
      partitions: (TopicPartition & { errorCode: KafkaError })[];
    }
  | { kind: 'AutoRebalance' }
  | ({
      kind: 'AlterPartition';
      request: AlterPartitionRequest;
      errors: (KafkaError | null)[];
    } & RequestOrigin)
  | ({
      kind: 'ControlledShutdown';
      request: ControlledShutdownRequest;
      error: KafkaError | null;
    } & RequestOrigin)
  | ({
      kind: 'CreateTopics';
      request: CreateTopicsRequest;
      results: { name: string; errorCode: KafkaError; errorMessage: string | null }[];
      plans: CreateTopicPlan[];
    } & RequestOrigin)
  | ({
      kind: 'DeleteTopics';
      request: DeleteTopicsRequest;
      results: { name: string; errorCode: KafkaError; errorMessage: string | null }[];
    } & RequestOrigin)
  | ({
      kind: 'ElectLeaders';
      request: ElectLeadersRequest;
      results: (TopicPartition & { errorCode: KafkaError; errorMessage: string | null })[];
    } & RequestOrigin);

export type ControllerEvent = EventBase & ControllerEventBody;

/** A validated topic of a CreateTopics request, with its assignment. */
export interface CreateTopicPlan {
  name: string;
  replicas: number[][];
  overrides: Record<string, string>;
  /** Second attempt after a leftover /config/topics/<topic> (setData instead of create). */
  configExists: boolean;
}

export interface ControllerState {
  brokerId: number;
  /** Distinguishes this controllership in ZooKeeper tags, so answers meant for an earlier one are dropped. */
  incarnation: number;
  context: ControllerContext;
  queue: ControllerEvent[];
  current: ControllerEvent | null;
  nextEventId: number;
  /** Keys of the current event's ops that failed with CONNECTIONLOSS: re-sent once reconnected. */
  retryOnReconnect: string[];
  /** A write failed on the /controller_epoch check: another controller exists (ControllerMovedException). */
  fenced: boolean;
}

export const AUTO_REBALANCE_TIMER = 'ctl.autoLeaderRebalance';

export function createControllerState(
  brokerId: number,
  incarnation: number,
  epoch: number,
  epochZkVersion: number,
): ControllerState {
  return {
    brokerId,
    incarnation,
    context: {
      epoch,
      epochZkVersion,
      liveBrokers: {},
      shuttingDownBrokerIds: [],
      topics: {},
      topicsToBeDeleted: {},
    },
    queue: [],
    current: null,
    nextEventId: 1,
    retryOnReconnect: [],
    fenced: false,
  };
}

export function newEvent(ctrl: ControllerState, body: ControllerEventBody): ControllerEvent {
  return {
    id: ctrl.nextEventId++,
    step: 'start',
    waiting: {},
    replies: {},
    changes: [],
    afterWrites: 'done',
    ...body,
  };
}

// ---- Queries over the context ----

export const isLive = (c: ControllerContext, id: number): boolean => c.liveBrokers[String(id)] !== undefined;

export const isShuttingDown = (c: ControllerContext, id: number): boolean =>
  c.shuttingDownBrokerIds.includes(id);

/** ControllerContext.isReplicaOnline without shutting-down brokers: who may lead. */
export const isOnline = (c: ControllerContext, id: number): boolean =>
  isLive(c, id) && !isShuttingDown(c, id);

export function liveBrokerIds(c: ControllerContext): number[] {
  return Object.values(c.liveBrokers)
    .map((b) => b.id)
    .sort((a, b) => a - b);
}

export function sortedTopics(c: ControllerContext): string[] {
  return Object.keys(c.topics).sort();
}

export const isDeleting = (c: ControllerContext, topic: string): boolean =>
  c.topicsToBeDeleted[topic] !== undefined;

/** Every (topic, partition) in topic then partition order. */
export function allPartitions(c: ControllerContext): TopicPartition[] {
  const out: TopicPartition[] = [];
  for (const topic of sortedTopics(c)) {
    const t = c.topics[topic]!;
    for (let p = 0; p < t.replicas.length; p++) out.push({ topic, partition: p });
  }
  return out;
}

export function partitionInfo(c: ControllerContext, topic: string, partition: number): PartitionInfo | null {
  return c.topics[topic]?.partitions[partition] ?? null;
}

export function replicasOf(c: ControllerContext, topic: string, partition: number): number[] {
  return c.topics[topic]?.replicas[partition] ?? [];
}

// ---- Configs ----

export function brokerConfigValue(config: Record<string, ConfigValue>, name: string): ConfigValue {
  const v = config[name];
  return v !== undefined ? v : (BROKER_CONFIGS[name]?.default ?? null);
}

export function brokerBool(config: Record<string, ConfigValue>, name: string): boolean {
  return brokerConfigValue(config, name) === true;
}

export function brokerInt(config: Record<string, ConfigValue>, name: string): number {
  const v = brokerConfigValue(config, name);
  return typeof v === 'number' ? v : 0;
}

/** Topic configs whose cluster-wide default is a broker config of another name (LogConfig's synonyms). */
const BROKER_SYNONYMS: Record<string, string> = {
  'retention.ms': 'log.retention.ms',
  'retention.bytes': 'log.retention.bytes',
  'segment.bytes': 'log.segment.bytes',
  'segment.ms': 'log.roll.ms',
  'cleanup.policy': 'log.cleanup.policy',
  'max.message.bytes': 'message.max.bytes',
  'min.insync.replicas': 'min.insync.replicas',
  'unclean.leader.election.enable': 'unclean.leader.election.enable',
};

/** The effective config of a topic: Kafka's defaults, then the broker's, then the topic's overrides. */
export function topicConfig(
  brokerConfig: Record<string, ConfigValue>,
  overrides: Record<string, string>,
): TopicConfig {
  const out: TopicConfig = {};
  for (const name of Object.keys(TOPIC_CONFIGS).sort()) {
    const def = TOPIC_CONFIGS[name]!;
    let value: ConfigValue = def.default;
    const synonym = BROKER_SYNONYMS[name];
    if (synonym !== undefined && brokerConfig[synonym] !== undefined) value = brokerConfig[synonym]!;
    const override = overrides[name];
    if (override !== undefined) {
      const checked = checkConfigValue(name, def, override);
      if ('value' in checked) value = checked.value;
    }
    out[name] = value;
  }
  return out;
}

/** How Kafka stores a config value in /config/topics/<topic>. */
export function configString(value: ConfigValue): string {
  if (Array.isArray(value)) return value.join(',');
  return value === null ? '' : String(value);
}
