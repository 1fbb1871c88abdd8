// Running a node's reactions: the one place that calls a behaviour. The world uses it for nodes that live
// in-process; a worker host uses `NodeRunner` for nodes that live in a worker. Both must compute exactly
// the same effects from the same inputs, so they share this code.
import type { Disk, Effect, NodeBehavior, NodeContext, NodeId, NodeSpec, RecordedEvent } from '../core/node';
import { Rng, type RngState } from '../core/rng';

/** What a node reacts to. Plain data: it crosses to a worker by structured clone. */
export type NodeInput =
  | { kind: 'init'; disk: Disk }
  | { kind: 'deliver'; from: NodeId; msg: unknown }
  | { kind: 'timer'; timerId: string }
  | { kind: 'command'; command: unknown };

/** Collects the effects of one reaction, in the order the node emitted them. */
export class EffectContext implements NodeContext {
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

/** Runs one reaction. Returns the node's state afterwards (a new one for `init`, else the same object). */
export function runInput(
  b: NodeBehavior<unknown>,
  spec: NodeSpec,
  state: unknown,
  input: NodeInput,
  ctx: EffectContext,
): unknown {
  switch (input.kind) {
    case 'init':
      return b.init(spec, input.disk, ctx);
    case 'deliver':
      b.onMessage(state, input.from, input.msg, ctx);
      return state;
    case 'timer':
      b.onTimer(state, input.timerId, ctx);
      return state;
    case 'command':
      if (!b.onCommand) throw new Error(`node ${spec.id} (${spec.kind}) takes no commands`);
      b.onCommand(state, input.command, ctx);
      return state;
  }
}

/** A node's memory and rng stream as a checkpoint holds them. Plain data. */
export interface NodeSnapshot {
  state: unknown;
  rng: RngState;
}

/** A node's share of a batch: its queued inputs in (time, seq) order, and the batch's horizon. */
export interface NodeBatch {
  inputs: NodeInput[];
  /** Virtual time of each input. */
  times: number[];
  /**
   * Timers the node arms during the batch that fall before the horizon run in the batch too (after
   * the queued inputs of the same instant, in the order they were armed: their seqs are higher).
   * No message sent in the batch can arrive before the horizon (the network's lookahead).
   */
  horizon: number;
}

/** A timer armed and fired within one batch. */
export interface LocalTimerRun {
  timerId: string;
  time: number;
  effects: Effect[];
}

export interface NodeBatchResult {
  /** Per queued input: the effects, or null for an input the node did not run. */
  outputs: (Effect[] | null)[];
  /** Timers armed and fired inside the batch, in the order they ran. */
  timers: LocalTimerRun[];
}

interface LocalTimer {
  time: number;
  timerId: string;
  generation: number;
}

/**
 * One node living outside the world (in a worker). It runs its share of a batch in the order the world
 * will merge it, and decides what runs exactly as the world will decide during the merge:
 * - after the node exits, nothing more runs (the world drops deliveries to a dead node, skips timers);
 * - a queued timer that an earlier reaction in the batch re-armed or cancelled does not fire (its
 *   token is stale by then);
 * - a timer armed in the batch fires in the batch if due before the horizon, unless re-armed or
 *   cancelled first; it comes after the queued inputs of its instant (it was scheduled later).
 * The world checks that the two decisions agree for every event of the batch.
 */
export class NodeRunner {
  state: unknown = null;
  alive = false;

  constructor(
    readonly spec: NodeSpec,
    private readonly behavior: NodeBehavior<unknown>,
    /** This node's rng stream, advanced in place. */
    readonly rng: RngState,
  ) {}

  runBatch(batch: NodeBatch): NodeBatchResult {
    const { inputs, times, horizon } = batch;
    const outputs: (Effect[] | null)[] = [];
    const timers: LocalTimerRun[] = [];
    const touched = new Set<string>(); // timers set or cancelled by this batch's reactions
    const local: LocalTimer[] = []; // sorted by (time, arming order)
    const generation: Record<string, number> = {};
    const react = (input: NodeInput, now: number): Effect[] => {
      const ctx = new EffectContext(this.spec.id, now, new Rng(this.rng));
      this.state = runInput(this.behavior, this.spec, this.state, input, ctx);
      for (const ef of ctx.effects) {
        if (ef.type === 'exit') {
          this.alive = false;
          this.state = null; // the process ended: its memory is gone
          break;
        }
        if (ef.type === 'setTimer' || ef.type === 'cancelTimer') {
          touched.add(ef.id);
          const g = (generation[ef.id] = (generation[ef.id] ?? 0) + 1);
          const time = now + (ef.type === 'setTimer' ? ef.delayMs : 0);
          if (ef.type === 'setTimer' && time < horizon) {
            let j = local.length;
            while (j > 0 && local[j - 1]!.time > time) j--;
            local.splice(j, 0, { time, timerId: ef.id, generation: g });
          }
        }
      }
      return ctx.effects;
    };
    let i = 0;
    for (;;) {
      const t = local[0];
      if (i < inputs.length && (t === undefined || times[i]! <= t.time)) {
        const input = inputs[i]!;
        const now = times[i++]!;
        if (input.kind === 'init') {
          this.alive = true;
          touched.clear();
        } else if (!this.alive || (input.kind === 'timer' && touched.has(input.timerId))) {
          outputs.push(null);
          continue;
        }
        outputs.push(react(input, now));
      } else if (t !== undefined) {
        local.shift();
        if (!this.alive || generation[t.timerId] !== t.generation) continue; // re-armed, cancelled, exited
        generation[t.timerId] = (generation[t.timerId] ?? 0) + 1; // fired: no longer armed
        timers.push({
          timerId: t.timerId,
          time: t.time,
          effects: react({ kind: 'timer', timerId: t.timerId }, t.time),
        });
      } else break;
    }
    return { outputs, timers };
  }
  view(): unknown {
    if (!this.alive) return null;
    return this.behavior.view ? this.behavior.view(this.state) : this.state;
  }

  snapshot(): NodeSnapshot {
    return { state: this.state, rng: this.rng };
  }

  /** Takes over a node's memory and rng (restoring a checkpoint, or moving the node here). */
  load(s: NodeSnapshot): void {
    this.state = s.state;
    this.alive = true;
    for (let i = 0; i < 4; i++) this.rng[i] = s.rng[i]!;
  }
}
