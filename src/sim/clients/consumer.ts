// The consumer (KafkaConsumer, ConsumerCoordinator, Fetcher), classic group protocol. It finds its
// group's coordinator, joins (MEMBER_ID_REQUIRED first, KIP-394), the leader member computes the
// assignment with the chosen assignor, everyone syncs, heartbeats keep the membership, and each member
// fetches its partitions from their leaders up to the high watermark, starting at the committed offset or
// by auto.offset.reset. Eager rebalancing revokes everything before rejoining; cooperative (KIP-429)
// revokes only what moved and rejoins once more.
// Processing modes: without one, records are processed on arrival and enable.auto.commit commits
// positions every auto.commit.interval.ms. With `processing`, each record takes recordMs, and commits
// are explicit: at-most-once commits a poll's offsets before processing it, at-least-once after.
import { parseTopicPartitionName, topicPartitionName } from '../protocol/topic-partition';
import type { NodeBehavior, NodeContext } from '../core/node';
import { configNumber, type ConfigValue } from '../../scenario/configs';
import type { KafkaError } from '../protocol/errors';
import { INVALID_METADATA_ERRORS } from '../protocol/errors';
import type { TopicPartition } from '../protocol/controller';
import type { FetchResponse, ListOffsetsResponse, MetadataResponse } from '../protocol/client';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../protocol/client';
import type {
  ConsumerSubscription,
  FindCoordinatorResponse,
  JoinGroupResponse,
  OffsetCommitResponse,
  OffsetFetchResponse,
  SyncGroupResponse,
} from '../protocol/group';
import {
  applyMetadata,
  createNetworkClient,
  isMetadataRetryTimer,
  leaderFor,
  leastLoadedNode,
  maybeUpdateMetadata,
  requestMetadataUpdate,
  sendRequest,
  takeClosed,
  takeRefused,
  takeResponse,
  takeTimeout,
  wantTopic,
  type InFlightRequest,
  type NetworkClientState,
} from './network-client';
import {
  assignors,
  leaderPartitionsPerTopic,
  rebalanceProtocolFor,
  type AssignorName,
} from '../group/assignors/index';

export interface ConsumerNodeConfig {
  clientId: string;
  bootstrapServers: number[];
  groupId: string;
  subscribe: string[];
  processing: { mode: 'at-most-once' | 'at-least-once'; recordMs: number } | null;
  config: Record<string, ConfigValue>;
}

interface QueuedRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export interface ConsumerState {
  clientId: string;
  groupId: string;
  subscribe: string[];
  strategy: AssignorName[];
  cooperative: boolean;
  processing: ConsumerNodeConfig['processing'];
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  offsetReset: 'earliest' | 'latest' | 'none';
  fetchMaxWaitMs: number;
  fetchMinBytes: number;
  maxPartitionFetchBytes: number;
  maxPollRecords: number;
  nc: NetworkClientState;
  coordinator: number;
  memberId: string;
  generation: number;
  phase: 'discover' | 'join' | 'sync' | 'stable';
  isLeader: boolean;
  /** A rebalance is needed; it starts when the current poll's records are processed. */
  rejoinNeeded: boolean;
  assignment: TopicPartition[];
  /** Next offset to fetch per assigned partition ("topic-p"); absent while unknown. */
  positions: Record<string, number>;
  /** Next offset to commit: the offset after the last processed record. */
  processed: Record<string, number>;
  /** Partitions waiting for their committed offset or a reset. */
  needsOffset: string[];
  fetchesInFlight: Record<string, number>;
  queue: QueuedRecord[];
  /** at-most-once: the poll's commit is in flight; processing waits for it. */
  awaitingCommit: number | null;
  processingTimerArmed: boolean;
  closing: boolean;
}

const HEARTBEAT_TIMER = 'heartbeat';
const AUTO_COMMIT_TIMER = 'auto-commit';
const PROCESS_TIMER = 'process';
const RETRY_TIMER = 'group-retry';
const tpk = topicPartitionName;

function rec(ctx: NodeContext, s: ConsumerState, type: string, fields: Record<string, unknown> = {}): void {
  ctx.record({ type, client: s.clientId, groupId: s.groupId, ...fields });
}

// ---- coordinator discovery and the group protocol ----

function discover(s: ConsumerState, ctx: NodeContext): void {
  s.phase = 'discover';
  s.coordinator = -1;
  if (Object.values(s.nc.inFlight).some((r) => r.kind === 'FindCoordinator')) return;
  const broker = leastLoadedNode(s.nc, ctx.now);
  if (broker === null) return retryLater(s, ctx);
  sendRequest(s.nc, broker, 'FindCoordinator', { type: 'FindCoordinator', key: s.groupId, keyType: 0 }, ctx);
}

function retryLater(s: ConsumerState, ctx: NodeContext): void {
  ctx.setTimer(RETRY_TIMER, s.nc.retryBackoffMs);
}

/** AbstractCoordinator.markCoordinatorUnknown: look for it again after retry.backoff.ms. */
function coordinatorLost(s: ConsumerState, ctx: NodeContext): void {
  rec(ctx, s, 'consumer.coordinatorLost', { coordinator: s.coordinator });
  ctx.cancelTimer(HEARTBEAT_TIMER);
  s.phase = 'discover';
  s.coordinator = -1;
  retryLater(s, ctx);
}

function subscription(s: ConsumerState): ConsumerSubscription {
  return {
    topics: s.subscribe,
    ownedPartitions: s.cooperative ? s.assignment : [],
    generation: s.generation,
  };
}

function join(s: ConsumerState, ctx: NodeContext): void {
  if (s.coordinator < 0) return discover(s, ctx);
  if (s.queue.length > 0 || s.awaitingCommit !== null) {
    s.rejoinNeeded = true; // poll() rejoins only after this poll's records are processed
    return;
  }
  s.rejoinNeeded = false;
  if (!s.cooperative && s.assignment.length > 0) revoke(s, s.assignment, ctx);
  s.phase = 'join';
  const metadata = subscription(s);
  sendRequest(
    s.nc,
    s.coordinator,
    'JoinGroup',
    {
      type: 'JoinGroup',
      groupId: s.groupId,
      sessionTimeoutMs: s.sessionTimeoutMs,
      rebalanceTimeoutMs: s.rebalanceTimeoutMs,
      memberId: s.memberId,
      groupInstanceId: null,
      clientId: s.clientId,
      protocolType: 'consumer',
      protocols: s.strategy.map((name) => ({ name, metadata })),
    },
    ctx,
    s.rebalanceTimeoutMs + 5000, // ConsumerCoordinator: JoinGroup may wait for the whole rebalance
  );
}

/** ConsumerRebalanceListener.onPartitionsRevoked: commit what was processed, stop fetching them. */
function revoke(s: ConsumerState, parts: TopicPartition[], ctx: NodeContext): void {
  if (parts.length === 0) return;
  if (s.autoCommit || s.processing?.mode === 'at-least-once') commit(s, ctx, parts);
  const keys = parts.map((p) => tpk(p.topic, p.partition));
  s.assignment = s.assignment.filter((p) => !keys.includes(tpk(p.topic, p.partition)));
  for (const k of keys) {
    delete s.positions[k];
    delete s.processed[k];
  }
  s.needsOffset = s.needsOffset.filter((k) => !keys.includes(k));
  rec(ctx, s, 'consumer.revoked', { partitions: parts });
}

function onJoin(s: ConsumerState, r: JoinGroupResponse, ctx: NodeContext): void {
  if (r.errorCode === 'MEMBER_ID_REQUIRED') {
    s.memberId = r.memberId;
    return join(s, ctx);
  }
  if (r.errorCode !== 'NONE') return onGroupError(s, r.errorCode, ctx);
  s.memberId = r.memberId;
  s.generation = r.generationId;
  s.isLeader = r.leader === r.memberId;
  s.phase = 'sync';
  let assignments: { memberId: string; assignment: TopicPartition[] }[] = [];
  if (s.isLeader) {
    // ConsumerCoordinator.onLeaderElected: the leader runs the group's assignor over its metadata.
    const subs: Record<string, { topics: string[]; ownedPartitions: TopicPartition[]; generation: number }> =
      {};
    for (const m of r.members) subs[m.memberId] = m.metadata;
    const counts: Record<string, number> = {};
    for (const t of Object.keys(s.nc.metadata.topics)) counts[t] = s.nc.metadata.topics[t]!.partitions.length;
    for (const m of r.members) for (const t of m.metadata.topics) wantTopic(s.nc, t);
    const name = (r.protocolName ?? s.strategy[0]!) as AssignorName;
    const result = assignors[name].assign(leaderPartitionsPerTopic(counts, subs), subs);
    assignments = Object.keys(result)
      .sort()
      .map((memberId) => ({ memberId, assignment: result[memberId]! }));
  }
  sendRequest(
    s.nc,
    s.coordinator,
    'SyncGroup',
    { type: 'SyncGroup', groupId: s.groupId, generationId: s.generation, memberId: s.memberId, assignments },
    ctx,
  );
}

function onSync(s: ConsumerState, r: SyncGroupResponse, ctx: NodeContext): void {
  if (r.errorCode !== 'NONE') return onGroupError(s, r.errorCode, ctx);
  const had = s.assignment.map((p) => tpk(p.topic, p.partition));
  const now = r.assignment.map((p) => tpk(p.topic, p.partition));
  const revoked = s.assignment.filter((p) => !now.includes(tpk(p.topic, p.partition)));
  const added = r.assignment.filter((p) => !had.includes(tpk(p.topic, p.partition)));
  if (revoked.length > 0) revoke(s, revoked, ctx);
  s.assignment = [...s.assignment, ...added].sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  for (const p of added) s.needsOffset.push(tpk(p.topic, p.partition));
  s.phase = 'stable';
  rec(ctx, s, 'consumer.assigned', {
    generation: s.generation,
    memberId: s.memberId,
    assignment: s.assignment,
    added,
    revoked,
  });
  ctx.setTimer(HEARTBEAT_TIMER, s.heartbeatIntervalMs);
  // KIP-429: having given partitions up, a cooperative member rejoins so they can move.
  if (s.cooperative && revoked.length > 0) join(s, ctx);
  fetchOffsets(s, ctx);
}

function onGroupError(s: ConsumerState, error: KafkaError, ctx: NodeContext): void {
  rec(ctx, s, 'consumer.groupError', { error, phase: s.phase });
  switch (error) {
    case 'NOT_COORDINATOR':
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'COORDINATOR_LOAD_IN_PROGRESS':
    case 'REQUEST_TIMED_OUT':
      return coordinatorLost(s, ctx);
    case 'UNKNOWN_MEMBER_ID':
      s.memberId = '';
      s.generation = -1;
      if (!s.cooperative) s.assignment = [];
      return join(s, ctx);
    case 'ILLEGAL_GENERATION':
      s.generation = -1;
      return join(s, ctx);
    case 'REBALANCE_IN_PROGRESS':
      return join(s, ctx);
    default:
      retryLater(s, ctx);
  }
}

function heartbeat(s: ConsumerState, ctx: NodeContext): void {
  if (s.phase !== 'stable' || s.coordinator < 0) return;
  if (!Object.values(s.nc.inFlight).some((r) => r.kind === 'Heartbeat')) {
    sendRequest(
      s.nc,
      s.coordinator,
      'Heartbeat',
      { type: 'Heartbeat', groupId: s.groupId, generationId: s.generation, memberId: s.memberId },
      ctx,
      Math.min(s.nc.requestTimeoutMs, s.sessionTimeoutMs),
    );
  }
  ctx.setTimer(HEARTBEAT_TIMER, s.heartbeatIntervalMs);
}

// ---- offsets ----

function fetchOffsets(s: ConsumerState, ctx: NodeContext): void {
  if (s.needsOffset.length === 0 || s.coordinator < 0) return;
  if (Object.values(s.nc.inFlight).some((r) => r.kind === 'OffsetFetch')) return;
  sendRequest(
    s.nc,
    s.coordinator,
    'OffsetFetch',
    { type: 'OffsetFetch', groupId: s.groupId, partitions: s.needsOffset.map(parseTopicPartitionName) },
    ctx,
  );
}

function onOffsetFetch(s: ConsumerState, r: OffsetFetchResponse, ctx: NodeContext): void {
  if (r.errorCode !== 'NONE') return onGroupError(s, r.errorCode, ctx);
  for (const p of r.partitions) {
    const k = tpk(p.topic, p.partition);
    if (!s.needsOffset.includes(k)) continue;
    if (p.committedOffset >= 0) {
      s.positions[k] = p.committedOffset;
      s.processed[k] = p.committedOffset;
      s.needsOffset = s.needsOffset.filter((x) => x !== k);
      rec(ctx, s, 'consumer.position', {
        topic: p.topic,
        partition: p.partition,
        offset: p.committedOffset,
        from: 'committed',
      });
    } else resetOffset(s, k, ctx);
  }
  pump(s, ctx);
}

/** auto.offset.reset: earliest = log start offset, latest = high watermark, none = an error. */
function resetOffset(s: ConsumerState, k: string, ctx: NodeContext): void {
  const tp = parseTopicPartitionName(k);
  if (s.offsetReset === 'none') {
    s.needsOffset = s.needsOffset.filter((x) => x !== k);
    rec(ctx, s, 'consumer.error', {
      error: 'NoOffsetForPartitionException',
      topic: tp.topic,
      partition: tp.partition,
    });
    return;
  }
  const leader = leaderFor(s.nc, tp.topic, tp.partition);
  if (leader < 0) {
    requestMetadataUpdate(s.nc);
    return;
  }
  if (Object.values(s.nc.inFlight).some((r) => r.kind === `ListOffsets:${k}`)) return;
  sendRequest(
    s.nc,
    leader,
    `ListOffsets:${k}`,
    {
      type: 'ListOffsets',
      replicaId: -1,
      isolationLevel: 'read_uncommitted',
      partitions: [
        {
          ...tp,
          currentLeaderEpoch: -1,
          timestamp: s.offsetReset === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
        },
      ],
    },
    ctx,
  );
}

function onListOffsets(s: ConsumerState, r: ListOffsetsResponse, ctx: NodeContext): void {
  for (const p of r.partitions) {
    const k = tpk(p.topic, p.partition);
    if (!s.needsOffset.includes(k)) continue;
    if (p.errorCode !== 'NONE') {
      if ((INVALID_METADATA_ERRORS as readonly string[]).includes(p.errorCode)) requestMetadataUpdate(s.nc);
      continue; // retried by the pump
    }
    s.positions[k] = p.offset;
    s.processed[k] = p.offset;
    s.needsOffset = s.needsOffset.filter((x) => x !== k);
    rec(ctx, s, 'consumer.position', {
      topic: p.topic,
      partition: p.partition,
      offset: p.offset,
      from: s.offsetReset,
    });
  }
}

/** commitSync of `parts` (default: all assigned) at their processed positions. Returns the correlation id. */
function commit(
  s: ConsumerState,
  ctx: NodeContext,
  parts: TopicPartition[] = s.assignment,
  at: Record<string, number> = s.processed,
): number | null {
  if (s.coordinator < 0) return null;
  const offsets = parts
    .map((p) => ({ ...p, committedOffset: at[tpk(p.topic, p.partition)] ?? -1 }))
    .filter((o) => o.committedOffset >= 0);
  if (offsets.length === 0) return null;
  rec(ctx, s, 'consumer.commit', { generation: s.generation, offsets });
  return sendRequest(
    s.nc,
    s.coordinator,
    'OffsetCommit',
    { type: 'OffsetCommit', groupId: s.groupId, generationId: s.generation, memberId: s.memberId, offsets },
    ctx,
  );
}

function onCommit(s: ConsumerState, correlationId: number, r: OffsetCommitResponse, ctx: NodeContext): void {
  const error = r.partitions.find((p) => p.errorCode !== 'NONE')?.errorCode ?? 'NONE';
  rec(ctx, s, 'consumer.committed', { error, offsets: r.partitions });
  if (s.awaitingCommit === correlationId) {
    s.awaitingCommit = null;
    // at-most-once: the offsets are committed (or the commit failed: the poll is processed anyway).
    scheduleProcessing(s, ctx);
  }
  if (error !== 'NONE' && error !== 'REQUEST_TIMED_OUT') onGroupError(s, error, ctx);
}

// ---- fetching and processing ----

function pump(s: ConsumerState, ctx: NodeContext): void {
  if (s.closing) return;
  for (const k of s.needsOffset)
    if (s.positions[k] === undefined && s.coordinator >= 0) resetIfNoCommitPending(s, k, ctx);
  maybeUpdateMetadata(s.nc, ctx);
  if (s.phase !== 'stable' || s.queue.length > 0 || s.awaitingCommit !== null) return;
  if (s.rejoinNeeded) return join(s, ctx);
  const byLeader: Record<string, TopicPartition[]> = {};
  for (const p of s.assignment) {
    const k = tpk(p.topic, p.partition);
    if (s.positions[k] === undefined) continue;
    const leader = leaderFor(s.nc, p.topic, p.partition);
    if (leader < 0) {
      requestMetadataUpdate(s.nc);
      continue;
    }
    (byLeader[leader] ??= []).push(p);
  }
  for (const leader of Object.keys(byLeader).sort((a, b) => Number(a) - Number(b))) {
    if (s.fetchesInFlight[leader] !== undefined) continue;
    s.fetchesInFlight[leader] = sendRequest(
      s.nc,
      Number(leader),
      'Fetch',
      {
        type: 'Fetch',
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: s.fetchMaxWaitMs,
        minBytes: s.fetchMinBytes,
        maxBytes: 52428800,
        isolationLevel: 'read_uncommitted',
        // Fields spelled out (an assigned partition is a topic and a partition): a spread costs more.
        partitions: byLeader[leader]!.map((p) => ({
          topic: p.topic,
          partition: p.partition,
          fetchOffset: s.positions[tpk(p.topic, p.partition)]!,
          currentLeaderEpoch: -1,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: s.maxPartitionFetchBytes,
        })),
      },
      ctx,
      s.fetchMaxWaitMs + s.nc.requestTimeoutMs,
    );
  }
}

function resetIfNoCommitPending(s: ConsumerState, k: string, ctx: NodeContext): void {
  if (Object.values(s.nc.inFlight).some((r) => r.kind === 'OffsetFetch')) return;
  fetchOffsets(s, ctx);
  if (!Object.values(s.nc.inFlight).some((r) => r.kind === 'OffsetFetch')) resetOffset(s, k, ctx);
}

function onFetch(s: ConsumerState, leader: number, r: FetchResponse, ctx: NodeContext): void {
  delete s.fetchesInFlight[leader];
  const polled: QueuedRecord[] = [];
  for (const p of r.partitions) {
    const k = tpk(p.topic, p.partition);
    const pos = s.positions[k];
    if (pos === undefined || !s.assignment.some((a) => a.topic === p.topic && a.partition === p.partition))
      continue;
    if (p.errorCode === 'OFFSET_OUT_OF_RANGE') {
      delete s.positions[k];
      if (!s.needsOffset.includes(k)) s.needsOffset.push(k);
      resetOffset(s, k, ctx);
      continue;
    }
    if (p.errorCode !== 'NONE') {
      if ((INVALID_METADATA_ERRORS as readonly string[]).includes(p.errorCode)) requestMetadataUpdate(s.nc);
      continue;
    }
    let next = pos;
    // Indexed loops: stored batches and their records are frozen arrays, which for...of walks slowly.
    for (let i = 0; i < p.records.length; i++) {
      const b = p.records[i]!;
      for (let j = 0; j < b.records.length; j++) {
        const x = b.records[j]!;
        if (x.offset < next || polled.length >= s.maxPollRecords) continue;
        polled.push({ topic: p.topic, partition: p.partition, offset: x.offset, key: x.key, value: x.value });
        next = x.offset + 1;
      }
      if (polled.length < s.maxPollRecords && b.lastOffset + 1 > next) next = b.lastOffset + 1; // compaction gaps
    }
    s.positions[k] = next;
  }
  if (polled.length > 0) deliver(s, polled, ctx);
}

function deliver(s: ConsumerState, polled: QueuedRecord[], ctx: NodeContext): void {
  rec(ctx, s, 'consumer.polled', { count: polled.length, first: polled[0], last: polled[polled.length - 1] });
  if (!s.processing) {
    for (const r of polled) processed(s, r, ctx);
    return;
  }
  s.queue.push(...polled);
  if (s.processing.mode === 'at-most-once') {
    // Commit first: the offsets after this poll, before any record is processed.
    const upTo: Record<string, number> = { ...s.processed };
    for (const r of polled) upTo[tpk(r.topic, r.partition)] = r.offset + 1;
    const parts = [...new Set(polled.map((r) => tpk(r.topic, r.partition)))].map(parseTopicPartitionName);
    s.awaitingCommit = commit(s, ctx, parts, upTo);
    if (s.awaitingCommit !== null) return;
  }
  scheduleProcessing(s, ctx);
}

function processed(s: ConsumerState, r: QueuedRecord, ctx: NodeContext): void {
  s.processed[tpk(r.topic, r.partition)] = r.offset + 1;
  // One event per record: built as `rec` would (same fields, same order), without the spread.
  ctx.record({
    type: 'consumer.processed',
    client: s.clientId,
    groupId: s.groupId,
    topic: r.topic,
    partition: r.partition,
    mode: s.processing?.mode ?? null,
    records: [{ offset: r.offset, key: r.key, value: r.value }],
  });
}

function scheduleProcessing(s: ConsumerState, ctx: NodeContext): void {
  if (s.processingTimerArmed || s.queue.length === 0 || s.awaitingCommit !== null) return;
  s.processingTimerArmed = true;
  ctx.setTimer(PROCESS_TIMER, s.processing?.recordMs ?? 0);
}

function processNext(s: ConsumerState, ctx: NodeContext): void {
  s.processingTimerArmed = false;
  const r = s.queue.shift();
  if (!r) return;
  const k = tpk(r.topic, r.partition);
  if (s.assignment.some((a) => tpk(a.topic, a.partition) === k)) processed(s, r, ctx);
  if (s.queue.length > 0) return scheduleProcessing(s, ctx);
  // The poll is done. at-least-once commits now, after processing.
  if (s.processing?.mode === 'at-least-once') commit(s, ctx);
  pump(s, ctx);
}

/** A request timed out or was refused. Returns true if the consumer stopped (a close that cannot leave). */
function requestFailed(
  s: ConsumerState,
  t: InFlightRequest & { correlationId: number },
  ctx: NodeContext,
): boolean {
  if (t.kind === 'Fetch') delete s.fetchesInFlight[t.broker];
  if (t.kind === 'LeaveGroup' && s.closing) {
    ctx.exit();
    return true;
  }
  if (t.kind === 'OffsetCommit' && s.awaitingCommit === t.correlationId) {
    s.awaitingCommit = null;
    scheduleProcessing(s, ctx);
  }
  // ConsumerCoordinator.markCoordinatorUnknown: any failed request to the coordinator.
  if (
    ['JoinGroup', 'SyncGroup', 'Heartbeat', 'OffsetFetch', 'OffsetCommit'].includes(t.kind) &&
    t.broker === s.coordinator
  ) {
    coordinatorLost(s, ctx);
  }
  if (t.kind === 'FindCoordinator') retryLater(s, ctx);
  return false;
}

export const consumerBehavior: NodeBehavior<ConsumerState> = {
  init(spec, _disk, ctx) {
    const c = spec.config as ConsumerNodeConfig;
    const cfg = c.config;
    const strategy = (
      Array.isArray(cfg['partition.assignment.strategy'])
        ? cfg['partition.assignment.strategy']
        : ['range', 'cooperative-sticky']
    ) as AssignorName[];
    const s: ConsumerState = {
      clientId: c.clientId,
      groupId: c.groupId,
      subscribe: c.subscribe,
      strategy,
      cooperative: rebalanceProtocolFor(strategy) === 'COOPERATIVE',
      processing: c.processing,
      autoCommit: c.processing === null && cfg['enable.auto.commit'] !== false,
      autoCommitIntervalMs: configNumber(cfg, 'auto.commit.interval.ms', 5000),
      sessionTimeoutMs: configNumber(cfg, 'session.timeout.ms', 45000),
      heartbeatIntervalMs: configNumber(cfg, 'heartbeat.interval.ms', 3000),
      rebalanceTimeoutMs: configNumber(cfg, 'max.poll.interval.ms', 300000),
      offsetReset: (cfg['auto.offset.reset'] ?? 'latest') as ConsumerState['offsetReset'],
      fetchMaxWaitMs: configNumber(cfg, 'fetch.max.wait.ms', 500),
      fetchMinBytes: configNumber(cfg, 'fetch.min.bytes', 1),
      maxPartitionFetchBytes: configNumber(cfg, 'max.partition.fetch.bytes', 1048576),
      maxPollRecords: configNumber(cfg, 'max.poll.records', 500),
      nc: createNetworkClient(c.clientId, c.bootstrapServers, cfg, true),
      coordinator: -1,
      memberId: '',
      generation: -1,
      phase: 'discover',
      isLeader: false,
      rejoinNeeded: false,
      assignment: [],
      positions: {},
      processed: {},
      needsOffset: [],
      fetchesInFlight: {},
      queue: [],
      awaitingCommit: null,
      processingTimerArmed: false,
      closing: false,
    };
    rec(ctx, s, 'client.started', { role: 'consumer' });
    for (const t of s.subscribe) wantTopic(s.nc, t);
    maybeUpdateMetadata(s.nc, ctx);
    discover(s, ctx);
    if (s.autoCommit) ctx.setTimer(AUTO_COMMIT_TIMER, s.autoCommitIntervalMs);
    return s;
  },

  onMessage(s, from, msg, ctx) {
    const refused = takeRefused(s.nc, msg, ctx);
    const closed = takeClosed(s.nc, msg, ctx);
    if (refused || closed.length) {
      for (const r of refused ? [refused] : closed) if (requestFailed(s, r, ctx)) return;
      return pump(s, ctx);
    }
    const m = msg as { type: string; correlationId: number };
    const req = takeResponse(s.nc, from, m.correlationId, ctx);
    if (!req) return;
    switch (m.type) {
      case 'MetadataResponse':
        applyMetadata(s.nc, msg as MetadataResponse, ctx);
        break;
      case 'FindCoordinatorResponse': {
        const r = msg as FindCoordinatorResponse;
        if (r.errorCode !== 'NONE') {
          retryLater(s, ctx);
          break;
        }
        s.coordinator = r.nodeId;
        rec(ctx, s, 'consumer.coordinator', { coordinator: r.nodeId });
        join(s, ctx);
        break;
      }
      case 'JoinGroupResponse':
        onJoin(s, msg as JoinGroupResponse, ctx);
        break;
      case 'SyncGroupResponse':
        onSync(s, msg as SyncGroupResponse, ctx);
        break;
      case 'HeartbeatResponse': {
        const e = (msg as { errorCode: KafkaError }).errorCode;
        if (e !== 'NONE' && s.phase === 'stable') onGroupError(s, e, ctx);
        break;
      }
      case 'OffsetFetchResponse':
        onOffsetFetch(s, msg as OffsetFetchResponse, ctx);
        break;
      case 'ListOffsetsResponse':
        onListOffsets(s, msg as ListOffsetsResponse, ctx);
        break;
      case 'OffsetCommitResponse':
        onCommit(s, m.correlationId, msg as OffsetCommitResponse, ctx);
        break;
      case 'FetchResponse':
        onFetch(s, req.broker, msg as FetchResponse, ctx);
        break;
      case 'LeaveGroupResponse':
        if (s.closing) ctx.exit();
        return;
    }
    pump(s, ctx);
  },

  onTimer(s, timerId, ctx) {
    const t = takeTimeout(s.nc, timerId, ctx.now);
    if (t) {
      if (requestFailed(s, t, ctx)) return;
    } else if (timerId === HEARTBEAT_TIMER) heartbeat(s, ctx);
    else if (timerId === AUTO_COMMIT_TIMER) {
      if (s.phase === 'stable') commit(s, ctx);
      ctx.setTimer(AUTO_COMMIT_TIMER, s.autoCommitIntervalMs);
    } else if (timerId === PROCESS_TIMER) return processNext(s, ctx);
    else if (timerId === RETRY_TIMER) {
      if (s.coordinator < 0) discover(s, ctx);
      else if (s.phase !== 'stable') join(s, ctx);
    } else if (!isMetadataRetryTimer(timerId)) return;
    pump(s, ctx);
  },

  onCommand(s, command, ctx) {
    const c = command as { type: string };
    if (c.type === 'commitOffsets') commit(s, ctx);
    else if (c.type === 'close') {
      // KafkaConsumer.close: commit (with auto-commit), leave the group, stop.
      if (s.autoCommit) commit(s, ctx);
      s.closing = true;
      if (s.coordinator >= 0 && s.memberId !== '') {
        sendRequest(
          s.nc,
          s.coordinator,
          'LeaveGroup',
          { type: 'LeaveGroup', groupId: s.groupId, memberId: s.memberId },
          ctx,
        );
      } else ctx.exit();
    }
  },

  view(s) {
    return {
      clientId: s.clientId,
      groupId: s.groupId,
      memberId: s.memberId,
      generation: s.generation,
      phase: s.phase,
      coordinator: s.coordinator,
      assignment: s.assignment,
      positions: s.positions,
      processed: s.processed,
      queued: s.queue.length,
    };
  },
};
