// The znodes Kafka keeps in ZooKeeper and their JSON (kafka.zk.ZkData: BrokerIdZNode, ControllerZNode,
// ControllerEpochZNode, TopicZNode, TopicPartitionStateZNode, ConfigEntityZNode, DeleteTopicsTopicZNode).
// Encoders write what Kafka writes; decoders are defensive, since a znode's data is whatever was written.
import type { ZkData } from '../coordinator/protocol';

export const BROKERS_PATH = '/brokers';
export const BROKER_IDS_PATH = '/brokers/ids';
export const TOPICS_PATH = '/brokers/topics';
export const CONTROLLER_PATH = '/controller';
export const CONTROLLER_EPOCH_PATH = '/controller_epoch';
export const CONFIG_TOPICS_PATH = '/config/topics';
export const DELETE_TOPICS_PATH = '/admin/delete_topics';

/** KafkaZkClient.createTopLevelPaths: the persistent parents every broker makes sure exist at startup. */
export const TOP_LEVEL_PATHS: readonly string[] = [
  BROKER_IDS_PATH,
  TOPICS_PATH,
  CONFIG_TOPICS_PATH,
  DELETE_TOPICS_PATH,
];

export const brokerIdPath = (id: number) => `${BROKER_IDS_PATH}/${id}`;
export const topicPath = (topic: string) => `${TOPICS_PATH}/${topic}`;
export const topicPartitionsPath = (topic: string) => `${TOPICS_PATH}/${topic}/partitions`;
export const topicPartitionPath = (topic: string, p: number) => `${topicPartitionsPath(topic)}/${p}`;
export const partitionStatePath = (topic: string, p: number) => `${topicPartitionPath(topic, p)}/state`;
export const topicConfigPath = (topic: string) => `${CONFIG_TOPICS_PATH}/${topic}`;
export const deleteTopicPath = (topic: string) => `${DELETE_TOPICS_PATH}/${topic}`;

function obj(data: ZkData | undefined): Record<string, ZkData> | null {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? data : null;
}

function intList(data: ZkData | undefined): number[] | null {
  if (!Array.isArray(data)) return null;
  const out: number[] = [];
  for (const x of data) {
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) return null;
    out.push(x);
  }
  return out;
}

function int(data: ZkData | undefined, fallback: number): number {
  if (typeof data === 'number' && Number.isSafeInteger(data)) return data;
  if (typeof data === 'string' && /^-?\d+$/.test(data)) return Number(data);
  return fallback;
}

// ---- /brokers/ids/<id> (BrokerIdZNode, version 5) ----

export function encodeBrokerRegistration(brokerId: number, rack: string | null): ZkData {
  return { rack, endpoints: [`PLAINTEXT://broker-${brokerId}:9092`], version: 5 };
}

export function decodeBrokerRack(data: ZkData): string | null {
  const o = obj(data);
  return o !== null && typeof o.rack === 'string' ? o.rack : null;
}

// ---- /controller and /controller_epoch ----

/** ControllerZNode.encode: Kafka writes the timestamp as a string. */
export function encodeController(brokerId: number, now: number): ZkData {
  return { version: 1, brokerid: brokerId, timestamp: String(now) };
}

/** ControllerZNode.decode: the broker id, or -1. */
export function decodeControllerId(data: ZkData): number {
  const o = obj(data);
  return o === null ? -1 : int(o.brokerid, -1);
}

/** ControllerEpochZNode holds the epoch itself (Kafka writes its decimal string; here the number). */
export function decodeControllerEpoch(data: ZkData): number {
  return int(data, 0);
}

// ---- /brokers/topics/<topic> (TopicZNode, version 2) ----

export function encodeTopicAssignment(replicas: number[][]): ZkData {
  const partitions: Record<string, ZkData> = {};
  replicas.forEach((r, p) => (partitions[String(p)] = [...r]));
  return { version: 2, partitions, adding_replicas: {}, removing_replicas: {} };
}

/** The replica lists by partition (index = partition id), or null if malformed. */
export function decodeTopicAssignment(data: ZkData): number[][] | null {
  const parts = obj(obj(data)?.partitions);
  if (parts === null) return null;
  const ids = Object.keys(parts)
    .map(Number)
    .sort((a, b) => a - b);
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] !== i) return null; // partitions are numbered 0..n-1
    const r = intList(parts[String(i)]);
    if (r === null) return null;
    out.push(r);
  }
  return out;
}

// ---- /brokers/topics/<topic>/partitions/<p>/state (TopicPartitionStateZNode) ----

export interface LeaderIsrAndControllerEpoch {
  leader: number;
  leaderEpoch: number;
  isr: number[];
  controllerEpoch: number;
}

export function encodePartitionState(s: LeaderIsrAndControllerEpoch): ZkData {
  return {
    controller_epoch: s.controllerEpoch,
    leader: s.leader,
    version: 1,
    leader_epoch: s.leaderEpoch,
    isr: [...s.isr],
  };
}

export function decodePartitionState(data: ZkData): LeaderIsrAndControllerEpoch | null {
  const o = obj(data);
  const isr = intList(o?.isr);
  if (o === null || isr === null) return null;
  return {
    leader: int(o.leader, -1),
    leaderEpoch: int(o.leader_epoch, 0),
    isr,
    controllerEpoch: int(o.controller_epoch, 0),
  };
}

// ---- /config/topics/<topic> (ConfigEntityZNode) ----

/** Kafka stores every override as a string. */
export function encodeTopicConfig(overrides: Record<string, string>): ZkData {
  const config: Record<string, ZkData> = {};
  for (const k of Object.keys(overrides).sort()) config[k] = overrides[k]!;
  return { version: 1, config };
}

export function decodeTopicConfig(data: ZkData): Record<string, string> {
  const config = obj(obj(data)?.config);
  const out: Record<string, string> = {};
  if (config === null) return out;
  for (const k of Object.keys(config).sort()) {
    const v = config[k];
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
