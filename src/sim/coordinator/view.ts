// What the coordinator shows: plain data for results, the UI and the headless CLI.
import { copyZkData } from './data';
import type { ZkData } from './protocol';
import type { ZkServerState } from './state';

export interface ZkZnodeView {
  data: ZkData;
  version: number;
  /** The owning session of an ephemeral znode, 0 for a persistent one. */
  ephemeralOwner: number;
}

export interface ZkSessionView {
  sessionId: number;
  timeoutMs: number;
  expiresAt: number;
  owner: string;
}

export interface ZkWatchView {
  path: string;
  kind: 'data' | 'child';
  sessionId: number;
}

export interface ZkView {
  /** The last committed zxid. */
  zxid: number;
  /** Every znode (the root included), keys in path order. */
  znodes: Record<string, ZkZnodeView>;
  /** Live sessions, by id. */
  sessions: ZkSessionView[];
  /** Registered watches, by path, kind, then session. */
  watches: ZkWatchView[];
}

export function zkView(state: ZkServerState): ZkView {
  const znodes: Record<string, ZkZnodeView> = {};
  for (const path of Object.keys(state.znodes).sort()) {
    const node = state.znodes[path]!;
    znodes[path] = {
      data: copyZkData(node.data)!,
      version: node.stat.version,
      ephemeralOwner: node.stat.ephemeralOwner,
    };
  }
  const sessions = Object.values(state.sessions)
    .map((s) => ({ sessionId: s.sessionId, timeoutMs: s.timeoutMs, expiresAt: s.expiresAt, owner: s.owner }))
    .sort((a, b) => a.sessionId - b.sessionId);
  const watches: ZkWatchView[] = [];
  for (const [kind, table] of [
    ['data', state.dataWatches],
    ['child', state.childWatches],
  ] as const) {
    for (const path of Object.keys(table)) {
      for (const sessionId of table[path]!) watches.push({ path, kind, sessionId });
    }
  }
  watches.sort((a, b) =>
    a.path !== b.path
      ? a.path < b.path
        ? -1
        : 1
      : a.kind !== b.kind
        ? a.kind < b.kind
          ? -1
          : 1
        : a.sessionId - b.sessionId,
  );
  return { zxid: state.lastZxid, znodes, sessions, watches };
}

/** path -> data in path order, for the headless result (e.g. "/controller" -> {"brokerid": 2}); the root is left out. */
export function znodeDataByPath(view: ZkView): Record<string, ZkData> {
  const out: Record<string, ZkData> = {};
  for (const path of Object.keys(view.znodes)) if (path !== '/') out[path] = view.znodes[path]!.data;
  return out;
}
