// The world: the one scheduler. It owns the virtual clock, the event queue, the network model and every
// node's slot (its memory, its disk, its rng stream, its timers). Nodes only compute; the world alone
// decides what happens next, in (time, seq) order, and applies the effects nodes return.
import {
  applyDiskOp,
  type AnyNodeBehavior,
  type Disk,
  type Effect,
  type NodeBehavior,
  type NodeContext,
  type NodeId,
  type NodeSpec,
  type RecordedEvent,
} from '../core/node';
import { Rng, seedRng, type RngState } from '../core/rng';
import { TraceHasher } from '../core/hash';
import { EventQueue } from './queue';
import {
  applyNetOp,
  createNetwork,
  isBlocked,
  routeMessage,
  type LinkParams,
  type NetOp,
  type NetworkState,
} from './network';
import { DROP_CODE, KIND_CODE, type DropReason, type JournalEntry, type JournalListener } from './journal';

export type WorldAction =
  | { type: 'add'; spec: NodeSpec; rack?: string }
  | { type: 'start'; node: NodeId }
  | { type: 'crash'; node: NodeId }
  | { type: 'restart'; node: NodeId }
  | { type: 'net'; op: NetOp }
  | { type: 'command'; node: NodeId; command: unknown };

export type SimEvent =
  | {
      kind: 'deliver';
      time: number;
      seq: number;
      id: number;
      from: NodeId;
      to: NodeId;
      incarnation: number;
      sentAt: number;
      msg: unknown;
    }
  | { kind: 'timer'; time: number; seq: number; node: NodeId; timerId: string; token: number }
  | { kind: 'action'; time: number; seq: number; action: WorldAction };

/** Everything the world knows about one node. Plain data. */
export interface NodeSlot {
  spec: NodeSpec;
  alive: boolean;
  /** Bumped at every (re)start: messages and timers meant for an earlier life are void. */
  incarnation: number;
  state: unknown;
  disk: Disk;
  rng: RngState;
  /** timerId -> token of the armed timer; a fired timer whose token differs was cancelled or re-armed. */
  timers: Record<string, number>;
}

export interface WorldOptions {
  seed: number;
  network: LinkParams;
  racks?: Record<NodeId, string>;
  behaviors: Record<string, AnyNodeBehavior>;
}

class Context implements NodeContext {
  readonly effects: Effect[] = [];
  constructor(
    readonly self: NodeId,
    readonly now: number,
    readonly rng: Rng,
  ) {}
  send(to: NodeId, msg: unknown): void {
    this.effects.push({ type: 'send', to, msg });
  }
  setTimer(id: string, delayMs: number): void {
    if (!(delayMs >= 0) || !Number.isFinite(delayMs)) throw new RangeError(`timer ${id}: delay ${delayMs}`);
    this.effects.push({ type: 'setTimer', id, delayMs: Math.ceil(delayMs) });
  }
  cancelTimer(id: string): void {
    this.effects.push({ type: 'cancelTimer', id });
  }
  disk(op: Parameters<NodeContext['disk']>[0]): void {
    this.effects.push({ type: 'disk', op });
  }
  record(event: RecordedEvent): void {
    this.effects.push({ type: 'record', event });
  }
  exit(): void {
    this.effects.push({ type: 'exit' });
  }
}

export class World {
  now = 0;
  private seq = 0;
  private msgId = 0;
  private timerToken = 0;
  readonly queue = new EventQueue<SimEvent>();
  readonly network: NetworkState;
  readonly nodes: Record<NodeId, NodeSlot> = {};
  private readonly hasher = new TraceHasher();
  private readonly listeners: JournalListener[] = [];
  private readonly behaviors: Record<string, NodeBehavior<unknown>>;
  private readonly seed: number;
  /** Events processed so far (deliveries, timers, actions). */
  steps = 0;

  constructor(opts: WorldOptions) {
    this.seed = opts.seed;
    this.behaviors = opts.behaviors as Record<string, NodeBehavior<unknown>>;
    this.network = createNetwork(opts.network, seedRng(opts.seed, 'network'), opts.racks ?? {});
  }

  /** Subscribes to the journal. Returns the unsubscribe function. */
  onJournal(listener: JournalListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  traceHash(): string {
    return this.hasher.digest();
  }

  /** Declares a node; it does not run until a `start` action reaches it. */
  addNode(spec: NodeSpec): void {
    if (this.nodes[spec.id]) throw new Error(`node ${spec.id} already exists`);
    if (!this.behaviors[spec.kind]) throw new Error(`no behaviour for node kind ${spec.kind}`);
    this.nodes[spec.id] = {
      spec,
      alive: false,
      incarnation: 0,
      state: null,
      disk: {},
      rng: seedRng(this.seed, `node:${spec.id}`),
      timers: {},
    };
  }

  /** Schedules a world action at virtual time `at` (not before now). */
  schedule(at: number, action: WorldAction): void {
    this.queue.push({ kind: 'action', time: Math.max(at, this.now), seq: this.seq++, action });
  }

  /** Time of the next event, or undefined if the world is idle. */
  nextTime(): number | undefined {
    return this.queue.peek()?.time;
  }

  /** Processes the next event. Returns false when the queue is empty. */
  step(): boolean {
    const e = this.queue.pop();
    if (!e) return false;
    this.now = e.time;
    this.steps++;
    switch (e.kind) {
      case 'deliver':
        this.deliver(e);
        break;
      case 'timer':
        this.fireTimer(e);
        break;
      case 'action':
        this.applyAction(e.action);
        break;
    }
    return true;
  }

  /** Runs every event with time <= until, then sets the clock to until. */
  runUntil(until: number): void {
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.time > until) break;
      this.step();
    }
    if (until > this.now) this.now = until;
  }

  view(node: NodeId): unknown {
    const slot = this.nodes[node];
    if (!slot || !slot.alive) return null;
    const b = this.behaviors[slot.spec.kind]!;
    return b.view ? b.view(slot.state) : slot.state;
  }

  private deliver(e: Extract<SimEvent, { kind: 'deliver' }>): void {
    const slot = this.nodes[e.to];
    let reason: DropReason | undefined;
    if (!slot || !slot.alive) reason = 'dead';
    else if (slot.incarnation !== e.incarnation)
      reason = 'stale'; // the connection died with the old process
    else if (isBlocked(this.network, e.from, e.to)) reason = 'partition'; // cut while in flight
    if (reason !== undefined) {
      this.journalDrop(e.id, e.from, e.to, reason, e.msg);
      return;
    }
    const h = this.hasher;
    h.int(KIND_CODE.deliver);
    h.int(this.now);
    h.int(e.id);
    if (this.listeners.length) {
      this.emit({
        kind: 'deliver',
        time: this.now,
        id: e.id,
        from: e.from,
        to: e.to,
        sentAt: e.sentAt,
        msg: e.msg,
      });
    }
    this.run(slot!, (b, ctx) => b.onMessage(slot!.state, e.from, e.msg, ctx));
  }

  private fireTimer(e: Extract<SimEvent, { kind: 'timer' }>): void {
    const slot = this.nodes[e.node];
    if (!slot || !slot.alive || slot.timers[e.timerId] !== e.token) return; // cancelled, re-armed, or died
    delete slot.timers[e.timerId];
    const h = this.hasher;
    h.int(KIND_CODE.timer);
    h.int(this.now);
    h.str(e.node);
    h.str(e.timerId);
    if (this.listeners.length) this.emit({ kind: 'timer', time: this.now, node: e.node, timerId: e.timerId });
    this.run(slot, (b, ctx) => b.onTimer(slot.state, e.timerId, ctx));
  }

  private applyAction(a: WorldAction): void {
    switch (a.type) {
      case 'add':
        if (!this.nodes[a.spec.id]) {
          this.addNode(a.spec);
          if (a.rack !== undefined) this.network.racks[a.spec.id] = a.rack;
        }
        this.hashTag(KIND_CODE.add, a.spec.id);
        return;
      case 'start':
      case 'restart': {
        const slot = this.mustNode(a.node);
        if (slot.alive) return; // starting a running process is a no-op, as with a process manager
        this.startNode(slot);
        return;
      }
      case 'crash':
        this.stopNode(this.mustNode(a.node));
        return;
      case 'net':
        applyNetOp(this.network, a.op);
        this.hasher.int(KIND_CODE.net);
        this.hasher.int(this.now);
        this.hasher.value(a.op);
        if (this.listeners.length) this.emit({ kind: 'net', time: this.now, op: a.op });
        return;
      case 'command': {
        const slot = this.mustNode(a.node);
        this.hashTag(KIND_CODE.command, a.node);
        this.hasher.value(a.command);
        if (this.listeners.length)
          this.emit({ kind: 'command', time: this.now, node: a.node, command: a.command });
        if (!slot.alive) return; // a dead process ignores its input
        const b = this.behaviors[slot.spec.kind]!;
        if (!b.onCommand) throw new Error(`node ${a.node} (${slot.spec.kind}) takes no commands`);
        this.run(slot, (beh, ctx) => beh.onCommand!(slot.state, a.command, ctx));
        return;
      }
    }
  }

  private stopNode(slot: NodeSlot): void {
    if (!slot.alive) return;
    slot.alive = false;
    slot.state = null; // memory is lost; the disk stays
    slot.timers = {};
    this.hashTag(KIND_CODE.crash, slot.spec.id);
    if (this.listeners.length) this.emit({ kind: 'crash', time: this.now, node: slot.spec.id });
  }

  private startNode(slot: NodeSlot): void {
    slot.alive = true;
    slot.incarnation++;
    slot.timers = {};
    this.hashTag(KIND_CODE.start, slot.spec.id);
    this.hasher.int(slot.incarnation);
    if (this.listeners.length) {
      this.emit({ kind: 'start', time: this.now, node: slot.spec.id, incarnation: slot.incarnation });
    }
    this.run(slot, (b, ctx) => {
      slot.state = b.init(slot.spec, slot.disk, ctx);
    });
  }

  private run(slot: NodeSlot, body: (b: NodeBehavior<unknown>, ctx: Context) => void): void {
    const ctx = new Context(slot.spec.id, this.now, new Rng(slot.rng));
    body(this.behaviors[slot.spec.kind]!, ctx);
    this.applyEffects(slot, ctx.effects);
  }

  /** Applies one node's effects in the order it listed them. Shared by every host. */
  applyEffects(slot: NodeSlot, effects: readonly Effect[]): void {
    const self = slot.spec.id;
    for (const ef of effects) {
      if (!slot.alive) return; // after an exit, nothing more from this process
      switch (ef.type) {
        case 'exit':
          this.stopNode(slot);
          break;
        case 'send':
          this.send(self, ef.to, ef.msg);
          break;
        case 'setTimer': {
          const token = ++this.timerToken;
          slot.timers[ef.id] = token;
          this.queue.push({
            kind: 'timer',
            time: this.now + ef.delayMs,
            seq: this.seq++,
            node: self,
            timerId: ef.id,
            token,
          });
          break;
        }
        case 'cancelTimer':
          delete slot.timers[ef.id];
          break;
        case 'disk':
          applyDiskOp(slot.disk, ef.op);
          break;
        case 'record':
          this.hashTag(KIND_CODE.event, self);
          this.hasher.value(ef.event);
          if (this.listeners.length)
            this.emit({ kind: 'event', time: this.now, node: self, event: ef.event });
          break;
      }
    }
  }

  private send(from: NodeId, to: NodeId, msg: unknown): void {
    const id = ++this.msgId;
    const outcome = routeMessage(this.network, this.now, from, to);
    if (outcome.dropped) {
      this.journalDrop(id, from, to, outcome.reason, msg);
      return;
    }
    const dest = this.nodes[to];
    const incarnation = dest ? dest.incarnation : -1;
    const h = this.hasher;
    h.int(KIND_CODE.send);
    h.int(this.now);
    h.int(id);
    h.str(from);
    h.str(to);
    h.int(outcome.deliverAt);
    h.value(msg);
    if (this.listeners.length) {
      this.emit({ kind: 'send', time: this.now, id, from, to, msg, deliverAt: outcome.deliverAt });
    }
    this.queue.push({
      kind: 'deliver',
      time: outcome.deliverAt,
      seq: this.seq++,
      id,
      from,
      to,
      incarnation,
      sentAt: this.now,
      msg,
    });
  }

  private journalDrop(id: number, from: NodeId, to: NodeId, reason: DropReason, msg: unknown): void {
    const h = this.hasher;
    h.int(KIND_CODE.drop);
    h.int(this.now);
    h.int(id);
    h.int(DROP_CODE[reason]);
    if (this.listeners.length) this.emit({ kind: 'drop', time: this.now, id, from, to, reason, msg });
  }

  private hashTag(code: number, node: NodeId): void {
    this.hasher.int(code);
    this.hasher.int(this.now);
    this.hasher.str(node);
  }

  private emit(entry: JournalEntry): void {
    for (const l of this.listeners) l(entry);
  }

  private mustNode(id: NodeId): NodeSlot {
    const slot = this.nodes[id];
    if (!slot) throw new Error(`no node ${id}`);
    return slot;
  }
}
