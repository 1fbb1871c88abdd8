// Controller events about the cluster's membership (kafka.controller.KafkaController): the failover of a
// newly elected controller (onControllerFailover), the /brokers/ids children watch (BrokerChange) and the
// two halves it splits into, onBrokerStartup and onBrokerFailure.
import type { ZkChildrenResult, ZkData, ZkDataResult } from '../coordinator/protocol';
import {
  brokerBool,
  isLive,
  liveBrokerIds,
  newEvent,
  AUTO_REBALANCE_TIMER,
  type BrokerInfo,
  type ControllerEvent,
  type ControllerState,
  type TopicInfo,
  type ZkReply,
} from './context';
import {
  BROKER_IDS_PATH,
  DELETE_TOPICS_PATH,
  TOPICS_PATH,
  brokerIdPath,
  decodeBrokerRack,
  decodePartitionState,
  decodeTopicAssignment,
  decodeTopicConfig,
  deleteTopicPath,
  partitionStatePath,
  topicConfigPath,
  topicPath,
} from './zk-data';
import { beginWrites, fencedMulti, issue, sendChanges, type ControllerIo } from './engine';
import { planBrokerFailure, planOnlinePartitions } from './election';
import { sendAllLeaderAndIsr, sendUpdateMetadata } from './channel';

/** KafkaController's first auto-rebalance check comes 5 s after failover, then every interval. */
export const FIRST_REBALANCE_CHECK_DELAY_MS = 5000;

export function childrenOf(reply: ZkReply | undefined): string[] {
  if (reply?.err !== 'OK') return [];
  return [...((reply.result as ZkChildrenResult).children ?? [])];
}

export function dataOf(reply: ZkReply | undefined): ZkDataResult | null {
  return reply?.err === 'OK' ? (reply.result as ZkDataResult) : null;
}

const byNumber = (names: string[]) =>
  names
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);

/** The live brokers from the getData answers of /brokers/ids/<id> (`b:<id>` replies): id, rack, czxid. */
function brokersFromReplies(ev: ControllerEvent, ids: number[]): BrokerInfo[] {
  const out: BrokerInfo[] = [];
  for (const id of ids) {
    const d = dataOf(ev.replies[`b:${id}`]);
    if (d === null) continue; // gone between getChildren and getData
    out.push({ id, rack: decodeBrokerRack(d.data), epoch: d.stat.czxid });
  }
  return out;
}

/** A topic read from /brokers/topics/<t> and /config/topics/<t>, partitions not yet read (NewPartition). */
export function topicFromData(name: string, assignment: ZkData, config: ZkData | null): TopicInfo | null {
  const replicas = decodeTopicAssignment(assignment);
  if (replicas === null) return null;
  return {
    name,
    replicas,
    overrides: config === null ? {} : decodeTopicConfig(config),
    partitions: replicas.map(() => ({
      leader: -1,
      leaderEpoch: 0,
      isr: [],
      controllerEpoch: 0,
      zkVersion: -1,
    })),
  };
}

export function armAutoRebalance(io: ControllerIo, delayMs: number): void {
  if (brokerBool(io.brokerConfig, 'auto.leader.rebalance.enable'))
    io.ctx.setTimer(AUTO_REBALANCE_TIMER, delayMs);
}

/**
 * onControllerFailover: register the child watches, read every broker, topic, config and partition
 * state (initializeControllerContext), bring every partition online that can be, tell every broker
 * everything (UpdateMetadata with all partitions, LeaderAndIsr for all its replicas), resume deletions.
 */
export function runStartup(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'Startup' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start':
      io.ctx.record({ type: 'controller.epoch', brokerId: ctrl.brokerId, controllerEpoch: c.epoch });
      issue(ctrl, io, ev, 'ids', { type: 'getChildren', path: BROKER_IDS_PATH, watch: true });
      issue(ctrl, io, ev, 'topics', { type: 'getChildren', path: TOPICS_PATH, watch: true });
      issue(ctrl, io, ev, 'deletes', { type: 'getChildren', path: DELETE_TOPICS_PATH, watch: true });
      ev.step = 'read1';
      return;
    case 'read1':
      for (const id of byNumber(childrenOf(ev.replies.ids)))
        issue(ctrl, io, ev, `b:${id}`, { type: 'getData', path: brokerIdPath(id) });
      for (const t of childrenOf(ev.replies.topics)) {
        issue(ctrl, io, ev, `t:${t}`, { type: 'getData', path: topicPath(t) });
        issue(ctrl, io, ev, `c:${t}`, { type: 'getData', path: topicConfigPath(t) });
      }
      ev.step = 'read2';
      return;
    case 'read2': {
      for (const b of brokersFromReplies(ev, byNumber(childrenOf(ev.replies.ids))))
        c.liveBrokers[String(b.id)] = b;
      for (const name of childrenOf(ev.replies.topics)) {
        const assignment = dataOf(ev.replies[`t:${name}`]);
        if (assignment === null) continue;
        const topic = topicFromData(name, assignment.data, dataOf(ev.replies[`c:${name}`])?.data ?? null);
        if (topic === null) continue;
        c.topics[name] = topic;
        topic.replicas.forEach((_, p) =>
          issue(ctrl, io, ev, `s:${name}:${p}`, { type: 'getData', path: partitionStatePath(name, p) }),
        );
      }
      ev.step = 'read3';
      return;
    }
    case 'read3': {
      for (const name of Object.keys(c.topics).sort()) {
        c.topics[name]!.partitions.forEach((p, i) => {
          const d = dataOf(ev.replies[`s:${name}:${i}`]);
          const st = d === null ? null : decodePartitionState(d.data);
          if (d === null || st === null) return;
          Object.assign(p, st, { zkVersion: d.stat.version });
        });
      }
      // TopicDeletionManager.init: markers for topics that no longer exist are removed.
      for (const name of childrenOf(ev.replies.deletes).sort()) {
        if (c.topics[name] !== undefined) c.topicsToBeDeleted[name] = { replicas: {}, announced: false };
        else
          issue(
            ctrl,
            io,
            ev,
            `rm:${name}`,
            fencedMulti(ctrl, [{ type: 'delete', path: deleteTopicPath(name), version: -1 }]),
          );
      }
      // PartitionStateMachine.startup for new partitions; ReplicaStateMachine.startup's OfflineReplica
      // transitions and the offline elections for the rest, one write per partition.
      const dead: number[] = [];
      for (const t of Object.values(c.topics))
        for (const replicas of t.replicas)
          for (const r of replicas) if (!isLive(c, r) && !dead.includes(r)) dead.push(r);
      ev.changes = [
        ...planOnlinePartitions(c, io.brokerConfig, 'new partition').filter((ch) => ch.expectedZkVersion < 0),
        ...planBrokerFailure(c, dead, io.brokerConfig, 'controller failover'),
      ];
      beginWrites(ctrl, io, ev, 'finish');
      return;
    }
    case 'finish':
      sendUpdateMetadata(ctrl, io, 'all');
      sendAllLeaderAndIsr(ctrl, io, liveBrokerIds(c));
      if (Object.keys(c.topicsToBeDeleted).length > 0)
        ctrl.queue.unshift(newEvent(ctrl, { kind: 'TopicDeletionResume', completing: [] }));
      armAutoRebalance(io, FIRST_REBALANCE_CHECK_DELAY_MS);
      ev.step = 'done';
      return;
  }
}

/**
 * BrokerChange (the /brokers/ids children watch): compare the registered brokers with the live ones.
 * A broker whose znode was re-created (new czxid: it restarted or lost its session) is "bounced": it fails
 * and starts again. The halves run next, before any other event (KafkaController.processBrokerChange).
 */
export function runBrokerChange(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'BrokerChange' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start':
      issue(ctrl, io, ev, 'ids', { type: 'getChildren', path: BROKER_IDS_PATH, watch: true });
      ev.step = 'read';
      return;
    case 'read':
      for (const id of byNumber(childrenOf(ev.replies.ids)))
        issue(ctrl, io, ev, `b:${id}`, { type: 'getData', path: brokerIdPath(id) });
      ev.step = 'compute';
      return;
    case 'compute': {
      const current = brokersFromReplies(ev, byNumber(childrenOf(ev.replies.ids)));
      const currentIds = current.map((b) => b.id);
      const fresh = current.filter((b) => !isLive(c, b.id));
      const bounced = current.filter(
        (b) => isLive(c, b.id) && c.liveBrokers[String(b.id)]!.epoch !== b.epoch,
      );
      const dead = liveBrokerIds(c).filter((id) => !currentIds.includes(id));
      const next: ControllerEvent[] = [];
      if (fresh.length > 0) next.push(newEvent(ctrl, { kind: 'BrokerStartup', brokers: fresh }));
      if (bounced.length > 0) {
        next.push(newEvent(ctrl, { kind: 'BrokerFailure', brokerIds: bounced.map((b) => b.id) }));
        next.push(newEvent(ctrl, { kind: 'BrokerStartup', brokers: bounced }));
      }
      if (dead.length > 0) next.push(newEvent(ctrl, { kind: 'BrokerFailure', brokerIds: dead }));
      ctrl.queue.unshift(...next);
      ev.step = 'done';
      return;
    }
  }
}

/**
 * onBrokerStartup: the new brokers join the live set; everyone gets UpdateMetadata, the new brokers get
 * LeaderAndIsr for their replicas (OnlineReplica), offline partitions they can lead are elected
 * (triggerOnlinePartitionStateChange), and deletions waiting on them resume.
 */
export function runBrokerStartup(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'BrokerStartup' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start': {
      let resumeDeletion = false;
      for (const b of ev.brokers) {
        c.liveBrokers[String(b.id)] = b;
        c.shuttingDownBrokerIds = c.shuttingDownBrokerIds.filter((id) => id !== b.id);
        io.ctx.record({ type: 'broker.joined', brokerId: b.id, brokerEpoch: b.epoch, rack: b.rack });
        // TopicDeletionManager: replicas that were ineligible because their broker was down are retried.
        for (const deletion of Object.values(c.topicsToBeDeleted)) {
          for (const key of Object.keys(deletion.replicas)) {
            if (key.endsWith(`:${b.id}`) && deletion.replicas[key] !== 'successful') {
              delete deletion.replicas[key];
              resumeDeletion = true;
            }
          }
        }
      }
      sendUpdateMetadata(ctrl, io, 'all');
      sendAllLeaderAndIsr(
        ctrl,
        io,
        ev.brokers.map((b) => b.id),
      );
      if (resumeDeletion || Object.keys(c.topicsToBeDeleted).length > 0)
        ctrl.queue.unshift(newEvent(ctrl, { kind: 'TopicDeletionResume', completing: [] }));
      ev.changes = planOnlinePartitions(c, io.brokerConfig, 'broker startup');
      beginWrites(ctrl, io, ev, 'finish');
      return;
    }
    case 'finish':
      sendChanges(ctrl, io, ev.changes);
      ev.step = 'done';
      return;
  }
}

/**
 * onBrokerFailure: the brokers leave the live set; partitions they led get a new leader, they leave the
 * ISRs they were in, and every broker hears of it. Replicas of topics being deleted become ineligible.
 */
export function runBrokerFailure(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'BrokerFailure' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start':
      for (const id of ev.brokerIds) {
        delete c.liveBrokers[String(id)];
        c.shuttingDownBrokerIds = c.shuttingDownBrokerIds.filter((b) => b !== id);
        io.ctx.record({ type: 'broker.failed', brokerId: id });
        for (const [topic, deletion] of Object.entries(c.topicsToBeDeleted)) {
          c.topics[topic]?.replicas.forEach((replicas, p) => {
            const key = `${p}:${id}`;
            if (replicas.includes(id) && deletion.replicas[key] !== 'successful')
              deletion.replicas[key] = 'ineligible';
          });
        }
      }
      ev.changes = planBrokerFailure(c, ev.brokerIds, io.brokerConfig);
      beginWrites(ctrl, io, ev, 'finish');
      return;
    case 'finish':
      // Everyone learns the broker is gone even if no partition changed (sendUpdateMetadataRequest(all)).
      sendChanges(ctrl, io, ev.changes, 'all');
      ev.step = 'done';
      return;
  }
}
