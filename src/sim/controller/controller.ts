// kafka.controller.KafkaController's event loop (ControllerEventManager): one event at a time, each
// running step by step, a step waiting for all the ZooKeeper answers it asked for. The broker's
// ZooKeeper lifecycle (broker/zk-lifecycle.ts) creates the controller when it wins the election and
// feeds it ZooKeeper answers and watches, broker requests and its timer.
import type { NodeId } from '../core/node';
import { brokerIdOf } from '../core/ids';
import { zkIsConnected, zkRequest } from '../coordinator/client';
import type { ZkErr, ZkResult, ZkWatchEvent } from '../coordinator/protocol';
import type { ControllerRequest, StopReplicaResponse } from '../protocol/controller';
import {
  AUTO_REBALANCE_TIMER,
  createControllerState,
  newEvent,
  type ControllerEvent,
  type ControllerEventBody,
  type ControllerState,
} from './context';
import { controllerTag, parseControllerTag, runWriteStep, type ControllerIo } from './engine';
import { runBrokerChange, runBrokerFailure, runBrokerStartup, runStartup } from './brokers';
import {
  runCreateTopics,
  runDeleteTopics,
  runStopReplicaResponse,
  runTopicChange,
  runTopicDeletionChange,
  runTopicDeletionResume,
} from './topics';
import { runAlterPartition, runAutoRebalance, runControlledShutdown, runElectLeaders } from './requests';
import { BROKER_IDS_PATH, DELETE_TOPICS_PATH, TOPICS_PATH } from './zk-data';

const CONTROLLER_REQUESTS: readonly string[] = [
  'AlterPartition',
  'ControlledShutdown',
  'CreateTopics',
  'DeleteTopics',
  'ElectLeaders',
];
const BROKER_RESPONSES: readonly string[] = [
  'LeaderAndIsrResponse',
  'UpdateMetadataResponse',
  'StopReplicaResponse',
];

/** A request only the active controller serves. */
export function isControllerRequest(msg: unknown): msg is ControllerRequest {
  const type = (msg as { type?: unknown } | null)?.type;
  return typeof type === 'string' && CONTROLLER_REQUESTS.includes(type);
}

/** A broker's answer to a LeaderAndIsr, UpdateMetadata or StopReplica. */
export function isBrokerResponse(msg: unknown): boolean {
  const type = (msg as { type?: unknown } | null)?.type;
  return typeof type === 'string' && BROKER_RESPONSES.includes(type);
}

/** onControllerFailover begins: a new controller with the epoch it won, queued to read the cluster. */
export function startController(
  brokerId: number,
  incarnation: number,
  epoch: number,
  epochZkVersion: number,
  io: ControllerIo,
): ControllerState {
  const ctrl = createControllerState(brokerId, incarnation, epoch, epochZkVersion);
  ctrl.queue.push(newEvent(ctrl, { kind: 'Startup' }));
  drive(ctrl, io);
  return ctrl;
}

function runStep(ctrl: ControllerState, io: ControllerIo, ev: ControllerEvent): void {
  if (runWriteStep(ctrl, io, ev)) return;
  switch (ev.kind) {
    case 'Startup':
      return runStartup(ctrl, io, ev);
    case 'BrokerChange':
      return runBrokerChange(ctrl, io, ev);
    case 'BrokerStartup':
      return runBrokerStartup(ctrl, io, ev);
    case 'BrokerFailure':
      return runBrokerFailure(ctrl, io, ev);
    case 'TopicChange':
      return runTopicChange(ctrl, io, ev);
    case 'TopicDeletionChange':
      return runTopicDeletionChange(ctrl, io, ev);
    case 'TopicDeletionResume':
      return runTopicDeletionResume(ctrl, io, ev);
    case 'StopReplicaResponse':
      return runStopReplicaResponse(ctrl, io, ev);
    case 'AlterPartition':
      return runAlterPartition(ctrl, io, ev);
    case 'ControlledShutdown':
      return runControlledShutdown(ctrl, io, ev);
    case 'CreateTopics':
      return runCreateTopics(ctrl, io, ev);
    case 'DeleteTopics':
      return runDeleteTopics(ctrl, io, ev);
    case 'ElectLeaders':
      return runElectLeaders(ctrl, io, ev);
    case 'AutoRebalance':
      return runAutoRebalance(ctrl, io, ev);
  }
}

/** Runs events until one waits on ZooKeeper or the queue is empty. Stops at once when fenced. */
export function drive(ctrl: ControllerState, io: ControllerIo): void {
  for (;;) {
    if (ctrl.fenced) return;
    let ev = ctrl.current;
    if (ev === null) {
      const next = ctrl.queue.shift();
      if (next === undefined) return;
      ctrl.current = ev = next;
      ctrl.retryOnReconnect = [];
    }
    if (Object.keys(ev.waiting).length > 0) return;
    if (ev.step === 'done') {
      ctrl.current = null;
      continue;
    }
    const before = ev.step;
    runStep(ctrl, io, ev);
    if (!ctrl.fenced && ev.step === before && Object.keys(ev.waiting).length === 0) {
      // A bug, not a Kafka behaviour: say so in the journal and move on rather than stall the controller.
      io.ctx.record({ type: 'controller.error', brokerId: ctrl.brokerId, event: ev.kind, step: before });
      ev.step = 'done';
    }
  }
}

function enqueue(ctrl: ControllerState, io: ControllerIo, body: ControllerEventBody): void {
  ctrl.queue.push(newEvent(ctrl, body));
  drive(ctrl, io);
}

/** A ZooKeeper answer whose tag starts with 'ctl:'. Answers for another controllership or event are dropped. */
export function controllerOnZkResponse(
  ctrl: ControllerState,
  io: ControllerIo,
  tag: string,
  err: ZkErr,
  result: ZkResult | undefined,
): void {
  const parsed = parseControllerTag(tag);
  const ev = ctrl.current;
  if (parsed === null || parsed.incarnation !== ctrl.incarnation || ev === null || ev.id !== parsed.eventId)
    return;
  const op = ev.waiting[parsed.key];
  if (op === undefined) return;
  if (err === 'CONNECTIONLOSS') {
    // ZooKeeperClient.retryRequestsUntilConnected: the controller blocks until the session is back.
    if (zkIsConnected(io.zk)) zkRequest(io.zk, op, controllerTag(ctrl, ev, parsed.key), io.ctx);
    else if (!ctrl.retryOnReconnect.includes(parsed.key)) ctrl.retryOnReconnect.push(parsed.key);
    return;
  }
  if (err === 'SESSIONEXPIRED') return; // the lifecycle resigns this controller on the expiry itself
  delete ev.waiting[parsed.key];
  ev.replies[parsed.key] = result === undefined ? { err } : { err, result };
  drive(ctrl, io);
}

/** The session came back (not a new one): ops that failed with CONNECTIONLOSS are sent again. */
export function controllerOnReconnected(ctrl: ControllerState, io: ControllerIo): void {
  const ev = ctrl.current;
  const keys = ctrl.retryOnReconnect;
  ctrl.retryOnReconnect = [];
  if (ev === null) return;
  for (const key of keys) {
    const op = ev.waiting[key];
    if (op !== undefined) zkRequest(io.zk, op, controllerTag(ctrl, ev, key), io.ctx);
  }
}

/** The child watches the controller registered: each change becomes an event (once if already queued). */
export function controllerOnWatch(
  ctrl: ControllerState,
  io: ControllerIo,
  event: ZkWatchEvent,
  path: string,
): void {
  if (event !== 'NodeChildrenChanged') return;
  const kind =
    path === BROKER_IDS_PATH
      ? 'BrokerChange'
      : path === TOPICS_PATH
        ? 'TopicChange'
        : path === DELETE_TOPICS_PATH
          ? 'TopicDeletionChange'
          : null;
  if (kind === null) return;
  if (ctrl.queue.some((e) => e.kind === kind)) return;
  enqueue(ctrl, io, kind === 'TopicChange' ? { kind, newTopics: [] } : { kind });
}

/** A controller request or a broker's response, for the active controller. */
export function controllerOnMessage(
  ctrl: ControllerState,
  io: ControllerIo,
  from: NodeId,
  msg: unknown,
): void {
  if (isBrokerResponse(msg)) {
    const m = msg as StopReplicaResponse;
    if (m.type !== 'StopReplicaResponse' || m.controllerEpoch !== ctrl.context.epoch) return;
    const brokerId = brokerIdOf(from);
    if (brokerId === null) return;
    enqueue(ctrl, io, { kind: 'StopReplicaResponse', brokerId, partitions: m.partitionErrors ?? [] });
    return;
  }
  if (!isControllerRequest(msg)) return;
  switch (msg.type) {
    case 'AlterPartition':
      return enqueue(ctrl, io, { kind: 'AlterPartition', from, request: msg, errors: [] });
    case 'ControlledShutdown':
      return enqueue(ctrl, io, { kind: 'ControlledShutdown', from, request: msg, error: null });
    case 'CreateTopics':
      return enqueue(ctrl, io, { kind: 'CreateTopics', from, request: msg, results: [], plans: [] });
    case 'DeleteTopics':
      return enqueue(ctrl, io, { kind: 'DeleteTopics', from, request: msg, results: [] });
    case 'ElectLeaders':
      return enqueue(ctrl, io, { kind: 'ElectLeaders', from, request: msg, results: [] });
  }
}

/** The controller's timers; false if `timerId` is not one. */
export function controllerOnTimer(ctrl: ControllerState, io: ControllerIo, timerId: string): boolean {
  if (timerId !== AUTO_REBALANCE_TIMER) return false;
  if (!ctrl.queue.some((e) => e.kind === 'AutoRebalance')) enqueue(ctrl, io, { kind: 'AutoRebalance' });
  return true;
}
