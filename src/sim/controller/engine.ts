// The controller's machinery shared by every event: issuing ZooKeeper ops for the current event, the
// fenced partition-state write (KafkaZkClient.updateLeaderAndIsr / createTopicPartitionStatesRaw: a multi
// whose first op checks /controller_epoch's version, so that a deposed controller's writes fail), applying
// what ZooKeeper accepted to the context, and telling the brokers (only after the write succeeded).
import type { NodeContext, NodeId } from '../core/node';
import type { ConfigValue } from '../../scenario/configs';
import { zkRequest, type ZkClientState } from '../coordinator/client';
import type { ZkMultiOp, ZkMultiResult, ZkMultiSubOp, ZkOp, ZkStat } from '../coordinator/protocol';
import type { KafkaError } from '../protocol/errors';
import type { ControllerRequest, TopicPartition } from '../protocol/controller';
import {
  isLive,
  isShuttingDown,
  AUTO_REBALANCE_TIMER,
  type ControllerEvent,
  type ControllerState,
  type PartitionChange,
  type ZkReply,
} from './context';
import {
  CONTROLLER_EPOCH_PATH,
  decodePartitionState,
  encodePartitionState,
  partitionStatePath,
  topicPartitionPath,
  topicPartitionsPath,
} from './zk-data';
import { sendLeaderAndIsr, sendUpdateMetadata } from './channel';

/** What the controller is given with each input: the broker's context, config and ZooKeeper client. */
export interface ControllerIo {
  ctx: NodeContext;
  brokerConfig: Record<string, ConfigValue>;
  zk: ZkClientState;
}

export const CONTROLLER_TAG_PREFIX = 'ctl:';

export function controllerTag(ctrl: ControllerState, ev: ControllerEvent, key: string): string {
  return `${CONTROLLER_TAG_PREFIX}${ctrl.incarnation}:${ev.id}:${key}`;
}

export function parseControllerTag(
  tag: string,
): { incarnation: number; eventId: number; key: string } | null {
  const m = /^ctl:(\d+):(\d+):(.*)$/.exec(tag);
  return m ? { incarnation: Number(m[1]), eventId: Number(m[2]), key: m[3]! } : null;
}

/** Sends a ZooKeeper op for the current event; the event waits until every op it issued has answered. */
export function issue(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent,
  key: string,
  op: ZkOp,
): void {
  ev.waiting[key] = op;
  delete ev.replies[key];
  zkRequest(io.zk, op, controllerTag(ctrl, ev, key), io.ctx);
}

/** A multi guarded by the controller epoch's znode version (KafkaZkClient's controllerZkVersionCheck). */
export function fencedMulti(ctrl: ControllerState, ops: ZkMultiSubOp[]): ZkMultiOp {
  return {
    type: 'multi',
    ops: [{ type: 'check', path: CONTROLLER_EPOCH_PATH, version: ctrl.context.epochZkVersion }, ...ops],
  };
}

/** Whether a fenced multi failed on its /controller_epoch check: another controller has been elected. */
export function failedOnFence(reply: ZkReply | undefined): boolean {
  if (reply === undefined || reply.err === 'OK') return false;
  const results = (reply.result as ZkMultiResult | undefined)?.results;
  const check = results?.[0];
  return check !== undefined && check.type === 'error' && check.err !== 'OK';
}

/** The error of a fenced multi's own op (index 1), OK if the multi succeeded. */
export function fencedOpErr(reply: ZkReply | undefined): string {
  if (reply === undefined) return 'CONNECTIONLOSS';
  if (reply.err === 'OK') return 'OK';
  const op = (reply.result as ZkMultiResult | undefined)?.results?.[1];
  return op !== undefined && op.type === 'error' ? op.err : reply.err;
}

/**
 * Starts the partition-state writes of `ev.changes`, then continues at `next`. New partitions first get
 * their parents (/brokers/topics/<t>/partitions and .../<p>), as KafkaZkClient.createTopicPartitions does;
 * ZooKeeper handles one session's requests in order, so each create finds its parent.
 */
export function beginWrites(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent,
  next: string,
): void {
  ev.afterWrites = next;
  if (ev.changes.length === 0) {
    ev.step = next;
    return;
  }
  const parents: string[] = [];
  ev.changes.forEach((ch, i) => {
    const data = encodePartitionState({
      leader: ch.leader,
      leaderEpoch: ch.leaderEpoch,
      isr: ch.isr,
      controllerEpoch: ctrl.context.epoch,
    });
    const path = partitionStatePath(ch.topic, ch.partition);
    if (ch.expectedZkVersion < 0) {
      for (const parent of [topicPartitionsPath(ch.topic), topicPartitionPath(ch.topic, ch.partition)]) {
        if (parents.includes(parent)) continue;
        parents.push(parent);
        issue(
          ctrl,
          io,
          ev,
          `parent:${parent}`,
          fencedMulti(ctrl, [{ type: 'create', path: parent, data: null }]),
        );
      }
      issue(ctrl, io, ev, `w:${i}`, fencedMulti(ctrl, [{ type: 'create', path, data }]));
    } else {
      issue(
        ctrl,
        io,
        ev,
        `w:${i}`,
        fencedMulti(ctrl, [{ type: 'setData', path, data, version: ch.expectedZkVersion }]),
      );
    }
  });
  ev.step = 'w.collect';
}

/** Runs the generic write steps; false if `ev.step` is not one of them. */
export function runWriteStep(ctrl: ControllerState, io: ControllerIo, ev: ControllerEvent): boolean {
  if (ev.step === 'w.collect') {
    collectWrites(ctrl, io, ev);
    return true;
  }
  if (ev.step === 'w.refresh') {
    refreshWrites(ctrl, io, ev);
    return true;
  }
  return false;
}

function collectWrites(ctrl: ControllerState, io: ControllerIo, ev: ControllerEvent): void {
  for (const key of Object.keys(ev.replies)) {
    if (key.startsWith('parent:') && failedOnFence(ev.replies[key])) ctrl.fenced = true;
  }
  const refresh: number[] = [];
  ev.changes.forEach((ch, i) => {
    const reply = ev.replies[`w:${i}`];
    if (reply?.err === 'OK') {
      ch.outcome = 'ok';
      const setData = (reply.result as ZkMultiResult).results[1];
      ch.newZkVersion = setData?.type === 'setData' ? setData.stat.version : 0;
    } else if (failedOnFence(reply)) {
      ctrl.fenced = true;
      ch.outcome = 'failed';
    } else {
      // BADVERSION or NODEEXISTS: someone wrote first, or our own write whose answer was lost and that was
      // sent again. KafkaZkClient.checkLeaderAndIsrZkData re-reads the znode to tell the two apart.
      refresh.push(i);
    }
  });
  if (ctrl.fenced) return; // the broker resigns (ControllerMovedException)
  if (refresh.length === 0) {
    applyWrites(ctrl, io, ev);
    return;
  }
  for (const i of refresh) {
    const ch = ev.changes[i]!;
    issue(ctrl, io, ev, `r:${i}`, { type: 'getData', path: partitionStatePath(ch.topic, ch.partition) });
  }
  ev.step = 'w.refresh';
}

function refreshWrites(ctrl: ControllerState, io: ControllerIo, ev: ControllerEvent): void {
  ev.changes.forEach((ch, i) => {
    const reply = ev.replies[`r:${i}`];
    if (reply === undefined || ch.outcome !== 'pending') return;
    ch.outcome = 'failed';
    if (reply.err !== 'OK') return;
    const r = reply.result as { data: import('../coordinator/protocol').ZkData; stat: ZkStat };
    const st = decodePartitionState(r.data);
    if (st === null) return;
    const same =
      st.leader === ch.leader &&
      st.leaderEpoch === ch.leaderEpoch &&
      st.controllerEpoch === ctrl.context.epoch &&
      st.isr.length === ch.isr.length &&
      st.isr.every((x, j) => x === ch.isr[j]);
    if (same) {
      ch.outcome = 'ok';
      ch.newZkVersion = r.stat.version;
      return;
    }
    // Not ours: take ZooKeeper's state as the truth.
    const p = ctrl.context.topics[ch.topic]?.partitions[ch.partition];
    if (p !== undefined) Object.assign(p, { ...st, zkVersion: r.stat.version });
  });
  applyWrites(ctrl, io, ev);
}

function applyWrites(ctrl: ControllerState, io: ControllerIo, ev: ControllerEvent): void {
  for (const ch of ev.changes) {
    if (ch.outcome !== 'ok') continue;
    const p = ctrl.context.topics[ch.topic]?.partitions[ch.partition];
    if (p === undefined) continue;
    p.leader = ch.leader;
    p.leaderEpoch = ch.leaderEpoch;
    p.isr = [...ch.isr];
    p.controllerEpoch = ctrl.context.epoch;
    p.zkVersion = ch.newZkVersion;
    recordChange(io, ch);
  }
  ev.step = ev.afterWrites;
}

function recordChange(io: ControllerIo, ch: PartitionChange): void {
  const isrChanged =
    ch.expectedZkVersion >= 0 &&
    (ch.isr.length !== ch.previousIsr.length || ch.isr.some((x, i) => x !== ch.previousIsr[i]));
  if (ch.election !== null || ch.leader !== ch.previousLeader) {
    io.ctx.record({
      type: 'leader.elected',
      topic: ch.topic,
      partition: ch.partition,
      leader: ch.leader,
      leaderEpoch: ch.leaderEpoch,
      isr: [...ch.isr],
      previousLeader: ch.previousLeader,
      reason: ch.election ?? 'broker failure',
      unclean: ch.unclean,
    });
  }
  if (isrChanged) {
    io.ctx.record({
      type: 'isr.changed',
      topic: ch.topic,
      partition: ch.partition,
      isr: [...ch.isr],
      previousIsr: [...ch.previousIsr],
      leader: ch.leader,
      leaderEpoch: ch.leaderEpoch,
      reason: ch.isrReason,
    });
  }
}

/**
 * After the writes: LeaderAndIsr to the partitions' live replicas (ControllerBrokerRequestBatch
 * .addLeaderAndIsrRequestForBrokers) and UpdateMetadata to every live broker.
 */
export function sendChanges(
  ctrl: ControllerState,
  io: ControllerIo,
  changes: PartitionChange[],
  updateMetadata: 'changed' | 'all' = 'changed',
): void {
  const c = ctrl.context;
  const ok = changes.filter((ch) => ch.outcome === 'ok');
  const perBroker: Record<string, (TopicPartition & { isNew: boolean })[]> = {};
  for (const ch of ok) {
    const replicas = c.topics[ch.topic]?.replicas[ch.partition] ?? [];
    for (const r of replicas) {
      if (!isLive(c, r) || ch.excludeFromLeaderAndIsr.includes(r)) continue;
      if (isShuttingDown(c, r) && !ch.includeShuttingDown) continue;
      (perBroker[String(r)] ??= []).push({
        topic: ch.topic,
        partition: ch.partition,
        isNew: ch.expectedZkVersion < 0,
      });
    }
  }
  for (const b of Object.keys(perBroker)
    .map(Number)
    .sort((x, y) => x - y)) {
    sendLeaderAndIsr(ctrl, io, b, perBroker[String(b)]!);
  }
  if (updateMetadata === 'all') sendUpdateMetadata(ctrl, io, 'all');
  else if (ok.length > 0) {
    sendUpdateMetadata(
      ctrl,
      io,
      ok.map((ch) => ({ topic: ch.topic, partition: ch.partition })),
    );
  }
}

/** The NOT_CONTROLLER answer to a controller request (a broker that is not, or no longer, the controller). */
export function answerNotController(io: ControllerIo, from: NodeId, request: ControllerRequest): void {
  const error: KafkaError = 'NOT_CONTROLLER';
  switch (request.type) {
    case 'AlterPartition':
      io.ctx.send(from, {
        type: 'AlterPartitionResponse',
        correlationId: request.correlationId,
        errorCode: error,
        partitions: [],
      });
      return;
    case 'ControlledShutdown':
      io.ctx.send(from, {
        type: 'ControlledShutdownResponse',
        correlationId: request.correlationId,
        errorCode: error,
        remainingPartitions: [],
      });
      return;
    case 'CreateTopics':
      io.ctx.send(from, {
        type: 'CreateTopicsResponse',
        correlationId: request.correlationId,
        topics: request.topics.map((t) => ({ name: t.name, errorCode: error, errorMessage: null })),
      });
      return;
    case 'DeleteTopics':
      io.ctx.send(from, {
        type: 'DeleteTopicsResponse',
        correlationId: request.correlationId,
        responses: request.topicNames.map((name) => ({ name, errorCode: error, errorMessage: null })),
      });
      return;
    case 'ElectLeaders':
      io.ctx.send(from, {
        type: 'ElectLeadersResponse',
        correlationId: request.correlationId,
        errorCode: error,
        results: [],
      });
      return;
  }
}

/**
 * KafkaController.onControllerResignation: the events still queued are dropped (their requesters hear
 * NOT_CONTROLLER) and the auto-rebalance task is cancelled. The caller forgets the controller state.
 */
export function abandonController(ctrl: ControllerState, io: ControllerIo): void {
  const events = ctrl.current ? [ctrl.current, ...ctrl.queue] : [...ctrl.queue];
  for (const ev of events) if ('request' in ev) answerNotController(io, ev.from, ev.request);
  ctrl.current = null;
  ctrl.queue = [];
  io.ctx.cancelTimer(AUTO_REBALANCE_TIMER);
}
