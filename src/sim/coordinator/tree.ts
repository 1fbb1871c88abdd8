// The DataTree and its transactions. ZooKeeper splits a write in two: PrepRequestProcessor checks the
// request against the current tree and turns it into a txn (or an error code); FinalRequestProcessor
// applies the txn to the DataTree (DataTree.processTxn), which fires the watches. Txns are what the
// transaction log holds, so replaying them from disk rebuilds the same tree. This file does both halves;
// it never touches the network.
import type { NodeId } from '../core/node';
import { copyZkData } from './data';
import { isValidPath, nameOf, parentOf, ROOT, sequenceSuffix } from './paths';
import type {
  ZkCheckOp,
  ZkCreateOp,
  ZkData,
  ZkDeleteOp,
  ZkErr,
  ZkMultiSubOp,
  ZkSetDataOp,
  ZkWatchEvent,
} from './protocol';
import type { ZkServerState, Znode } from './state';

/** A transaction, as ZooKeeper logs it (CreateTxn, DeleteTxn, SetDataTxn, CheckVersionTxn, ...). */
export type ZkTxn =
  | { type: 'create'; path: string; data: ZkData; ephemeralOwner: number }
  | { type: 'delete'; path: string }
  | { type: 'setData'; path: string; data: ZkData }
  | { type: 'check'; path: string }
  | { type: 'createSession'; sessionId: number; timeoutMs: number; owner: NodeId }
  | { type: 'closeSession'; sessionId: number }
  | { type: 'multi'; txns: ZkTxn[] };

/** One entry of the transaction log (TxnHeader + txn). */
export interface ZkLogEntry {
  zxid: number;
  /** The leader's clock when it proposed the txn: ctime/mtime come from here, also on replay. */
  time: number;
  txn: ZkTxn;
}

/** A watch to fire, in the order DataTree calls WatchManager.triggerWatch. */
export interface WatchTrigger {
  path: string;
  event: ZkWatchEvent;
}

/** The txn for a write op, or the error code PrepRequestProcessor would answer. */
export type Prepared = { err: 'OK'; txn: ZkTxn; path: string } | { err: Exclude<ZkErr, 'OK'> };

/** Checks a write op against the tree as it is now (including earlier sub-ops of the same multi). */
export function prepareWrite(state: ZkServerState, op: ZkMultiSubOp, sessionId: number): Prepared {
  switch (op.type) {
    case 'create':
      return prepareCreate(state, op, sessionId);
    case 'delete':
      return prepareDelete(state, op);
    case 'setData':
      return prepareSetData(state, op);
    case 'check':
      return prepareCheck(state, op);
    default:
      return { err: 'BADARGUMENTS' };
  }
}

function prepareCreate(state: ZkServerState, op: ZkCreateOp, sessionId: number): Prepared {
  if (typeof op.path !== 'string') return { err: 'BADARGUMENTS' };
  // PathUtils.validatePath(path, isSequential) checks path + "1" for a sequential create, which allows "/q/".
  if (!isValidPath(op.sequential === true ? op.path + '1' : op.path)) return { err: 'BADARGUMENTS' };
  if (op.path === ROOT) return { err: 'NODEEXISTS' };
  const data = copyZkData(op.data);
  if (data === undefined) return { err: 'BADARGUMENTS' };
  const parent = state.znodes[parentOf(op.path)];
  if (parent === undefined) return { err: 'NONODE' };
  const path = op.sequential === true ? op.path + sequenceSuffix(parent.stat.cversion) : op.path;
  // PrepRequestProcessor checks NODEEXISTS before NOCHILDRENFOREPHEMERALS.
  if (state.znodes[path] !== undefined) return { err: 'NODEEXISTS' };
  if (parent.stat.ephemeralOwner !== 0) return { err: 'NOCHILDRENFOREPHEMERALS' };
  return {
    err: 'OK',
    path,
    txn: { type: 'create', path, data, ephemeralOwner: op.ephemeral === true ? sessionId : 0 },
  };
}

function versionMatches(expected: unknown, actual: number): boolean {
  return expected === -1 || expected === actual;
}

function prepareDelete(state: ZkServerState, op: ZkDeleteOp): Prepared {
  if (typeof op.path !== 'string' || !isValidPath(op.path) || op.path === ROOT)
    return { err: 'BADARGUMENTS' };
  const node = state.znodes[op.path];
  if (node === undefined) return { err: 'NONODE' };
  // checkAndIncVersion comes before the child count check in PrepRequestProcessor.
  if (!versionMatches(op.version, node.stat.version)) return { err: 'BADVERSION' };
  if (node.children.length > 0) return { err: 'NOTEMPTY' };
  return { err: 'OK', path: op.path, txn: { type: 'delete', path: op.path } };
}

function prepareSetData(state: ZkServerState, op: ZkSetDataOp): Prepared {
  if (typeof op.path !== 'string' || !isValidPath(op.path)) return { err: 'BADARGUMENTS' };
  const data = copyZkData(op.data);
  if (data === undefined) return { err: 'BADARGUMENTS' };
  const node = state.znodes[op.path];
  if (node === undefined) return { err: 'NONODE' };
  if (!versionMatches(op.version, node.stat.version)) return { err: 'BADVERSION' };
  return { err: 'OK', path: op.path, txn: { type: 'setData', path: op.path, data } };
}

function prepareCheck(state: ZkServerState, op: ZkCheckOp): Prepared {
  if (typeof op.path !== 'string' || !isValidPath(op.path)) return { err: 'BADARGUMENTS' };
  const node = state.znodes[op.path];
  if (node === undefined) return { err: 'NONODE' };
  if (!versionMatches(op.version, node.stat.version)) return { err: 'BADVERSION' };
  return { err: 'OK', path: op.path, txn: { type: 'check', path: op.path } };
}

/** How to take back the changes of a failed multi: each touched znode as it was (null: absent). */
export type UndoLog = { path: string; before: Znode | null }[];

function remember(state: ZkServerState, undo: UndoLog | null, path: string): void {
  if (undo === null) return;
  const node = state.znodes[path];
  undo.push({
    path,
    before:
      node === undefined ? null : { data: node.data, stat: { ...node.stat }, children: [...node.children] },
  });
}

/** Restores the znodes a failed multi touched, latest change first. */
export function rollback(state: ZkServerState, undo: UndoLog): void {
  for (let i = undo.length - 1; i >= 0; i--) {
    const { path, before } = undo[i]!;
    if (before === null) delete state.znodes[path];
    else state.znodes[path] = before;
  }
}

function insertSorted(list: string[], name: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < name) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, name);
}

/**
 * Applies one txn to the tree and the session table (DataTree.processTxn), appending the watches it
 * fires to `triggers`. Txns reaching here were prepared against this very tree, so they cannot fail;
 * on replay from disk the same holds because the log is replayed in order from the same snapshot.
 */
export function applyTxn(
  state: ZkServerState,
  txn: ZkTxn,
  zxid: number,
  time: number,
  triggers: WatchTrigger[],
  undo: UndoLog | null = null,
): void {
  switch (txn.type) {
    case 'create': {
      const parentPath = parentOf(txn.path);
      const parent = state.znodes[parentPath];
      if (parent === undefined || state.znodes[txn.path] !== undefined) {
        throw new Error(`zk: inconsistent create txn for ${txn.path}`);
      }
      remember(state, undo, parentPath);
      remember(state, undo, txn.path);
      state.znodes[txn.path] = {
        data: txn.data,
        stat: {
          version: 0,
          cversion: 0,
          ephemeralOwner: txn.ephemeralOwner,
          czxid: zxid,
          mzxid: zxid,
          pzxid: zxid,
          ctime: time,
          mtime: time,
          numChildren: 0,
        },
        children: [],
      };
      insertSorted(parent.children, nameOf(txn.path));
      parent.stat.cversion += 1;
      parent.stat.pzxid = zxid;
      parent.stat.numChildren = parent.children.length;
      // DataTree.createNode: NodeCreated on the path's data watches, NodeChildrenChanged on the parent's.
      triggers.push(
        { path: txn.path, event: 'NodeCreated' },
        { path: parentPath, event: 'NodeChildrenChanged' },
      );
      return;
    }
    case 'delete': {
      deleteNode(state, txn.path, zxid, triggers, undo);
      return;
    }
    case 'setData': {
      const node = state.znodes[txn.path];
      if (node === undefined) throw new Error(`zk: inconsistent setData txn for ${txn.path}`);
      remember(state, undo, txn.path);
      node.data = txn.data;
      node.stat.version += 1;
      node.stat.mzxid = zxid;
      node.stat.mtime = time;
      triggers.push({ path: txn.path, event: 'NodeDataChanged' });
      return;
    }
    case 'check':
      return;
    case 'createSession': {
      state.sessions[String(txn.sessionId)] = {
        sessionId: txn.sessionId,
        timeoutMs: txn.timeoutMs,
        // The live server sets the deadline (SessionTracker); on replay every deadline is reset anyway.
        expiresAt: time + txn.timeoutMs,
        owner: txn.owner,
      };
      if (txn.sessionId >= state.nextSessionId) state.nextSessionId = txn.sessionId + 1;
      return;
    }
    case 'closeSession': {
      // DataTree.killSession: delete every ephemeral of the session (here in path order, for determinism).
      for (const path of ephemeralsOf(state, txn.sessionId)) deleteNode(state, path, zxid, triggers, undo);
      delete state.sessions[String(txn.sessionId)];
      return;
    }
    case 'multi': {
      for (const sub of txn.txns) applyTxn(state, sub, zxid, time, triggers, undo);
      return;
    }
  }
}

function deleteNode(
  state: ZkServerState,
  path: string,
  zxid: number,
  triggers: WatchTrigger[],
  undo: UndoLog | null,
): void {
  const node = state.znodes[path];
  const parentPath = parentOf(path);
  const parent = state.znodes[parentPath];
  if (node === undefined || parent === undefined || node.children.length > 0) {
    throw new Error(`zk: inconsistent delete txn for ${path}`);
  }
  remember(state, undo, parentPath);
  remember(state, undo, path);
  delete state.znodes[path];
  const index = parent.children.indexOf(nameOf(path));
  if (index >= 0) parent.children.splice(index, 1);
  // A delete counts as a change to the parent's children: this is why sequential suffixes skip numbers.
  parent.stat.cversion += 1;
  if (zxid > parent.stat.pzxid) parent.stat.pzxid = zxid;
  parent.stat.numChildren = parent.children.length;
  // DataTree.deleteNode: NodeDeleted on the data and child watches of the path, then
  // NodeChildrenChanged on the parent's child watches.
  triggers.push({ path, event: 'NodeDeleted' }, { path: parentPath, event: 'NodeChildrenChanged' });
}

/** The ephemeral znodes a session owns, sorted by path (DataTree keeps them per session in a set). */
export function ephemeralsOf(state: ZkServerState, sessionId: number): string[] {
  const out: string[] = [];
  for (const path of Object.keys(state.znodes)) {
    if (state.znodes[path]!.stat.ephemeralOwner === sessionId) out.push(path);
  }
  return out.sort();
}
