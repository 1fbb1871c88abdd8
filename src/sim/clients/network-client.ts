// What every client shares (org.apache.kafka.clients.NetworkClient + Metadata): the bootstrap servers
// tried in order, brokers that failed skipped for reconnect.backoff.ms (doubling up to
// reconnect.backoff.max.ms), requests matched to responses by correlation id and failed after
// request.timeout.ms, and the cluster metadata refreshed when asked or when it is older than
// metadata.max.age.ms. Plain data; the owning node routes messages and timers here.
import type { NodeContext } from '../core/node';
import { brokerIdOf, brokerNode } from '../core/ids';
import type { MetadataResponse, MetadataTopic } from '../protocol/client';

export interface InFlightRequest {
  broker: number;
  /** What the owner asked for, so it can act on the answer (or on the failure). */
  kind: string;
  sentAtMs: number;
}

export interface ClientMetadata {
  brokers: { nodeId: number; rack: string | null }[];
  controllerId: number;
  topics: Record<string, MetadataTopic>;
  /** 0: never fetched. */
  updatedAtMs: number;
  /** A refresh was requested (an error said the metadata is stale). */
  needUpdate: boolean;
  /** Topics the owner wants metadata for. */
  wanted: string[];
}

export interface NetworkClientState {
  clientId: string;
  bootstrap: number[];
  requestTimeoutMs: number;
  reconnectBackoffMs: number;
  reconnectBackoffMaxMs: number;
  metadataMaxAgeMs: number;
  retryBackoffMs: number;
  /** Broker id -> consecutive failures and when it may be tried again. */
  failures: Record<string, { count: number; until: number }>;
  inFlight: Record<string, InFlightRequest>;
  nextCorrelationId: number;
  metadata: ClientMetadata;
  metadataInFlight: number | null;
  allowAutoTopicCreation: boolean;
}

export function createNetworkClient(
  clientId: string,
  bootstrap: number[],
  cfg: Record<string, unknown>,
  allowAutoTopicCreation: boolean,
): NetworkClientState {
  const n = (k: string, d: number) => (typeof cfg[k] === 'number' ? (cfg[k] as number) : d);
  return {
    clientId,
    bootstrap,
    requestTimeoutMs: n('request.timeout.ms', 30000),
    reconnectBackoffMs: n('reconnect.backoff.ms', 50),
    reconnectBackoffMaxMs: n('reconnect.backoff.max.ms', 1000),
    metadataMaxAgeMs: n('metadata.max.age.ms', 300000),
    retryBackoffMs: n('retry.backoff.ms', 100),
    failures: {},
    inFlight: {},
    nextCorrelationId: 0,
    metadata: { brokers: [], controllerId: -1, topics: {}, updatedAtMs: 0, needUpdate: true, wanted: [] },
    metadataInFlight: null,
    allowAutoTopicCreation,
  };
}

export const requestTimer = (correlationId: number) => `rq:${correlationId}`;
const METADATA_RETRY_TIMER = 'metadata-retry';

export function isReady(nc: NetworkClientState, broker: number, now: number): boolean {
  const f = nc.failures[broker];
  return !f || f.until <= now;
}

/** Brokers to try, in order: the known cluster if any, else the bootstrap list as given. */
function candidates(nc: NetworkClientState): number[] {
  const known = nc.metadata.brokers.map((b) => b.nodeId);
  return known.length ? [...known, ...nc.bootstrap.filter((b) => !known.includes(b))] : nc.bootstrap;
}

/** NetworkClient.leastLoadedNode: the ready broker with the fewest requests in flight, first in order on ties. */
export function leastLoadedNode(nc: NetworkClientState, now: number): number | null {
  let best: number | null = null;
  let bestLoad = Infinity;
  for (const b of candidates(nc)) {
    if (!isReady(nc, b, now)) continue;
    const load = Object.values(nc.inFlight).filter((r) => r.broker === b).length;
    if (load < bestLoad) {
      best = b;
      bestLoad = load;
    }
  }
  return best;
}

/** The earliest time a failed broker may be tried again (for a retry timer), or null if none is waiting. */
export function nextReadyAt(nc: NetworkClientState): number | null {
  const times = candidates(nc).map((b) => nc.failures[b]?.until ?? 0);
  return times.length ? Math.min(...times) : null;
}

/**
 * Sends a request and arms its timeout. Returns the correlation id. `body` must be a new object, the
 * caller's to give away: it becomes the message, with the correlationId field added last (rather than
 * copied by a spread, which costs more than the rest of a send).
 */
export function sendRequest(
  nc: NetworkClientState,
  broker: number,
  kind: string,
  body: Record<string, unknown>,
  ctx: NodeContext,
  timeoutMs = nc.requestTimeoutMs,
): number {
  const correlationId = ++nc.nextCorrelationId;
  nc.inFlight[correlationId] = { broker, kind, sentAtMs: ctx.now };
  body.correlationId = correlationId;
  ctx.send(brokerNode(broker), body);
  ctx.setTimer(requestTimer(correlationId), timeoutMs);
  return correlationId;
}

/** Marks a broker unreachable for an exponentially growing backoff (ClusterConnectionStates). */
export function markFailed(nc: NetworkClientState, broker: number, now: number): void {
  const count = (nc.failures[broker]?.count ?? 0) + 1;
  let backoff = nc.reconnectBackoffMs;
  for (let i = 1; i < count && backoff < nc.reconnectBackoffMaxMs; i++) backoff *= 2;
  nc.failures[broker] = { count, until: now + Math.min(backoff, nc.reconnectBackoffMaxMs) };
}

/**
 * A response arrived: returns the request it answers (and forgets it), or null for an unknown or timed-out one.
 * Any answer proves the broker reachable.
 */
export function takeResponse(
  nc: NetworkClientState,
  from: string,
  correlationId: number,
  ctx: NodeContext,
): InFlightRequest | null {
  const req = nc.inFlight[correlationId];
  if (!req || brokerNode(req.broker) !== from) return null;
  delete nc.inFlight[correlationId];
  ctx.cancelTimer(requestTimer(correlationId));
  delete nc.failures[req.broker];
  return req;
}

/**
 * The network refused a request (the broker's process is not running: the TCP connection is reset at
 * once, unlike a partition, which only times out). Like a timeout, the broker is marked failed and the
 * request returned as failed. Returns null if the refused message was not one of this client's requests.
 */
export function takeRefused(
  nc: NetworkClientState,
  msg: unknown,
  ctx: NodeContext,
): (InFlightRequest & { correlationId: number }) | null {
  const refused = msg as { type?: string; message?: { correlationId?: unknown } };
  if (refused.type !== 'ConnectionRefused' || typeof refused.message?.correlationId !== 'number') return null;
  const correlationId = refused.message.correlationId;
  const req = nc.inFlight[correlationId];
  if (!req) return null;
  delete nc.inFlight[correlationId];
  ctx.cancelTimer(requestTimer(correlationId));
  markFailed(nc, req.broker, ctx.now);
  if (nc.metadataInFlight === correlationId) nc.metadataInFlight = null;
  nc.metadata.needUpdate = true;
  return { ...req, correlationId };
}

/**
 * A broker's connection closed (its process ended): every request in flight to it fails at once
 * (NetworkClient.processDisconnection). Returns them, oldest first; [] if the message is not a close.
 */
export function takeClosed(
  nc: NetworkClientState,
  msg: unknown,
  ctx: NodeContext,
): (InFlightRequest & { correlationId: number })[] {
  const closed = msg as { type?: string; node?: string };
  if (closed.type !== 'ConnectionClosed' || typeof closed.node !== 'string') return [];
  const broker = brokerIdOf(closed.node);
  if (broker === null) return [];
  const failed: (InFlightRequest & { correlationId: number })[] = [];
  for (const id of Object.keys(nc.inFlight).sort((a, b) => Number(a) - Number(b))) {
    const req = nc.inFlight[id]!;
    if (req.broker !== broker) continue;
    delete nc.inFlight[id];
    ctx.cancelTimer(requestTimer(Number(id)));
    if (nc.metadataInFlight === Number(id)) nc.metadataInFlight = null;
    failed.push({ ...req, correlationId: Number(id) });
  }
  markFailed(nc, broker, ctx.now);
  nc.metadata.needUpdate = true;
  return failed;
}

/** A request timer fired: the request failed (the broker is marked failed). Returns it, or null if not ours. */
export function takeTimeout(
  nc: NetworkClientState,
  timerId: string,
  now: number,
): (InFlightRequest & { correlationId: number }) | null {
  if (!timerId.startsWith('rq:')) return null;
  const correlationId = Number(timerId.slice(3));
  const req = nc.inFlight[correlationId];
  if (!req) return null;
  delete nc.inFlight[correlationId];
  markFailed(nc, req.broker, now);
  if (nc.metadataInFlight === correlationId) nc.metadataInFlight = null;
  nc.metadata.needUpdate = true;
  return { ...req, correlationId };
}

export function requestMetadataUpdate(nc: NetworkClientState): void {
  nc.metadata.needUpdate = true;
}

export function wantTopic(nc: NetworkClientState, topic: string): void {
  if (!nc.metadata.wanted.includes(topic)) {
    nc.metadata.wanted.push(topic);
    nc.metadata.needUpdate = true;
  }
}

/** Sends a Metadata request if one is due and none is in flight. */
export function maybeUpdateMetadata(nc: NetworkClientState, ctx: NodeContext): void {
  if (nc.metadataInFlight !== null) return;
  const stale = nc.metadata.updatedAtMs === 0 || ctx.now - nc.metadata.updatedAtMs >= nc.metadataMaxAgeMs;
  if (!nc.metadata.needUpdate && !stale) return;
  const broker = leastLoadedNode(nc, ctx.now);
  if (broker === null) {
    const at = nextReadyAt(nc);
    ctx.setTimer(METADATA_RETRY_TIMER, Math.max(1, (at ?? ctx.now + nc.retryBackoffMs) - ctx.now));
    return;
  }
  nc.metadataInFlight = sendRequest(
    nc,
    broker,
    'Metadata',
    {
      type: 'Metadata',
      topics: nc.metadata.wanted.slice(),
      allowAutoTopicCreation: nc.allowAutoTopicCreation,
    },
    ctx,
  );
}

/** Applies a Metadata answer. Topics still without leaders keep needUpdate set (retried after retry.backoff.ms). */
export function applyMetadata(nc: NetworkClientState, res: MetadataResponse, ctx: NodeContext): void {
  nc.metadataInFlight = null;
  nc.metadata.brokers = res.brokers;
  nc.metadata.controllerId = res.controllerId;
  nc.metadata.updatedAtMs = ctx.now;
  nc.metadata.needUpdate = false;
  for (const t of res.topics) {
    nc.metadata.topics[t.name] = t;
    if (t.errorCode !== 'NONE' || t.partitions.some((p) => p.leader < 0)) nc.metadata.needUpdate = true;
  }
  if (nc.metadata.needUpdate) ctx.setTimer(METADATA_RETRY_TIMER, nc.retryBackoffMs);
}

/** The metadata retry timer: returns true if it was this one (the owner then calls maybeUpdateMetadata). */
export const isMetadataRetryTimer = (timerId: string): boolean => timerId === METADATA_RETRY_TIMER;

export function leaderFor(nc: NetworkClientState, topic: string, partition: number): number {
  const p = nc.metadata.topics[topic]?.partitions.find((x) => x.partition === partition);
  return p ? p.leader : -1;
}

export { brokerIdOf };
