// The "zk" node: a single ZooKeeper server (a standalone ensemble). It keeps the DataTree, the sessions
// and the watches, answers requests in arrival order (ZooKeeper's per-session FIFO, and here one
// global order since there is a single server) and persists every write before answering.
import type { NodeBehavior, NodeContext, NodeId, NodeSpec } from '../core/node';
import { copyZkData } from './data';
import { isValidPath } from './paths';
import { logTxn, restoreFromDisk } from './persistence';
import {
  isZkMessage,
  type ZkConnectMsg,
  type ZkErr,
  type ZkMultiSubOp,
  type ZkOp,
  type ZkOpResult,
  type ZkRequestMsg,
  type ZkResult,
  type ZkServerMsg,
  type ZkSetWatchesMsg,
  type ZkStat,
} from './protocol';
import {
  armExpiryTimer,
  dueSessions,
  EXPIRY_TIMER_ID,
  liveSession,
  negotiateSessionTimeout,
  roundToNextTick,
  touchSession,
} from './sessions';
import { resolveConfig, type ZkServerState, type ZkSession } from './state';
import {
  applyTxn,
  ephemeralsOf,
  prepareWrite,
  rollback,
  type UndoLog,
  type WatchTrigger,
  type ZkTxn,
} from './tree';
import { addWatch, fireTrigger, removeSessionWatches, setWatches, type WatchNotification } from './watches';
import { zkView } from './view';

export type { ZkServerState } from './state';

function reply(ctx: NodeContext, to: NodeId, msg: ZkServerMsg): void {
  ctx.send(to, msg);
}

/** Sends each notification to the node that owns its session (a watcher is its session's connection). */
function notify(state: ZkServerState, notifications: WatchNotification[], ctx: NodeContext): void {
  for (const n of notifications) {
    const session = state.sessions[String(n.sessionId)];
    if (session === undefined) continue;
    reply(ctx, session.owner, { type: 'zk.watch', sessionId: n.sessionId, event: n.event, path: n.path });
  }
}

function fire(state: ZkServerState, triggers: WatchTrigger[], ctx: NodeContext): void {
  for (const trigger of triggers) notify(state, fireTrigger(state, trigger), ctx);
}

/**
 * Commits a txn that cannot fail (session create/close): next zxid, apply, log, fire watches.
 * Requests go through processWrite instead, which prepares and may roll back.
 */
function commit(state: ZkServerState, txn: ZkTxn, ctx: NodeContext): void {
  const zxid = state.lastZxid + 1;
  const triggers: WatchTrigger[] = [];
  applyTxn(state, txn, zxid, ctx.now, triggers);
  state.lastZxid = zxid;
  logTxn(state, { zxid, time: ctx.now, txn }, ctx);
  fire(state, triggers, ctx);
}

/** Ends a session (expiry or zk.close): its watches go first, then its ephemerals, in one closeSession txn. */
function closeSession(
  state: ZkServerState,
  session: ZkSession,
  reason: 'expired' | 'closed',
  ctx: NodeContext,
): void {
  const ephemerals = ephemeralsOf(state, session.sessionId);
  removeSessionWatches(state, session.sessionId);
  commit(state, { type: 'closeSession', sessionId: session.sessionId }, ctx);
  ctx.record({
    type: reason === 'expired' ? 'zk.sessionExpired' : 'zk.sessionClosed',
    sessionId: session.sessionId,
    owner: session.owner,
    ephemerals,
  });
}

function handleConnect(state: ZkServerState, from: NodeId, msg: ZkConnectMsg, ctx: NodeContext): void {
  if (msg.sessionId !== undefined) {
    const session = liveSession(state, msg.sessionId);
    if (session === undefined) {
      // ZooKeeper answers a reconnect for an unknown session with a zero timeout: the client's "Expired".
      reply(ctx, from, { type: 'zk.expired', sessionId: msg.sessionId });
      return;
    }
    session.owner = from;
    touchSession(state, session, ctx.now);
    reply(ctx, from, {
      type: 'zk.connected',
      sessionId: session.sessionId,
      sessionTimeoutMs: session.timeoutMs,
    });
    return;
  }
  const sessionId = state.nextSessionId;
  const timeoutMs = negotiateSessionTimeout(state.config, msg.sessionTimeoutMs);
  // createSession is a txn in ZooKeeper too: it takes a zxid and is logged, so sessions survive restarts.
  commit(state, { type: 'createSession', sessionId, timeoutMs, owner: from }, ctx);
  const session = state.sessions[String(sessionId)]!;
  session.expiresAt = roundToNextTick(state.config, ctx.now + timeoutMs);
  ctx.record({ type: 'zk.sessionCreated', sessionId, owner: from, timeoutMs });
  reply(ctx, from, { type: 'zk.connected', sessionId, sessionTimeoutMs: timeoutMs });
}

function copyStat(stat: ZkStat): ZkStat {
  return { ...stat };
}

interface Outcome {
  err: ZkErr;
  result?: ZkResult;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function processRead(state: ZkServerState, sessionId: number, op: ZkOp): Outcome {
  const path = (op as { path?: unknown }).path;
  if (typeof path !== 'string' || !isValidPath(path)) return { err: 'BADARGUMENTS' };
  const node = state.znodes[path];
  const watch = (op as { watch?: unknown }).watch === true;
  switch (op.type) {
    case 'getData':
      if (node === undefined) return { err: 'NONODE' }; // no watch is left on a missing node
      if (watch) addWatch(state, 'data', path, sessionId);
      return { err: 'OK', result: { data: copyZkData(node.data)!, stat: copyStat(node.stat) } };
    case 'exists':
      // DataTree.statNode registers the watch before looking the node up: exists on a missing node
      // watches for its creation. The server answers NONODE (the Java client turns it into a null Stat).
      if (watch) addWatch(state, 'data', path, sessionId);
      if (node === undefined) return { err: 'NONODE' };
      // ZooKeeper's exists returns the Stat only; the data is included here for convenience.
      return { err: 'OK', result: { data: copyZkData(node.data)!, stat: copyStat(node.stat) } };
    case 'getChildren':
      if (node === undefined) return { err: 'NONODE' };
      if (watch) addWatch(state, 'child', path, sessionId);
      return { err: 'OK', result: { children: [...node.children] } };
    default:
      return { err: 'BADARGUMENTS' };
  }
}

function opResult(sub: ZkMultiSubOp, path: string, state: ZkServerState): ZkOpResult {
  switch (sub.type) {
    case 'create':
      return { type: 'create', path };
    case 'delete':
      return { type: 'delete' };
    case 'setData':
      return { type: 'setData', stat: copyStat(state.znodes[path]!.stat) };
    case 'check':
      return { type: 'check' };
  }
}

/**
 * A write (create, delete, setData or multi): each op is prepared against the tree as left by the ops
 * before it and applied at once; the first failure rolls the whole request back (multi is all or
 * nothing). Only a request that succeeds takes a zxid and reaches the log; its watches fire before
 * the response is sent, as in FinalRequestProcessor.
 */
function processWrite(state: ZkServerState, sessionId: number, op: ZkOp, ctx: NodeContext): Outcome {
  const multi = op.type === 'multi';
  if (multi && !Array.isArray(op.ops)) return { err: 'BADARGUMENTS' };
  const subOps: unknown[] = multi ? op.ops : [op];
  const zxid = state.lastZxid + 1;
  const triggers: WatchTrigger[] = [];
  const undo: UndoLog = [];
  const txns: ZkTxn[] = [];
  const results: ZkOpResult[] = [];
  for (let i = 0; i < subOps.length; i++) {
    const sub = subOps[i];
    const prepared = isObject(sub)
      ? prepareWrite(state, sub as unknown as ZkMultiSubOp, sessionId)
      : ({ err: 'BADARGUMENTS' } as const);
    if (prepared.err !== 'OK') {
      rollback(state, undo);
      const err = prepared.err;
      if (!multi) return { err };
      // ZooKeeper's multi failure: OK for the ops before, the code for the failing op, then RUNTIMEINCONSISTENCY.
      const errors: ZkOpResult[] = subOps.map((_, j) => ({
        type: 'error',
        err: j < i ? 'OK' : j === i ? err : 'RUNTIMEINCONSISTENCY',
      }));
      return { err, result: { results: errors } };
    }
    applyTxn(state, prepared.txn, zxid, ctx.now, triggers, undo);
    txns.push(prepared.txn);
    results.push(opResult(sub as unknown as ZkMultiSubOp, prepared.path, state));
  }
  if (txns.length === 0) return { err: 'OK', result: { results: [] } }; // an empty multi changes nothing
  state.lastZxid = zxid;
  const txn: ZkTxn = multi ? { type: 'multi', txns } : txns[0]!;
  logTxn(state, { zxid, time: ctx.now, txn }, ctx);
  fire(state, triggers, ctx);
  if (multi) return { err: 'OK', result: { results } };
  const only = results[0]!;
  if (only.type === 'create') return { err: 'OK', result: { path: only.path } };
  if (only.type === 'setData') return { err: 'OK', result: { stat: only.stat } };
  return { err: 'OK' };
}

function handleRequest(state: ZkServerState, from: NodeId, msg: ZkRequestMsg, ctx: NodeContext): void {
  const op = msg.op as unknown;
  let outcome: Outcome;
  if (!isObject(op) || typeof op.type !== 'string') outcome = { err: 'BADARGUMENTS' };
  else if (op.type === 'getData' || op.type === 'exists' || op.type === 'getChildren') {
    outcome = processRead(state, msg.sessionId, op as unknown as ZkOp);
  } else if (op.type === 'create' || op.type === 'delete' || op.type === 'setData' || op.type === 'multi') {
    outcome = processWrite(state, msg.sessionId, op as unknown as ZkOp, ctx);
  } else outcome = { err: 'BADARGUMENTS' };
  const response: ZkServerMsg = {
    type: 'zk.response',
    sessionId: msg.sessionId,
    xid: msg.xid,
    zxid: state.lastZxid,
    err: outcome.err,
  };
  if (outcome.result !== undefined) response.result = outcome.result;
  reply(ctx, from, response);
}

function handleSetWatches(state: ZkServerState, msg: ZkSetWatchesMsg, ctx: NodeContext): void {
  const paths = (v: unknown) => (Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : []);
  const relativeZxid = typeof msg.relativeZxid === 'number' ? msg.relativeZxid : 0;
  const fired = setWatches(
    state,
    msg.sessionId,
    relativeZxid,
    paths(msg.dataWatches),
    paths(msg.existWatches),
    paths(msg.childWatches),
  );
  notify(state, fired, ctx);
}

function handleMessage(state: ZkServerState, from: NodeId, msg: unknown, ctx: NodeContext): void {
  if (!isZkMessage(msg)) return;
  if (msg.type === 'zk.connect') {
    handleConnect(state, from, msg, ctx);
    return;
  }
  if (
    msg.type !== 'zk.ping' &&
    msg.type !== 'zk.request' &&
    msg.type !== 'zk.close' &&
    msg.type !== 'zk.setWatches'
  ) {
    return; // a server-to-client message sent to the server: ignore it
  }
  const session = liveSession(state, msg.sessionId);
  if (session === undefined) {
    if (typeof msg.sessionId === 'number') reply(ctx, from, { type: 'zk.expired', sessionId: msg.sessionId });
    return;
  }
  // SessionTrackerImpl.touchSession: every message of a live session proves it alive.
  touchSession(state, session, ctx.now);
  session.owner = from;
  switch (msg.type) {
    case 'zk.ping':
      reply(ctx, from, { type: 'zk.pong', sessionId: session.sessionId });
      return;
    case 'zk.request':
      if (typeof msg.xid !== 'number') return;
      handleRequest(state, from, msg, ctx);
      return;
    case 'zk.close':
      closeSession(state, session, 'closed', ctx);
      reply(ctx, from, { type: 'zk.closed', sessionId: session.sessionId });
      return;
    case 'zk.setWatches':
      handleSetWatches(state, msg, ctx);
      return;
  }
}

export const coordinatorBehavior: NodeBehavior<ZkServerState> = {
  init(spec: NodeSpec, disk, ctx): ZkServerState {
    const state = restoreFromDisk(resolveConfig(spec.config), disk, ctx.now);
    if (state.lastZxid === 0 && state.config.initialZnodes.length > 0) {
      const ops = state.config.initialZnodes.map((z) => ({
        type: 'create' as const,
        path: z.path,
        data: z.data,
      }));
      const r = processWrite(state, 0, { type: 'multi', ops }, ctx);
      if (r.err !== 'OK') throw new Error(`zk: the initial znodes cannot be created (${r.err})`);
    }
    const restored = Object.keys(state.sessions).length;
    if (state.lastZxid > 0) ctx.record({ type: 'zk.restored', lastZxid: state.lastZxid, sessions: restored });
    armExpiryTimer(state, ctx);
    return state;
  },

  onMessage(state, from, msg, ctx): void {
    handleMessage(state, from, msg, ctx);
    armExpiryTimer(state, ctx);
  },

  onTimer(state, timerId, ctx): void {
    if (timerId !== EXPIRY_TIMER_ID) return;
    state.expiryTimerAt = null;
    for (const sessionId of dueSessions(state, ctx.now)) {
      const session = state.sessions[String(sessionId)];
      if (session !== undefined) closeSession(state, session, 'expired', ctx);
    }
    armExpiryTimer(state, ctx);
  },

  view: zkView,
};
