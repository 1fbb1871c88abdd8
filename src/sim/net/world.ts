// The world: the one scheduler. It owns the virtual clock, the event queue, the network model and every
// node's slot (its memory, its disk, its rng stream, its timers). Nodes only compute; the world alone
// decides what happens next, in (time, seq) order, and applies the effects nodes return.
import {
  applyDiskOp,
  type AnyNodeBehavior,
  type Disk,
  type Effect,
  type NodeBehavior,
  type NodeId,
  type NodeSpec,
} from '../core/node';
import { Rng, seedRng, type RngState } from '../core/rng';
import { TraceHasher, type TraceDigest } from '../core/hash';
import { copyMutable, type CopyMemo, type SharesElements } from '../core/clone';
import { LOG_ROOT, SEGMENT_SUFFIX } from '../log/disk-layout';
import { EventQueue } from './queue';
import {
  applyNetOp,
  createNetwork,
  isBlocked,
  MIN_LATENCY_MS,
  routeMessage,
  type LinkParams,
  type NetOp,
  type NetworkState,
} from './network';
import { EffectContext, runInput, type NodeBatchResult, type NodeInput } from './node-runner';
import { DROP_CODE, KIND_CODE, type DropReason, type JournalEntry, type JournalListener } from './journal';

/** The type of the message the network hands a sender whose message found no process at the other end. */
export const CONNECTION_REFUSED = 'ConnectionRefused';

/** The type of the message a node gets when a peer's process ended and its connections closed. */
export const CONNECTION_CLOSED = 'ConnectionClosed';

export function isConnectionRefused(msg: unknown): boolean {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === CONNECTION_REFUSED;
}

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

type DeliverEvent = Extract<SimEvent, { kind: 'deliver' }>;
type TimerEvent = Extract<SimEvent, { kind: 'timer' }>;

/**
 * Events that hosts can run in parallel, every node its share: a window of virtual time no message can
 * cross (shorter than the network's lookahead, the least latency of any link), cut short before any
 * action that changes who is alive or how the network behaves (add, start, restart, crash, net); such an
 * action runs alone. Plain data, built by `World.planBatch`.
 */
export interface BatchPlan {
  time: number;
  /** Timers armed during the batch run in it when due before this time (see NodeBatch.horizon). */
  horizon: number;
  /** The queued events of the batch, in (time, seq) order. */
  events: SimEvent[];
  /** Per event: the node that reacts to it, or null when the world will not run a node for it. */
  target: (NodeId | null)[];
  /** Per event: its index in its node's inputs (meaningful when target is not null). */
  index: number[];
  /** Per node: its queued inputs and their times, in (time, seq) order. */
  nodes: Record<NodeId, { inputs: NodeInput[]; times: number[] }>;
}

/** Per node: what it computed for its share of a batch (NodeRunner.runBatch). */
export type BatchResults = Record<NodeId, NodeBatchResult>;

/** Computes a node's reaction: locally, or by looking up what a host computed for the batch. */
type Executor = (slot: NodeSlot, input: NodeInput) => readonly Effect[];

/** A world frozen at an instant: plain data, restorable any number of times. */
export interface WorldCheckpoint {
  now: number;
  seq: number;
  msgId: number;
  timerToken: number;
  steps: number;
  hash: [number, number];
  /** The queued events, in no particular order (EventQueue.heapOrder). */
  queue: SimEvent[];
  network: NetworkState;
  nodes: Record<NodeId, NodeSlot>;
}

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
  /**
   * When nodes run elsewhere (in workers), their memory is not here: the host puts their latest views
   * here before anyone reads `view`. null when nodes run in-process.
   */
  remoteViews: Record<NodeId, unknown> | null = null;

  /** Runs a reaction in-process against the slot's memory and rng. */
  private readonly local: Executor = (slot, input) => {
    const ctx = new EffectContext(slot.spec.id, this.now, new Rng(slot.rng));
    slot.state = runInput(this.behaviors[slot.spec.kind]!, slot.spec, slot.state, input, ctx);
    return ctx.effects;
  };
  private exec: Executor = this.local;

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
    this.process(e);
    return true;
  }

  private process(e: SimEvent): void {
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
    if (this.remoteViews) return this.remoteViews[node] ?? null;
    const b = this.behaviors[slot.spec.kind]!;
    return b.view ? b.view(slot.state) : slot.state;
  }

  /** Why a delivery due now cannot happen, if it cannot. */
  private dropReason(e: DeliverEvent): DropReason | undefined {
    const slot = this.nodes[e.to];
    if (!slot || !slot.alive) return 'dead';
    if (slot.incarnation !== e.incarnation) return 'stale'; // the connection died with the old process
    if (isBlocked(this.network, e.from, e.to)) return 'partition'; // cut while in flight
    return undefined;
  }

  /** Whether a timer event is still the armed timer of a live node (not cancelled, re-armed or dead). */
  private timerLive(e: TimerEvent): boolean {
    const slot = this.nodes[e.node];
    return slot !== undefined && slot.alive && slot.timers[e.timerId] === e.token;
  }

  // ---- Batches: the same semantics as step(), with node reactions computed elsewhere, in parallel ----
  //
  // A host takes a batch (planBatch), has each node run its share (in a worker, NodeRunner.runBatch),
  // then merges (mergeBatch): the world walks the batch's events in (time, seq) order exactly as step()
  // would, and where step() would call the node it takes the effects the node returned. Sequence
  // numbers, network draws, timer tokens and the trace hash are all assigned during the merge, so the
  // trace does not depend on which node answered first.

  /** No message sent at t arrives before t + lookahead: the least latency of any link. */
  lookaheadMs(): number {
    const net = this.network;
    let min = net.defaults.latencyMs;
    for (const l of Object.values(net.links))
      if (l.latencyMs !== undefined && l.latencyMs < min) min = l.latencyMs;
    for (const l of Object.values(net.rackLinks)) {
      if (l.latencyMs !== undefined && l.latencyMs < min) min = l.latencyMs;
    }
    return Math.max(MIN_LATENCY_MS, Math.floor(min));
  }

  /**
   * Takes the next batch of events due at or before `until` off the queue, or returns null. A liveness
   * or network action runs alone; otherwise the batch is every event due before (earliest + lookahead),
   * up to the next such action. Within it, only a node's own reactions can change whether its later
   * events run (its exit, its timer changes): NodeRunner decides those as the world will.
   */
  planBatch(until: number): BatchPlan | null {
    const first = this.queue.peek();
    if (!first || first.time > until) return null;
    const plan: BatchPlan = {
      time: first.time,
      horizon: first.time,
      events: [],
      target: [],
      index: [],
      nodes: {},
    };
    const add = (e: SimEvent, node: NodeId | null, input: NodeInput | null) => {
      plan.events.push(e);
      if (node === null || input === null) {
        plan.target.push(null);
        plan.index.push(-1);
        return;
      }
      const share = (plan.nodes[node] ??= { inputs: [], times: [] });
      plan.target.push(node);
      plan.index.push(share.inputs.length);
      share.inputs.push(input);
      share.times.push(e.time);
    };
    if (isBarrier(first)) {
      this.queue.pop();
      const a = (first as Extract<SimEvent, { kind: 'action' }>).action;
      const slot = a.type === 'start' || a.type === 'restart' ? this.nodes[a.node] : undefined;
      if (slot && !slot.alive) add(first, slot.spec.id, { kind: 'init', disk: slot.disk });
      else add(first, null, null);
      return plan;
    }
    const end = Math.min(first.time + this.lookaheadMs(), until + 1);
    plan.horizon = end;
    for (;;) {
      const e = this.queue.peek();
      if (!e || e.time >= end) break;
      if (isBarrier(e)) {
        plan.horizon = e.time; // what the nodes arm for this instant comes after the action
        break;
      }
      this.queue.pop();
      if (e.kind === 'deliver') {
        if (this.dropReason(e) === undefined) add(e, e.to, { kind: 'deliver', from: e.from, msg: e.msg });
        else add(e, null, null);
      } else if (e.kind === 'timer') {
        if (this.timerLive(e)) add(e, e.node, { kind: 'timer', timerId: e.timerId });
        else add(e, null, null);
      } else {
        const a = e.action as Extract<WorldAction, { type: 'command' }>;
        if (this.nodes[a.node]?.alive) add(e, a.node, { kind: 'command', command: a.command });
        else add(e, null, null);
      }
    }
    return plan;
  }

  /** Puts back a planned batch that was not merged (a node failed): its events keep their seqs. */
  requeue(plan: BatchPlan): void {
    for (const e of plan.events) this.queue.push(e);
  }

  /**
   * Applies a batch whose node reactions were computed elsewhere, as step() would have, event by event:
   * the planned events and, between them in (time, seq) order, the timers nodes armed during the
   * batch that fall before its horizon. Throws if a node's decision to run something or not differs
   * from the world's (a host bug).
   */
  mergeBatch(plan: BatchPlan, results: BatchResults): void {
    const desync = (node: NodeId, what: string) =>
      new Error(`batch at ${plan.time}: node ${node} ${what} (desync)`);
    const timerCursor: Record<NodeId, number> = {};
    let expected: readonly Effect[] | null = null;
    let expectedNode: NodeId | null = null;
    let expectedKind: NodeInput['kind'] | null = null;
    let consumed = false;
    this.exec = (slot, input) => {
      if (expected === null || expectedNode !== slot.spec.id || expectedKind !== input.kind) {
        throw desync(slot.spec.id, `did not run its ${input.kind}`);
      }
      consumed = true;
      return expected;
    };
    try {
      let k = 0;
      for (;;) {
        const planned = plan.events[k];
        const armed = this.queue.peek();
        const takeArmed =
          armed !== undefined &&
          armed.time < plan.horizon &&
          (planned === undefined ||
            armed.time < planned.time ||
            (armed.time === planned.time && armed.seq < planned.seq));
        if (!takeArmed && planned === undefined) break;
        let e: SimEvent;
        if (takeArmed) {
          e = this.queue.pop()!;
          if (e.kind !== 'timer')
            throw new Error(`batch at ${plan.time}: a ${e.kind} arrived inside the lookahead`);
          expected = null;
          expectedNode = e.node;
          expectedKind = 'timer';
          if (this.timerLive(e)) {
            const i = timerCursor[e.node] ?? 0;
            const run = results[e.node]?.timers[i];
            if (!run || run.timerId !== e.timerId || run.time !== e.time)
              throw desync(e.node, `did not fire ${e.timerId}`);
            timerCursor[e.node] = i + 1;
            expected = run.effects;
          }
        } else {
          e = planned!;
          k++;
          const node = plan.target[k - 1] ?? null;
          expectedNode = node;
          expected = node === null ? null : (results[node]?.outputs[plan.index[k - 1]!] ?? null);
          expectedKind = node === null ? null : plan.nodes[node]!.inputs[plan.index[k - 1]!]!.kind;
        }
        consumed = false;
        this.process(e);
        if (!consumed && expected !== null) throw desync(expectedNode!, 'ran something the world voided');
      }
      for (const [node, r] of Object.entries(results)) {
        if ((timerCursor[node] ?? 0) !== r.timers.length)
          throw desync(node, 'fired a timer the world did not');
      }
    } finally {
      this.exec = this.local;
    }
  }

  /** Takes the rng stream a node advanced elsewhere. */
  setRng(node: NodeId, rng: RngState): void {
    const own = this.mustNode(node).rng;
    for (let i = 0; i < 4; i++) own[i] = rng[i]!;
  }

  // ---- Checkpoints ----
  //
  // A checkpoint copies what can still change and shares what cannot (src/sim/core/clone.ts): frozen
  // data (sealed log segments, stored batches, scheduled commands) is held by reference, by the world
  // and any number of checkpoints at once. Queued events are never changed in place once queued, so a
  // checkpoint shares each event whose payload is frozen or plain values (every timer), and copies the
  // others with their payload. One memo per checkpoint or restore keeps what the world shares (a batch
  // in a log, on its disk and in a queued fetch response) shared in the copy, as structuredClone did.

  /**
   * The whole world as plain data: a deep copy of everything mutable. When nodes run elsewhere, pass
   * their memories: `states[node]` replaces the (empty) in-world memory of each live node.
   */
  checkpoint(states?: Record<NodeId, unknown>): WorldCheckpoint {
    const memo: CopyMemo = new Map();
    const nodes: Record<NodeId, NodeSlot> = {};
    for (const [id, slot] of Object.entries(this.nodes)) {
      const state = states && slot.alive ? (states[id] ?? null) : slot.state;
      nodes[id] = copySlot(slot, state, memo);
    }
    return {
      now: this.now,
      seq: this.seq,
      msgId: this.msgId,
      timerToken: this.timerToken,
      steps: this.steps,
      hash: this.hasher.save(),
      queue: copyEvents(this.queue.heapOrder(), memo),
      network: copyMutable(this.network, memo),
      nodes,
    };
  }

  /** Returns to a checkpoint (which stays intact and reusable). Journal listeners stay subscribed. */
  restore(cp: WorldCheckpoint): void {
    const memo: CopyMemo = new Map();
    this.now = cp.now;
    this.seq = cp.seq;
    this.msgId = cp.msgId;
    this.timerToken = cp.timerToken;
    this.steps = cp.steps;
    this.hasher.load(cp.hash);
    this.queue.load(copyEvents(cp.queue.slice(), memo));
    Object.assign(this.network, copyMutable(cp.network, memo));
    for (const id of Object.keys(this.nodes)) delete this.nodes[id];
    for (const [id, slot] of Object.entries(cp.nodes)) this.nodes[id] = copySlot(slot, slot.state, memo);
  }

  private deliver(e: DeliverEvent): void {
    const slot = this.nodes[e.to];
    const reason = this.dropReason(e);
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
    this.applyEffects(slot!, this.exec(slot!, { kind: 'deliver', from: e.from, msg: e.msg }));
  }

  private fireTimer(e: TimerEvent): void {
    if (!this.timerLive(e)) return; // cancelled, re-armed, or died
    const slot = this.nodes[e.node]!;
    delete slot.timers[e.timerId];
    const h = this.hasher;
    h.int(KIND_CODE.timer);
    h.int(this.now);
    h.str(e.node);
    h.str(e.timerId);
    if (this.listeners.length) this.emit({ kind: 'timer', time: this.now, node: e.node, timerId: e.timerId });
    this.applyEffects(slot, this.exec(slot, { kind: 'timer', timerId: e.timerId }));
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
        this.applyEffects(slot, this.exec(slot, { kind: 'command', command: a.command }));
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
    this.closeConnections(slot.spec.id);
  }

  /**
   * When a process ends, its host closes its TCP connections: every node it has exchanged messages with
   * learns it (and fails the requests it had in flight there) once the close crosses the link, unless a
   * partition swallows it, in which case the peer only finds out by timing out.
   */
  private closeConnections(node: NodeId): void {
    const peers = new Set<NodeId>();
    for (const key of Object.keys(this.network.lastDeliverAt)) {
      const [a, b] = key.split('->') as [NodeId, NodeId];
      if (a === node && b !== node) peers.add(b);
      else if (b === node && a !== node) peers.add(a);
    }
    for (const peer of [...peers].sort()) {
      if (this.nodes[peer]?.alive) this.send(node, peer, { type: CONNECTION_CLOSED, node });
    }
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
    this.applyEffects(slot, this.exec(slot, { kind: 'init', disk: slot.disk }));
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
          this.send(self, ef.to, ef.msg, ef.digest);
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
          if (ef.digest) this.hasher.addDigest(ef.digest);
          else this.hasher.value(ef.event);
          if (this.listeners.length)
            this.emit({ kind: 'event', time: this.now, node: self, event: ef.event });
          break;
      }
    }
  }

  /** `digest`: the message's trace digest, when its sender's worker computed it. */
  private send(from: NodeId, to: NodeId, msg: unknown, digest?: TraceDigest): void {
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
    if (digest) h.addDigest(digest);
    else h.value(msg);
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
    // A message reaching a host whose process is not running is answered by a TCP reset: the sender
    // learns at once that the connection was refused (a partition, by contrast, only times out).
    if ((reason === 'dead' || reason === 'stale') && !isConnectionRefused(msg)) {
      this.send(to, from, { type: CONNECTION_REFUSED, node: to, message: msg });
    }
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

/**
 * Lists of stored record batches: a log segment's `batches` and a segment file on a disk. Batches never
 * change once stored (records.ts; frozen when appended, though a disk image that came from a worker
 * holds unfrozen copies), so a copy of such a list shares them without looking at each one.
 */
const batchLists: SharesElements = (parent, key) =>
  key === 'batches' ? 'batchHeaders' in parent : key.startsWith(LOG_ROOT) && key.endsWith(SEGMENT_SUFFIX);

/** A node's slot with `state` as its memory, its mutable parts copied. */
function copySlot(slot: NodeSlot, state: unknown, memo: CopyMemo): NodeSlot {
  return {
    spec: copyMutable(slot.spec, memo),
    alive: slot.alive,
    incarnation: slot.incarnation,
    state: copyMutable(state, memo, batchLists),
    disk: copyMutable(slot.disk, memo, batchLists),
    rng: copyMutable(slot.rng, memo),
    timers: { ...slot.timers },
  };
}

/** Copies queued events in place in `events` (a fresh array): an event is shared unless its payload needs a copy. */
function copyEvents(events: SimEvent[], memo: CopyMemo): SimEvent[] {
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind === 'deliver') {
      const msg = copyMutable(e.msg, memo);
      if (msg !== e.msg) events[i] = { ...e, msg };
    } else if (e.kind === 'action') {
      const action = copyMutable(e.action, memo);
      if (action !== e.action) events[i] = { ...e, action };
    }
    // A timer event holds only plain values.
  }
  return events;
}

/** Actions that change who is alive or how the network behaves: they end a batch and run alone. */
function isBarrier(e: SimEvent): boolean {
  return e.kind === 'action' && e.action.type !== 'command';
}
