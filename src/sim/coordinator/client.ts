// The ZooKeeper client a broker embeds: kafka.zookeeper.ZooKeeperClient over ZooKeeper's ClientCnxn,
// as plain data plus functions (the owner keeps the state inside its own node state). Instead of
// callbacks, every function returns notifications; requests carry an opaque `tag` the owner uses to
// route the response (as ZooKeeperClient routes AsyncResponses to their handlers).
//
// Timing, as ClientCnxn.SendThread does it, with T the negotiated session timeout:
//   readTimeout = 2T/3: nothing heard from the server for that long -> the connection is considered lost:
//     requests in flight fail with CONNECTIONLOSS (their outcome is unknown), then 'disconnected';
//   a ping is sent after readTimeout/2 = T/3 without sending anything;
//   while disconnected the client re-sends zk.connect with its session id every readTimeout/2, and learns
//     on reconnection either that the session is alive ('connected', resumed: true, and it re-sends its
//     watches with SetWatches) or that it expired ('expired': the session and its ephemerals are gone;
//     the owner calls zkStart again for a new session and re-registers, as KafkaZkClient's
//     state-change handlers do).
// Simplification: requests made while not connected fail fast with CONNECTIONLOSS (the Java client
// queues them during CONNECTING and fails them if that attempt fails; Kafka's ZooKeeperClient blocks
// until connected). The failure is delivered through the 'zk.event' timer (0 ms), never synchronously,
// so the owner's handler is never re-entered.
// One client per node: its timer ids are fixed ('zk.tick', 'zk.event').
import type { NodeContext, NodeId } from '../core/node';
import { ancestorsOf } from './paths';
import {
  isZkMessage,
  ZK_NODE_ID,
  type ZkCreateOp,
  type ZkClientMsg,
  type ZkConnectMsg,
  type ZkData,
  type ZkErr,
  type ZkOp,
  type ZkResult,
  type ZkWatchEvent,
} from './protocol';

export const ZK_CLIENT_TICK_TIMER = 'zk.tick';
export const ZK_CLIENT_EVENT_TIMER = 'zk.event';

export type ZkNotification =
  | { kind: 'connected'; sessionId: number; resumed: boolean }
  | { kind: 'response'; tag: string; err: ZkErr; result?: ZkResult }
  | { kind: 'watch'; event: ZkWatchEvent; path: string }
  | { kind: 'disconnected' }
  | { kind: 'expired' };

/** ZooKeeper.States, reduced: CLOSED after an expiry or zkClose. */
export type ZkClientConnState = 'NOT_CONNECTED' | 'CONNECTING' | 'CONNECTED' | 'CLOSED';

export interface ZkPendingRequest {
  /** null for requests the client makes for itself (the parents of a createRecursive). */
  tag: string | null;
  opType: ZkOp['type'];
  path: string;
  watch: boolean;
}

export interface ZkClientState {
  server: NodeId;
  /** zookeeper.session.timeout.ms as requested. */
  sessionTimeoutMs: number;
  /** The timeout the server granted (0 before the first connection). */
  negotiatedSessionTimeoutMs: number;
  state: ZkClientConnState;
  sessionId: number | null;
  /** Why the client is CLOSED: an expired session answers later requests with SESSIONEXPIRED. */
  expired: boolean;
  nextXid: number;
  /** String(xid) -> request awaiting its response. */
  pending: Record<string, ZkPendingRequest>;
  /** The highest zxid seen in a response: SetWatches' relativeZxid. */
  lastZxid: number;
  lastHeardAt: number;
  lastSentAt: number;
  /** The watches the server holds for us (ZKWatchManager), re-sent with SetWatches after a reconnect. */
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  /** Notifications produced outside a message (fail-fast requests), delivered by the 'zk.event' timer. */
  deferred: ZkNotification[];
}

export function createZkClient(sessionTimeoutMs: number, server: NodeId = ZK_NODE_ID): ZkClientState {
  return {
    server,
    sessionTimeoutMs,
    negotiatedSessionTimeoutMs: 0,
    state: 'NOT_CONNECTED',
    sessionId: null,
    expired: false,
    nextXid: 1,
    pending: {},
    lastZxid: 0,
    lastHeardAt: 0,
    lastSentAt: 0,
    dataWatches: [],
    existWatches: [],
    childWatches: [],
    deferred: [],
  };
}

function timeoutOf(client: ZkClientState): number {
  return client.negotiatedSessionTimeoutMs > 0 ? client.negotiatedSessionTimeoutMs : client.sessionTimeoutMs;
}

/** ClientCnxn's readTimeout: 2/3 of the session timeout. */
export function zkReadTimeoutMs(client: ZkClientState): number {
  return Math.max(1, Math.floor((timeoutOf(client) * 2) / 3));
}

/** Idle time after which a ping is sent (readTimeout / 2); also the reconnect interval. */
export function zkPingIntervalMs(client: ZkClientState): number {
  return Math.max(1, Math.floor(zkReadTimeoutMs(client) / 2));
}

function send(client: ZkClientState, msg: ZkClientMsg, ctx: NodeContext): void {
  client.lastSentAt = ctx.now;
  ctx.send(client.server, msg);
}

function sendConnect(client: ZkClientState, ctx: NodeContext): void {
  const msg: ZkConnectMsg = { type: 'zk.connect', sessionTimeoutMs: client.sessionTimeoutMs };
  if (client.sessionId !== null) msg.sessionId = client.sessionId;
  send(client, msg, ctx);
  ctx.setTimer(ZK_CLIENT_TICK_TIMER, zkPingIntervalMs(client));
}

/**
 * Opens a session: sends zk.connect and arms the client's timer. On a CLOSED client (after 'expired')
 * it starts over with a new session, like ZooKeeperClient.reinitialize.
 */
export function zkStart(client: ZkClientState, ctx: NodeContext): void {
  if (client.state === 'CONNECTING' || client.state === 'CONNECTED') return;
  client.sessionId = null;
  client.negotiatedSessionTimeoutMs = 0;
  client.expired = false;
  client.pending = {};
  client.dataWatches = [];
  client.existWatches = [];
  client.childWatches = [];
  client.state = 'CONNECTING';
  client.lastHeardAt = ctx.now;
  sendConnect(client, ctx);
}

/** Closes the session (its ephemerals go at once). Requests still in flight are abandoned without notification. */
export function zkClose(client: ZkClientState, ctx: NodeContext): void {
  if (client.sessionId !== null && client.state !== 'CLOSED') {
    send(client, { type: 'zk.close', sessionId: client.sessionId }, ctx);
  }
  client.state = 'CLOSED';
  client.pending = {};
  ctx.cancelTimer(ZK_CLIENT_TICK_TIMER);
}

function defer(client: ZkClientState, notification: ZkNotification, ctx: NodeContext): void {
  client.deferred.push(notification);
  ctx.setTimer(ZK_CLIENT_EVENT_TIMER, 0);
}

/**
 * Sends a request; its response comes back as {kind: 'response', tag}. Returns the xid. When not
 * connected the request fails fast: CONNECTIONLOSS, or SESSIONEXPIRED once the session has expired.
 */
export function zkRequest(client: ZkClientState, op: ZkOp, tag: string, ctx: NodeContext): number {
  return request(client, op, tag, ctx);
}

function request(client: ZkClientState, op: ZkOp, tag: string | null, ctx: NodeContext): number {
  const xid = client.nextXid++;
  if (client.state !== 'CONNECTED' || client.sessionId === null) {
    if (tag !== null) {
      defer(
        client,
        { kind: 'response', tag, err: client.expired ? 'SESSIONEXPIRED' : 'CONNECTIONLOSS' },
        ctx,
      );
    }
    return xid;
  }
  const path = 'path' in op ? op.path : '';
  const watch = 'watch' in op && op.watch === true;
  client.pending[String(xid)] = { tag, opType: op.type, path, watch };
  send(client, { type: 'zk.request', sessionId: client.sessionId, xid, op }, ctx);
  return xid;
}

/**
 * KafkaZkClient.createRecursive without the round trips: ZooKeeper has no mkdirs, so the client sends a
 * create for every missing ancestor (persistent, null data) and then the create itself, in order. The
 * server handles one session's requests in order, so each parent exists before its child is created;
 * the ancestors' answers (NODEEXISTS when they already exist) are swallowed and only the last create
 * answers to `tag`.
 */
export function zkCreateRecursive(
  client: ZkClientState,
  op: ZkCreateOp,
  tag: string,
  ctx: NodeContext,
  parentData: ZkData = null,
): number {
  if (client.state === 'CONNECTED') {
    for (const parent of ancestorsOf(op.path))
      request(client, { type: 'create', path: parent, data: parentData }, null, ctx);
  }
  return request(client, op, tag, ctx);
}

function addUnique(list: string[], path: string): void {
  if (!list.includes(path)) list.push(path);
}

function removeFrom(list: string[], path: string): string[] {
  return list.filter((p) => p !== path);
}

/** ClientCnxn.cleanup: every request in flight fails; then the Disconnected event. */
function loseConnection(client: ZkClientState, ctx: NodeContext): ZkNotification[] {
  const out = failPending(client, 'CONNECTIONLOSS');
  out.push({ kind: 'disconnected' });
  client.state = 'CONNECTING';
  sendConnect(client, ctx);
  return out;
}

function failPending(client: ZkClientState, err: ZkErr): ZkNotification[] {
  const out: ZkNotification[] = [];
  const xids = Object.keys(client.pending)
    .map(Number)
    .sort((a, b) => a - b);
  for (const xid of xids) {
    const p = client.pending[String(xid)]!;
    if (p.tag !== null) out.push({ kind: 'response', tag: p.tag, err });
  }
  client.pending = {};
  return out;
}

/**
 * Handles a message for the client (anything else returns []). Only messages from the server about the
 * current session count; late answers for an older session or a request already failed are dropped.
 */
export function zkOnMessage(
  client: ZkClientState,
  from: NodeId,
  msg: unknown,
  ctx: NodeContext,
): ZkNotification[] {
  if (from !== client.server || !isZkMessage(msg) || client.state === 'CLOSED') return [];
  if (!('sessionId' in msg)) return [];
  switch (msg.type) {
    case 'zk.connected': {
      if (client.state !== 'CONNECTING') return []; // a duplicate answer to a re-sent connect
      if (client.sessionId !== null && msg.sessionId !== client.sessionId) return [];
      const resumed = client.sessionId !== null;
      client.sessionId = msg.sessionId;
      client.negotiatedSessionTimeoutMs = msg.sessionTimeoutMs;
      client.state = 'CONNECTED';
      client.lastHeardAt = ctx.now;
      if (resumed) sendSetWatches(client, ctx);
      ctx.setTimer(ZK_CLIENT_TICK_TIMER, zkPingIntervalMs(client));
      return [{ kind: 'connected', sessionId: msg.sessionId, resumed }];
    }
    case 'zk.expired': {
      if (msg.sessionId !== client.sessionId) return [];
      // KeeperState.Expired: the session, its ephemerals and its watches are gone for good.
      const out = failPending(client, 'SESSIONEXPIRED');
      client.state = 'CLOSED';
      client.expired = true;
      client.dataWatches = [];
      client.existWatches = [];
      client.childWatches = [];
      ctx.cancelTimer(ZK_CLIENT_TICK_TIMER);
      out.push({ kind: 'expired' });
      return out;
    }
    default:
      break;
  }
  if (msg.sessionId !== client.sessionId) return [];
  client.lastHeardAt = ctx.now;
  switch (msg.type) {
    case 'zk.pong':
    case 'zk.closed':
      return [];
    case 'zk.response': {
      const key = String(msg.xid);
      const pending = client.pending[key];
      if (pending === undefined) return []; // already failed with CONNECTIONLOSS
      delete client.pending[key];
      if (msg.zxid > client.lastZxid) client.lastZxid = msg.zxid;
      // ZooKeeper registers a watch only once the server has answered (WatchRegistration).
      if (pending.watch) {
        if (pending.opType === 'exists') {
          if (msg.err === 'OK') addUnique(client.dataWatches, pending.path);
          else if (msg.err === 'NONODE') addUnique(client.existWatches, pending.path);
        } else if (msg.err === 'OK') {
          addUnique(
            pending.opType === 'getChildren' ? client.childWatches : client.dataWatches,
            pending.path,
          );
        }
      }
      if (pending.tag === null) return [];
      const note: ZkNotification = { kind: 'response', tag: pending.tag, err: msg.err };
      if (msg.result !== undefined) note.result = msg.result;
      return [note];
    }
    case 'zk.watch': {
      // ZKWatchManager.materialize: the event consumes the matching one-shot registrations.
      const path = msg.path;
      if (msg.event === 'NodeChildrenChanged') client.childWatches = removeFrom(client.childWatches, path);
      else {
        client.dataWatches = removeFrom(client.dataWatches, path);
        client.existWatches = removeFrom(client.existWatches, path);
        if (msg.event === 'NodeDeleted') client.childWatches = removeFrom(client.childWatches, path);
      }
      return [{ kind: 'watch', event: msg.event, path }];
    }
    default:
      return [];
  }
}

function sendSetWatches(client: ZkClientState, ctx: NodeContext): void {
  if (client.sessionId === null) return;
  if (client.dataWatches.length + client.existWatches.length + client.childWatches.length === 0) return;
  send(
    client,
    {
      type: 'zk.setWatches',
      sessionId: client.sessionId,
      relativeZxid: client.lastZxid,
      dataWatches: [...client.dataWatches],
      existWatches: [...client.existWatches],
      childWatches: [...client.childWatches],
    },
    ctx,
  );
}

/** Handles the client's timers; null if `timerId` is not the client's. */
export function zkOnTimer(client: ZkClientState, timerId: string, ctx: NodeContext): ZkNotification[] | null {
  if (timerId === ZK_CLIENT_EVENT_TIMER) {
    const out = client.deferred;
    client.deferred = [];
    return out;
  }
  if (timerId !== ZK_CLIENT_TICK_TIMER) return null;
  if (client.state === 'CONNECTING') {
    sendConnect(client, ctx);
    return [];
  }
  if (client.state !== 'CONNECTED' || client.sessionId === null) return [];
  const readTimeout = zkReadTimeoutMs(client);
  const pingInterval = zkPingIntervalMs(client);
  if (ctx.now - client.lastHeardAt >= readTimeout) return loseConnection(client, ctx);
  if (ctx.now - client.lastSentAt >= pingInterval)
    send(client, { type: 'zk.ping', sessionId: client.sessionId }, ctx);
  const next = Math.min(client.lastSentAt + pingInterval, client.lastHeardAt + readTimeout);
  ctx.setTimer(ZK_CLIENT_TICK_TIMER, Math.max(1, next - ctx.now));
  return [];
}

/** Whether the owner can expect requests to reach the server now. */
export function zkIsConnected(client: ZkClientState): boolean {
  return client.state === 'CONNECTED';
}
