// The coordinator's memory: plain data only (it is checkpointed with structuredClone/JSON).
import type { NodeId } from '../core/node';
import type { ZkData, ZkStat } from './protocol';

export interface ZkServerConfig {
  /** ZooKeeper's tickTime: the unit of session expiry (SessionTrackerImpl's expirationInterval). */
  tickTimeMs: number;
  /** ZooKeeperServer.minSessionTimeout, default 2 x tickTime. */
  minSessionTimeoutMs: number;
  /** ZooKeeperServer.maxSessionTimeout, default 20 x tickTime. */
  maxSessionTimeoutMs: number;
  /** ZooKeeper's snapCount: transactions logged between two snapshots (ZooKeeper's default is 100000). */
  snapCount: number;
  /**
   * Persistent znodes a fresh server starts with (parents first), in one transaction: the state of a
   * cluster that already has the scenario's topics when the story begins.
   */
  initialZnodes: { path: string; data: ZkData }[];
}

/** A node of the DataTree (ZooKeeper's DataNode). */
export interface Znode {
  /** Never mutated in place: setData replaces it (the txn log on disk shares it). */
  data: ZkData;
  stat: ZkStat;
  /** Child names, kept sorted so that every walk over the tree is deterministic. */
  children: string[];
}

export interface ZkSession {
  sessionId: number;
  /** The negotiated session timeout. */
  timeoutMs: number;
  /** When the session expires unless touched: always a multiple of tickTime (SessionTrackerImpl). */
  expiresAt: number;
  /** The node that last spoke for the session: where its watch notifications go. */
  owner: NodeId;
}

export interface ZkServerState {
  config: ZkServerConfig;
  /** The zxid of the last committed write transaction (0 before the first). */
  lastZxid: number;
  /** Session ids are allocated in order, from 1 (ZooKeeper derives them from the server id and the clock). */
  nextSessionId: number;
  /** path -> znode; always holds the root "/". */
  znodes: Record<string, Znode>;
  /** String(sessionId) -> session: live sessions only. */
  sessions: Record<string, ZkSession>;
  /** WatchManager for data watches (getData, exists): path -> sorted session ids. Not durable. */
  dataWatches: Record<string, number[]>;
  /** WatchManager for child watches (getChildren): path -> sorted session ids. Not durable. */
  childWatches: Record<string, number[]>;
  /** Transactions appended to the log since the last snapshot. */
  txnsSinceSnapshot: number;
  /** When the armed "tick" timer fires, or null if none is armed. */
  expiryTimerAt: number | null;
}

export const DEFAULT_TICK_TIME_MS = 2000;
export const DEFAULT_SNAP_COUNT = 1000;

/** The config from a node spec's (partial, possibly absent) config, with ZooKeeper's defaults. */
export function resolveConfig(raw: unknown): ZkServerConfig {
  const given = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ZkServerConfig>;
  const tickTimeMs = positiveInt(given.tickTimeMs) ?? DEFAULT_TICK_TIME_MS;
  return {
    tickTimeMs,
    minSessionTimeoutMs: positiveInt(given.minSessionTimeoutMs) ?? 2 * tickTimeMs,
    maxSessionTimeoutMs: positiveInt(given.maxSessionTimeoutMs) ?? 20 * tickTimeMs,
    snapCount: positiveInt(given.snapCount) ?? DEFAULT_SNAP_COUNT,
    initialZnodes: Array.isArray(given.initialZnodes) ? given.initialZnodes : [],
  };
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
}

export function rootZnode(): Znode {
  return {
    data: null,
    stat: {
      version: 0,
      cversion: 0,
      ephemeralOwner: 0,
      czxid: 0,
      mzxid: 0,
      pzxid: 0,
      ctime: 0,
      mtime: 0,
      numChildren: 0,
    },
    children: [],
  };
}

export function emptyServerState(config: ZkServerConfig): ZkServerState {
  return {
    config,
    lastZxid: 0,
    nextSessionId: 1,
    znodes: { '/': rootZnode() },
    sessions: {},
    dataWatches: {},
    childWatches: {},
    txnsSinceSnapshot: 0,
    expiryTimerAt: null,
  };
}
