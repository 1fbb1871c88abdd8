// The admin client (AdminClient, as kafka-topics.sh and kafka-leader-election.sh use it): scenario
// commands become CreateTopics, DeleteTopics and ElectLeaders requests to the controller, found through
// Metadata, retrying until a controller is elected.
import type { NodeBehavior, NodeContext } from '../core/node';
import type { TopicSpec } from '../../scenario/schema';
import type { KafkaError } from '../protocol/errors';
import type { MetadataResponse } from '../protocol/client';
import {
  applyMetadata,
  createNetworkClient,
  isMetadataRetryTimer,
  maybeUpdateMetadata,
  requestMetadataUpdate,
  sendRequest,
  takeClosed,
  takeRefused,
  takeResponse,
  takeTimeout,
  type NetworkClientState,
} from './network-client';
import { pumpResets, resetOnAnswer, startReset, type OffsetReset } from './reset-offsets';

type AdminOp =
  | { kind: 'CreateTopics'; topic: TopicSpec }
  | { kind: 'DeleteTopics'; topic: string }
  | { kind: 'ElectLeaders'; partitions: { topic: string; partition: number }[] | null };

interface QueuedOp {
  id: number;
  op: AdminOp;
  attempts: number;
  inFlight: number | null;
  /** When it was asked for: the admin client gives up after default.api.timeout.ms (60 s). */
  sinceMs: number;
  /** Not sent again before this time (retry.backoff.ms after an error). */
  retryAtMs: number;
}

const API_TIMEOUT_MS = 60000;

export interface AdminState {
  nc: NetworkClientState;
  queue: QueuedOp[];
  nextId: number;
  resets: OffsetReset[];
}

const RETRY_TIMER = 'admin-retry';
/** Errors that mean "ask again, maybe elsewhere": no controller yet, or it moved. */
const RETRY_ERRORS: readonly KafkaError[] = ['NOT_CONTROLLER', 'REQUEST_TIMED_OUT', 'NETWORK_EXCEPTION'];

function body(op: AdminOp): Record<string, unknown> {
  switch (op.kind) {
    case 'CreateTopics':
      return {
        type: 'CreateTopics',
        topics: [
          {
            name: op.topic.name,
            numPartitions: op.topic.partitions,
            replicationFactor: op.topic.replicationFactor,
            configs: op.topic.config ?? {},
          },
        ],
        timeoutMs: 30000,
        validateOnly: false,
      };
    case 'DeleteTopics':
      return { type: 'DeleteTopics', topicNames: [op.topic], timeoutMs: 30000 };
    case 'ElectLeaders':
      return {
        type: 'ElectLeaders',
        electionType: 'PREFERRED',
        topicPartitions: op.partitions,
        timeoutMs: 30000,
      };
  }
}

function pump(s: AdminState, ctx: NodeContext): void {
  const controller = s.nc.metadata.controllerId;
  if (controller < 0) {
    requestMetadataUpdate(s.nc);
    maybeUpdateMetadata(s.nc, ctx);
    if (s.queue.length) ctx.setTimer(RETRY_TIMER, s.nc.retryBackoffMs);
    return;
  }
  for (const q of s.queue) {
    if (q.inFlight !== null || q.retryAtMs > ctx.now) continue;
    q.attempts++;
    q.inFlight = sendRequest(s.nc, controller, q.op.kind, body(q.op), ctx);
  }
}

function finish(
  s: AdminState,
  q: QueuedOp,
  errorCode: KafkaError,
  errorMessage: string | null,
  ctx: NodeContext,
): void {
  s.queue = s.queue.filter((x) => x !== q);
  const subject =
    q.op.kind === 'CreateTopics' ? q.op.topic.name : q.op.kind === 'DeleteTopics' ? q.op.topic : 'partitions';
  ctx.record({ type: 'admin.result', request: q.op.kind, subject, errorCode, errorMessage });
}

function onAnswer(
  s: AdminState,
  q: QueuedOp,
  errorCode: KafkaError,
  errorMessage: string | null,
  ctx: NodeContext,
): void {
  q.inFlight = null;
  if (RETRY_ERRORS.includes(errorCode) && ctx.now - q.sinceMs < API_TIMEOUT_MS) {
    q.retryAtMs = ctx.now + s.nc.retryBackoffMs;
    requestMetadataUpdate(s.nc);
    maybeUpdateMetadata(s.nc, ctx);
    ctx.setTimer(RETRY_TIMER, s.nc.retryBackoffMs);
    return;
  }
  finish(s, q, errorCode, errorMessage, ctx);
}

function enqueue(s: AdminState, op: AdminOp, ctx: NodeContext): void {
  s.queue.push({ id: ++s.nextId, op, attempts: 0, inFlight: null, sinceMs: ctx.now, retryAtMs: 0 });
  pump(s, ctx);
}

export const adminBehavior: NodeBehavior<AdminState> = {
  init(spec) {
    const c = spec.config as { brokers: number[] };
    return { nc: createNetworkClient('admin', c.brokers, {}, false), queue: [], nextId: 0, resets: [] };
  },
  onCommand(s, command, ctx) {
    const c = command as {
      type: string;
      topic?: unknown;
      partitions?: { topic: string; partition: number }[] | null;
      group?: string;
      to?: 'earliest' | 'latest' | number;
    };
    if (c.type === 'resetOffsets') return startReset(s, c.group!, c.topic as string, c.to!, ctx);
    if (c.type === 'createTopic') enqueue(s, { kind: 'CreateTopics', topic: c.topic as TopicSpec }, ctx);
    else if (c.type === 'deleteTopic') enqueue(s, { kind: 'DeleteTopics', topic: c.topic as string }, ctx);
    else if (c.type === 'electPreferredLeaders')
      enqueue(s, { kind: 'ElectLeaders', partitions: c.partitions ?? null }, ctx);
  },
  onMessage(s, from, msg, ctx) {
    const refused = takeRefused(s.nc, msg, ctx);
    const closed = takeClosed(s.nc, msg, ctx);
    if (refused || closed.length) {
      for (const r of refused ? [refused] : closed) {
        if (resetOnAnswer(s, r.kind, null, ctx)) continue;
        const q = s.queue.find((x) => x.inFlight === r.correlationId);
        if (q) onAnswer(s, q, 'NETWORK_EXCEPTION', null, ctx);
      }
      maybeUpdateMetadata(s.nc, ctx);
      return;
    }
    const m = msg as { type: string; correlationId: number };
    const req = takeResponse(s.nc, from, m.correlationId, ctx);
    if (!req) return;
    if (m.type === 'MetadataResponse') {
      applyMetadata(s.nc, msg as MetadataResponse, ctx);
      pump(s, ctx);
      pumpResets(s, ctx);
      return;
    }
    if (resetOnAnswer(s, req.kind, msg, ctx)) return;
    const q = s.queue.find((x) => x.inFlight === m.correlationId);
    if (!q) return;
    if (m.type === 'CreateTopicsResponse') {
      const t = (msg as { topics: { errorCode: KafkaError; errorMessage: string | null }[] }).topics[0];
      onAnswer(s, q, t?.errorCode ?? 'UNKNOWN_SERVER_ERROR', t?.errorMessage ?? null, ctx);
    } else if (m.type === 'DeleteTopicsResponse') {
      const t = (msg as { responses: { errorCode: KafkaError; errorMessage: string | null }[] }).responses[0];
      onAnswer(s, q, t?.errorCode ?? 'UNKNOWN_SERVER_ERROR', t?.errorMessage ?? null, ctx);
    } else if (m.type === 'ElectLeadersResponse') {
      const r = msg as { errorCode: KafkaError };
      onAnswer(s, q, r.errorCode, null, ctx);
    }
  },
  onTimer(s, timerId, ctx) {
    const t = takeTimeout(s.nc, timerId, ctx.now);
    if (t) {
      if (resetOnAnswer(s, t.kind, null, ctx)) return;
      const q = s.queue.find((x) => x.inFlight === t.correlationId);
      if (q) onAnswer(s, q, 'REQUEST_TIMED_OUT', null, ctx);
      maybeUpdateMetadata(s.nc, ctx);
      return;
    }
    if (isMetadataRetryTimer(timerId)) {
      maybeUpdateMetadata(s.nc, ctx);
      pumpResets(s, ctx);
    }
    if (timerId === RETRY_TIMER || isMetadataRetryTimer(timerId)) pump(s, ctx);
  },
};
