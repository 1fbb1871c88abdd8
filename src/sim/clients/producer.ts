// The producer (KafkaProducer, RecordAccumulator, Sender). A produce command becomes a record; the
// partitioner picks its partition (explicit, murmur2 of the key, or KIP-794 sticky for null keys);
// records gather in per-partition batches (batch.size, linger.ms); the sender drains ready batches to
// each partition's leader, at most max.in.flight.requests.per.connection per broker; errors that say the
// metadata is stale refresh it; retriable errors retry after retry.backoff.ms until delivery.timeout.ms.
// With enable.idempotence the producer gets a producer id (InitProducerId) and numbers its batches, so
// the leader acknowledges a retried duplicate with its original offsets instead of appending it again.
// Every record ends in exactly one delivery report: 'producer.ack' (its offset) or 'producer.error'.
import type { NodeBehavior, NodeContext } from '../core/node';
import { topicPartitionName } from '../protocol/topic-partition';
import { configNumber, type ConfigValue } from '../../scenario/configs';
import type { KafkaError } from '../protocol/errors';
import { INVALID_METADATA_ERRORS, RETRIABLE_ERRORS } from '../protocol/errors';
import type { MetadataResponse, ProduceResponse } from '../protocol/client';
import { batchSizeBytes, recordSizeBytes, type RecordHeaders } from '../log/index';
import {
  applyMetadata,
  createNetworkClient,
  isMetadataRetryTimer,
  isReady,
  leaderFor,
  leastLoadedNode,
  maybeUpdateMetadata,
  requestMetadataUpdate,
  sendRequest,
  takeClosed,
  takeRefused,
  takeResponse,
  takeTimeout,
  wantTopic,
  type InFlightRequest,
  type NetworkClientState,
} from './network-client';
import {
  initialStickyPartitionerState,
  partitionForRecord,
  updateStickyPartition,
  type StickyPartitionerState,
} from './partitioner';

export interface ProducerNodeConfig {
  clientId: string;
  bootstrapServers: number[];
  config: Record<string, ConfigValue>;
}

interface PendingRecord {
  id: number;
  topic: string;
  key: string | null;
  value: string | null;
  headers?: RecordHeaders;
  partition?: number;
  createdAtMs: number;
}

interface ProducerBatch {
  id: number;
  topic: string;
  partition: number;
  records: PendingRecord[];
  sizeBytes: number;
  createdAtMs: number;
  /** -1 until first sent by an idempotent producer; kept across retries. */
  baseSequence: number;
  attempts: number;
  retryAtMs: number;
  inFlight: number | null;
  lastError: KafkaError | null;
}

export interface ProducerState {
  clientId: string;
  acks: number;
  idempotent: boolean;
  batchSize: number;
  lingerMs: number;
  maxInFlight: number;
  retries: number;
  deliveryTimeoutMs: number;
  maxBlockMs: number;
  ignoreKeys: boolean;
  nc: NetworkClientState;
  producerId: number;
  producerEpoch: number;
  initPidInFlight: number | null;
  /** Next sequence number per partition (tp key). */
  sequences: Record<string, number>;
  /** Records waiting for their topic's metadata, by topic, oldest first. */
  waiting: Record<string, PendingRecord[]>;
  /** The accumulator: batches per partition (tp key), oldest first; in-flight ones stay until answered. */
  batches: Record<string, ProducerBatch[]>;
  sticky: Record<string, StickyPartitionerState>;
  nextId: number;
}

const SENDER_TIMER = 'sender';
const NO_PARTITIONS: readonly number[] = [];
const tp = topicPartitionName;

function report(
  ctx: NodeContext,
  s: ProducerState,
  b: ProducerBatch,
  ok: boolean,
  baseOffset: number,
  error?: string,
  message?: string,
  broker = -1,
): void {
  if (ok) {
    ctx.record({
      type: 'producer.ack',
      client: s.clientId,
      broker,
      topic: b.topic,
      partition: b.partition,
      acks: s.acks,
      idempotent: s.idempotent,
      records: b.records.map((r, i) => ({
        id: r.id,
        key: r.key,
        value: r.value,
        offset: baseOffset < 0 ? -1 : baseOffset + i,
      })),
    });
  } else {
    ctx.record({
      type: 'producer.error',
      client: s.clientId,
      topic: b.topic,
      partition: b.partition,
      error,
      message: message ?? null,
      records: b.records.map((r) => ({ id: r.id, key: r.key, value: r.value })),
    });
  }
}

function firstNotInFlight(q: ProducerBatch[]): ProducerBatch | undefined {
  for (let i = 0; i < q.length; i++) if (q[i]!.inFlight === null) return q[i];
  return undefined;
}

/** Whether a batch of the queue other than `b` is in flight again (a retry). */
function retryInFlight(q: ProducerBatch[], b: ProducerBatch): boolean {
  for (const x of q) if (x !== b && x.inFlight !== null && x.attempts > 0) return true;
  return false;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

// The sender walks the accumulator's partitions in sorted order after every record, and they rarely
// change (a queue stays, empty, once its batches are gone): the sorted list is kept per accumulator
// while it holds the same partitions. Derived, never state.
const sortedCache = new WeakMap<object, { count: number; keys: string[] }>();

function allIn(keys: string[], o: object): boolean {
  for (const k of keys) if (!(k in o)) return false;
  return true;
}

const NO_KEYS: string[] = [];

function sortedKeys(o: Record<string, unknown>): string[] {
  let count = 0;
  for (const _ in o) count++;
  if (count === 0) return NO_KEYS; // a burst of records waiting for metadata: nothing to look up
  const cached = sortedCache.get(o);
  if (cached !== undefined && cached.count === count && allIn(cached.keys, o)) return cached.keys;
  const keys = Object.keys(o).sort();
  sortedCache.set(o, { count, keys });
  return keys;
}

function removeBatch(s: ProducerState, b: ProducerBatch): void {
  const q = s.batches[tp(b.topic, b.partition)];
  if (!q) return;
  const i = q.indexOf(b);
  if (i >= 0) q.splice(i, 1);
}

/** RecordAccumulator.append: into the partition's last batch if it fits, else a new batch. */
function accumulate(s: ProducerState, r: PendingRecord, ctx: NodeContext): void {
  const meta = s.nc.metadata.topics[r.topic]!;
  // Only the sticky partitioner (no partition, no key or keys ignored) reads the available partitions.
  const sticky =
    (r.partition === undefined || r.partition === null) &&
    (r.key === undefined || r.key === null || s.ignoreKeys);
  const view = {
    numPartitions: meta.partitions.length,
    availablePartitions: sticky
      ? meta.partitions.filter((p) => p.leader >= 0).map((p) => p.partition)
      : NO_PARTITIONS,
  };
  if (r.partition !== undefined && (r.partition < 0 || r.partition >= view.numPartitions)) {
    const b = newBatch(s, r.topic, r.partition, r, ctx.now);
    report(
      ctx,
      s,
      b,
      false,
      -1,
      'UNKNOWN_TOPIC_OR_PARTITION',
      `Invalid partition given with record: ${r.partition} is not in the range [0...${view.numPartitions}).`,
    );
    return;
  }
  const stickyState = (s.sticky[r.topic] ??= initialStickyPartitionerState(r.topic, s.batchSize));
  const chosen = partitionForRecord(
    { partition: r.partition ?? null, key: r.key },
    view,
    stickyState,
    ctx.rng,
    s.ignoreKeys,
  );
  const key = tp(r.topic, chosen.partition);
  const q = (s.batches[key] ??= []);
  const last = q[q.length - 1];
  const size = recordSizeBytes(0, 0, r.key, r.value, r.headers);
  if (
    last &&
    last.inFlight === null &&
    last.attempts === 0 &&
    last.baseSequence < 0 &&
    last.sizeBytes + size <= s.batchSize
  ) {
    last.records.push(r);
    last.sizeBytes += size;
  } else q.push(newBatch(s, r.topic, chosen.partition, r, ctx.now));
  if (chosen.usedSticky) {
    const tail = q[q.length - 1]!;
    const allFull = tail.sizeBytes >= s.batchSize;
    s.sticky[r.topic] = updateStickyPartition(
      chosen.sticky,
      size,
      view,
      ctx.rng,
      allFull || s.lingerMs === 0,
    );
  } else s.sticky[r.topic] = chosen.sticky;
}

function newBatch(
  s: ProducerState,
  topic: string,
  partition: number,
  r: PendingRecord,
  now: number,
): ProducerBatch {
  return {
    id: ++s.nextId,
    topic,
    partition,
    records: [r],
    sizeBytes: batchSizeBytes(0, [
      { offset: 0, timestamp: now, key: r.key, value: r.value, ...(r.headers ? { headers: r.headers } : {}) },
    ]),
    createdAtMs: now,
    baseSequence: -1,
    attempts: 0,
    retryAtMs: 0,
    inFlight: null,
    lastError: null,
  };
}

/** Moves records whose topic metadata arrived into the accumulator; fails those waiting past max.block.ms. */
function placeWaiting(s: ProducerState, ctx: NodeContext): void {
  // for...in rather than Object.keys: this runs after every record, and only ever deletes or replaces the
  // topic at hand, which for...in allows.
  for (const topic in s.waiting) {
    const queue = s.waiting[topic]!;
    const meta = s.nc.metadata.topics[topic];
    if (meta !== undefined && meta.errorCode === 'NONE' && meta.partitions.length > 0) {
      delete s.waiting[topic];
      for (const r of queue) accumulate(s, r, ctx);
      continue;
    }
    // KafkaProducer.waitOnMetadata: a record waits at most max.block.ms for its topic (oldest first).
    let expired = 0;
    while (expired < queue.length && ctx.now - queue[expired]!.createdAtMs >= s.maxBlockMs) expired++;
    for (let i = 0; i < expired; i++) {
      const r = queue[i]!;
      const b = newBatch(s, r.topic, -1, r, ctx.now);
      report(
        ctx,
        s,
        b,
        false,
        -1,
        'TimeoutException',
        `Topic ${topic} not present in metadata after ${s.maxBlockMs} ms (${meta?.errorCode ?? 'UNKNOWN_TOPIC_OR_PARTITION'}).`,
      );
    }
    if (expired === queue.length) delete s.waiting[topic];
    else if (expired > 0) s.waiting[topic] = queue.slice(expired);
  }
}

/** RecordAccumulator.expiredBatches: batches not in flight past delivery.timeout.ms fail with the last error seen. */
function expireBatches(s: ProducerState, ctx: NodeContext): void {
  // Mostly nothing has expired: find that out without sorting anything (a queue's first batch is its oldest).
  let any = false;
  for (const key in s.batches) {
    const first = s.batches[key]![0];
    if (first !== undefined && ctx.now - first.createdAtMs >= s.deliveryTimeoutMs) {
      any = true;
      break;
    }
  }
  if (!any) return;
  for (const key of Object.keys(s.batches).sort()) {
    const q = s.batches[key]!;
    // A queue is in creation order (batches are only ever added at its end): once one batch is too
    // young to expire, so are all after it.
    let young = 0;
    while (young < q.length && ctx.now - q[young]!.createdAtMs >= s.deliveryTimeoutMs) young++;
    if (young === 0) continue;
    for (const b of q.slice(0, young)) {
      if (b.inFlight !== null || ctx.now - b.createdAtMs < s.deliveryTimeoutMs) continue;
      removeBatch(s, b);
      const why = `Expiring ${b.records.length} record(s) for ${key}: ${ctx.now - b.createdAtMs} ms has passed since batch creation`;
      report(ctx, s, b, false, -1, b.lastError ?? 'TimeoutException', why);
    }
  }
}

function inFlightTo(s: ProducerState, broker: number): number {
  let n = 0;
  for (const id in s.nc.inFlight) {
    const r = s.nc.inFlight[id]!;
    if (r.broker === broker && r.kind === 'Produce') n++;
  }
  return n;
}

/** Sender.sendProducerData: drain one ready batch per partition to each leader, one Produce per broker. */
function runSender(s: ProducerState, ctx: NodeContext): void {
  if (s.idempotent && s.producerId < 0) {
    initProducerId(s, ctx);
    scheduleSender(s, ctx);
    return;
  }
  placeWaiting(s, ctx);
  expireBatches(s, ctx);
  // Built only when a batch is ready (mostly none is: the sender runs after every record).
  let byBroker: Record<string, ProducerBatch[]> | null = null;
  for (const key of sortedKeys(s.batches)) {
    const q = s.batches[key]!;
    // The first batch not yet sent (earlier ones may be in flight: up to max.in.flight per connection).
    const b = firstNotInFlight(q);
    if (!b) continue;
    // With idempotence a retried batch goes first and alone, so sequences reach the leader in order.
    if (s.idempotent && retryInFlight(q, b)) continue;
    const full = b.sizeBytes >= s.batchSize || q.indexOf(b) < q.length - 1;
    const lingered = ctx.now - b.createdAtMs >= s.lingerMs;
    if (!(full || lingered) || b.retryAtMs > ctx.now) continue;
    const leader = leaderFor(s.nc, b.topic, b.partition);
    if (leader < 0) {
      requestMetadataUpdate(s.nc);
      continue;
    }
    if (!isReady(s.nc, leader, ctx.now) || inFlightTo(s, leader) >= s.maxInFlight) continue;
    ((byBroker ??= {})[leader] ??= []).push(b);
  }
  const brokers = byBroker === null ? [] : Object.keys(byBroker).sort((a, b) => Number(a) - Number(b));
  for (const broker of brokers) {
    const batches = byBroker![broker]!;
    for (const b of batches) {
      if (s.idempotent && b.baseSequence < 0) {
        const key = tp(b.topic, b.partition);
        b.baseSequence = s.sequences[key] ?? 0;
        s.sequences[key] = (b.baseSequence + b.records.length) % 2147483648;
      }
      b.attempts++;
    }
    const correlationId = sendRequest(
      s.nc,
      Number(broker),
      'Produce',
      {
        type: 'Produce',
        clientId: s.clientId,
        acks: s.acks,
        timeoutMs: s.nc.requestTimeoutMs,
        partitions: batches.map((b) => ({
          topic: b.topic,
          partition: b.partition,
          records: b.records.map((r) =>
            r.headers
              ? { key: r.key, value: r.value, timestamp: r.createdAtMs, headers: r.headers }
              : { key: r.key, value: r.value, timestamp: r.createdAtMs },
          ),
          producerId: s.idempotent ? s.producerId : -1,
          producerEpoch: s.idempotent ? s.producerEpoch : -1,
          baseSequence: s.idempotent ? b.baseSequence : -1,
        })),
      },
      ctx,
    );
    if (s.acks === 0) {
      // acks=0: sent is done; the offset is unknown (-1), as RecordMetadata reports it.
      delete s.nc.inFlight[correlationId];
      ctx.cancelTimer(`rq:${correlationId}`);
      for (const b of batches) {
        removeBatch(s, b);
        report(ctx, s, b, true, -1, undefined, undefined, Number(broker));
      }
    } else for (const b of batches) b.inFlight = correlationId;
  }
  maybeUpdateMetadata(s.nc, ctx);
  scheduleSender(s, ctx);
}

/** Wakes the sender when the next batch can be ready (linger, backoff) while records are waiting. */
function scheduleSender(s: ProducerState, ctx: NodeContext): void {
  let next = Infinity;
  for (const key in s.batches) {
    const b = firstNotInFlight(s.batches[key]!);
    if (!b) continue;
    next = Math.min(
      next,
      Math.max(b.createdAtMs + s.lingerMs, b.retryAtMs, ctx.now + 1),
      b.createdAtMs + s.deliveryTimeoutMs,
    );
  }
  if (!isEmpty(s.waiting)) next = Math.min(next, ctx.now + s.nc.retryBackoffMs);
  if (next < Infinity) ctx.setTimer(SENDER_TIMER, Math.max(1, next - ctx.now));
}

function initProducerId(s: ProducerState, ctx: NodeContext): void {
  if (s.initPidInFlight !== null) return;
  const broker = leastLoadedNode(s.nc, ctx.now);
  if (broker === null) return;
  s.initPidInFlight = sendRequest(
    s.nc,
    broker,
    'InitProducerId',
    { type: 'InitProducerId', transactionalId: null },
    ctx,
  );
}

/** Retry or fail one batch after an error (Sender.completeBatch / canRetry). */
function failOrRetry(
  s: ProducerState,
  b: ProducerBatch,
  error: KafkaError,
  ctx: NodeContext,
  message?: string,
): void {
  b.inFlight = null;
  b.lastError = error;
  if (
    (INVALID_METADATA_ERRORS as readonly string[]).includes(error) ||
    error === 'REQUEST_TIMED_OUT' ||
    error === 'NETWORK_EXCEPTION'
  ) {
    requestMetadataUpdate(s.nc);
  }
  const key = tp(b.topic, b.partition);
  const earlierUnacked = (s.batches[key] ?? []).indexOf(b) > 0;
  const retriable =
    (RETRIABLE_ERRORS as readonly string[]).includes(error) ||
    (s.idempotent && error === 'OUT_OF_ORDER_SEQUENCE_NUMBER' && earlierUnacked);
  const expired = ctx.now - b.createdAtMs >= s.deliveryTimeoutMs;
  if (retriable && b.attempts <= s.retries && !expired) {
    b.retryAtMs = ctx.now + s.nc.retryBackoffMs;
    ctx.record({
      type: 'producer.retry',
      client: s.clientId,
      topic: b.topic,
      partition: b.partition,
      error,
      attempt: b.attempts,
    });
    return;
  }
  removeBatch(s, b);
  const why = expired
    ? `Expiring ${b.records.length} record(s) for ${key}: ${ctx.now - b.createdAtMs} ms has passed since batch creation (last error ${error})`
    : message;
  report(ctx, s, b, false, -1, error, why);
}

function handleProduceResponse(
  s: ProducerState,
  res: ProduceResponse,
  broker: number,
  ctx: NodeContext,
): void {
  for (const r of res.partitions) {
    const key = tp(r.topic, r.partition);
    const b = (s.batches[key] ?? []).find((x) => x.inFlight === res.correlationId);
    if (!b) continue;
    if (r.errorCode === 'NONE') {
      b.inFlight = null;
      removeBatch(s, b);
      report(ctx, s, b, true, r.baseOffset, undefined, undefined, broker);
    } else failOrRetry(s, b, r.errorCode, ctx, r.errorMessage ?? undefined);
  }
}

/** A request timed out or its connection was refused: its batches are retried (or fail). */
function requestFailed(
  s: ProducerState,
  r: InFlightRequest & { correlationId: number },
  error: KafkaError,
  ctx: NodeContext,
): void {
  ctx.record({ type: 'client.requestFailed', client: s.clientId, broker: r.broker, request: r.kind, error });
  if (r.kind === 'InitProducerId') s.initPidInFlight = null;
  if (r.kind !== 'Produce') return;
  for (const q of Object.values(s.batches)) {
    for (const b of q.filter((x) => x.inFlight === r.correlationId)) failOrRetry(s, b, error, ctx);
  }
}

export const producerBehavior: NodeBehavior<ProducerState> = {
  init(spec, _disk, ctx) {
    const c = spec.config as ProducerNodeConfig;
    const cfg = c.config;
    const acksCfg = String(cfg['acks'] ?? 'all');
    const s: ProducerState = {
      clientId: c.clientId,
      acks: acksCfg === 'all' ? -1 : Number(acksCfg),
      idempotent: cfg['enable.idempotence'] !== false,
      batchSize: configNumber(cfg, 'batch.size', 16384),
      lingerMs: configNumber(cfg, 'linger.ms', 0),
      maxInFlight: configNumber(cfg, 'max.in.flight.requests.per.connection', 5),
      retries: configNumber(cfg, 'retries', 2147483647),
      deliveryTimeoutMs: configNumber(cfg, 'delivery.timeout.ms', 120000),
      maxBlockMs: configNumber(cfg, 'max.block.ms', 60000),
      ignoreKeys: cfg['partitioner.ignore.keys'] === true,
      nc: createNetworkClient(c.clientId, c.bootstrapServers, cfg, true),
      producerId: -1,
      producerEpoch: -1,
      initPidInFlight: null,
      sequences: {},
      waiting: {},
      batches: {},
      sticky: {},
      nextId: 0,
    };
    // KafkaProducer: idempotence needs acks=all (KIP-679 turns it off silently only if not set explicitly).
    if (s.acks !== -1) s.idempotent = false;
    ctx.record({ type: 'client.started', client: s.clientId, role: 'producer' });
    maybeUpdateMetadata(s.nc, ctx);
    return s;
  },

  onCommand(s, command, ctx) {
    const c = command as {
      type: string;
      topic: string;
      key: string | null;
      value: string | null;
      headers?: RecordHeaders;
      partition?: number;
    };
    if (c.type !== 'produce') return;
    const r: PendingRecord =
      c.headers || c.partition !== undefined
        ? {
            id: ++s.nextId,
            topic: c.topic,
            key: c.key,
            value: c.value,
            ...(c.headers ? { headers: c.headers } : {}),
            ...(c.partition !== undefined ? { partition: c.partition } : {}),
            createdAtMs: ctx.now,
          }
        : { id: ++s.nextId, topic: c.topic, key: c.key, value: c.value, createdAtMs: ctx.now };
    ctx.record({
      type: 'producer.send',
      client: s.clientId,
      id: r.id,
      topic: r.topic,
      key: r.key,
      value: r.value,
      partition: r.partition ?? null,
    });
    wantTopic(s.nc, r.topic);
    (s.waiting[r.topic] ??= []).push(r);
    runSender(s, ctx);
  },

  onMessage(s, from, msg, ctx) {
    const refused = takeRefused(s.nc, msg, ctx);
    const closed = takeClosed(s.nc, msg, ctx);
    if (refused || closed.length) {
      for (const r of refused ? [refused] : closed) requestFailed(s, r, 'NETWORK_EXCEPTION', ctx);
      return runSender(s, ctx);
    }
    const m = msg as { type: string; correlationId: number };
    const req = takeResponse(s.nc, from, m.correlationId, ctx);
    if (!req) return;
    switch (m.type) {
      case 'MetadataResponse':
        applyMetadata(s.nc, msg as MetadataResponse, ctx);
        break;
      case 'ProduceResponse':
        handleProduceResponse(s, msg as ProduceResponse, req.broker, ctx);
        break;
      case 'InitProducerIdResponse': {
        const r = msg as { errorCode: KafkaError; producerId: number; producerEpoch: number };
        s.initPidInFlight = null;
        if (r.errorCode === 'NONE') {
          s.producerId = r.producerId;
          s.producerEpoch = r.producerEpoch;
          ctx.record({
            type: 'producer.id',
            client: s.clientId,
            producerId: r.producerId,
            producerEpoch: r.producerEpoch,
          });
        }
        break;
      }
    }
    runSender(s, ctx);
  },

  onTimer(s, timerId, ctx) {
    const timedOut = takeTimeout(s.nc, timerId, ctx.now);
    if (timedOut) {
      if (timedOut.kind === 'Produce') {
        for (const q of Object.values(s.batches)) {
          for (const b of q.filter((x) => x.inFlight === timedOut.correlationId))
            failOrRetry(s, b, 'REQUEST_TIMED_OUT', ctx);
        }
      }
      if (timedOut.kind === 'InitProducerId') s.initPidInFlight = null;
      ctx.record({
        type: 'client.requestTimeout',
        client: s.clientId,
        broker: timedOut.broker,
        request: timedOut.kind,
      });
    } else if (!isMetadataRetryTimer(timerId) && timerId !== SENDER_TIMER) return;
    runSender(s, ctx);
  },

  view(s) {
    return {
      clientId: s.clientId,
      producerId: s.producerId,
      queued:
        Object.values(s.batches).reduce((n, q) => n + q.reduce((m, b) => m + b.records.length, 0), 0) +
        Object.values(s.waiting).reduce((n, q) => n + q.length, 0),
      metadataBrokers: s.nc.metadata.brokers.map((b) => b.nodeId),
    };
  },
};
