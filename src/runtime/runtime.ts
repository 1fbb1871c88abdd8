// The runtime: what a UI talks to. Intents in; status, node view diffs and journal entries out, at most
// once per animation frame. It paces the world (as fast as possible, or virtual time at a chosen speed),
// pauses, steps, and goes back in time through checkpoints. The world runs in-process or with one Web
// Worker per node; the trace is the same either way.
import type { NodeId } from '../sim/core/node';
import type { JournalEntry } from '../sim/net/journal';
import type { World, WorldCheckpoint } from '../sim/net/world';
import { hashValue } from '../sim/core/hash';
import type { SimResult } from '../sim/runner/result';
import { InProcessEngine, WorkerEngine, type Engine } from './engine';
import { createModel, type Model, type ModelSource } from './model';
import type { Intent, ScenarioIntent } from './intents';
import { NodeFailedError } from './worker-host';
import type { SpawnWorker } from './worker-handle';
import { Timeline } from './timeline';
import { spawnBrowserWorker } from './browser-worker';

export type RuntimeMode = 'workers' | 'in-process';
/** Virtual ms per wall ms, or as fast as possible. */
export type Speed = number | 'max';
export type Phase = 'paused' | 'playing' | 'done' | 'failed';

export interface NodeFailure {
  node: NodeId;
  message: string;
}

export interface RuntimeStatus {
  mode: RuntimeMode;
  phase: Phase;
  /** Virtual time, ms. */
  now: number;
  until: number;
  speed: Speed;
  traceHash: string;
  /** Events the world has processed. */
  events: number;
  failure: NodeFailure | null;
  /** Virtual times of the checkpoints a seek can start from. */
  checkpoints: number[];
  /** Names of the running workers (empty in-process). */
  workers: string[];
  /** Playing, the world could not keep up with the speed in the last frame. */
  behind: boolean;
}

/** What the UI draws for one node. Plain data. */
export interface NodeView {
  id: NodeId;
  kind: string;
  alive: boolean;
  incarnation: number;
  /** Keys of the node's disk image, which survives its crashes. */
  diskKeys: string[];
  /** The behaviour's own view of its memory (null while down). */
  view: unknown;
}

export interface NodeDiff {
  added: NodeView[];
  updated: NodeView[];
  removed: NodeId[];
}

export interface RuntimeUpdate {
  status: RuntimeStatus;
  /** True after a seek (and in the first update to a listener): forget earlier journal and node views. */
  reset: boolean;
  /** Journal entries since the previous update, oldest first (the newest `journalMax` of them). */
  journal: JournalEntry[];
  /** Entries left out of `journal` because there were more than `journalMax` in one frame. */
  journalSkipped: number;
  nodes: NodeDiff;
  /** Whether node views were fetched for this update (while playing, at most every viewsEveryMs). */
  viewsFresh: boolean;
}

export type RuntimeListener = (update: RuntimeUpdate) => void;

export interface RuntimeOptions {
  mode: RuntimeMode;
  /** Default 1 (real time). */
  speed?: Speed;
  /** Virtual ms between checkpoints. Default 5000. */
  checkpointEveryMs?: number;
  /** Events between checkpoints, whatever the virtual time. Default 100,000. */
  checkpointEveryEvents?: number;
  /** Starts the node workers (default: real module Web Workers). */
  spawnWorker?: SpawnWorker;
  /** Calls back at the next frame (default: requestAnimationFrame, else a 16 ms timer). */
  frame?: (callback: () => void) => void;
  /** Most journal entries per update. Default 5000. */
  journalMax?: number;
  /**
   * Periodic checkpoints take at most about 1/N of the wall time (they are skipped until then; the
   * ones before intents are always taken). Default 25.
   */
  checkpointSpacingXCost?: number;
  /**
   * While playing, node views (a round trip to every worker) are fetched at most this often, in wall
   * ms; updates in between carry the status and the journal only. Default 0: every update.
   */
  viewsEveryMs?: number;
}

/** An intent of the current history, with the virtual time it is for. */
export interface TakenIntent {
  time: number;
  intent: Intent;
}

export interface Runtime {
  readonly mode: RuntimeMode;
  /**
   * The main thread's world (clock, queue, network, node slots; in worker mode node memories live in
   * the workers and world.view() reads the views fetched at the latest update). Read it in a listener,
   * never write it.
   */
  readonly world: World;
  status(): RuntimeStatus;
  /** The node views of the latest update. */
  nodes(): NodeView[];
  play(): void;
  pause(): void;
  setSpeed(speed: Speed): void;
  /** Runs the next virtual instant that has events, then pauses. */
  step(): Promise<void>;
  /**
   * Goes to virtual time t (back or forward), paused. A function is asked for t when the seek starts
   * (after the operations before it), so a caller can move a queued seek's target (a dragged slider).
   */
  seek(t: number | (() => number)): Promise<void>;
  /** Runs as fast as possible to t (default: the end), then pauses. */
  runTo(t?: number): Promise<void>;
  /**
   * Takes an intent at the current virtual time (returned); in the past, this forks history there.
   * A scenario's model takes scenario intents as if the scenario had held them from the start (the
   * trace is then the CLI's for the scenario with them among its actions); other intents happen live.
   */
  act(intent: Intent): Promise<number>;
  /** The intents of the current history, in the order taken (what a share link carries). */
  intents(): TakenIntent[];
  /**
   * Reads part of a live node's memory where it lives (e.g. a window of a replica's log) with a reader
   * from readers.ts; null when the node is down.
   */
  read(node: NodeId, reader: string, args: unknown): Promise<unknown>;
  /** The headless result at the current time (scenario sources only, else null). */
  result(): Promise<SimResult | null>;
  subscribe(listener: RuntimeListener): () => void;
  dispose(): void;
}

/** Asked for something the runtime cannot do in its state (e.g. run on after a node failed). */
export class RuntimeStateError extends Error {
  override name = 'RuntimeStateError';
}

/** Wall-clock budget of one slice of running, so the page stays responsive between slices. */
const SLICE_MS = 12;

export async function createRuntime(source: ModelSource, opts: RuntimeOptions): Promise<Runtime> {
  const rt = new RuntimeImpl(createModel(source), opts);
  await rt.init();
  return rt;
}

class RuntimeImpl implements Runtime {
  readonly mode: RuntimeMode;
  private readonly engine: Engine;
  private readonly timeline: Timeline;
  private phase: Phase = 'paused';
  private speed: Speed;
  private failure: NodeFailure | null = null;
  private disposed = false;
  /** Every operation on the world runs in this chain, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private playToken = 0;
  private readonly listeners = new Set<RuntimeListener>();
  private journal: JournalEntry[] = [];
  private journalSkipped = 0;
  private reset = true;
  private published = new Map<NodeId, { hash: string; view: NodeView }>();
  private flushPending = false;
  private readonly frame: (cb: () => void) => void;
  private readonly journalMax: number;
  private readonly checkpointEveryEvents: number;
  private readonly checkpointSpacing: number;
  private lastCheckpointWall = -Infinity;
  private checkpointCostMs = 0;
  private behind = false;
  private readonly viewsEveryMs: number;
  private lastViewsWall = -Infinity;

  constructor(
    private readonly model: Model,
    opts: RuntimeOptions,
  ) {
    this.mode = opts.mode;
    this.speed = opts.speed ?? 1;
    this.journalMax = opts.journalMax ?? 5000;
    this.checkpointEveryEvents = opts.checkpointEveryEvents ?? 100_000;
    this.checkpointSpacing = opts.checkpointSpacingXCost ?? 25;
    this.viewsEveryMs = opts.viewsEveryMs ?? 0;
    this.frame = opts.frame ?? defaultFrame;
    this.engine =
      opts.mode === 'workers'
        ? new WorkerEngine(model.world, opts.spawnWorker ?? spawnBrowserWorker)
        : new InProcessEngine(model.world);
    this.timeline = new Timeline(opts.checkpointEveryMs ?? 5000);
    this.engine.onFailure((e) => this.fail(e));
    model.world.onJournal((e) => {
      this.journal.push(e);
      if (this.journal.length >= 2 * this.journalMax) this.trimJournal(); // amortised: no shift() per entry
    });
  }

  async init(): Promise<void> {
    await this.run(() => this.checkpointHere());
  }

  get world(): World {
    return this.model.world;
  }

  /** Checkpoints the world as it is now (with the model's derived state), timing it. */
  private async checkpointHere(): Promise<void> {
    const w = this.world;
    const t0 = performance.now();
    this.timeline.add(w.now, w.steps, await this.engine.checkpoint(), this.model.save?.());
    this.lastCheckpointWall = performance.now();
    this.checkpointCostMs = this.lastCheckpointWall - t0;
    performance.measure?.('checkpoint', { start: t0 }); // in the browser's performance timeline
  }

  /**
   * Whether a periodic checkpoint may be taken now: in worker mode a checkpoint gathers every node's
   * memory, so at high speeds they are spaced by their cost (a seek back then replays a bit longer).
   */
  private periodicDue(): boolean {
    return performance.now() - this.lastCheckpointWall >= this.checkpointCostMs * this.checkpointSpacing;
  }

  status(): RuntimeStatus {
    const w = this.world;
    return {
      mode: this.mode,
      phase: this.phase,
      now: w.now,
      until: this.model.until,
      speed: this.speed,
      traceHash: w.traceHash(),
      events: w.steps,
      failure: this.failure,
      checkpoints: this.timeline.times(),
      workers: this.engine.workers(),
      behind: this.behind,
    };
  }

  nodes(): NodeView[] {
    return [...this.published.values()].map((p) => p.view);
  }

  subscribe(listener: RuntimeListener): () => void {
    this.listeners.add(listener);
    this.reset = true;
    this.published.clear();
    this.invalidate();
    return () => this.listeners.delete(listener);
  }

  // ---- Running ----

  /** Runs an operation on the world after the ones before it; a node failure pauses everything. */
  private run<T>(op: () => Promise<T>): Promise<T> {
    const p = this.chain.then(async () => {
      if (this.disposed) throw new Error('the runtime was disposed');
      try {
        return await op();
      } catch (e) {
        if (!(e instanceof RuntimeStateError)) this.fail(e);
        throw e;
      } finally {
        this.invalidate();
      }
    });
    this.chain = p.catch(() => {});
    return p;
  }

  private fail(e: unknown): void {
    this.failure =
      e instanceof NodeFailedError
        ? { node: e.node, message: e.reason }
        : { node: 'runtime', message: e instanceof Error ? e.message : String(e) };
    this.phase = 'failed';
    this.playToken++;
    this.invalidate();
  }

  private ensureRunnable(): void {
    if (this.failure) throw new RuntimeStateError(`node ${this.failure.node} failed; seek back to go on`);
  }

  /** Advances to `target`, applying recorded intents and taking checkpoints on the way. */
  private async advanceTo(target: number, outOfTime: () => boolean): Promise<boolean> {
    const w = this.world;
    const tl = this.timeline;
    for (;;) {
      const pending = tl.pendingIntent();
      if (pending && pending.at === w.now && pending.steps <= w.steps) {
        await this.applyIntent();
        continue;
      }
      const nextCheckpoint = tl.nextCheckpointAfter(w.now);
      const stop = Math.min(target, nextCheckpoint, pending ? pending.at : Infinity);
      const reached = await this.engine.advance(stop, outOfTime);
      // A busy world also gets checkpoints by events run, so re-simulating after a seek stays short.
      if (
        w.steps - tl.lastCheckpointSteps() >= this.checkpointEveryEvents &&
        !tl.has(w.now) &&
        this.periodicDue()
      ) {
        await this.checkpointHere();
      }
      if (!reached) return false;
      if (pending && pending.at <= w.now) {
        await this.applyIntent();
        continue;
      }
      if (w.now === nextCheckpoint && !tl.has(w.now) && this.periodicDue()) await this.checkpointHere();
      if (w.now >= target) return true;
    }
  }

  /** Schedules the next recorded intent, with a checkpoint just before it. */
  private async applyIntent(): Promise<void> {
    if (!this.timeline.has(this.world.now)) await this.checkpointHere();
    const { intent, time, at } = this.timeline.takeIntent();
    const scripted = this.model.scripted;
    if (scripted && time !== at) scripted.schedule(intent as ScenarioIntent, time);
    else this.model.schedule(intent);
  }

  play(): void {
    if (this.phase === 'playing' || this.failure || this.disposed) return;
    if (this.world.now >= this.model.until) return;
    this.phase = 'playing';
    const token = ++this.playToken;
    let lastWall = performance.now();
    let carry = 0; // virtual ms short of a whole ms, kept for the next frame (slow speeds)
    // Whether the run keeps up with the speed, judged over one-second windows of wall time (a single
    // slice says little: after one falls short, the next has a small target and reaches it).
    let windowStart = lastWall;
    let wanted = 0;
    let got = 0;
    const tick = () => {
      if (token !== this.playToken) return;
      void this.run(async () => {
        if (token !== this.playToken) return;
        await this.engine.settle();
        const start = performance.now();
        const outOfTime = () => performance.now() - start > SLICE_MS;
        let target = this.model.until;
        if (this.speed !== 'max') {
          const wall = performance.now();
          const dt = Math.min(wall - lastWall, 100); // a hidden tab does not jump minutes ahead
          lastWall = wall;
          carry += Math.max(0, dt * this.speed);
          const whole = Math.floor(carry);
          carry -= whole;
          target = Math.min(this.model.until, this.world.now + whole);
          wanted += target - this.world.now;
        }
        const from = this.world.now;
        const reached = await this.advanceTo(target, outOfTime);
        got += this.world.now - from;
        if (!reached) carry = 0;
        const now = performance.now();
        if (this.speed === 'max') this.behind = false;
        else if (now - windowStart >= 1000) {
          this.behind = got < 0.9 * wanted;
          windowStart = now;
          wanted = got = 0;
        }
        if (this.world.now >= this.model.until) {
          this.phase = 'done';
          this.playToken++;
        }
      })
        .then(() => {
          if (token !== this.playToken) return;
          // Behind the speed (or as fast as possible): the next slice as soon as the page has had its
          // turn, not a frame later; in worker mode a slice mostly waits for the workers anyway.
          if (this.speed === 'max' || this.behind) yieldToPage(tick);
          else this.frame(tick);
        })
        .catch(() => {});
    };
    tick();
    this.invalidate();
  }

  pause(): void {
    this.playToken++;
    this.behind = false;
    if (this.phase === 'playing') this.phase = 'paused';
    this.invalidate();
  }

  setSpeed(speed: Speed): void {
    if (speed !== 'max' && !(speed > 0)) throw new RangeError(`speed must be positive, got ${speed}`);
    this.speed = speed;
    this.invalidate();
  }

  step(): Promise<void> {
    this.pause();
    return this.run(async () => {
      this.ensureRunnable();
      await this.engine.settle();
      const next = this.world.nextTime();
      const pending = this.timeline.pendingIntent();
      const target = Math.min(next ?? Infinity, pending?.at ?? Infinity, this.model.until);
      if (Number.isFinite(target)) await this.advanceTo(Math.max(target, this.world.now), () => false);
      this.settlePhase();
    });
  }

  runTo(t?: number): Promise<void> {
    this.pause();
    const target = Math.min(t ?? this.model.until, this.model.until);
    return this.run(async () => {
      this.ensureRunnable();
      await this.engine.settle();
      await this.advanceInSlices(target);
      this.settlePhase();
    });
  }

  /** Advances to target in slices of SLICE_MS, letting the page render and take input in between. */
  private async advanceInSlices(target: number): Promise<void> {
    for (;;) {
      const start = performance.now();
      if (await this.advanceTo(target, () => performance.now() - start > SLICE_MS)) return;
      await new Promise<void>((resolve) => yieldToPage(resolve));
    }
  }

  seek(t: number | (() => number)): Promise<void> {
    this.pause();
    return this.run(async () => {
      const target = Math.max(0, Math.min(typeof t === 'function' ? t() : t, this.model.until));
      const w = this.world;
      // Forward from a clean present: keep going from here. Otherwise: the latest checkpoint at or
      // before the target, then re-simulate (in-process: the trace is the same, and it is fastest).
      const forward =
        !this.failure && target >= w.now && this.timeline.latestAtOrBefore(target)!.now <= w.now;
      if (!forward) {
        const cp = this.timeline.latestAtOrBefore(target)!;
        this.restore(cp.checkpoint, cp.intents);
        this.model.load?.(cp.model);
      } else if (this.mode === 'workers') {
        this.engine.restore(await this.engine.checkpoint()); // node memories come here to fast-forward
      }
      await this.advanceInSlices(target);
      await this.engine.settle();
      this.settlePhase();
    });
  }

  private restore(cp: WorldCheckpoint, intentsApplied: number): void {
    this.engine.restore(cp);
    this.timeline.rewind(intentsApplied);
    this.failure = null;
    this.phase = 'paused';
    this.journal = [];
    this.journalSkipped = 0;
    this.reset = true;
  }

  /** The phase after a seek, step or run: play() called meanwhile (its loop is queued after) stands. */
  private settlePhase(): void {
    if (this.failure) this.phase = 'failed';
    else if (this.world.now >= this.model.until) this.phase = 'done';
    else if (this.phase !== 'playing') this.phase = 'paused';
  }

  act(intent: Intent): Promise<number> {
    return this.run(async () => {
      this.ensureRunnable();
      const w = this.world;
      const now = w.now;
      // Acting anywhere but at the end of recorded history forks it: later intents and checkpoints go.
      this.timeline.fork(now, w.steps);
      const scripted = this.model.scripted;
      const live =
        !scripted ||
        !isScenarioIntent(intent) ||
        this.timeline.recorded().some((r) => !isScenarioIntent(r.intent));
      if (live) {
        this.model.forked?.();
        this.timeline.record(now, w.steps, intent);
        await this.applyIntent();
      } else {
        await this.actAsScripted(intent as ScenarioIntent, scripted, now);
      }
      return now;
    });
  }

  /**
   * Takes an intent as if the scenario had held it: the world goes back to the latest checkpoint whose
   * queue holds nothing at the times of the intents it lacks (so ordering there is the same as in the
   * scenario), gets them at once and re-simulates to `now`; without such a checkpoint it restarts from
   * a world built with every intent among the scenario's actions. The past up to `now` is unchanged.
   */
  private async actAsScripted(
    intent: ScenarioIntent,
    scripted: NonNullable<Model['scripted']>,
    now: number,
  ): Promise<void> {
    const tl = this.timeline;
    // Intents scheduled early for a time after now are another future: they go too.
    const kept = tl
      .recorded()
      .filter((r) => r.time <= now)
      .map((r) => ({ intent: r.intent as ScenarioIntent, time: r.time }));
    const taken = [...kept, { intent, time: now }];
    const base = tl.before(now, this.world.steps).find((c) => {
      if (c.now >= now || c.intents > kept.length) return false;
      const times = new Set(taken.slice(c.intents).flatMap((t) => scripted.times(t.intent, t.time)));
      return !c.checkpoint.queue.some((e) => times.has(e.time));
    });
    const phase = this.phase; // playing goes on from where it was
    if (base) {
      this.restore(base.checkpoint, base.intents);
      this.model.load?.(base.model);
      tl.fork(base.now, base.steps);
      for (const t of taken.slice(base.intents)) tl.record(base.now, base.steps, t.intent, t.time);
    } else {
      const start = tl.first();
      const fresh = scripted.fresh(taken);
      this.restore(fresh, 0);
      this.model.load?.(start.model);
      tl.restart(taken, fresh, start.model);
    }
    this.phase = phase;
    this.model.forked?.();
    await this.advanceInSlices(now);
    await this.engine.settle();
  }

  intents(): TakenIntent[] {
    return this.timeline.recorded().map((r) => ({ time: r.time, intent: r.intent }));
  }

  read(node: NodeId, reader: string, args: unknown): Promise<unknown> {
    return this.run(async () => {
      if (!this.world.nodes[node]?.alive) return null;
      return this.engine.read(node, reader, args);
    });
  }

  result(): Promise<SimResult | null> {
    return this.run(async () => {
      if (!this.model.result) return null;
      await this.engine.refreshStates();
      return this.model.result();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.playToken++;
    this.listeners.clear();
    this.engine.dispose();
  }

  // ---- Publishing, once per frame ----

  private invalidate(): void {
    if (this.flushPending || this.disposed || this.listeners.size === 0) return;
    this.flushPending = true;
    this.frame(() => void this.flush());
  }

  /** Keeps the newest journalMax entries for the next update. */
  private trimJournal(): void {
    const extra = this.journal.length - this.journalMax;
    if (extra <= 0) return;
    this.journal = this.journal.slice(extra);
    this.journalSkipped += extra;
  }

  private async flush(): Promise<void> {
    const wall = performance.now();
    if (this.phase === 'playing' && !this.reset && wall - this.lastViewsWall < this.viewsEveryMs) {
      this.flushPending = false;
      this.publish({ added: [], updated: [], removed: [] }, false);
      return;
    }
    this.lastViewsWall = wall;
    let views: NodeView[] = [];
    try {
      views = await this.run(async () => {
        await this.engine.refreshViews();
        return this.collectViews();
      });
    } catch {
      // a failure is already in the status; publish what we have
      views = [...this.published.values()].map((p) => p.view);
    }
    this.flushPending = false;
    if (this.disposed) return;
    const diff: NodeDiff = { added: [], updated: [], removed: [] };
    const seen = new Set<NodeId>();
    for (const v of views) {
      seen.add(v.id);
      const hash = hashValue(v);
      const prev = this.published.get(v.id);
      if (prev && prev.hash === hash) continue;
      (prev ? diff.updated : diff.added).push(v);
      this.published.set(v.id, { hash, view: v });
    }
    for (const id of [...this.published.keys()]) {
      if (!seen.has(id)) {
        diff.removed.push(id);
        this.published.delete(id);
      }
    }
    this.publish(diff, true);
  }

  private publish(nodes: NodeDiff, viewsFresh: boolean): void {
    if (this.disposed) return;
    this.trimJournal();
    const update: RuntimeUpdate = {
      status: this.status(),
      reset: this.reset,
      journal: this.journal,
      journalSkipped: this.journalSkipped,
      nodes,
      viewsFresh,
    };
    this.journal = [];
    this.journalSkipped = 0;
    this.reset = false;
    for (const l of this.listeners) l(update);
  }

  private collectViews(): NodeView[] {
    const w = this.world;
    return Object.values(w.nodes).map((slot) => ({
      id: slot.spec.id,
      kind: slot.spec.kind,
      alive: slot.alive,
      incarnation: slot.incarnation,
      diskKeys: Object.keys(slot.disk).sort(),
      view: slot.alive ? (w.view(slot.spec.id) ?? null) : null,
    }));
  }
}

const NODE_INTENTS = new Set(['crashNode', 'restartNode']);
const isScenarioIntent = (i: Intent): i is ScenarioIntent => !NODE_INTENTS.has(i.type);

/**
 * Runs `cb` as a new task, letting the page render and handle input first. A MessageChannel, not
 * setTimeout(0): browsers clamp nested timeouts to 4 ms, a quarter of every 16 ms at full speed.
 */
function yieldToPage(cb: () => void): void {
  if (typeof MessageChannel !== 'function') return void setTimeout(cb, 0);
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {
    port1.close();
    cb();
  };
  port2.postMessage(null);
}

function defaultFrame(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => cb());
  else setTimeout(cb, 16);
}
