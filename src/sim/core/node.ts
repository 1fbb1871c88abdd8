// The node interface: the only way a simulated process (a broker, the coordinator, a client) can
// affect the world. A node reacts to start, message and timer; each reaction runs against the node's
// own state (plain data that the node owns and may update in place) and a context through which it
// emits effects. The world applies the effects; nothing else changes it.
import type { Rng } from './rng';

export type NodeId = string;

/**
 * Operations on a node's disk: the durable part of its state. The host keeps the disk image outside
 * the node, so a crash loses the node's memory and keeps exactly what was written here.
 * Values written are treated as immutable from then on (the in-process host keeps references).
 */
export type DiskOp =
  | { op: 'put'; key: string; value: unknown }
  | { op: 'append'; key: string; items: unknown[] }
  | { op: 'truncate'; key: string; length: number }
  | { op: 'delete'; key: string };

/** A disk image: key -> a value (put) or a list (append/truncate). Plain data. */
export type Disk = Record<string, unknown>;

/** Something a node wants remembered in the journal: shown in the UI, read by the checker. */
export interface RecordedEvent {
  type: string;
  [field: string]: unknown;
}

/**
 * What a node does. `digest` on a send or a record: the trace digest of the message or event (hash.ts
 * `traceDigest`), when the node ran in a worker and it was computed there, so the world adds it to the
 * trace instead of walking the value again on the main thread.
 */
export type Effect =
  | { type: 'send'; to: NodeId; msg: unknown; digest?: readonly [number, number] }
  | { type: 'setTimer'; id: string; delayMs: number }
  | { type: 'cancelTimer'; id: string }
  | { type: 'disk'; op: DiskOp }
  | { type: 'record'; event: RecordedEvent; digest?: readonly [number, number] }
  | { type: 'exit' };

export interface NodeContext {
  readonly self: NodeId;
  /** Virtual time in ms. The only clock a node may read. */
  readonly now: number;
  /** This node's own seeded stream; it lives in the node's state, so restarts and moves keep it. */
  readonly rng: Rng;
  send(to: NodeId, msg: unknown): void;
  /** Arms (or re-arms: an earlier timer with the same id is cancelled) a timer firing after delayMs >= 0. */
  setTimer(id: string, delayMs: number): void;
  cancelTimer(id: string): void;
  disk(op: DiskOp): void;
  record(event: RecordedEvent): void;
  /** The process ends itself (a controlled shutdown completing): memory is gone, the disk stays. */
  exit(): void;
}

export interface NodeSpec {
  id: NodeId;
  /** Which behaviour runs this node: a key into the behaviour registry. */
  kind: string;
  /** The node's configuration: plain data, the same on every (re)start. */
  config: unknown;
}

/**
 * A node's behaviour: pure functions of (state, input, now, rng) that update the state and emit effects.
 * `S` is the node's memory (lost on crash). `init` builds it from the disk, which starts as {}.
 */
export interface NodeBehavior<S = unknown> {
  init(spec: NodeSpec, disk: Readonly<Disk>, ctx: NodeContext): S;
  onMessage(state: S, from: NodeId, msg: unknown, ctx: NodeContext): void;
  onTimer(state: S, timerId: string, ctx: NodeContext): void;
  /** A scripted input from the scenario (for example "produce this record"), delivered without the network. */
  onCommand?(state: S, command: unknown, ctx: NodeContext): void;
  /** A plain-data view of the node for results and the UI. */
  view?(state: S): unknown;
}

/** Applies one disk op to a disk image, in place. Shared by every host so they agree exactly. */
export function applyDiskOp(disk: Disk, op: DiskOp): void {
  switch (op.op) {
    case 'put':
      disk[op.key] = op.value;
      return;
    case 'append': {
      const list = (disk[op.key] as unknown[] | undefined) ?? (disk[op.key] = []);
      if (!Array.isArray(list)) throw new TypeError(`disk key ${op.key} is not a list`);
      for (const item of op.items) list.push(item);
      return;
    }
    case 'truncate': {
      const list = disk[op.key];
      if (Array.isArray(list) && list.length > op.length) list.length = op.length;
      return;
    }
    case 'delete':
      delete disk[op.key];
      return;
  }
}

/** A behaviour of any state type, for registries (each behaviour only ever sees its own state). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeBehavior = NodeBehavior<any>;
