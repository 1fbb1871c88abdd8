// One partition replica on a broker (kafka.cluster.Partition): its log, its role, and, as leader, the
// state of every follower, the ISR rules and the high watermark. Plain data; functions below.
import type { NodeContext } from '../core/node';
import { configNumber, type ConfigValue } from '../../scenario/configs';
import type { PartitionState, TopicConfig } from '../protocol/controller';
import type { DiskSink, LogConfig, LogState } from '../log/index';
import {
  DEFAULT_LOG_CONFIG,
  createLog,
  maybeAssignEpochStartOffset,
  recoverLog,
  updateLogConfig,
} from '../log/index';
import { topicPartitionName } from '../protocol/topic-partition';

/** The leader's view of one follower (kafka.cluster.Replica / ReplicaState). */
export interface FollowerState {
  /** -1: unknown (reset when this broker becomes leader). */
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  /** The leader's LEO at the follower's previous fetch. */
  lastFetchLeaderLogEndOffset: number;
  lastFetchTimeMs: number;
}

/** An AlterPartition in flight (KIP-497: one at a time per partition). */
export interface PendingIsrChange {
  kind: 'expand' | 'shrink';
  newIsr: number[];
  correlationId: number;
  sentAtMs: number;
}

export interface Partition {
  topic: string;
  partition: number;
  replicas: number[];
  /** -1: none known. */
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  controllerEpoch: number;
  /** The committed ISR, as the controller last told us. */
  isr: number[];
  pendingIsr: PendingIsrChange | null;
  config: TopicConfig;
  log: LogState;
  highWatermark: number;
  /** The LEO when this broker became leader in the current epoch: a follower must reach it to join the ISR. */
  leaderEpochStartOffset: number;
  /** As leader: every other replica's state, keyed by broker id. */
  followers: Record<string, FollowerState>;
  /** A StopReplica (without delete) took this replica offline until the next LeaderAndIsr. */
  stopped: boolean;
}

export const tpKey = topicPartitionName;

export function logConfigOf(config: TopicConfig): LogConfig {
  const out = { ...DEFAULT_LOG_CONFIG } as Record<string, unknown>;
  for (const k of Object.keys(DEFAULT_LOG_CONFIG)) {
    const v = config[k];
    if (v !== undefined && v !== null) out[k] = v;
  }
  return out as unknown as LogConfig;
}

export const isLeader = (p: Partition, brokerId: number): boolean => p.leader === brokerId && !p.stopped;

/** ISR members that count for the HW and acks=all now: the proposed ISR while an expansion is in flight. */
export function maximalIsr(p: Partition): number[] {
  return p.pendingIsr?.kind === 'expand' ? p.pendingIsr.newIsr : p.isr;
}

/** min.insync.replicas capped by the replication factor (the "effective" minimum ISR). */
export function effectiveMinIsr(p: Partition): number {
  return Math.min(configNumber(p.config, 'min.insync.replicas', 1), p.replicas.length);
}

/** A replica for a partition this broker was just told about: a new, empty log. */
export function newPartition(state: PartitionState, config: TopicConfig, sink: DiskSink): Partition {
  const log = createLog(state.topic, state.partition, logConfigOf(config), sink);
  return offlinePartition(log, config, state.replicas, state.isr, state.controllerEpoch, 0);
}

/**
 * A replica recovered from disk at start-up (LogManager.loadLogs): offline until the controller's
 * LeaderAndIsr says what it is. Its HW comes from the checkpoint, capped by its log end.
 */
export function recoveredPartition(
  topic: string,
  partition: number,
  disk: Readonly<Record<string, unknown>>,
  hwCheckpoint: number,
): Partition {
  const log = recoverLog(topic, partition, DEFAULT_LOG_CONFIG, disk);
  const p = offlinePartition(log, {}, [], [], -1, hwCheckpoint);
  p.stopped = true;
  return p;
}

function offlinePartition(
  log: LogState,
  config: TopicConfig,
  replicas: number[],
  isr: number[],
  controllerEpoch: number,
  hw: number,
): Partition {
  return {
    topic: log.topic,
    partition: log.partition,
    replicas,
    leader: -1,
    leaderEpoch: -1,
    partitionEpoch: -1,
    controllerEpoch,
    isr,
    pendingIsr: null,
    config,
    log,
    highWatermark: Math.max(log.logStartOffset, Math.min(hw, log.logEndOffset)),
    leaderEpochStartOffset: -1,
    followers: {},
    stopped: false,
  };
}

export function updateConfig(p: Partition, config: TopicConfig): void {
  p.config = config;
  updateLogConfig(p.log, logConfigOf(config));
}

/**
 * Partition.makeLeader: take the new state; record the epoch's start offset in the leader-epoch cache;
 * ISR members get lastCaughtUp = now, the others 0, every follower LEO becomes unknown.
 */
export function makeLeader(
  p: Partition,
  s: PartitionState,
  brokerId: number,
  ctx: NodeContext,
  sink: DiskSink,
): void {
  const newEpoch = s.leaderEpoch !== p.leaderEpoch || p.leader !== brokerId;
  p.replicas = s.replicas;
  p.isr = s.isr;
  p.leader = brokerId;
  p.leaderEpoch = s.leaderEpoch;
  p.partitionEpoch = s.partitionEpoch;
  p.controllerEpoch = s.controllerEpoch;
  p.pendingIsr = null;
  p.stopped = false;
  if (newEpoch) {
    p.leaderEpochStartOffset = p.log.logEndOffset;
    maybeAssignEpochStartOffset(p.log, s.leaderEpoch, p.log.logEndOffset, sink);
    p.followers = {};
    for (const r of s.replicas) {
      if (r === brokerId) continue;
      p.followers[r] = {
        logEndOffset: -1,
        lastCaughtUpTimeMs: s.isr.includes(r) ? ctx.now : 0,
        lastFetchLeaderLogEndOffset: -1,
        lastFetchTimeMs: 0,
      };
    }
  }
  // The HW starts where this replica last knew it, never past its own LEO.
  p.highWatermark = Math.min(p.highWatermark, p.log.logEndOffset);
}

/** Partition.makeFollower: remember the leader; the fetcher does the truncation and the catching up. */
export function makeFollower(p: Partition, s: PartitionState): void {
  p.replicas = s.replicas;
  p.isr = s.isr;
  p.leader = s.leader;
  p.leaderEpoch = s.leaderEpoch;
  p.partitionEpoch = s.partitionEpoch;
  p.controllerEpoch = s.controllerEpoch;
  p.pendingIsr = null;
  p.followers = {};
  p.leaderEpochStartOffset = -1;
  p.stopped = false;
}

/**
 * Replica.updateFetchState (kafka-semantics.md section 2): for a fetch at offset f with leader LEO L:
 * f >= L -> caught up now; else if f reached the LEO the leader had at the previous fetch, the follower
 * was caught up as of that previous fetch.
 */
export function updateFollowerFetchState(
  p: Partition,
  replicaId: number,
  fetchOffset: number,
  now: number,
): void {
  const f =
    p.followers[replicaId] ??
    (p.followers[replicaId] = {
      logEndOffset: -1,
      lastCaughtUpTimeMs: 0,
      lastFetchLeaderLogEndOffset: -1,
      lastFetchTimeMs: 0,
    });
  const leaderLeo = p.log.logEndOffset;
  if (fetchOffset >= leaderLeo) f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, now);
  else if (fetchOffset >= f.lastFetchLeaderLogEndOffset)
    f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, f.lastFetchTimeMs);
  f.logEndOffset = fetchOffset;
  f.lastFetchLeaderLogEndOffset = leaderLeo;
  f.lastFetchTimeMs = now;
}

function lagMaxMs(brokerConfig: Record<string, ConfigValue>): number {
  return configNumber(brokerConfig, 'replica.lag.time.max.ms', 30000);
}

/** Replica.isCaughtUp: at the leader's LEO, or caught up within replica.lag.time.max.ms. */
function isCaughtUp(p: Partition, f: FollowerState, now: number, lagMs: number): boolean {
  return f.logEndOffset === p.log.logEndOffset || now - f.lastCaughtUpTimeMs <= lagMs;
}

/**
 * Partition.maybeIncrementLeaderHW: HW = min(leader LEO, LEO of every replica in the maximal ISR or caught
 * up within the lag time); only forward; and (this Kafka snapshot) not while |ISR| < min(min.insync.replicas, RF).
 * Returns true if it moved.
 */
export function maybeIncrementLeaderHW(
  p: Partition,
  brokerId: number,
  now: number,
  brokerConfig: Record<string, ConfigValue>,
): boolean {
  if (p.isr.length < effectiveMinIsr(p)) return false;
  const lagMs = lagMaxMs(brokerConfig);
  const inIsr = maximalIsr(p);
  let hw = p.log.logEndOffset;
  for (const r of p.replicas) {
    if (r === brokerId) continue;
    const f = p.followers[r];
    const counts =
      inIsr.includes(r) || (f !== undefined && f.logEndOffset >= 0 && isCaughtUp(p, f, now, lagMs));
    if (!counts) continue;
    const leo = f ? f.logEndOffset : -1;
    if (leo < hw) hw = Math.max(leo, 0);
  }
  if (hw > p.highWatermark) {
    p.highWatermark = hw;
    return true;
  }
  return false;
}

/** Partition.isFollowerInSync for expansion: LEO >= HW and >= the start offset of the leader's epoch. */
export function followerCanJoinIsr(p: Partition, replicaId: number): boolean {
  const f = p.followers[replicaId];
  if (!f || f.logEndOffset < 0) return false;
  return f.logEndOffset >= p.highWatermark && f.logEndOffset >= p.leaderEpochStartOffset;
}

/** Partition.getOutOfSyncReplicas: ISR followers whose LEO differs from the leader's for longer than the lag. */
export function outOfSyncReplicas(
  p: Partition,
  brokerId: number,
  now: number,
  brokerConfig: Record<string, ConfigValue>,
): number[] {
  const lagMs = lagMaxMs(brokerConfig);
  return p.isr.filter((r) => {
    if (r === brokerId) return false;
    const f = p.followers[r];
    if (!f) return true;
    return f.logEndOffset !== p.log.logEndOffset && now - f.lastCaughtUpTimeMs > lagMs;
  });
}

/** A plain view for results and the UI. */
export interface ReplicaView {
  topic: string;
  partition: number;
  role: 'leader' | 'follower' | 'offline';
  leader: number;
  leaderEpoch: number;
  isr: number[];
  replicas: number[];
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
  pendingIsr: number[] | null;
}

export function replicaView(p: Partition, brokerId: number): ReplicaView {
  return {
    topic: p.topic,
    partition: p.partition,
    role: p.stopped ? 'offline' : p.leader === brokerId ? 'leader' : 'follower',
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: p.isr,
    replicas: p.replicas,
    highWatermark: p.highWatermark,
    logStartOffset: p.log.logStartOffset,
    logEndOffset: p.log.logEndOffset,
    pendingIsr: p.pendingIsr ? p.pendingIsr.newIsr : null,
  };
}
