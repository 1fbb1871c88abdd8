// The in-process driver: the Simulation runs on the page's main thread, advanced once per animation
// frame by (real time elapsed x speed), within a time budget so the page stays responsive. Seeking back
// restores the latest checkpoint before the target and replays forward, re-applying the user's actions
// at their times, so the replayed past is the same past.
import { Simulation } from '../../sim/runner/simulation';
import { translateAction } from '../../sim/runner/actions';
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import type { ScenarioIntent } from '../../runtime/intents';
import type { WorldCheckpoint } from '../../sim/net/world';
import { JournalDigest, type DigestCheckpoint } from './digest';
import { thinEvenly } from '../../runtime/timeline';
import { buildSnapshot } from './snapshot';
import { readReplica } from './replica-log';
import type { Driver, Frame, Playback } from './driver';
import type { Snapshot } from './types';
import { loadChecker, saveChecker, type CheckerMemory } from './checker-memory';
import { mergeViolations, type Violation } from './violations';
import { MAX_SPEED, MIN_SPEED } from './speeds';

interface Checkpoint {
  time: number;
  world: WorldCheckpoint;
  digest: DigestCheckpoint;
  checker: CheckerMemory;
  /** How many of the user's actions the world had been given. */
  applied: number;
}

const FRAME_BUDGET_MS = 10;
/** The least the simulation gets of a frame when frames run late (see tick). */
const MIN_FRAME_BUDGET_MS = 4;
/** A frame interval above this (60 Hz is 16.7 ms) means the frame had too much to do. */
const LATE_FRAME_MS = 20;
const PUBLISH_EVERY_MS = 100;
const MAX_CHECKPOINTS = 64;
/**
 * A checkpoint copies the world's mutable parts and shares the rest (sealed segments, stored batches,
 * scheduled records) in one piece: on a busy cluster it takes some ms, growing with the active segments
 * and the checker's tables. They are spaced so that they take at most 1/N of the wall time, at the price
 * of longer replays when seeking back.
 */
const CHECKPOINT_SPACING_X_COST = 25;
/** While playing, the checker's whole-history checks run at most this often, and at most 1/N of the time. */
const CHECK_EVERY_MS = 500;
const CHECK_SPACING_X_COST = 40;
export { MIN_SPEED, MAX_SPEED };

export class InProcessDriver implements Driver {
  readonly digest = new JournalDigest();
  private readonly sim: Simulation;
  private readonly log: ScenarioAction[] = [];
  private applied = 0;
  private checkpoints: Checkpoint[] = [];
  private lastCheckpointWall = 0;
  private playing = false;
  private speed: number;
  private maxTime = 0;
  private behind = false;
  private raf = 0;
  private lastWall = 0;
  private frameVirtualMs = 0;
  /** The virtual clock shown, with fractions of a ms at slow speeds; the world runs to its floor. */
  private clock = 0;
  private dirty = true;
  private stale = false;
  private lastPublishWall = 0;
  private readonly listeners = new Set<(f: Frame) => void>();
  private readonly tickers = new Set<(t: number, dv: number) => void>();
  private readonly brokerConfig: Record<string, unknown>;
  private lastSnapshot: Snapshot | null = null;
  private checkpointCostMs = 0;
  /** The simulation's share of a frame, ms: less when frames run late, back up when they keep time. */
  private budgetMs = FRAME_BUDGET_MS;
  /** What the checker found on the furthest run. */
  private found: readonly Violation[] = [];
  private lastCheckWall = -Infinity;
  private checkCostMs = 0;

  constructor(
    readonly scenario: Scenario,
    opts: { speed?: number; autoplay?: boolean } = {},
  ) {
    this.sim = new Simulation(scenario);
    this.brokerConfig = this.sim.resolved.brokerConfig;
    this.sim.world.onJournal(this.digest.listener);
    this.speed = opts.speed ?? 1;
    this.takeCheckpoint();
    this.playing = opts.autoplay ?? false;
    this.raf = requestAnimationFrame(this.tick);
  }

  private get world() {
    return this.sim.world;
  }

  private takeCheckpoint(): void {
    const time = this.world.now;
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last && last.time === time && last.applied === this.applied) return;
    const t0 = performance.now();
    this.checkpoints.push({
      time,
      world: this.world.checkpoint(),
      digest: this.digest.checkpoint(),
      checker: saveChecker(this.sim.checker),
      applied: this.applied,
    });
    this.checkpointCostMs = performance.now() - t0;
    performance.measure('checkpoint', { start: t0 }); // in the browser's performance timeline
    // Thin out evenly by events run, so that the whole run stays reachable and no seek replays long.
    thinEvenly(this.checkpoints, MAX_CHECKPOINTS, (c) => c.world.steps, this.checkpoints.at(-1)!);
    this.lastCheckpointWall = performance.now();
  }

  private maybeCheckpoint(): void {
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    const virtualGap = Math.max(2000, this.speed * 300);
    const wallGap = Math.max(200, this.checkpointCostMs * CHECKPOINT_SPACING_X_COST);
    if (this.world.now - last.time >= virtualGap && performance.now() - this.lastCheckpointWall > wallGap) {
      this.takeCheckpoint();
    }
  }

  /**
   * Runs the world to `target`, giving it the user's logged actions at their times. With a deadline,
   * stops early (between two instants) when the wall-clock budget is spent; returns whether it got there.
   */
  private advanceTo(target: number, deadline = Infinity): boolean {
    const w = this.world;
    let n = 0;
    for (;;) {
      const pending = this.log[this.applied];
      const next = w.nextTime();
      if (pending && pending.at <= target && (next === undefined || pending.at < next)) {
        if (pending.at > w.now) w.runUntil(pending.at);
        this.sim.schedule(pending);
        this.applied++;
        continue;
      }
      if (next === undefined || next > target) break;
      w.step();
      if ((++n & 15) === 0 && performance.now() > deadline && w.nextTime() !== w.now) {
        this.maxTime = Math.max(this.maxTime, w.now);
        return false;
      }
    }
    w.runUntil(target);
    this.maxTime = Math.max(this.maxTime, w.now);
    return true;
  }

  private tick = (wall: number): void => {
    this.raf = requestAnimationFrame(this.tick);
    const dt = this.lastWall === 0 ? 16 : Math.min(100, wall - this.lastWall);
    this.lastWall = wall;
    if (this.playing) {
      // When the simulation cannot keep up (a high speed), it takes what the frame leaves: a late frame
      // shrinks its share, frames on time give it back, so drawing keeps its pace.
      if (dt > LATE_FRAME_MS) this.budgetMs = Math.max(MIN_FRAME_BUDGET_MS, this.budgetMs * 0.85);
      else this.budgetMs = Math.min(FRAME_BUDGET_MS, this.budgetMs + 0.25);
      const from = this.clock;
      this.clock += dt * this.speed;
      const reached = this.advanceTo(Math.floor(this.clock), performance.now() + this.budgetMs);
      this.behind = !reached;
      if (!reached) this.clock = this.world.now;
      this.frameVirtualMs = this.clock - from;
      this.maybeCheckpoint();
      this.stale = true;
    }
    // The cards and tables refresh ~10 times a second while playing (the canvas every frame); anything
    // a person did shows at once.
    if (this.dirty || (this.stale && wall - this.lastPublishWall >= PUBLISH_EVERY_MS)) {
      this.dirty = false;
      this.stale = false;
      this.lastPublishWall = wall;
      this.publish();
    }
    for (const t of this.tickers) t(this.clock, this.playing ? this.frameVirtualMs : 0);
  };

  /**
   * Asks the checker what it found (Simulation.checker), at the furthest point of the run only: while
   * replaying the past, what was found stays as it was.
   */
  private check(): void {
    if (this.world.now < this.maxTime) return;
    const wall = performance.now();
    if (
      this.playing &&
      wall - this.lastCheckWall < Math.max(CHECK_EVERY_MS, this.checkCostMs * CHECK_SPACING_X_COST)
    )
      return;
    this.found = mergeViolations(this.found, this.sim.checker.violations(this.world.now));
    this.lastCheckWall = performance.now();
    this.checkCostMs = this.lastCheckWall - wall;
  }

  private publish(): void {
    const snapshot = buildSnapshot(this.world, this.brokerConfig);
    this.lastSnapshot = snapshot;
    this.digest.sample(snapshot);
    this.check();
    const frame: Frame = {
      engine: { mode: 'main', workers: [], failure: null, recoverAt: null },
      playback: this.playback(),
      snapshot,
      historyVersion: this.digest.version,
      violations: this.found,
    };
    for (const l of this.listeners) l(frame);
  }

  private playback(): Playback {
    return {
      time: this.world.now,
      playing: this.playing,
      speed: this.speed,
      maxTime: this.maxTime,
      behind: this.behind,
    };
  }

  /** What the guarantee checker found so far on the furthest run (for tests and tools). */
  violations(): readonly Violation[] {
    return this.found;
  }

  /** The latest snapshot (for tests and tools). */
  snapshot(): Snapshot | null {
    return this.lastSnapshot;
  }

  play(): void {
    this.playing = true;
    this.lastWall = 0;
    this.dirty = true;
  }

  pause(): void {
    this.playing = false;
    this.behind = false;
    this.dirty = true;
  }

  setSpeed(speed: number): void {
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    this.dirty = true;
  }

  step(): void {
    this.playing = false;
    const pending = this.log[this.applied];
    const next = this.world.nextTime();
    const t = pending && (next === undefined || pending.at < next) ? pending.at : next;
    if (t === undefined) return;
    this.advanceTo(t);
    this.clock = this.world.now;
    this.frameVirtualMs = 0;
    this.dirty = true;
  }

  seek(time: number): void {
    const t = Math.max(0, Math.round(time));
    if (t < this.world.now) {
      let cp = this.checkpoints[0]!;
      for (const c of this.checkpoints) if (c.time <= t) cp = c;
      this.world.restore(cp.world);
      this.digest.restore(cp.digest);
      loadChecker(this.sim.checker, cp.checker);
      this.applied = cp.applied;
      this.scheduleRest();
    }
    this.advanceTo(t);
    this.clock = this.world.now;
    this.frameVirtualMs = 0;
    this.dirty = true;
  }

  act(intent: ScenarioIntent): ScenarioAction {
    const now = this.world.now;
    if (this.applied < this.log.length || now < this.maxTime) {
      // An action in the past: the future recorded so far is no longer what happens.
      const future = this.log.findIndex((a) => a.at > now);
      if (future >= 0) this.log.length = future;
      this.applied = Math.min(this.applied, this.log.length);
      this.checkpoints = this.checkpoints.filter((c) => c.time <= now && c.applied <= this.applied);
      this.digest.cutFuture();
      this.found = this.found.filter((v) => v.at <= now);
      this.maxTime = now;
    }
    const action = { ...intent, at: now } as ScenarioAction;
    this.log.push(action);
    this.replayAsScripted(now);
    this.dirty = true;
    return action;
  }

  /** Gives the world the logged actions it does not have yet, at once (as the scenario would have). */
  private scheduleRest(): void {
    for (const a of this.log.slice(this.applied)) this.sim.schedule(a);
    this.applied = this.log.length;
  }

  /**
   * Replays to `now` as if the user's actions had been in the scenario from the start, as `npm run sim`
   * and a share link run them: scheduled before the run, an action runs before whatever else the run
   * put at its instant; given live, it would run after, and the trace would differ. So the world goes
   * back to the latest checkpoint whose queue holds nothing at the instants of the actions it lacks (the
   * order there is then the same), gets them at once, and runs forward; without one, it restarts from
   * a fresh world built with every action scheduled up front.
   */
  private replayAsScripted(now: number): void {
    const timesOf = (from: number) => {
      const times = new Set<number>();
      for (const a of this.log.slice(from))
        for (const t of translateAction(a, this.sim.resolved)) times.add(t.at);
      return times;
    };
    let index = -1;
    for (let i = this.checkpoints.length - 1; i >= 0 && index < 0; i--) {
      const c = this.checkpoints[i]!;
      if (c.time >= now || c.applied > this.log.length - 1) continue;
      const times = timesOf(c.applied);
      if (!c.world.queue.some((e) => times.has(e.time))) index = i;
    }
    if (index >= 0) {
      const cp = this.checkpoints[index]!;
      this.world.restore(cp.world);
      this.digest.restore(cp.digest);
      loadChecker(this.sim.checker, cp.checker);
      this.applied = cp.applied;
      this.checkpoints = this.checkpoints.slice(0, index + 1);
      this.scheduleRest();
    } else {
      const first = this.checkpoints[0]!;
      const all = [...(this.scenario.actions ?? []), ...this.log];
      this.world.restore(
        new Simulation({ ...this.scenario, actions: all }, { checker: false }).world.checkpoint(),
      );
      this.digest.restore(first.digest);
      loadChecker(this.sim.checker, first.checker);
      this.applied = this.log.length;
      this.checkpoints = [];
      this.takeCheckpoint();
    }
    this.digest.cutFuture();
    this.advanceTo(now);
    this.clock = this.world.now;
    this.frameVirtualMs = 0;
  }

  userActions(): ScenarioAction[] {
    return this.log.slice();
  }

  inspect(broker: number, topic: string, partition: number, window: { from: number; to: number }) {
    return Promise.resolve(readReplica(this.world, broker, topic, partition, window));
  }

  subscribe(fn: (frame: Frame) => void): () => void {
    this.listeners.add(fn);
    this.dirty = true;
    return () => this.listeners.delete(fn);
  }

  onTick(fn: (time: number, frameVirtualMs: number) => void): () => void {
    this.tickers.add(fn);
    return () => this.tickers.delete(fn);
  }

  dispose(): void {
    cancelAnimationFrame(this.raf);
    this.listeners.clear();
    this.tickers.clear();
  }
}
