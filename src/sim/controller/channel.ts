// kafka.controller.ControllerChannelManager / ControllerBrokerRequestBatch: the requests the controller
// sends to brokers. Every request carries the controller's epoch (brokers refuse older ones:
// STALE_CONTROLLER_EPOCH) and the recipient's broker epoch (a restarted broker refuses requests meant for
// its previous registration: STALE_BROKER_EPOCH, KIP-380). The controller sends to itself over the
// network too, as Kafka does.
import { brokerNode } from '../core/ids';
import type {
  LeaderAndIsrRequest,
  LiveBroker,
  PartitionState,
  StopReplicaRequest,
  TopicPartition,
  UpdateMetadataRequest,
} from '../protocol/controller';
import {
  allPartitions,
  isDeleting,
  isLive,
  liveBrokerIds,
  topicConfig,
  type ControllerState,
} from './context';
import type { ControllerIo } from './engine';

/** LeaderAndIsr.LeaderDuringDelete: the leader brokers see for a partition of a topic being deleted. */
export const LEADER_DURING_DELETE = -2;

function partitionState(ctrl: ControllerState, tp: TopicPartition): PartitionState | null {
  const t = ctrl.context.topics[tp.topic];
  const p = t?.partitions[tp.partition];
  if (t === undefined || p === undefined || p.zkVersion < 0) return null;
  return {
    topic: tp.topic,
    partition: tp.partition,
    controllerEpoch: p.controllerEpoch,
    leader: isDeleting(ctrl.context, tp.topic) ? LEADER_DURING_DELETE : p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: [...p.isr],
    partitionEpoch: p.zkVersion,
    replicas: [...(t.replicas[tp.partition] ?? [])],
  };
}

function brokerEpochOf(ctrl: ControllerState, id: number): number {
  return ctrl.context.liveBrokers[String(id)]?.epoch ?? -1;
}

function liveBrokers(ctrl: ControllerState): LiveBroker[] {
  return liveBrokerIds(ctrl.context).map((id) => {
    const b = ctrl.context.liveBrokers[String(id)]!;
    return { id: b.id, rack: b.rack, epoch: b.epoch };
  });
}

/** LeaderAndIsr to one live broker for the given partitions (skipped if it is not live). */
export function sendLeaderAndIsr(
  ctrl: ControllerState,
  io: ControllerIo,
  brokerId: number,
  partitions: (TopicPartition & { isNew: boolean })[],
): void {
  if (!isLive(ctrl.context, brokerId) || partitions.length === 0) return;
  const states: LeaderAndIsrRequest['partitionStates'] = [];
  const leaderIds: number[] = [];
  for (const tp of partitions) {
    const st = partitionState(ctrl, tp);
    if (st === null) continue;
    const overrides = ctrl.context.topics[tp.topic]!.overrides;
    states.push({ ...st, isNew: tp.isNew, config: topicConfig(io.brokerConfig, overrides) });
    if (st.leader >= 0 && !leaderIds.includes(st.leader)) leaderIds.push(st.leader);
  }
  if (states.length === 0) return;
  const request: LeaderAndIsrRequest = {
    type: 'LeaderAndIsr',
    controllerId: ctrl.brokerId,
    controllerEpoch: ctrl.context.epoch,
    brokerEpoch: brokerEpochOf(ctrl, brokerId),
    partitionStates: states,
    liveLeaders: leaderIds
      .sort((a, b) => a - b)
      .filter((id) => isLive(ctrl.context, id))
      .map((id) => ({ brokerId: id, rack: ctrl.context.liveBrokers[String(id)]!.rack })),
  };
  io.ctx.send(brokerNode(brokerId), request);
}

/**
 * UpdateMetadata to every live broker (shutting-down ones included) for `partitions` ('all' after a
 * failover or a broker change, as Kafka does with an empty partition set), plus deleted topics.
 */
export function sendUpdateMetadata(
  ctrl: ControllerState,
  io: ControllerIo,
  partitions: TopicPartition[] | 'all',
  deletedTopics: string[] = [],
): void {
  const c = ctrl.context;
  const tps = partitions === 'all' ? allPartitions(c) : partitions;
  const states: UpdateMetadataRequest['partitionStates'] = [];
  for (const tp of tps) {
    const st = partitionState(ctrl, tp);
    if (st === null) continue;
    const overrides = c.topics[tp.topic]!.overrides;
    states.push({
      ...st,
      offlineReplicas: st.replicas.filter((r) => !isLive(c, r)),
      config: topicConfig(io.brokerConfig, overrides),
    });
  }
  const live = liveBrokers(ctrl);
  for (const b of live) {
    const request: UpdateMetadataRequest = {
      type: 'UpdateMetadata',
      controllerId: ctrl.brokerId,
      controllerEpoch: c.epoch,
      brokerEpoch: b.epoch,
      partitionStates: states,
      deletedTopics: [...deletedTopics],
      liveBrokers: live,
    };
    io.ctx.send(brokerNode(b.id), request);
  }
}

export function sendStopReplica(
  ctrl: ControllerState,
  io: ControllerIo,
  brokerId: number,
  partitions: TopicPartition[],
  deletePartition: boolean,
): void {
  if (!isLive(ctrl.context, brokerId) || partitions.length === 0) return;
  const request: StopReplicaRequest = {
    type: 'StopReplica',
    controllerId: ctrl.brokerId,
    controllerEpoch: ctrl.context.epoch,
    brokerEpoch: brokerEpochOf(ctrl, brokerId),
    partitions: partitions.map((tp) => ({
      topic: tp.topic,
      partition: tp.partition,
      leaderEpoch: ctrl.context.topics[tp.topic]?.partitions[tp.partition]?.leaderEpoch ?? -1,
      deletePartition,
    })),
  };
  io.ctx.send(brokerNode(brokerId), request);
}

/** LeaderAndIsr for every partition each live broker holds a replica of (failover, ReplicaStateMachine.startup). */
export function sendAllLeaderAndIsr(ctrl: ControllerState, io: ControllerIo, brokerIds: number[]): void {
  const c = ctrl.context;
  for (const b of [...brokerIds].sort((x, y) => x - y)) {
    const tps = allPartitions(c).filter(
      (tp) => !isDeleting(c, tp.topic) && (c.topics[tp.topic]!.replicas[tp.partition] ?? []).includes(b),
    );
    sendLeaderAndIsr(
      ctrl,
      io,
      b,
      tps.map((tp) => ({ ...tp, isNew: false })),
    );
  }
}
