// The broker node (kafka.server.KafkaServer). On start it recovers its logs from disk, registers in
// ZooKeeper, races for the controller, and then serves: the controller's requests (LeaderAndIsr,
// UpdateMetadata, StopReplica), clients' requests (Metadata, Produce, Fetch, ListOffsets) and its
// followers' fetches, while its own fetchers replicate what it follows.
import type { NodeBehavior, NodeContext } from '../core/node';
import type { KafkaError } from '../protocol/errors';
import type { CreateTopicsRequest } from '../protocol/controller';
import type { ListOffsetsRequest, MetadataRequest } from '../protocol/client';
import { EARLIEST_TIMESTAMP } from '../protocol/client';
import { partitionsOnDisk } from '../log/index';
import { brokerNode } from '../core/ids';
import type { BrokerIo, BrokerNodeConfig, BrokerState } from './state';
import { HW_CHECKPOINT_KEY, cfgBool, cfgNum, controllerOf, nextId } from './state';
import { emptyMetadataCache, metadataResponse } from './metadata-cache';
import { isLeader, recoveredPartition, replicaView, tpKey, type ReplicaView } from './partition';
import {
  brokerZkOnMessage,
  brokerZkOnMessageForController,
  brokerZkOnTimer,
  brokerZkShutdown,
  brokerZkStart,
  createBrokerZk,
  type BrokerZkHost,
} from './zk-lifecycle';
import { handleLeaderAndIsr, handleStopReplica, handleUpdateMetadata } from './leader-and-isr';
import { handleProduce } from './produce';
import { handleFetch } from './fetch';
import { fetcherOnClosed, fetcherOnRefused, fetcherOnTimer, handleFetchResponse } from './fetcher';
import { ISR_SHRINK_TIMER, armIsrTimer, handleAlterPartitionResponse, isrTimer } from './isr';
import { purgatoryOnTimer } from './purgatory';
import { armLogManager, logManagerOnTimer } from './log-manager';
import { controllerView } from '../controller/index';
import {
  emptyGroupCoordinator,
  groupCoordinatorOnTimer,
  groupsView,
  handleHeartbeat,
  handleJoinGroup,
  handleLeaveGroup,
  handleOffsetCommit,
  handleOffsetFetch,
  handleSyncGroup,
} from '../group/coordinator';
import { coordinatorPartition } from '../group/coordinator-partition';
import { OFFSETS_TOPIC, type FindCoordinatorRequest } from '../protocol/group';

const SHUTDOWN_RETRY_TIMER = 'controlled-shutdown';
const PRODUCER_ID_KEY = 'producer-id-block';

function io(ctx: NodeContext): BrokerIo {
  return { ctx, sink: (op) => ctx.disk(op) };
}

function zkHost(s: BrokerState, ctx: NodeContext): BrokerZkHost {
  return { ctx, brokerConfig: s.config };
}

function handleMetadata(s: BrokerState, from: string, req: MetadataRequest, b: BrokerIo): void {
  const autoCreate = req.allowAutoTopicCreation && cfgBool(s, 'auto.create.topics.enable', true);
  const controller = controllerOf(s);
  if (autoCreate && req.topics && controller >= 0) {
    // KafkaApis.getTopicMetadata: an unknown topic is created with num.partitions and default.replication.factor.
    const missing = req.topics.filter((t) => !s.metadata.topics[t] && s.autoCreating[t] === undefined);
    if (missing.length > 0) {
      const create: CreateTopicsRequest = {
        type: 'CreateTopics',
        correlationId: nextId(s),
        topics: missing.map((name) => ({
          name,
          numPartitions: cfgNum(s, 'num.partitions', 1),
          replicationFactor: cfgNum(s, 'default.replication.factor', 1),
          configs: {},
        })),
        timeoutMs: 30000,
        validateOnly: false,
      };
      for (const t of missing) s.autoCreating[t] = b.ctx.now;
      b.ctx.send(brokerNode(controller), create);
    }
  }
  b.ctx.send(from, metadataResponse(s.metadata, req, autoCreate ? Object.keys(s.autoCreating) : []));
}

/** ListOffsets: earliest is the log start offset, latest the HW (OFFSET_NOT_AVAILABLE while a new leader's HW lags its epoch start). */
function handleListOffsets(s: BrokerState, from: string, req: ListOffsetsRequest, b: BrokerIo): void {
  const partitions = req.partitions.map((x) => {
    const p = s.partitions[tpKey(x.topic, x.partition)];
    const fail = (errorCode: KafkaError) => ({
      topic: x.topic,
      partition: x.partition,
      errorCode,
      offset: -1,
      leaderEpoch: -1,
    });
    if (!p) return fail(s.metadata.topics[x.topic] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION');
    if (!isLeader(p, s.brokerId)) return fail('NOT_LEADER_OR_FOLLOWER');
    if (x.currentLeaderEpoch >= 0 && x.currentLeaderEpoch !== p.leaderEpoch) {
      return fail(x.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH');
    }
    if (x.timestamp === EARLIEST_TIMESTAMP)
      return {
        topic: x.topic,
        partition: x.partition,
        errorCode: 'NONE' as const,
        offset: p.log.logStartOffset,
        leaderEpoch: p.leaderEpoch,
      };
    if (p.highWatermark < p.leaderEpochStartOffset) return fail('OFFSET_NOT_AVAILABLE');
    return {
      topic: x.topic,
      partition: x.partition,
      errorCode: 'NONE' as const,
      offset: p.highWatermark,
      leaderEpoch: p.leaderEpoch,
    };
  });
  b.ctx.send(from, { type: 'ListOffsetsResponse', correlationId: req.correlationId, partitions });
}

/**
 * FindCoordinator (KafkaApis.handleFindCoordinatorRequest): the leader of the group's __consumer_offsets
 * partition. The first request creates that topic (offsets.topic.num.partitions,
 * offsets.topic.replication.factor, compacted) and answers COORDINATOR_NOT_AVAILABLE meanwhile.
 */
function handleFindCoordinator(s: BrokerState, from: string, req: FindCoordinatorRequest, b: BrokerIo): void {
  const reply = (errorCode: KafkaError, nodeId = -1) =>
    b.ctx.send(from, {
      type: 'FindCoordinatorResponse',
      correlationId: req.correlationId,
      errorCode,
      nodeId,
    });
  const topic = s.metadata.topics[OFFSETS_TOPIC];
  if (!topic) {
    const controller = controllerOf(s);
    if (
      controller >= 0 &&
      (s.autoCreating[OFFSETS_TOPIC] === undefined || b.ctx.now - s.autoCreating[OFFSETS_TOPIC]! > 5000)
    ) {
      s.autoCreating[OFFSETS_TOPIC] = b.ctx.now;
      const live = s.metadata.liveBrokers.length;
      const create: CreateTopicsRequest = {
        type: 'CreateTopics',
        correlationId: nextId(s),
        topics: [
          {
            name: OFFSETS_TOPIC,
            numPartitions: cfgNum(s, 'offsets.topic.num.partitions', 50),
            // KafkaApis.createInternalTopic: the configured factor, or fewer if the cluster is smaller.
            replicationFactor: Math.max(1, Math.min(cfgNum(s, 'offsets.topic.replication.factor', 3), live)),
            configs: { 'cleanup.policy': 'compact', 'segment.bytes': 104857600 },
          },
        ],
        timeoutMs: 30000,
        validateOnly: false,
      };
      b.ctx.send(brokerNode(controller), create);
    }
    return reply('COORDINATOR_NOT_AVAILABLE');
  }
  const p = topic[String(coordinatorPartition(req.key, cfgNum(s, 'offsets.topic.num.partitions', 50)))];
  const live = s.metadata.liveBrokers.some((x) => x.id === p?.leader);
  if (!p || p.leader < 0 || !live) return reply('COORDINATOR_NOT_AVAILABLE');
  reply('NONE', p.leader);
}

/**
 * InitProducerId without a transactional id: a fresh producer id. Real brokers take blocks of ids from
 * ZooKeeper (/latest_producer_id_block); here each broker owns the ids brokerId * 2^20 + n, with n on its disk.
 */
function handleInitProducerId(
  s: BrokerState,
  from: string,
  req: { correlationId: number },
  b: BrokerIo,
): void {
  s.producerIdsIssued++;
  b.sink({ op: 'put', key: PRODUCER_ID_KEY, value: s.producerIdsIssued });
  const producerId = s.brokerId * 1048576 + s.producerIdsIssued;
  b.ctx.send(from, {
    type: 'InitProducerIdResponse',
    correlationId: req.correlationId,
    errorCode: 'NONE',
    producerId,
    producerEpoch: 0,
  });
}

/** KafkaServer.controlledShutdown: ask the controller to move leadership away, up to 3 tries, then stop. */
function controlledShutdown(s: BrokerState, b: BrokerIo): void {
  const controller = controllerOf(s);
  const attempts = (s.shutdown?.attempts ?? 0) + 1;
  if (
    !cfgBool(s, 'controlled.shutdown.enable', true) ||
    attempts > 3 ||
    controller < 0 ||
    s.zk.brokerEpoch < 0
  ) {
    finishShutdown(s, b);
    return;
  }
  const correlationId = nextId(s);
  s.shutdown = { correlationId, attempts };
  b.ctx.record({ type: 'broker.controlledShutdown', broker: s.brokerId, attempt: attempts });
  b.ctx.send(brokerNode(controller), {
    type: 'ControlledShutdown',
    correlationId,
    brokerId: s.brokerId,
    brokerEpoch: s.zk.brokerEpoch,
  });
  b.ctx.setTimer(SHUTDOWN_RETRY_TIMER, 5000); // controlled.shutdown.retry.backoff.ms
}

function finishShutdown(s: BrokerState, b: BrokerIo): void {
  b.ctx.record({ type: 'broker.stopped', broker: s.brokerId });
  brokerZkShutdown(s.zk, zkHost(s, b.ctx));
  b.ctx.exit();
}

export const brokerBehavior: NodeBehavior<BrokerState> = {
  init(spec, disk, ctx) {
    const c = spec.config as BrokerNodeConfig;
    const hwCheckpoint = (disk[HW_CHECKPOINT_KEY] as Record<string, number> | undefined) ?? {};
    const s: BrokerState = {
      brokerId: c.brokerId,
      rack: c.rack,
      config: c.config,
      zk: createBrokerZk(c.brokerId, c.rack, c.config),
      metadata: emptyMetadataCache(),
      controllerEpoch: -1,
      partitions: {},
      fetchers: {},
      delayedProduces: {},
      delayedFetches: {},
      autoCreating: {},
      nextId: 0,
      shutdown: null,
      hwCheckpoint,
      producerIdsIssued: (disk[PRODUCER_ID_KEY] as number | undefined) ?? 0,
      groupCoordinator: emptyGroupCoordinator(),
    };
    // LogManager.loadLogs: every log on disk comes back, offline until the controller says otherwise.
    for (const tp of partitionsOnDisk(disk)) {
      const key = tpKey(tp.topic, tp.partition);
      s.partitions[key] = recoveredPartition(tp.topic, tp.partition, disk, hwCheckpoint[key] ?? 0);
      ctx.record({
        type: 'log.recovered',
        broker: c.brokerId,
        topic: tp.topic,
        partition: tp.partition,
        logEndOffset: s.partitions[key]!.log.logEndOffset,
      });
    }
    const b = io(ctx);
    brokerZkStart(s.zk, zkHost(s, ctx));
    armIsrTimer(s, b);
    armLogManager(s, b);
    return s;
  },

  onMessage(s, from, msg, ctx) {
    const b = io(ctx);
    const host = zkHost(s, ctx);
    if (brokerZkOnMessage(s.zk, from, msg, host)) return;
    const m = msg as { type: string };
    switch (m.type) {
      case 'LeaderAndIsr':
        return handleLeaderAndIsr(s, from, msg as never, b);
      case 'UpdateMetadata':
        return handleUpdateMetadata(s, from, msg as never, b);
      case 'StopReplica':
        return handleStopReplica(s, from, msg as never, b);
      case 'Metadata':
        return handleMetadata(s, from, msg as never, b);
      case 'Produce':
        return handleProduce(s, from, msg as never, b);
      case 'Fetch':
        return handleFetch(s, from, msg as never, b);
      case 'FetchResponse':
        return handleFetchResponse(s, from, msg as never, b);
      case 'ListOffsets':
        return handleListOffsets(s, from, msg as never, b);
      case 'AlterPartitionResponse':
        return handleAlterPartitionResponse(s, msg as never, b);
      case 'ControlledShutdownResponse': {
        const r = msg as { correlationId: number; errorCode: KafkaError; remainingPartitions: unknown[] };
        if (!s.shutdown || s.shutdown.correlationId !== r.correlationId) return;
        ctx.cancelTimer(SHUTDOWN_RETRY_TIMER);
        if (r.errorCode === 'NONE' && r.remainingPartitions.length === 0) finishShutdown(s, b);
        else ctx.setTimer(SHUTDOWN_RETRY_TIMER, 5000);
        return;
      }
      case 'FindCoordinator':
        return handleFindCoordinator(s, from, msg as FindCoordinatorRequest, b);
      case 'JoinGroup':
        return handleJoinGroup(s, from, msg as never, b);
      case 'SyncGroup':
        return handleSyncGroup(s, from, msg as never, b);
      case 'Heartbeat':
        return handleHeartbeat(s, from, msg as never, b);
      case 'LeaveGroup':
        return handleLeaveGroup(s, from, msg as never, b);
      case 'OffsetCommit':
        return handleOffsetCommit(s, from, msg as never, b);
      case 'OffsetFetch':
        return handleOffsetFetch(s, from, msg as never, b);
      case 'InitProducerId':
        return handleInitProducerId(s, from, msg as { correlationId: number }, b);
      case 'CreateTopicsResponse':
        return; // answers to this broker's auto-creations; UpdateMetadata brings the topic
      case 'ConnectionRefused':
        return fetcherOnRefused(s, msg as { message: { type?: string; correlationId?: number } }, b);
      case 'ConnectionClosed':
        return fetcherOnClosed(s, from, b);
      default:
        brokerZkOnMessageForController(s.zk, from, msg, host);
    }
  },

  onTimer(s, timerId, ctx) {
    const b = io(ctx);
    if (brokerZkOnTimer(s.zk, timerId, zkHost(s, ctx))) return;
    if (purgatoryOnTimer(s, timerId, b)) return;
    if (fetcherOnTimer(s, timerId, b)) return;
    if (logManagerOnTimer(s, timerId, b)) return;
    if (groupCoordinatorOnTimer(s, timerId, b)) return;
    if (timerId === ISR_SHRINK_TIMER) return isrTimer(s, b);
    if (timerId === SHUTDOWN_RETRY_TIMER) return controlledShutdown(s, b);
  },

  onCommand(s, command, ctx) {
    const c = command as { type: string };
    if (c.type === 'controlledShutdown' && !s.shutdown) controlledShutdown(s, io(ctx));
  },

  view(s): BrokerView {
    return {
      brokerId: s.brokerId,
      rack: s.rack,
      brokerEpoch: s.zk.brokerEpoch,
      registered: s.zk.registered,
      activeControllerId: s.zk.activeControllerId,
      isController: s.zk.controller !== null,
      controller: s.zk.controller ? controllerView(s.zk.controller) : null,
      groups: groupsView(s),
      replicas: Object.keys(s.partitions)
        .sort()
        .map((k) => replicaView(s.partitions[k]!, s.brokerId)),
    };
  },
};

export interface BrokerView {
  brokerId: number;
  rack: string | null;
  brokerEpoch: number;
  registered: boolean;
  activeControllerId: number;
  isController: boolean;
  controller: ReturnType<typeof controllerView> | null;
  groups: ReturnType<typeof groupsView>;
  replicas: ReplicaView[];
}
