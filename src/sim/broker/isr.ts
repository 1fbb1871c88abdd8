// ISR changes from the leader's side (KIP-497): the leader proposes a new ISR to the controller with
// AlterPartition, one change in flight per partition, and applies it only when the controller answers.
// While an expansion is in flight the proposed ISR already counts for the HW and acks=all ("maximal ISR").
import type { AlterPartitionRequest, AlterPartitionResponse } from '../protocol/controller';
import type { BrokerIo, BrokerState } from './state';
import { cfgNum, controllerOf, nextId } from './state';
import { type Partition, followerCanJoinIsr, isLeader, outOfSyncReplicas, tpKey } from './partition';
import { advanceLeaderHW, onPartitionProgress } from './purgatory';
import { brokerNode } from '../core/ids';

export const ISR_SHRINK_TIMER = 'isr-shrink';
/** An AlterPartition unanswered for this long is sent again (AlterPartitionManager retries). */
const ALTER_PARTITION_RETRY_MS = 5000;

function proposeIsr(
  s: BrokerState,
  p: Partition,
  kind: 'expand' | 'shrink',
  newIsr: number[],
  io: BrokerIo,
): void {
  const controller = controllerOf(s);
  const correlationId = nextId(s);
  p.pendingIsr = { kind, newIsr, correlationId, sentAtMs: io.ctx.now };
  io.ctx.record({
    type: 'isr.proposed',
    broker: s.brokerId,
    topic: p.topic,
    partition: p.partition,
    kind,
    isr: p.isr,
    newIsr,
  });
  if (controller < 0 || s.zk.brokerEpoch < 0) return; // retried by the ISR timer
  const req: AlterPartitionRequest = {
    type: 'AlterPartition',
    correlationId,
    brokerId: s.brokerId,
    brokerEpoch: s.zk.brokerEpoch,
    partitions: [
      {
        topic: p.topic,
        partition: p.partition,
        leaderEpoch: p.leaderEpoch,
        newIsr,
        partitionEpoch: p.partitionEpoch,
      },
    ],
  };
  io.ctx.send(brokerNode(controller), req);
}

/** Partition.maybeExpandIsr: a caught-up follower outside the ISR is proposed for it. */
export function maybeExpandIsr(s: BrokerState, p: Partition, replicaId: number, io: BrokerIo): void {
  if (p.pendingIsr || p.isr.includes(replicaId) || !p.replicas.includes(replicaId)) return;
  if (!followerCanJoinIsr(p, replicaId)) return;
  proposeIsr(s, p, 'expand', [...p.isr, replicaId], io);
}

/** ReplicaManager.maybeShrinkIsr, every replica.lag.time.max.ms / 2; also re-sends unanswered proposals. */
export function isrTimer(s: BrokerState, io: BrokerIo): void {
  const now = io.ctx.now;
  for (const key of Object.keys(s.partitions).sort()) {
    const p = s.partitions[key]!;
    if (!isLeader(p, s.brokerId)) continue;
    if (p.pendingIsr) {
      if (now - p.pendingIsr.sentAtMs >= ALTER_PARTITION_RETRY_MS)
        proposeIsr(s, p, p.pendingIsr.kind, p.pendingIsr.newIsr, io);
      continue;
    }
    const out = outOfSyncReplicas(p, s.brokerId, now, s.config);
    if (out.length > 0)
      proposeIsr(
        s,
        p,
        'shrink',
        p.isr.filter((r) => !out.includes(r)),
        io,
      );
  }
  armIsrTimer(s, io);
}

export function armIsrTimer(s: BrokerState, io: BrokerIo): void {
  io.ctx.setTimer(ISR_SHRINK_TIMER, Math.max(1, Math.floor(cfgNum(s, 'replica.lag.time.max.ms', 30000) / 2)));
}

/** The controller's answer: apply the committed ISR (or drop the proposal on error). */
export function handleAlterPartitionResponse(
  s: BrokerState,
  res: AlterPartitionResponse,
  io: BrokerIo,
): void {
  for (const r of res.partitions) {
    const p = s.partitions[tpKey(r.topic, r.partition)];
    if (!p || !p.pendingIsr || p.pendingIsr.correlationId !== res.correlationId) continue;
    const proposal = p.pendingIsr;
    p.pendingIsr = null;
    const errorCode = res.errorCode !== 'NONE' ? res.errorCode : r.errorCode;
    if (errorCode !== 'NONE') {
      io.ctx.record({
        type: 'isr.rejected',
        broker: s.brokerId,
        topic: p.topic,
        partition: p.partition,
        error: errorCode,
        newIsr: proposal.newIsr,
      });
      continue;
    }
    if (r.leaderEpoch !== p.leaderEpoch) continue; // a newer LeaderAndIsr decides
    p.isr = r.isr;
    p.partitionEpoch = r.partitionEpoch;
    io.ctx.record({
      type: 'isr.updated',
      broker: s.brokerId,
      topic: p.topic,
      partition: p.partition,
      isr: p.isr,
      kind: proposal.kind,
    });
    advanceLeaderHW(s, p, io);
    onPartitionProgress(s, p, io);
  }
}
