// The follower side of replication (kafka.server.ReplicaFetcherThread / AbstractFetcherThread): one
// fetcher per leader, one Fetch in flight, every followed partition in it. A diverging epoch in the answer
// truncates the local log (KIP-101/279 through the fetch response); records are appended with the
// leader's offsets and epochs; the follower's HW is min(leader HW, own LEO).
import type { FetchPartitionResponse, FetchRequest, FetchResponse } from '../protocol/client';
import {
  appendAsFollower,
  endOffsetForEpoch,
  maybeIncrementLogStartOffset,
  truncateFullyAndStartAt,
  truncateTo,
} from '../log/index';
import { brokerNode } from '../core/ids';
import type { BrokerIo, BrokerState, FetcherState } from './state';
import { cfgNum, nextId } from './state';
import { type Partition, tpKey } from './partition';

const fetcherTimer = (leaderId: number) => `rf:${leaderId}`;

function latestEpoch(p: Partition): number {
  const entries = p.log.leaderEpochCache.entries;
  return entries.length ? entries[entries.length - 1]!.epoch : -1;
}

/** Partitions this broker follows from `leaderId` and may fetch now. */
function followedFrom(s: BrokerState, leaderId: number, f: FetcherState | undefined): Partition[] {
  return Object.keys(s.partitions)
    .sort()
    .map((k) => s.partitions[k]!)
    .filter(
      (p) =>
        !p.stopped &&
        p.leader === leaderId &&
        leaderId !== s.brokerId &&
        f?.paused[tpKey(p.topic, p.partition)] !== p.leaderEpoch,
    );
}

/** Starts (or keeps) a fetch to every leader this broker follows. Idempotent. */
export function ensureFetchers(s: BrokerState, io: BrokerIo): void {
  const leaders = new Set<number>();
  for (const p of Object.values(s.partitions))
    if (!p.stopped && p.leader >= 0 && p.leader !== s.brokerId) leaders.add(p.leader);
  for (const id of [...leaders].sort((a, b) => a - b)) {
    const f = (s.fetchers[id] ??= { leaderId: id, inFlight: null, paused: {}, sentEpochs: {} });
    if (f.inFlight === null) sendFetch(s, f, io);
  }
}

function sendFetch(s: BrokerState, f: FetcherState, io: BrokerIo): void {
  const parts = followedFrom(s, f.leaderId, f);
  if (parts.length === 0 || s.zk.brokerEpoch < 0) return;
  const maxBytes = cfgNum(s, 'replica.fetch.max.bytes', 1048576);
  const req: FetchRequest = {
    type: 'Fetch',
    correlationId: nextId(s),
    replicaId: s.brokerId,
    replicaEpoch: s.zk.brokerEpoch,
    maxWaitMs: cfgNum(s, 'replica.fetch.wait.max.ms', 500),
    minBytes: 1,
    maxBytes: 10 * maxBytes,
    isolationLevel: 'read_uncommitted',
    partitions: parts.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      fetchOffset: p.log.logEndOffset,
      currentLeaderEpoch: p.leaderEpoch,
      lastFetchedEpoch: latestEpoch(p),
      logStartOffset: p.log.logStartOffset,
      partitionMaxBytes: maxBytes,
    })),
  };
  f.inFlight = req.correlationId;
  f.sentEpochs = {};
  for (const p of parts) f.sentEpochs[tpKey(p.topic, p.partition)] = p.leaderEpoch;
  io.ctx.send(brokerNode(f.leaderId), req);
  // replica.socket.timeout.ms (30 s): an unanswered fetch (leader dead or cut off) is abandoned and retried.
  io.ctx.setTimer(fetcherTimer(f.leaderId), cfgNum(s, 'replica.fetch.wait.max.ms', 500) + 30000);
}

/**
 * AbstractFetcherThread.getOffsetTruncationState for a diverging epoch {epoch E, endOffset O} from the
 * leader: if this replica's own end for E belongs to another epoch, truncate to that end and ask again;
 * otherwise truncate to min(O, own end for E, LEO).
 */
function truncateOnDivergence(
  s: BrokerState,
  p: Partition,
  div: { epoch: number; endOffset: number },
  io: BrokerIo,
): void {
  const leo = p.log.logEndOffset;
  let target: number;
  if (div.epoch < 0 || div.endOffset < 0) target = Math.min(p.highWatermark, leo);
  else {
    const own = endOffsetForEpoch(p.log, div.epoch);
    if (own.leaderEpoch < 0) target = Math.min(div.endOffset, leo);
    else if (own.leaderEpoch !== div.epoch) target = Math.min(own.endOffset, leo);
    else target = Math.min(div.endOffset, own.endOffset, leo);
  }
  if (target >= leo) return;
  const removed = p.log.logEndOffset - target;
  truncateTo(p.log, target, io.sink);
  p.highWatermark = Math.min(p.highWatermark, p.log.logEndOffset);
  io.ctx.record({
    type: 'log.truncate',
    broker: s.brokerId,
    topic: p.topic,
    partition: p.partition,
    fromOffset: leo,
    toOffset: target,
    records: removed,
    leader: p.leader,
    divergingEpoch: div.epoch,
  });
}

function applyPartition(
  s: BrokerState,
  p: Partition,
  f: FetcherState,
  r: FetchPartitionResponse,
  io: BrokerIo,
): void {
  switch (r.errorCode) {
    case 'NONE':
      break;
    case 'OFFSET_OUT_OF_RANGE': {
      // AbstractFetcherThread.handleOutOfRangeError: below the leader's log start, start over there.
      if (p.log.logEndOffset < r.logStartOffset) {
        truncateFullyAndStartAt(p.log, r.logStartOffset, io.sink);
        p.highWatermark = r.logStartOffset;
      } else if (r.highWatermark >= 0 && p.log.logEndOffset > r.highWatermark)
        truncateTo(p.log, r.highWatermark, io.sink);
      return;
    }
    case 'UNKNOWN_LEADER_EPOCH':
      return; // the leader has not caught up with the controller yet: retry
    default: {
      // FENCED_LEADER_EPOCH, NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION: wait for a newer
      // LeaderAndIsr, unless it already came while this fetch was in flight.
      const key = tpKey(p.topic, p.partition);
      if (f.sentEpochs[key] === p.leaderEpoch) f.paused[key] = p.leaderEpoch;
      return;
    }
  }
  if (r.divergingEpoch) {
    truncateOnDivergence(s, p, r.divergingEpoch, io);
    return;
  }
  if (r.records.length > 0) {
    const first = r.records[0]!;
    // The leader may return a batch that starts before our LEO only after compaction; skip what we have.
    const batches =
      first.baseOffset < p.log.logEndOffset
        ? r.records.filter((b) => b.baseOffset >= p.log.logEndOffset)
        : r.records;
    if (batches.length > 0) {
      const a = appendAsFollower(p.log, batches, io.sink);
      if (a.error === null) {
        io.ctx.record({
          type: 'replica.append',
          broker: s.brokerId,
          topic: p.topic,
          partition: p.partition,
          baseOffset: a.firstOffset,
          lastOffset: a.lastOffset,
        });
      }
    }
  }
  if (r.logStartOffset > p.log.logStartOffset && r.logStartOffset <= p.log.logEndOffset) {
    maybeIncrementLogStartOffset(p.log, r.logStartOffset, io.sink);
  }
  const hw = Math.min(r.highWatermark, p.log.logEndOffset);
  if (hw > p.highWatermark) p.highWatermark = hw;
}

export function handleFetchResponse(s: BrokerState, from: string, res: FetchResponse, io: BrokerIo): void {
  const f = Object.values(s.fetchers).find(
    (x) => x.inFlight === res.correlationId && brokerNode(x.leaderId) === from,
  );
  if (!f) return; // an answer to a fetch this broker abandoned
  f.inFlight = null;
  io.ctx.cancelTimer(fetcherTimer(f.leaderId));
  for (const r of res.partitions) {
    const p = s.partitions[tpKey(r.topic, r.partition)];
    if (!p || p.stopped || p.leader !== f.leaderId) continue; // leadership moved meanwhile
    // Records fetched under an older epoch may belong to a log that diverged: fetch again instead.
    if (r.errorCode === 'NONE' && f.sentEpochs[tpKey(r.topic, r.partition)] !== p.leaderEpoch) continue;
    applyPartition(s, p, f, r, io);
  }
  const backoff = res.partitions.some((r) => r.errorCode !== 'NONE' && r.errorCode !== 'OFFSET_OUT_OF_RANGE');
  if (backoff) io.ctx.setTimer(fetcherTimer(f.leaderId), cfgNum(s, 'replica.fetch.backoff.ms', 1000));
  else sendFetch(s, f, io);
}

/** Fetcher timers: a timed-out fetch or the end of a backoff; either way, fetch again. */
export function fetcherOnTimer(s: BrokerState, timerId: string, io: BrokerIo): boolean {
  if (!timerId.startsWith('rf:')) return false;
  const f = s.fetchers[timerId.slice(3)];
  if (f) {
    f.inFlight = null;
    sendFetch(s, f, io);
  }
  return true;
}

/**
 * The leader's process is gone (connection refused): back off replica.fetch.backoff.ms and try again,
 * until the controller names a new leader. Other refused requests are retried by their own timers.
 */
export function fetcherOnRefused(
  s: BrokerState,
  refused: { message: { type?: string; correlationId?: number } },
  io: BrokerIo,
): void {
  if (refused.message.type !== 'Fetch') return;
  const f = Object.values(s.fetchers).find((x) => x.inFlight === refused.message.correlationId);
  if (!f) return;
  f.inFlight = null;
  io.ctx.setTimer(fetcherTimer(f.leaderId), cfgNum(s, 'replica.fetch.backoff.ms', 1000));
}

/** The leader's process ended: the fetch in flight to it fails; back off and retry (or follow a new leader). */
export function fetcherOnClosed(s: BrokerState, from: string, io: BrokerIo): void {
  const f = Object.values(s.fetchers).find((x) => brokerNode(x.leaderId) === from && x.inFlight !== null);
  if (!f) return;
  f.inFlight = null;
  io.ctx.setTimer(fetcherTimer(f.leaderId), cfgNum(s, 'replica.fetch.backoff.ms', 1000));
}

/** A new LeaderAndIsr: partitions paused on an older epoch may fetch again. */
export function resumePaused(s: BrokerState): void {
  for (const f of Object.values(s.fetchers)) {
    for (const key of Object.keys(f.paused)) {
      const p = s.partitions[key];
      if (!p || p.leaderEpoch !== f.paused[key]) delete f.paused[key];
    }
  }
}
