// The plain data the UI draws: a snapshot of the cluster at one virtual instant, built from node views
// and ZooKeeper's tree (snapshot.ts), and the history gathered from the journal (digest.ts).
import type { ReplicaView } from '../../sim/broker/partition';

export type NodeKind = 'zk' | 'broker' | 'producer' | 'consumer' | 'admin';

export interface BrokerSnap {
  id: number;
  node: string;
  rack: string | null;
  alive: boolean;
  /** Started at least once (a broker added later, or before time 0, has not). */
  started: boolean;
  registered: boolean;
  isController: boolean;
  brokerEpoch: number;
  replicas: ReplicaView[];
}

export interface PartitionSnap {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number | null;
  leaderEpoch: number;
  isr: number[];
  highWatermark: number;
  logStartOffset: number;
  /** Log end offset per live replica (broker id -> LEO). */
  logEndOffsets: Record<number, number>;
  minIsr: number;
  offline: boolean;
  underReplicated: boolean;
  underMinIsr: boolean;
  /** The first replica is the preferred leader. */
  preferredLeader: boolean;
}

export interface TopicSnap {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, unknown>;
  /** Being deleted (listed under /admin/delete_topics). */
  deleting: boolean;
}

export interface ClientSnap {
  id: string;
  type: 'producer' | 'consumer';
  alive: boolean;
  /** Declared but never started. */
  started: boolean;
  groupId: string | null;
  subscribe: string[];
  config: Record<string, unknown>;
  bootstrapServers: number[];
  processing: { mode: string; recordMs: number } | null;
  /** Records waiting to be sent (producers). */
  queued: number | null;
}

export interface GroupMemberSnap {
  memberId: string;
  clientId: string;
  assignment: { topic: string; partition: number }[];
}

export interface RebalanceSnap {
  generation: number;
  at: number;
  members: string[];
  joined: string[];
  left: string[];
  protocol: string | null;
}

export interface GroupSnap {
  groupId: string;
  state: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  coordinator: number | null;
  members: GroupMemberSnap[];
  /** "topic-partition" -> committed offset. */
  committed: Record<string, number>;
  history: RebalanceSnap[];
}

export interface ZnodeSnap {
  path: string;
  data: unknown;
  version: number;
  /** The owning session of an ephemeral znode, 0 for a persistent one. */
  ephemeralOwner: number;
}

export interface ZkSnap {
  alive: boolean;
  zxid: number;
  znodes: ZnodeSnap[];
  sessions: { sessionId: number; owner: string; timeoutMs: number; expiresAt: number }[];
}

export interface NetSnap {
  /** node -> partition group index (nodes in no group reach everyone). */
  groups: Record<string, number>;
  isolated: string[];
  /** Directed cut links, "from->to". */
  cut: string[];
  defaultLatencyMs: number;
  /** Per directed node pair and rack pair overrides, "a->b" -> latency. */
  linkLatency: Record<string, number>;
  rackLatency: Record<string, number>;
}

export interface Snapshot {
  time: number;
  traceHash: string;
  controller: number | null;
  brokers: BrokerSnap[];
  zk: ZkSnap | null;
  topics: TopicSnap[];
  partitions: PartitionSnap[];
  clients: ClientSnap[];
  groups: GroupSnap[];
  net: NetSnap;
  /** Broker-level configs as resolved (Kafka defaults filled in). */
  brokerConfig: Record<string, unknown>;
}

/** A message in flight, or just arrived: what the canvas animates. */
export interface Flight {
  id: number;
  from: string;
  to: string;
  /** The Kafka request name, e.g. "Produce", "FetchResponse", "zk.ping". */
  type: string;
  category: MsgCategory;
  response: boolean;
  sentAt: number;
  deliverAt: number;
  /** When it was dropped, if it was (it stops there, marked). */
  droppedAt: number | null;
}

export type MsgCategory =
  | 'produce'
  | 'fetch'
  | 'replication'
  | 'controller'
  | 'isr'
  | 'metadata'
  | 'group'
  | 'heartbeat'
  | 'offsets'
  | 'zk'
  | 'admin';

export type Tone = 'fault' | 'bad' | 'warn' | 'good' | 'info';

/** One line of the timeline, in plain words. */
export interface TimelineItem {
  /** Index of the journal entry it came from: stable across replays of the same run. */
  seq: number;
  time: number;
  text: string;
  tone: Tone;
  kind:
    | 'broker'
    | 'leader'
    | 'isr'
    | 'controller'
    | 'group'
    | 'topic'
    | 'producer'
    | 'network'
    | 'client'
    | 'log'
    | 'zk';
  topic?: string;
  partition?: number;
}

/** The state of one record a user produced from the form, followed through the journal. */
export interface SendReport {
  seq: number;
  time: number;
  client: string;
  id: number;
  topic: string;
  key: string | null;
  value: string | null;
  status: 'pending' | 'acked' | 'failed';
  partition: number | null;
  offset: number | null;
  error: string | null;
}
