// Delayed operations (kafka.server.DelayedOperationPurgatory): produces with acks=all waiting for the
// high watermark, and fetches waiting for data. Each is completed by the event that satisfies it, by a
// leadership change, or by its timer.
import type { KafkaError } from '../protocol/errors';
import type { ProduceResponse } from '../protocol/client';
import type { BrokerIo, BrokerState, DelayedProduce } from './state';
import {
  type Partition,
  effectiveMinIsr,
  isLeader,
  maximalIsr,
  maybeIncrementLeaderHW,
  tpKey,
} from './partition';
import { executeFetch } from './fetch';
import { groupCoordinatorOnProgress } from '../group/coordinator';

const produceTimer = (id: number) => `dp:${id}`;
export const fetchTimer = (id: number) => `df:${id}`;

export function addDelayedProduce(s: BrokerState, dp: DelayedProduce, timeoutMs: number, io: BrokerIo): void {
  s.delayedProduces[dp.id] = dp;
  io.ctx.setTimer(produceTimer(dp.id), timeoutMs);
  tryCompleteProduce(s, dp, io);
}

/**
 * Partition.checkEnoughReplicasReachOffset: done once the HW passes the batch; then NOT_ENOUGH_REPLICAS_AFTER_APPEND
 * if the (maximal) ISR has shrunk below min.insync.replicas meanwhile. Leadership lost: NOT_LEADER_OR_FOLLOWER.
 */
function tryCompleteProduce(s: BrokerState, dp: DelayedProduce, io: BrokerIo): void {
  for (const part of dp.partitions) {
    if (part.errorCode !== null) continue;
    const p = s.partitions[tpKey(part.topic, part.partition)];
    // Only losing leadership fails it (Partition.checkEnoughReplicasReachOffset): a new epoch of the same leader does not.
    if (!p || !isLeader(p, s.brokerId)) {
      part.errorCode = 'NOT_LEADER_OR_FOLLOWER';
      continue;
    }
    if (p.highWatermark >= part.requiredOffset) {
      part.errorCode =
        maximalIsr(p).length >= effectiveMinIsr(p) ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    }
  }
  if (dp.partitions.every((x) => x.errorCode !== null)) finishProduce(s, dp, io);
}

function finishProduce(s: BrokerState, dp: DelayedProduce, io: BrokerIo, timedOut = false): void {
  delete s.delayedProduces[dp.id];
  io.ctx.cancelTimer(produceTimer(dp.id));
  const response: ProduceResponse = {
    type: 'ProduceResponse',
    correlationId: dp.correlationId,
    partitions: dp.partitions.map((x) => {
      const errorCode: KafkaError = x.errorCode ?? (timedOut ? 'REQUEST_TIMED_OUT' : 'NONE');
      const p = s.partitions[tpKey(x.topic, x.partition)];
      return {
        topic: x.topic,
        partition: x.partition,
        errorCode,
        baseOffset:
          errorCode === 'NONE' || errorCode === 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' ? x.baseOffset : -1,
        logStartOffset: p ? p.log.logStartOffset : -1,
        errorMessage: null,
      };
    }),
  };
  io.ctx.send(dp.from, response);
}

/** Partition.maybeIncrementLeaderHW, recorded in the journal when the HW moves. Returns whether it moved. */
export function advanceLeaderHW(s: BrokerState, p: Partition, io: BrokerIo): boolean {
  if (!maybeIncrementLeaderHW(p, s.brokerId, io.ctx.now, s.config)) return false;
  io.ctx.record({
    type: 'hw',
    broker: s.brokerId,
    topic: p.topic,
    partition: p.partition,
    highWatermark: p.highWatermark,
  });
  return true;
}

/** The HW of `p` moved, or its leadership changed: produces waiting on it may be done. */
export function onPartitionProgress(s: BrokerState, p: Partition, io: BrokerIo): void {
  for (const id of Object.keys(s.delayedProduces)) {
    const dp = s.delayedProduces[id]!;
    if (dp.partitions.some((x) => x.topic === p.topic && x.partition === p.partition))
      tryCompleteProduce(s, dp, io);
  }
  wakeFetches(s, p, io);
  groupCoordinatorOnProgress(s, p, io);
}

/** New data (or a new HW) on `p`: fetches parked on it answer now. */
export function wakeFetches(s: BrokerState, p: Partition, io: BrokerIo): void {
  for (const id of Object.keys(s.delayedFetches)) {
    const df = s.delayedFetches[id];
    if (!df) continue;
    if (!df.request.partitions.some((x) => x.topic === p.topic && x.partition === p.partition)) continue;
    const result = executeFetch(s, df.request, io);
    if (result.bytes > 0 || result.hasError) {
      delete s.delayedFetches[id];
      io.ctx.cancelTimer(fetchTimer(df.id));
      io.ctx.send(df.from, result.response);
    }
  }
}

/** Timers of the purgatory; returns false if the timer is not one of its own. */
export function purgatoryOnTimer(s: BrokerState, timerId: string, io: BrokerIo): boolean {
  if (timerId.startsWith('dp:')) {
    const dp = s.delayedProduces[timerId.slice(3)];
    if (dp) finishProduce(s, dp, io, true);
    return true;
  }
  if (timerId.startsWith('df:')) {
    const df = s.delayedFetches[timerId.slice(3)];
    if (df) {
      delete s.delayedFetches[df.id];
      io.ctx.send(df.from, executeFetch(s, df.request, io).response);
    }
    return true;
  }
  return false;
}
