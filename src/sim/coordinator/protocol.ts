// The wire protocol between ZooKeeper clients (the brokers) and the "zk" node. Every message is a plain
// object with a `type`; names follow ZooKeeper's own (org.apache.zookeeper.ZooDefs.OpCode, KeeperException.Code,
// Watcher.Event.EventType, data.Stat) so that a reader can carry them to a real ensemble.
import type { NodeId } from '../core/node';

/** The coordinator's node id. */
export const ZK_NODE_ID: NodeId = 'zk';

/**
 * A znode's data. Real ZooKeeper stores bytes; Kafka writes JSON into them (kafka.zk.ZkData), so the
 * simulation stores the JSON value itself. The server copies it on the way in and out, so it is never
 * aliased with a value a client holds.
 */
export type ZkData = null | boolean | number | string | ZkData[] | { [key: string]: ZkData };

/** KeeperException.Code names, plus OK. CONNECTIONLOSS is produced by the client side only, as in ZooKeeper. */
export type ZkErr =
  | 'OK'
  | 'NONODE'
  | 'NODEEXISTS'
  | 'BADVERSION'
  | 'NOTEMPTY'
  | 'NOCHILDRENFOREPHEMERALS'
  | 'SESSIONEXPIRED'
  | 'BADARGUMENTS'
  | 'RUNTIMEINCONSISTENCY'
  | 'CONNECTIONLOSS';

/** org.apache.zookeeper.data.Stat (without aversion/dataLength: no ACLs here, and data is not bytes). */
export interface ZkStat {
  /** Number of changes to the data (setData). */
  version: number;
  /** Number of changes to the children (creates and deletes of children). */
  cversion: number;
  /** The owning session for an ephemeral znode, 0 for a persistent one. */
  ephemeralOwner: number;
  /** zxid of the transaction that created the znode. */
  czxid: number;
  /** zxid of the last transaction that changed the data. */
  mzxid: number;
  /** zxid of the last transaction that changed the children. */
  pzxid: number;
  ctime: number;
  mtime: number;
  numChildren: number;
}

// ---- Operations (the body of a zk.request) ----

export interface ZkCreateOp {
  type: 'create';
  path: string;
  data: ZkData;
  /** CreateMode.EPHEMERAL: deleted when the creating session ends. */
  ephemeral?: boolean;
  /** CreateMode.*_SEQUENTIAL: the server appends the parent's cversion as 10 digits. */
  sequential?: boolean;
}
export interface ZkDeleteOp {
  type: 'delete';
  path: string;
  /** Expected version, -1 for any. */
  version: number;
}
export interface ZkSetDataOp {
  type: 'setData';
  path: string;
  data: ZkData;
  /** Expected version, -1 for any. */
  version: number;
}
/** Only inside multi (ZooKeeper's Op.check): fails the whole multi unless the version matches. */
export interface ZkCheckOp {
  type: 'check';
  path: string;
  version: number;
}
export interface ZkGetDataOp {
  type: 'getData';
  path: string;
  watch?: boolean;
}
export interface ZkExistsOp {
  type: 'exists';
  path: string;
  watch?: boolean;
}
export interface ZkGetChildrenOp {
  type: 'getChildren';
  path: string;
  watch?: boolean;
}
export type ZkMultiSubOp = ZkCreateOp | ZkDeleteOp | ZkSetDataOp | ZkCheckOp;
/** Atomic: every sub-op is applied, in order, or none is (one transaction, one zxid). */
export interface ZkMultiOp {
  type: 'multi';
  ops: ZkMultiSubOp[];
}
export type ZkOp =
  ZkCreateOp | ZkDeleteOp | ZkSetDataOp | ZkGetDataOp | ZkExistsOp | ZkGetChildrenOp | ZkMultiOp;

// ---- Results (the `result` of an OK zk.response) ----

export interface ZkCreateResult {
  /** The created path, with the sequence suffix for a sequential create. */
  path: string;
}
export interface ZkDataResult {
  data: ZkData;
  stat: ZkStat;
}
export interface ZkStatResult {
  stat: ZkStat;
}
export interface ZkChildrenResult {
  /** Child names (not paths), sorted. */
  children: string[];
}
/** One entry per sub-op (ZooKeeper's OpResult). On failure every entry is an error entry. */
export type ZkOpResult =
  | { type: 'create'; path: string }
  | { type: 'delete' }
  | { type: 'setData'; stat: ZkStat }
  | { type: 'check' }
  | { type: 'error'; err: ZkErr };
export interface ZkMultiResult {
  results: ZkOpResult[];
}
export type ZkResult = ZkCreateResult | ZkDataResult | ZkStatResult | ZkChildrenResult | ZkMultiResult;

// ---- Watches ----

export type ZkWatchEvent = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';

// ---- Messages: client -> zk ----

/** ConnectRequest. With `sessionId`, resumes a live session (after a reconnect). */
export interface ZkConnectMsg {
  type: 'zk.connect';
  sessionTimeoutMs: number;
  sessionId?: number;
}
export interface ZkPingMsg {
  type: 'zk.ping';
  sessionId: number;
}
export interface ZkRequestMsg {
  type: 'zk.request';
  sessionId: number;
  xid: number;
  op: ZkOp;
}
/** The closeSession request: deletes the session's ephemerals now. */
export interface ZkCloseMsg {
  type: 'zk.close';
  sessionId: number;
}
/**
 * SetWatches, sent by the client after it resumes a session (ClientCnxn.primeConnection): re-registers the
 * watches it holds; the server fires at once those whose znode changed after `relativeZxid`
 * (DataTree.setWatches), so that no change is missed across a reconnect or a server restart.
 */
export interface ZkSetWatchesMsg {
  type: 'zk.setWatches';
  sessionId: number;
  relativeZxid: number;
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
}
export type ZkClientMsg = ZkConnectMsg | ZkPingMsg | ZkRequestMsg | ZkCloseMsg | ZkSetWatchesMsg;

// ---- Messages: zk -> client ----

export interface ZkConnectedMsg {
  type: 'zk.connected';
  sessionId: number;
  /** The negotiated timeout (clamped to [minSessionTimeout, maxSessionTimeout]). */
  sessionTimeoutMs: number;
}
/** The session is gone (expired or closed): the answer to any later message that names it. */
export interface ZkExpiredMsg {
  type: 'zk.expired';
  sessionId: number;
}
export interface ZkPongMsg {
  type: 'zk.pong';
  sessionId: number;
}
export interface ZkResponseMsg {
  type: 'zk.response';
  sessionId: number;
  xid: number;
  /** The server's last zxid when it answered (ReplyHeader.zxid). */
  zxid: number;
  err: ZkErr;
  result?: ZkResult;
}
export interface ZkWatchMsg {
  type: 'zk.watch';
  sessionId: number;
  event: ZkWatchEvent;
  path: string;
}
export interface ZkClosedMsg {
  type: 'zk.closed';
  sessionId: number;
}
export type ZkServerMsg =
  ZkConnectedMsg | ZkExpiredMsg | ZkPongMsg | ZkResponseMsg | ZkWatchMsg | ZkClosedMsg;

export type ZkMsg = ZkClientMsg | ZkServerMsg;

/** True for any message of this protocol (a broker routes these to its ZooKeeper client). */
export function isZkMessage(msg: unknown): msg is ZkMsg {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('zk.');
}
