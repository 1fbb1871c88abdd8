// ZooKeeper's WatchManager, twice over (DataTree.dataWatches and DataTree.childWatches): path -> the
// sessions watching it. Watches are one-shot: triggering a path removes its watchers from that manager.
// A watcher in ZooKeeper is the session's connection, so a session is notified at most once per path and
// event however many times it asked (the sets here are sets of session ids, kept sorted for determinism).
import type { ZkWatchEvent } from './protocol';
import type { ZkServerState } from './state';
import type { WatchTrigger } from './tree';

export type WatchKind = 'data' | 'child';

/** One notification to send: the server maps the session to its owner node. */
export interface WatchNotification {
  sessionId: number;
  event: ZkWatchEvent;
  path: string;
}

function table(state: ZkServerState, kind: WatchKind): Record<string, number[]> {
  return kind === 'data' ? state.dataWatches : state.childWatches;
}

export function addWatch(state: ZkServerState, kind: WatchKind, path: string, sessionId: number): void {
  const watches = table(state, kind);
  const list = watches[path] ?? (watches[path] = []);
  let i = 0;
  while (i < list.length && list[i]! < sessionId) i++;
  if (list[i] !== sessionId) list.splice(i, 0, sessionId);
}

/** WatchManager.triggerWatch: removes and returns the path's watchers, minus those in `suppress`. */
function take(state: ZkServerState, kind: WatchKind, path: string, suppress: number[] = []): number[] {
  const watches = table(state, kind);
  const list = watches[path];
  if (list === undefined) return [];
  delete watches[path];
  return list.filter((sessionId) => !suppress.includes(sessionId));
}

/** The notifications for one trigger, with the managers DataTree uses for each event type. */
export function fireTrigger(state: ZkServerState, trigger: WatchTrigger): WatchNotification[] {
  const { path, event } = trigger;
  let sessions: number[];
  switch (event) {
    case 'NodeCreated':
    case 'NodeDataChanged':
      sessions = take(state, 'data', path);
      break;
    case 'NodeChildrenChanged':
      sessions = take(state, 'child', path);
      break;
    case 'NodeDeleted': {
      // DataTree.deleteNode: the data watchers, then the child watchers not already notified.
      const data = take(state, 'data', path);
      sessions = [...data, ...take(state, 'child', path, data)].sort((a, b) => a - b);
      break;
    }
  }
  return sessions.map((sessionId) => ({ sessionId, event, path }));
}

/** Drops every watch of a session (WatchManager.removeWatcher when its connection goes away). */
export function removeSessionWatches(state: ZkServerState, sessionId: number): void {
  for (const kind of ['data', 'child'] as const) {
    const watches = table(state, kind);
    for (const path of Object.keys(watches)) {
      const rest = watches[path]!.filter((s) => s !== sessionId);
      if (rest.length === 0) delete watches[path];
      else watches[path] = rest;
    }
  }
}

function removeOne(state: ZkServerState, kind: WatchKind, path: string, sessionId: number): void {
  const watches = table(state, kind);
  const list = watches[path];
  if (list === undefined) return;
  const rest = list.filter((s) => s !== sessionId);
  if (rest.length === 0) delete watches[path];
  else watches[path] = rest;
}

/**
 * DataTree.setWatches: re-registers a reconnecting client's watches, firing at once (instead of
 * registering) those whose znode changed after the last zxid the client saw.
 */
export function setWatches(
  state: ZkServerState,
  sessionId: number,
  relativeZxid: number,
  dataWatches: readonly string[],
  existWatches: readonly string[],
  childWatches: readonly string[],
): WatchNotification[] {
  const out: WatchNotification[] = [];
  const fire = (event: ZkWatchEvent, path: string, kind: WatchKind) => {
    // A registration left from before the reconnect must not fire a second time later.
    removeOne(state, kind, path, sessionId);
    out.push({ sessionId, event, path });
  };
  for (const path of dataWatches) {
    const node = state.znodes[path];
    if (node === undefined) fire('NodeDeleted', path, 'data');
    else if (node.stat.mzxid > relativeZxid) fire('NodeDataChanged', path, 'data');
    else addWatch(state, 'data', path, sessionId);
  }
  for (const path of existWatches) {
    if (state.znodes[path] !== undefined) fire('NodeCreated', path, 'data');
    else addWatch(state, 'data', path, sessionId);
  }
  for (const path of childWatches) {
    const node = state.znodes[path];
    if (node === undefined) fire('NodeDeleted', path, 'child');
    else if (node.stat.pzxid > relativeZxid) fire('NodeChildrenChanged', path, 'child');
    else addWatch(state, 'child', path, sessionId);
  }
  return out;
}
