// A broker reduced to a shell around its ZooKeeper lifecycle and controller, for the controller's tests:
// it answers LeaderAndIsr, UpdateMetadata and StopReplica with success (after the epoch checks a broker
// makes: STALE_CONTROLLER_EPOCH, STALE_BROKER_EPOCH), remembers what it was told, and sends the
// controller the requests a test commands. Test-only: the real broker lives in src/sim/broker.
import type { NodeBehavior, NodeContext, NodeId } from '../core/node';
import { brokerNode } from '../core/ids';
import type { ConfigValue } from '../../scenario/configs';
import { zkRequest } from '../coordinator/client';
import type { ZkOp } from '../coordinator/protocol';
import type {
  ControllerRequest,
  LeaderAndIsrRequest,
  LiveBroker,
  PartitionState,
  StopReplicaRequest,
  UpdateMetadataRequest,
} from '../protocol/controller';
import type { KafkaError } from '../protocol/errors';
import {
  brokerZkOnMessage,
  brokerZkOnMessageForController,
  brokerZkOnTimer,
  brokerZkShutdown,
  brokerZkStart,
  createBrokerZk,
  type BrokerZkHost,
  type BrokerZkState,
} from '../broker/zk-lifecycle';

export interface ShellConfig {
  brokerId: number;
  rack: string | null;
  config: Record<string, ConfigValue>;
}

export interface ShellState {
  brokerId: number;
  config: Record<string, ConfigValue>;
  zk: BrokerZkState;
  /** The highest controller epoch accepted. */
  controllerEpoch: number;
  /** What LeaderAndIsr said about this broker's replicas, key `topic-partition`. */
  replicas: Record<string, PartitionState & { isNew: boolean }>;
  /** The metadata cache (UpdateMetadata), key `topic-partition`. */
  metadata: Record<string, PartitionState & { offlineReplicas: number[] }>;
  liveBrokers: LiveBroker[];
  /** StopReplica received, key `topic-partition`. */
  stopped: Record<string, { deletePartition: boolean; controllerEpoch: number }>;
  rejected: { request: string; errorCode: KafkaError; controllerEpoch: number; at: number }[];
  /** Responses from the controller to this shell's requests, in arrival order. */
  responses: {
    at: number;
    from: NodeId;
    msg: { type: string; correlationId?: number; [k: string]: unknown };
  }[];
  nextCorrelationId: number;
}

type AlterPartitionItem = {
  topic: string;
  partition: number;
  newIsr: number[];
  leaderEpoch?: number;
  partitionEpoch?: number;
};

export type ShellCommand =
  /** A controller request, sent to `to` or to the active controller; the correlation id is filled in. */
  | { type: 'send'; msg: ControllerRequest; to?: NodeId }
  /** AlterPartition for partitions this broker leads, epochs taken from its last LeaderAndIsr unless given. */
  | { type: 'alterPartition'; partitions: AlterPartitionItem[]; brokerEpoch?: number; to?: NodeId }
  | { type: 'controlledShutdown'; to?: NodeId }
  /** A raw ZooKeeper request on this broker's session. */
  | { type: 'zk'; op: ZkOp; tag: string }
  /** Clean stop: close the session (ephemerals go at once), then exit. */
  | { type: 'shutdown' };

const key = (topic: string, partition: number) => `${topic}-${partition}`;

function host(s: ShellState, ctx: NodeContext): BrokerZkHost {
  return { ctx, brokerConfig: s.config };
}

function stale(s: ShellState, controllerEpoch: number, brokerEpoch: number): KafkaError | null {
  if (controllerEpoch < s.controllerEpoch) return 'STALE_CONTROLLER_EPOCH';
  if (brokerEpoch >= 0 && s.zk.brokerEpoch >= 0 && brokerEpoch < s.zk.brokerEpoch)
    return 'STALE_BROKER_EPOCH';
  return null;
}

function reject(
  s: ShellState,
  request: string,
  errorCode: KafkaError,
  controllerEpoch: number,
  ctx: NodeContext,
) {
  s.rejected.push({ request, errorCode, controllerEpoch, at: ctx.now });
}

function onLeaderAndIsr(s: ShellState, from: NodeId, req: LeaderAndIsrRequest, ctx: NodeContext): void {
  const err = stale(s, req.controllerEpoch, req.brokerEpoch);
  if (err !== null) {
    reject(s, 'LeaderAndIsr', err, req.controllerEpoch, ctx);
    ctx.send(from, {
      type: 'LeaderAndIsrResponse',
      controllerEpoch: req.controllerEpoch,
      errorCode: err,
      partitionErrors: [],
    });
    return;
  }
  s.controllerEpoch = req.controllerEpoch;
  for (const ps of req.partitionStates) {
    const old = s.replicas[key(ps.topic, ps.partition)];
    if (old === undefined || ps.leaderEpoch >= old.leaderEpoch) {
      const { config: _config, ...rest } = ps;
      s.replicas[key(ps.topic, ps.partition)] = { ...rest };
      delete s.stopped[key(ps.topic, ps.partition)];
    }
  }
  ctx.send(from, {
    type: 'LeaderAndIsrResponse',
    controllerEpoch: req.controllerEpoch,
    errorCode: 'NONE',
    partitionErrors: req.partitionStates.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      errorCode: 'NONE',
    })),
  });
}

function onUpdateMetadata(s: ShellState, from: NodeId, req: UpdateMetadataRequest, ctx: NodeContext): void {
  const err = stale(s, req.controllerEpoch, req.brokerEpoch);
  if (err !== null) {
    reject(s, 'UpdateMetadata', err, req.controllerEpoch, ctx);
    ctx.send(from, { type: 'UpdateMetadataResponse', errorCode: err });
    return;
  }
  s.controllerEpoch = req.controllerEpoch;
  for (const ps of req.partitionStates) {
    const { config: _config, ...rest } = ps;
    // MetadataCache.updateMetadata: a partition with leader -2 (LeaderDuringDelete) is dropped.
    if (ps.leader === -2) delete s.metadata[key(ps.topic, ps.partition)];
    else s.metadata[key(ps.topic, ps.partition)] = rest;
  }
  for (const topic of req.deletedTopics) {
    for (const k of Object.keys(s.metadata)) if (s.metadata[k]!.topic === topic) delete s.metadata[k];
  }
  s.liveBrokers = req.liveBrokers.map((b) => ({ ...b }));
  ctx.send(from, { type: 'UpdateMetadataResponse', errorCode: 'NONE' });
}

function onStopReplica(s: ShellState, from: NodeId, req: StopReplicaRequest, ctx: NodeContext): void {
  const err = stale(s, req.controllerEpoch, req.brokerEpoch);
  if (err !== null) {
    reject(s, 'StopReplica', err, req.controllerEpoch, ctx);
    ctx.send(from, {
      type: 'StopReplicaResponse',
      controllerEpoch: req.controllerEpoch,
      errorCode: err,
      partitionErrors: [],
    });
    return;
  }
  s.controllerEpoch = req.controllerEpoch;
  for (const p of req.partitions) {
    s.stopped[key(p.topic, p.partition)] = {
      deletePartition: p.deletePartition,
      controllerEpoch: req.controllerEpoch,
    };
    if (p.deletePartition) delete s.replicas[key(p.topic, p.partition)];
  }
  ctx.send(from, {
    type: 'StopReplicaResponse',
    controllerEpoch: req.controllerEpoch,
    errorCode: 'NONE',
    partitionErrors: req.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      errorCode: 'NONE',
    })),
  });
}

function controllerNode(s: ShellState, to: NodeId | undefined): NodeId | null {
  if (to !== undefined) return to;
  return s.zk.activeControllerId >= 0 ? brokerNode(s.zk.activeControllerId) : null;
}

export const shellBehavior: NodeBehavior<ShellState> = {
  init(spec, _disk, ctx) {
    const c = spec.config as ShellConfig;
    const s: ShellState = {
      brokerId: c.brokerId,
      config: c.config,
      zk: createBrokerZk(c.brokerId, c.rack, c.config),
      controllerEpoch: -1,
      replicas: {},
      metadata: {},
      liveBrokers: [],
      stopped: {},
      rejected: [],
      responses: [],
      nextCorrelationId: 1,
    };
    brokerZkStart(s.zk, host(s, ctx));
    return s;
  },

  onMessage(s, from, msg, ctx) {
    const h = host(s, ctx);
    if (brokerZkOnMessage(s.zk, from, msg, h)) return;
    if (brokerZkOnMessageForController(s.zk, from, msg, h)) return;
    const m = msg as { type: string };
    switch (m.type) {
      case 'LeaderAndIsr':
        return onLeaderAndIsr(s, from, msg as LeaderAndIsrRequest, ctx);
      case 'UpdateMetadata':
        return onUpdateMetadata(s, from, msg as UpdateMetadataRequest, ctx);
      case 'StopReplica':
        return onStopReplica(s, from, msg as StopReplicaRequest, ctx);
      default:
        s.responses.push({ at: ctx.now, from, msg: msg as ShellState['responses'][number]['msg'] });
    }
  },

  onTimer(s, timerId, ctx) {
    brokerZkOnTimer(s.zk, timerId, host(s, ctx));
  },

  onCommand(s, command, ctx) {
    const c = command as ShellCommand;
    switch (c.type) {
      case 'send': {
        const to = controllerNode(s, c.to);
        if (to !== null) ctx.send(to, { ...c.msg, correlationId: s.nextCorrelationId++ });
        return;
      }
      case 'alterPartition': {
        const to = controllerNode(s, c.to);
        if (to === null) return;
        ctx.send(to, {
          type: 'AlterPartition',
          correlationId: s.nextCorrelationId++,
          brokerId: s.brokerId,
          brokerEpoch: c.brokerEpoch ?? s.zk.brokerEpoch,
          partitions: c.partitions.map((p) => {
            const known = s.replicas[key(p.topic, p.partition)];
            return {
              topic: p.topic,
              partition: p.partition,
              newIsr: p.newIsr,
              leaderEpoch: p.leaderEpoch ?? known?.leaderEpoch ?? -1,
              partitionEpoch: p.partitionEpoch ?? known?.partitionEpoch ?? -1,
            };
          }),
        });
        return;
      }
      case 'controlledShutdown': {
        const to = controllerNode(s, c.to);
        if (to !== null)
          ctx.send(to, {
            type: 'ControlledShutdown',
            correlationId: s.nextCorrelationId++,
            brokerId: s.brokerId,
            brokerEpoch: s.zk.brokerEpoch,
          });
        return;
      }
      case 'zk':
        zkRequest(s.zk.zk, c.op, c.tag, ctx);
        return;
      case 'shutdown':
        brokerZkShutdown(s.zk, host(s, ctx));
        ctx.exit();
        return;
    }
  },
};
