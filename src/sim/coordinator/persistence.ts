// The coordinator's disk, laid out as ZooKeeper's: a snapshot of the DataTree and the session table
// (FileSnap, "snapshot.<zxid>") plus the transaction log written since (FileTxnLog, "log.<zxid>").
// Every committed txn is appended to the log before the client hears about it; every snapCount txns
// the server writes a fresh snapshot and starts an empty log. Restarting replays the log over the
// snapshot (FileTxnSnapLog.restore), so znodes, versions, the zxid counter and the live sessions come
// back; watches do not (they live in memory, and clients re-register them with SetWatches).
import type { Disk, NodeContext } from '../core/node';
import { applyTxn, type ZkLogEntry, type WatchTrigger } from './tree';
import { emptyServerState, type ZkServerConfig, type ZkServerState, type Znode } from './state';
import { roundToNextTick } from './sessions';
import type { NodeId } from '../core/node';

/** Disk key of the snapshot: a ZkSnapshot put whole. */
export const SNAPSHOT_KEY = 'zk/snapshot';
/** Disk key of the transaction log: a list of ZkLogEntry, appended to. */
export const TXN_LOG_KEY = 'zk/log';

const SNAPSHOT_FORMAT = 'zk-snapshot';
const SNAPSHOT_VERSION = 1;

export interface ZkSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** The last txn the snapshot includes. */
  lastZxid: number;
  nextSessionId: number;
  znodes: Record<string, Znode>;
  sessions: { sessionId: number; timeoutMs: number; owner: NodeId }[];
}

/** A copy of the znodes that shares only the (never mutated) data values. */
function copyZnodes(znodes: Record<string, Znode>): Record<string, Znode> {
  const out: Record<string, Znode> = {};
  for (const path of Object.keys(znodes)) {
    const node = znodes[path]!;
    out[path] = { data: node.data, stat: { ...node.stat }, children: [...node.children] };
  }
  return out;
}

/** Appends a committed txn to the log, and takes a snapshot every snapCount txns. */
export function logTxn(state: ZkServerState, entry: ZkLogEntry, ctx: NodeContext): void {
  ctx.disk({ op: 'append', key: TXN_LOG_KEY, items: [entry] });
  state.txnsSinceSnapshot += 1;
  if (state.txnsSinceSnapshot >= state.config.snapCount) takeSnapshot(state, ctx);
}

/** Writes a snapshot of the current tree and sessions and empties the log (both in one handler, so atomically). */
export function takeSnapshot(state: ZkServerState, ctx: NodeContext): void {
  const snapshot: ZkSnapshot = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    lastZxid: state.lastZxid,
    nextSessionId: state.nextSessionId,
    // The host keeps what is written by reference, so write copies that the server never touches again.
    znodes: copyZnodes(state.znodes),
    sessions: Object.values(state.sessions)
      .map((s) => ({ sessionId: s.sessionId, timeoutMs: s.timeoutMs, owner: s.owner }))
      .sort((a, b) => a.sessionId - b.sessionId),
  };
  ctx.disk({ op: 'put', key: SNAPSHOT_KEY, value: snapshot });
  ctx.disk({ op: 'delete', key: TXN_LOG_KEY });
  state.txnsSinceSnapshot = 0;
}

/**
 * Rebuilds the server from its disk (an empty disk gives an empty tree). Sessions come back with their
 * deadlines reset to now + timeout, as a ZooKeeper server does when it loads its database, so clients
 * get a full session timeout to reconnect. Throws a clear error for a disk this code cannot read.
 */
export function restoreFromDisk(config: ZkServerConfig, disk: Readonly<Disk>, now: number): ZkServerState {
  const state = emptyServerState(config);
  const rawSnapshot = disk[SNAPSHOT_KEY];
  if (rawSnapshot !== undefined) {
    const snapshot = rawSnapshot as Partial<ZkSnapshot>;
    if (snapshot.format !== SNAPSHOT_FORMAT || snapshot.version !== SNAPSHOT_VERSION) {
      throw new Error(
        `zk: unreadable snapshot at disk key ${SNAPSHOT_KEY} (format ${String(snapshot.format)}, version ${String(snapshot.version)})`,
      );
    }
    state.lastZxid = snapshot.lastZxid ?? 0;
    state.nextSessionId = snapshot.nextSessionId ?? 1;
    state.znodes = copyZnodes(snapshot.znodes ?? {});
    for (const s of snapshot.sessions ?? []) {
      state.sessions[String(s.sessionId)] = { ...s, expiresAt: 0 };
    }
  }
  const log = disk[TXN_LOG_KEY];
  if (log !== undefined) {
    if (!Array.isArray(log)) throw new Error(`zk: disk key ${TXN_LOG_KEY} is not a transaction log`);
    const triggers: WatchTrigger[] = []; // nobody is watching during replay
    for (const entry of log as ZkLogEntry[]) {
      if (entry.zxid <= state.lastZxid) continue;
      applyTxn(state, entry.txn, entry.zxid, entry.time, triggers);
      state.lastZxid = entry.zxid;
      state.txnsSinceSnapshot += 1;
    }
  }
  for (const s of Object.values(state.sessions)) s.expiresAt = roundToNextTick(config, now + s.timeoutMs);
  return state;
}
