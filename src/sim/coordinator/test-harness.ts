// A tiny deterministic world for the coordinator's tests (the real scheduler lives elsewhere): nodes,
// one queue of events ordered by (virtual time, sequence number), a fixed 1 ms latency, timers on the
// virtual clock, a disk per node kept outside the node (applyDiskOp), kill and restart from disk.
// Messages sent to an id that is not a node land in that id's inbox, so a test can play a raw client.
// Test-only: nothing outside *.test.ts imports it.
import { applyDiskOp, type Disk, type NodeBehavior, type NodeContext, type NodeId } from '../core/node';
import { Rng } from '../core/rng';

interface QueuedEvent {
  at: number;
  seq: number;
  kind: 'deliver' | 'timer';
  from: NodeId;
  to: NodeId;
  msg: unknown;
  timerId: string;
  /** For timers: the arming it belongs to (re-arming or cancelling makes older ones stale). */
  token: number;
}

interface HarnessNode {
  behavior: NodeBehavior<unknown>;
  config: unknown;
  state: unknown;
  rng: Rng;
  alive: boolean;
  /** timer id -> token of its live arming */
  timers: Record<string, number>;
}

export interface Delivered {
  at: number;
  from: NodeId;
  to: NodeId;
  msg: unknown;
}

export class Harness {
  now = 0;
  latencyMs = 1;
  private seq = 0;
  private queue: QueuedEvent[] = [];
  readonly nodes: Record<NodeId, HarnessNode> = {};
  readonly disks: Record<NodeId, Disk> = {};
  /** Messages delivered to ids that are not nodes. */
  readonly inbox: Record<NodeId, Delivered[]> = {};
  /** Every delivery and timer firing, for determinism checks. */
  readonly trace: string[] = [];
  /** Drops a message at send time when this returns true. */
  dropIf: ((from: NodeId, to: NodeId, msg: unknown) => boolean) | null = null;

  constructor(private readonly seed = 1) {}

  add<S>(id: NodeId, behavior: NodeBehavior<S>, config: unknown = {}): void {
    this.nodes[id] = {
      behavior: behavior as NodeBehavior<unknown>,
      config,
      state: undefined,
      rng: Rng.from(this.seed, id),
      alive: false,
      timers: {},
    };
    this.disks[id] ??= {};
    this.start(id);
  }

  private start(id: NodeId): void {
    const node = this.nodes[id]!;
    node.alive = true;
    node.timers = {};
    node.state = node.behavior.init({ id, kind: 'test', config: node.config }, this.disks[id]!, this.ctx(id));
  }

  /** Crash: memory and timers are lost; messages to the node are dropped on arrival. */
  kill(id: NodeId): void {
    const node = this.nodes[id]!;
    node.alive = false;
    node.state = undefined;
    node.timers = {};
  }

  /** A fresh node built from its disk only. */
  restart(id: NodeId): void {
    this.start(id);
  }

  state<S>(id: NodeId): S {
    return this.nodes[id]!.state as S;
  }

  view(id: NodeId): unknown {
    const node = this.nodes[id]!;
    return node.behavior.view?.(node.state);
  }

  command(id: NodeId, command: unknown): void {
    const node = this.nodes[id]!;
    node.behavior.onCommand?.(node.state, command, this.ctx(id));
  }

  /** A message from `from` (a node or a raw test client), delivered after the latency. */
  send(from: NodeId, to: NodeId, msg: unknown): void {
    if (this.dropIf?.(from, to, msg)) return;
    this.push({ at: this.now + this.latencyMs, kind: 'deliver', from, to, msg, timerId: '', token: 0 });
  }

  /** The messages a raw client received, and forgets them. */
  take(id: NodeId): unknown[] {
    const got = (this.inbox[id] ?? []).map((d) => d.msg);
    this.inbox[id] = [];
    return got;
  }

  private push(e: Omit<QueuedEvent, 'seq'>): void {
    const event = { ...e, seq: this.seq++ };
    let i = this.queue.length;
    while (
      i > 0 &&
      (this.queue[i - 1]!.at > event.at ||
        (this.queue[i - 1]!.at === event.at && this.queue[i - 1]!.seq > event.seq))
    )
      i--;
    this.queue.splice(i, 0, event);
  }

  private ctx(id: NodeId): NodeContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const h = this;
    const node = this.nodes[id]!;
    return {
      self: id,
      get now() {
        return h.now;
      },
      rng: node.rng,
      send: (to, msg) => h.send(id, to, msg),
      setTimer: (timerId, delayMs) => {
        const token = h.seq;
        node.timers[timerId] = token;
        h.push({ at: h.now + delayMs, kind: 'timer', from: id, to: id, msg: null, timerId, token });
      },
      cancelTimer: (timerId) => {
        delete node.timers[timerId];
      },
      disk: (op) => applyDiskOp(h.disks[id]!, op),
      record: () => {},
      exit: () => h.kill(id),
    };
  }

  /** Runs every event due at or before `until`, then sets the clock to `until`. */
  runUntil(until: number): void {
    for (;;) {
      const next = this.queue[0];
      if (next === undefined || next.at > until) break;
      this.queue.shift();
      this.now = next.at;
      this.dispatch(next);
    }
    this.now = until;
  }

  runFor(ms: number): void {
    this.runUntil(this.now + ms);
  }

  private dispatch(e: QueuedEvent): void {
    const node = this.nodes[e.to];
    if (e.kind === 'timer') {
      if (node === undefined || !node.alive || node.timers[e.timerId] !== e.token) return;
      delete node.timers[e.timerId];
      this.trace.push(`${e.at} timer ${e.to} ${e.timerId}`);
      node.behavior.onTimer(node.state, e.timerId, this.ctx(e.to));
      return;
    }
    this.trace.push(`${e.at} ${e.from}->${e.to} ${JSON.stringify(e.msg)}`);
    if (node === undefined) {
      (this.inbox[e.to] ??= []).push({ at: e.at, from: e.from, to: e.to, msg: e.msg });
      return;
    }
    if (!node.alive) return;
    node.behavior.onMessage(node.state, e.from, e.msg, this.ctx(e.to));
  }
}
