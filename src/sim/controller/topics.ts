// Topics: CreateTopics and DeleteTopics as the controller broker serves them (KafkaApis +
// ZkAdminManager + AdminZkClient), the /brokers/topics children watch (TopicChange:
// onNewPartitionCreation) and topic deletion (the /admin/delete_topics watch and TopicDeletionManager).
import { TOPIC_CONFIGS, checkConfigValue } from '../../scenario/configs';
import { topicNameError } from '../../scenario/topic-name';
import type { ZkMultiResult } from '../coordinator/protocol';
import type { KafkaError } from '../protocol/errors';
import type { TopicPartition } from '../protocol/controller';
import {
  brokerBool,
  brokerInt,
  configString,
  isDeleting,
  isLive,
  liveBrokerIds,
  newEvent,
  type ControllerEvent,
  type ControllerState,
  type CreateTopicPlan,
} from './context';
import {
  DELETE_TOPICS_PATH,
  TOPICS_PATH,
  deleteTopicPath,
  encodeTopicAssignment,
  encodeTopicConfig,
  partitionStatePath,
  topicConfigPath,
  topicPartitionPath,
  topicPartitionsPath,
  topicPath,
} from './zk-data';
import {
  beginWrites,
  failedOnFence,
  fencedMulti,
  fencedOpErr,
  issue,
  sendChanges,
  type ControllerIo,
} from './engine';
import { planOnlinePartitions } from './election';
import { sendStopReplica, sendUpdateMetadata } from './channel';
import { assignReplicasToBrokers } from './assignment';
import { childrenOf, dataOf, topicFromData } from './brokers';

type TopicResult = { name: string; errorCode: KafkaError; errorMessage: string | null };

/** Topic.hasCollision: '.' and '_' map to the same metric name, so "a.b" and "a_b" cannot both exist. */
const collisionKey = (name: string) => name.replace(/\./g, '_');

/** ZkAdminManager.createTopics' checks for one topic; null if it may be created. */
function validateTopic(
  ctrl: ControllerState,
  io: ControllerIo,
  t: { name: string; numPartitions: number; replicationFactor: number; configs: Record<string, unknown> },
  duplicated: boolean,
):
  | { error: TopicResult }
  | { numPartitions: number; replicationFactor: number; overrides: Record<string, string> } {
  const c = ctrl.context;
  const fail = (errorCode: KafkaError, errorMessage: string) => ({
    error: { name: t.name, errorCode, errorMessage },
  });
  if (duplicated)
    return fail('INVALID_REQUEST', `Create topics request contains multiple entries for the topic ${t.name}`);
  const nameError = topicNameError(t.name);
  if (nameError !== null)
    return fail('INVALID_TOPIC_EXCEPTION', nameError.replace(/^INVALID_TOPIC_EXCEPTION: /, ''));
  if (c.topics[t.name] !== undefined)
    return fail('TOPIC_ALREADY_EXISTS', `Topic '${t.name}' already exists.`);
  const collides = Object.keys(c.topics)
    .sort()
    .find((other) => collisionKey(other) === collisionKey(t.name));
  if (collides !== undefined)
    return fail('INVALID_TOPIC_EXCEPTION', `Topic '${t.name}' collides with existing topic: ${collides}`);
  // KIP-464: -1 asks for the broker's num.partitions / default.replication.factor.
  const numPartitions =
    t.numPartitions === -1 ? brokerInt(io.brokerConfig, 'num.partitions') : t.numPartitions;
  const replicationFactor =
    t.replicationFactor === -1
      ? brokerInt(io.brokerConfig, 'default.replication.factor')
      : t.replicationFactor;
  if (!Number.isSafeInteger(numPartitions) || numPartitions < 1)
    return fail('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (!Number.isSafeInteger(replicationFactor) || replicationFactor < 1)
    return fail('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  const live = liveBrokerIds(c).length;
  if (replicationFactor > live)
    return fail(
      'INVALID_REPLICATION_FACTOR',
      `Replication factor: ${replicationFactor} larger than available brokers: ${live}.`,
    );
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(t.configs ?? {}).sort()) {
    const def = TOPIC_CONFIGS[name];
    if (def === undefined) return fail('INVALID_CONFIG', `Unknown topic config name: ${name}`);
    const checked = checkConfigValue(name, def, t.configs[name]);
    if ('error' in checked) return fail('INVALID_CONFIG', checked.error);
    overrides[name] = configString(checked.value);
  }
  return { numPartitions, replicationFactor, overrides };
}

/**
 * CreateTopics (served by the controller broker in ZooKeeper mode): validate each topic, place its
 * replicas (AdminUtils.assignReplicasToBrokers), then write /config/topics/<t> and /brokers/topics/<t>
 * (AdminZkClient.createTopicWithAssignment; one multi here, so a topic never appears without its config).
 * The controller then sees the topic through its /brokers/topics watch. The answer goes out once the
 * znodes are written; real Kafka waits (DelayedCreatePartitions) until the metadata has reached the
 * brokers, so a client may briefly see LEADER_NOT_AVAILABLE here where Kafka would make it wait.
 */
export function runCreateTopics(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'CreateTopics' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start': {
      const names = ev.request.topics.map((t) => t.name);
      ev.results = [];
      ev.plans = [];
      for (const t of ev.request.topics) {
        const duplicated = names.filter((n) => n === t.name).length > 1;
        const v = validateTopic(ctrl, io, t, duplicated);
        if ('error' in v) {
          ev.results.push(v.error);
          continue;
        }
        ev.results.push({ name: t.name, errorCode: 'NONE', errorMessage: null });
        if (ev.request.validateOnly) continue;
        const brokers = liveBrokerIds(c).map((id) => ({ id, rack: c.liveBrokers[String(id)]!.rack }));
        const replicas = assignReplicasToBrokers(v.numPartitions, v.replicationFactor, brokers, io.ctx.rng);
        ev.plans.push({ name: t.name, replicas, overrides: v.overrides, configExists: false });
      }
      for (const plan of ev.plans) issueCreate(ctrl, io, ev, plan, 'ct');
      ev.step = 'written';
      return;
    }
    case 'written':
    case 'written2': {
      const retry = ev.step === 'written';
      for (const plan of ev.plans) {
        const reply = ev.replies[`${retry ? 'ct' : 'ct2'}:${plan.name}`];
        if (reply === undefined) continue;
        const result = ev.results.find((r) => r.name === plan.name)!;
        const results = (reply.result as ZkMultiResult | undefined)?.results ?? [];
        const err0 = results[0]?.type === 'error' ? results[0].err : reply.err;
        const err1 = results[1]?.type === 'error' ? results[1].err : reply.err;
        if (reply.err === 'OK') {
          io.ctx.record({
            type: 'topic.created',
            topic: plan.name,
            partitions: plan.replicas.length,
            replicationFactor: plan.replicas[0]?.length ?? 0,
            assignment: plan.replicas.map((r) => [...r]),
            config: { ...plan.overrides },
          });
        } else if (err0 === 'NODEEXISTS' && retry) {
          plan.configExists = true; // a leftover config: overwrite it, as AdminZkClient.writeTopicConfig does
          issueCreate(ctrl, io, ev, plan, 'ct2');
        } else if (err1 === 'NODEEXISTS' || err0 === 'NODEEXISTS') {
          Object.assign(result, {
            errorCode: 'TOPIC_ALREADY_EXISTS',
            errorMessage: `Topic '${plan.name}' already exists.`,
          });
        } else {
          Object.assign(result, {
            errorCode: 'UNKNOWN_SERVER_ERROR',
            errorMessage: `ZooKeeper answered ${reply.err}`,
          });
        }
      }
      ev.step = retry ? 'written2' : 'respond';
      if (!retry) respondCreate(io, ev);
      return;
    }
    case 'respond':
      respondCreate(io, ev);
      return;
  }
}

function issueCreate(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent,
  plan: CreateTopicPlan,
  prefix: string,
): void {
  const config = encodeTopicConfig(plan.overrides);
  issue(ctrl, io, ev, `${prefix}:${plan.name}`, {
    type: 'multi',
    ops: [
      plan.configExists
        ? { type: 'setData', path: topicConfigPath(plan.name), data: config, version: -1 }
        : { type: 'create', path: topicConfigPath(plan.name), data: config },
      { type: 'create', path: topicPath(plan.name), data: encodeTopicAssignment(plan.replicas) },
    ],
  });
}

function respondCreate(io: ControllerIo, ev: ControllerEvent & { kind: 'CreateTopics' }): void {
  io.ctx.send(ev.from, {
    type: 'CreateTopicsResponse',
    correlationId: ev.request.correlationId,
    topics: ev.results,
  });
  ev.step = 'done';
}

/**
 * TopicChange (the /brokers/topics children watch): new topics are read and their partitions go
 * NewPartition -> OnlinePartition (state znodes created, LeaderAndIsr to replicas, UpdateMetadata to all).
 */
export function runTopicChange(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'TopicChange' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start':
      issue(ctrl, io, ev, 'topics', { type: 'getChildren', path: TOPICS_PATH, watch: true });
      ev.step = 'read';
      return;
    case 'read': {
      const inZk = childrenOf(ev.replies.topics);
      for (const name of Object.keys(c.topics)) {
        if (!inZk.includes(name) && !isDeleting(c, name)) delete c.topics[name];
      }
      ev.newTopics = inZk.filter((name) => c.topics[name] === undefined).sort();
      for (const name of ev.newTopics) {
        issue(ctrl, io, ev, `t:${name}`, { type: 'getData', path: topicPath(name) });
        issue(ctrl, io, ev, `c:${name}`, { type: 'getData', path: topicConfigPath(name) });
      }
      ev.step = 'compute';
      return;
    }
    case 'compute': {
      for (const name of ev.newTopics) {
        const assignment = dataOf(ev.replies[`t:${name}`]);
        if (assignment === null) continue;
        const topic = topicFromData(name, assignment.data, dataOf(ev.replies[`c:${name}`])?.data ?? null);
        if (topic !== null) c.topics[name] = topic;
      }
      ev.changes = planOnlinePartitions(c, io.brokerConfig, 'new partition').filter((ch) =>
        ev.newTopics.includes(ch.topic),
      );
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
 * DeleteTopics: with delete.topic.enable, each known topic gets its marker /admin/delete_topics/<t>
 * (AdminZkClient.deleteTopic); the deletion itself is TopicDeletionManager's. The answer goes out when the
 * marker is written; real Kafka waits (DelayedDeleteTopics) until the topic is gone from the metadata.
 */
export function runDeleteTopics(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'DeleteTopics' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start': {
      const enabled = brokerBool(io.brokerConfig, 'delete.topic.enable');
      ev.results = ev.request.topicNames.map((name) => {
        if (!enabled)
          return { name, errorCode: 'TOPIC_DELETION_DISABLED', errorMessage: 'Topic deletion is disabled.' };
        if (c.topics[name] === undefined)
          return {
            name,
            errorCode: 'UNKNOWN_TOPIC_OR_PARTITION',
            errorMessage: 'This server does not host this topic-partition.',
          };
        issue(ctrl, io, ev, `d:${name}`, { type: 'create', path: deleteTopicPath(name), data: null });
        return { name, errorCode: 'NONE', errorMessage: null };
      });
      ev.step = 'written';
      return;
    }
    case 'written':
      for (const r of ev.results) {
        const reply = ev.replies[`d:${r.name}`];
        // NODEEXISTS: already marked for deletion (TopicAlreadyMarkedForDeletionException is swallowed).
        if (reply !== undefined && reply.err !== 'OK' && reply.err !== 'NODEEXISTS') {
          r.errorCode = 'UNKNOWN_SERVER_ERROR';
          r.errorMessage = `ZooKeeper answered ${reply.err}`;
        }
      }
      io.ctx.send(ev.from, {
        type: 'DeleteTopicsResponse',
        correlationId: ev.request.correlationId,
        responses: ev.results,
      });
      ev.step = 'done';
      return;
  }
}

/** The /admin/delete_topics children watch (KafkaController.processTopicDeletion). */
export function runTopicDeletionChange(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'TopicDeletionChange' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start':
      issue(ctrl, io, ev, 'deletes', { type: 'getChildren', path: DELETE_TOPICS_PATH, watch: true });
      ev.step = 'compute';
      return;
    case 'compute': {
      const enabled = brokerBool(io.brokerConfig, 'delete.topic.enable');
      let queued = false;
      for (const name of childrenOf(ev.replies.deletes).sort()) {
        if (c.topics[name] === undefined || !enabled) {
          // Markers for unknown topics, or any marker while deletion is disabled, are simply removed.
          issue(
            ctrl,
            io,
            ev,
            `rm:${name}`,
            fencedMulti(ctrl, [{ type: 'delete', path: deleteTopicPath(name), version: -1 }]),
          );
          continue;
        }
        if (!isDeleting(c, name)) {
          c.topicsToBeDeleted[name] = { replicas: {}, announced: false };
          io.ctx.record({ type: 'topic.deletionStarted', topic: name });
          queued = true;
        }
      }
      if (queued) ctrl.queue.unshift(newEvent(ctrl, { kind: 'TopicDeletionResume', completing: [] }));
      ev.step = 'done';
      return;
    }
  }
}

/**
 * TopicDeletionManager.resumeDeletions: a topic whose every replica has answered StopReplica(delete) is
 * removed from ZooKeeper (state znodes, /brokers/topics/<t>, its config and its marker) and from every
 * broker's metadata; otherwise brokers learn the partitions are going (leader -2, LeaderDuringDelete) and
 * each live replica not yet asked gets StopReplica(deletePartition=true). A replica on a dead broker is
 * ineligible: the deletion waits until that broker is back, as in Kafka.
 */
export function runTopicDeletionResume(
  ctrl: ControllerState,
  io: ControllerIo,
  ev: ControllerEvent & { kind: 'TopicDeletionResume' },
): void {
  const c = ctrl.context;
  switch (ev.step) {
    case 'start': {
      ev.completing = [];
      const stops: Record<string, TopicPartition[]> = {};
      for (const name of Object.keys(c.topicsToBeDeleted).sort()) {
        const t = c.topics[name];
        const deletion = c.topicsToBeDeleted[name]!;
        if (t === undefined) {
          delete c.topicsToBeDeleted[name];
          continue;
        }
        const all: { p: number; b: number }[] = [];
        t.replicas.forEach((replicas, p) => replicas.forEach((b) => all.push({ p, b })));
        if (all.every(({ p, b }) => deletion.replicas[`${p}:${b}`] === 'successful')) {
          ev.completing.push(name);
          continue;
        }
        if (!deletion.announced) {
          deletion.announced = true;
          sendUpdateMetadata(
            ctrl,
            io,
            t.replicas.map((_, partition) => ({ topic: name, partition })),
          );
        }
        for (const { p, b } of all) {
          const key = `${p}:${b}`;
          if (deletion.replicas[key] !== undefined) continue;
          if (!isLive(c, b)) {
            deletion.replicas[key] = 'ineligible';
            continue;
          }
          deletion.replicas[key] = 'started';
          (stops[String(b)] ??= []).push({ topic: name, partition: p });
        }
      }
      for (const b of Object.keys(stops)
        .map(Number)
        .sort((x, y) => x - y))
        sendStopReplica(ctrl, io, b, stops[String(b)]!, true);
      for (const name of ev.completing) {
        const t = c.topics[name]!;
        const paths: string[] = [];
        t.replicas.forEach((_, p) => paths.push(partitionStatePath(name, p)));
        t.replicas.forEach((_, p) => paths.push(topicPartitionPath(name, p)));
        paths.push(topicPartitionsPath(name), topicPath(name), topicConfigPath(name), deleteTopicPath(name));
        // One session's requests are applied in order: children go before their parents.
        for (const path of paths)
          issue(ctrl, io, ev, `del:${path}`, fencedMulti(ctrl, [{ type: 'delete', path, version: -1 }]));
      }
      ev.step = 'complete';
      return;
    }
    case 'complete': {
      for (const key of Object.keys(ev.replies)) {
        if (key.startsWith('del:') && failedOnFence(ev.replies[key])) ctrl.fenced = true;
      }
      if (ctrl.fenced) return;
      const deleted: string[] = [];
      for (const name of ev.completing) {
        const err = fencedOpErr(ev.replies[`del:${topicPath(name)}`]);
        if (err !== 'OK' && err !== 'NONODE') continue; // tried again on the next resume
        delete c.topics[name];
        delete c.topicsToBeDeleted[name];
        deleted.push(name);
        io.ctx.record({ type: 'topic.deleted', topic: name });
      }
      if (deleted.length > 0) sendUpdateMetadata(ctrl, io, [], deleted);
      ev.step = 'done';
      return;
    }
  }
}

/** TopicDeletionStopReplicaResponseReceived: replicas that answered StopReplica(delete) are done (or ineligible). */
export function runStopReplicaResponse(
  ctrl: ControllerState,
  _io: ControllerIo,
  ev: ControllerEvent & { kind: 'StopReplicaResponse' },
): void {
  const c = ctrl.context;
  let changed = false;
  for (const x of ev.partitions) {
    const deletion = c.topicsToBeDeleted[x.topic];
    const key = `${x.partition}:${ev.brokerId}`;
    if (deletion === undefined || deletion.replicas[key] !== 'started') continue;
    deletion.replicas[key] = x.errorCode === 'NONE' ? 'successful' : 'ineligible';
    changed = true;
  }
  if (changed) ctrl.queue.unshift(newEvent(ctrl, { kind: 'TopicDeletionResume', completing: [] }));
  ev.step = 'done';
}
