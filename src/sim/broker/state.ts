// A broker's memory. Everything here is lost when the process dies; the logs and the high-watermark
// checkpoint are on its disk.
import type { NodeContext, NodeId } from '../core/node';
import { configNumber, type ConfigValue } from '../../scenario/configs';
import type { KafkaError } from '../protocol/errors';
import type { FetchRequest } from '../protocol/client';
import type { DiskSink } from '../log/index';
import type { BrokerZkState } from './zk-lifecycle';
import type { MetadataCache } from './metadata-cache';
import type { Partition } from './partition';
import type { GroupCoordinatorState } from '../group/coordinator';

export interface BrokerNodeConfig {
  brokerId: number;
  rack: string | null;
  config: Record<string, ConfigValue>;
}

/** A produce with acks=all waiting for the high watermark (kafka.server.DelayedProduce). */
export interface DelayedProduce {
  id: number;
  from: NodeId;
  correlationId: number;
  partitions: {
    topic: string;
    partition: number;
    /** lastOffset + 1: the HW this produce waits for. */
    requiredOffset: number;
    baseOffset: number;
    leaderEpoch: number;
    /** null while waiting. */
    errorCode: KafkaError | null;
  }[];
}

/** A fetch waiting for data (kafka.server.DelayedFetch). */
export interface DelayedFetch {
  id: number;
  from: NodeId;
  request: FetchRequest;
}

/** A follower's fetcher for one leader (kafka.server.ReplicaFetcherThread), at most one request in flight. */
export interface FetcherState {
  leaderId: number;
  inFlight: number | null;
  /** Partitions (tp keys) waiting for a new LeaderAndIsr after FENCED_LEADER_EPOCH or NOT_LEADER_OR_FOLLOWER. */
  paused: Record<string, number>;
  /** The leader epoch each partition of the in-flight fetch was sent with. */
  sentEpochs: Record<string, number>;
}

export interface ControlledShutdownState {
  correlationId: number;
  attempts: number;
}

export interface BrokerState {
  brokerId: number;
  rack: string | null;
  config: Record<string, ConfigValue>;
  zk: BrokerZkState;
  metadata: MetadataCache;
  /** The highest controller epoch seen in a LeaderAndIsr/StopReplica: older ones are stale. */
  controllerEpoch: number;
  partitions: Record<string, Partition>;
  fetchers: Record<string, FetcherState>;
  delayedProduces: Record<string, DelayedProduce>;
  delayedFetches: Record<string, DelayedFetch>;
  /** Topics this broker asked the controller to auto-create (topic -> time asked). */
  autoCreating: Record<string, number>;
  nextId: number;
  shutdown: ControlledShutdownState | null;
  /** The high-watermark checkpoint read at start-up (replication-offset-checkpoint). */
  hwCheckpoint: Record<string, number>;
  /** Producer ids this broker has handed out (InitProducerId), kept on disk. */
  producerIdsIssued: number;
  groupCoordinator: GroupCoordinatorState;
}

/** What the broker's functions are given with each event. */
export interface BrokerIo {
  ctx: NodeContext;
  sink: DiskSink;
}

export const HW_CHECKPOINT_KEY = 'replication-offset-checkpoint';

export function cfgNum(s: BrokerState, name: string, dflt: number): number {
  return configNumber(s.config, name, dflt);
}

export function cfgBool(s: BrokerState, name: string, dflt: boolean): boolean {
  const v = s.config[name];
  return typeof v === 'boolean' ? v : dflt;
}

/** The controller this broker knows of: from /controller, else from the last UpdateMetadata; -1 if none. */
export function controllerOf(s: BrokerState): number {
  return s.zk.activeControllerId >= 0 ? s.zk.activeControllerId : s.metadata.controllerId;
}

export function nextId(s: BrokerState): number {
  return ++s.nextId;
}
