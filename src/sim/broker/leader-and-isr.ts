// The controller's requests to a broker (ZooKeeper mode): LeaderAndIsr makes replicas leaders or
// followers (ReplicaManager.becomeLeaderOrFollower), StopReplica takes them offline or deletes them,
// UpdateMetadata refreshes the metadata cache. Requests from an older controller epoch are refused.
import type { NodeId } from '../core/node';
import type { LeaderAndIsrRequest, StopReplicaRequest, UpdateMetadataRequest } from '../protocol/controller';
import type { KafkaError } from '../protocol/errors';
import { deleteLog } from '../log/index';
import type { BrokerIo, BrokerState } from './state';
import { isLeader, makeFollower, makeLeader, newPartition, tpKey, updateConfig } from './partition';
import { applyUpdateMetadata } from './metadata-cache';
import { ensureFetchers, resumePaused } from './fetcher';
import { advanceLeaderHW, onPartitionProgress } from './purgatory';
import { loadOffsetsPartition, unloadOffsetsPartition } from '../group/coordinator';
import { OFFSETS_TOPIC } from '../protocol/group';

function staleController(s: BrokerState, controllerEpoch: number, brokerEpoch: number): KafkaError | null {
  if (controllerEpoch < s.controllerEpoch) return 'STALE_CONTROLLER_EPOCH';
  // A request meant for an earlier registration of this broker (before a restart or session loss).
  if (brokerEpoch >= 0 && s.zk.brokerEpoch >= 0 && brokerEpoch < s.zk.brokerEpoch)
    return 'STALE_BROKER_EPOCH';
  return null;
}

export function handleLeaderAndIsr(
  s: BrokerState,
  from: NodeId,
  req: LeaderAndIsrRequest,
  io: BrokerIo,
): void {
  const stale = staleController(s, req.controllerEpoch, req.brokerEpoch);
  if (stale) {
    io.ctx.record({
      type: 'request.rejected',
      broker: s.brokerId,
      request: 'LeaderAndIsr',
      error: stale,
      controllerEpoch: req.controllerEpoch,
    });
    io.ctx.send(from, {
      type: 'LeaderAndIsrResponse',
      controllerEpoch: req.controllerEpoch,
      errorCode: stale,
      partitionErrors: [],
    });
    return;
  }
  s.controllerEpoch = req.controllerEpoch;
  const partitionErrors: { topic: string; partition: number; errorCode: KafkaError }[] = [];
  const changed = [];
  for (const ps of req.partitionStates) {
    if (!ps.replicas.includes(s.brokerId)) continue;
    const key = tpKey(ps.topic, ps.partition);
    let p = s.partitions[key];
    if (!p) p = s.partitions[key] = newPartition(ps, ps.config, io.sink);
    const newer =
      ps.leaderEpoch > p.leaderEpoch ||
      (ps.leaderEpoch === p.leaderEpoch && ps.partitionEpoch > p.partitionEpoch) ||
      p.stopped;
    if (!newer) {
      partitionErrors.push({ topic: ps.topic, partition: ps.partition, errorCode: 'FENCED_LEADER_EPOCH' });
      continue;
    }
    updateConfig(p, ps.config);
    const wasLeader = isLeader(p, s.brokerId);
    const oldEpoch = p.leaderEpoch;
    if (ps.leader === s.brokerId) makeLeader(p, ps, s.brokerId, io.ctx, io.sink);
    else makeFollower(p, ps);
    partitionErrors.push({ topic: ps.topic, partition: ps.partition, errorCode: 'NONE' });
    if (wasLeader !== isLeader(p, s.brokerId) || oldEpoch !== p.leaderEpoch) {
      io.ctx.record({
        type: ps.leader === s.brokerId ? 'replica.leader' : 'replica.follower',
        broker: s.brokerId,
        topic: p.topic,
        partition: p.partition,
        leader: ps.leader,
        leaderEpoch: ps.leaderEpoch,
        isr: ps.isr,
        logEndOffset: p.log.logEndOffset,
        highWatermark: p.highWatermark,
      });
    }
    changed.push(p);
  }
  io.ctx.send(from, {
    type: 'LeaderAndIsrResponse',
    controllerEpoch: req.controllerEpoch,
    errorCode: 'NONE',
    partitionErrors,
  });
  resumePaused(s);
  for (const p of changed) {
    if (isLeader(p, s.brokerId)) advanceLeaderHW(s, p, io);
    onPartitionProgress(s, p, io); // produces waiting on a lost leadership fail now
    if (p.topic === OFFSETS_TOPIC) {
      if (isLeader(p, s.brokerId)) loadOffsetsPartition(s, p, io);
      else unloadOffsetsPartition(s, p.partition, io);
    }
  }
  ensureFetchers(s, io);
}

export function handleStopReplica(s: BrokerState, from: NodeId, req: StopReplicaRequest, io: BrokerIo): void {
  const stale = staleController(s, req.controllerEpoch, req.brokerEpoch);
  if (stale) {
    io.ctx.send(from, {
      type: 'StopReplicaResponse',
      controllerEpoch: req.controllerEpoch,
      errorCode: stale,
      partitionErrors: [],
    });
    return;
  }
  s.controllerEpoch = req.controllerEpoch;
  const partitionErrors: { topic: string; partition: number; errorCode: KafkaError }[] = [];
  for (const sp of req.partitions) {
    const key = tpKey(sp.topic, sp.partition);
    const p = s.partitions[key];
    partitionErrors.push({ topic: sp.topic, partition: sp.partition, errorCode: 'NONE' });
    if (!p) continue;
    if (sp.deletePartition) {
      deleteLog(p.log, io.sink);
      delete s.partitions[key];
      io.ctx.record({
        type: 'replica.deleted',
        broker: s.brokerId,
        topic: sp.topic,
        partition: sp.partition,
      });
    } else {
      p.stopped = true;
      p.leader = -1;
      io.ctx.record({
        type: 'replica.stopped',
        broker: s.brokerId,
        topic: sp.topic,
        partition: sp.partition,
      });
    }
    onPartitionProgress(s, p, io); // waiting produces and fetches fail now
    if (p.topic === OFFSETS_TOPIC) unloadOffsetsPartition(s, p.partition, io);
  }
  io.ctx.send(from, {
    type: 'StopReplicaResponse',
    controllerEpoch: req.controllerEpoch,
    errorCode: 'NONE',
    partitionErrors,
  });
}

export function handleUpdateMetadata(
  s: BrokerState,
  from: NodeId,
  req: UpdateMetadataRequest,
  io: BrokerIo,
): void {
  const ok = applyUpdateMetadata(s.metadata, req);
  for (const t of Object.keys(s.autoCreating)) if (s.metadata.topics[t]) delete s.autoCreating[t];
  io.ctx.send(from, { type: 'UpdateMetadataResponse', errorCode: ok ? 'NONE' : 'STALE_CONTROLLER_EPOCH' });
}
