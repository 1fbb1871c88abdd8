// The runtime driver: the playground on the runtime (src/runtime), by default with each broker and the
// coordinator in a Web Worker of its own (the clients share one). The main thread keeps the World (clock,
// queue, network, disks), merges the journal and runs Simulation's journal consumers (the guarantee
// checker, the client collector) and this page's JournalDigest; the runtime checkpoints all of them
// together, so a seek puts the digest and the checker back with the world. Node views arrive from the
// workers once per frame; a replica's log is read where it lives, on request.
import type { Scenario } from '../../scenario/validate';
import type { ScenarioAction } from '../../scenario/schema';
import type { ScenarioIntent } from '../../runtime/intents';
import {
  createRuntime,
  scenarioModel,
  type Model,
  type ReplicaLogRead,
  type Runtime,
  type RuntimeMode,
  type RuntimeOptions,
  type RuntimeStatus,
  type RuntimeUpdate,
  type ScenarioModel,
} from '../../runtime/index';
import { JournalDigest, type DigestCheckpoint } from './digest';
import { buildSnapshot } from './snapshot';
import { absentReplica, liveReplica, replicaOnDisk, type InspectedReplica } from './replica-log';
import type { Driver, EngineInfo, Frame, Playback } from './driver';
import type { Snapshot } from './types';
import { mergeViolations, type Violation } from './violations';
import { MAX_SPEED, MIN_SPEED } from './speeds';

/** While playing, the cards and tables refresh about this often (the canvas every frame). */
const PUBLISH_EVERY_MS = 100;
/** While playing, the checker's whole-history checks run at most this often, and at most 1/N of the time. */
const CHECK_EVERY_MS = 500;
const CHECK_SPACING_X_COST = 40;

export interface RuntimeDriverOptions {
  speed?: number;
  autoplay?: boolean;
  /** Default 'workers'. */
  mode?: RuntimeMode;
  /** For tests: how workers start, and what a frame is. */
  runtime?: Pick<RuntimeOptions, 'spawnWorker' | 'frame' | 'checkpointEveryMs' | 'viewsEveryMs'>;
  /** Calls back every animation frame (default requestAnimationFrame); returns a cancel function. */
  ticker?: (cb: (wall: number) => void) => () => void;
}

interface Saved {
  sim: unknown;
  digest: DigestCheckpoint;
}

export class RuntimeDriver implements Driver {
  readonly digest = new JournalDigest();
  /** Resolves when the runtime runs (workers started); rejects when it cannot start. */
  readonly ready: Promise<Runtime>;
  private rt: Runtime | null = null;
  private disposed = false;
  private readonly base: ScenarioModel;
  private readonly brokerConfig: Record<string, unknown>;
  private status: RuntimeStatus | null = null;
  private speed: number;
  private wantPlaying: boolean;
  private maxTime = 0;
  /** Actions asked for but not yet taken by the runtime (they are in userActions() meanwhile). */
  private pending: { intent: ScenarioIntent; action: ScenarioAction }[] = [];
  private found: readonly Violation[] = [];
  private lastCheckWall = -Infinity;
  private checkCostMs = 0;
  private lastPublishWall = -Infinity;
  private dirty = true;
  private lastSnapshot: Snapshot | null = null;
  private startError: string | null = null;
  private readonly listeners = new Set<(f: Frame) => void>();
  private readonly tickers = new Set<(t: number, dv: number) => void>();
  private lastTickTime = 0;
  private lastOp: Promise<unknown> = Promise.resolve();
  /** The latest seek, while it waits for the operations before it: a new seek moves its target. */
  private queuedSeek: { target: number } | null = null;
  /** Actions asked for and not yet taken: updates wait until they are. */
  private acting = 0;
  private readonly stopTicking: () => void;

  constructor(
    readonly scenario: Scenario,
    opts: RuntimeDriverOptions = {},
  ) {
    this.speed = opts.speed ?? 1;
    this.wantPlaying = opts.autoplay ?? false;
    const base = (this.base = scenarioModel(scenario));
    this.brokerConfig = base.sim.resolved.brokerConfig;
    base.world.onJournal(this.digest.listener);
    const model: Model = {
      world: base.world,
      until: base.until,
      schedule: (intent) => base.schedule(intent),
      result: () => base.sim.result(),
      // The digest is a journal consumer too: checkpointed and restored with Simulation's own.
      save: (): Saved => ({ sim: base.save(), digest: this.digest.checkpoint() }),
      load: (saved) => {
        const s = saved as Saved;
        base.load(s.sim);
        this.digest.restore(s.digest);
      },
      forked: () => this.digest.cutFuture(),
      scripted: base.scripted,
    };
    this.ready = createRuntime(
      { model },
      {
        mode: opts.mode ?? 'workers',
        speed: this.speed,
        viewsEveryMs: PUBLISH_EVERY_MS - 10,
        ...opts.runtime,
      },
    ).then(
      (rt) => {
        if (this.disposed) {
          rt.dispose();
          return rt;
        }
        this.rt = rt;
        rt.subscribe((u) => this.onUpdate(u));
        if (this.wantPlaying) rt.play();
        return rt;
      },
      (e: unknown) => {
        this.startError = e instanceof Error ? e.message : String(e);
        this.dirty = true;
        this.publish();
        throw e;
      },
    );
    this.ready.catch(() => {});
    const ticker = opts.ticker ?? rafTicker;
    this.stopTicking = ticker(this.tick);
  }

  /** Runs `fn` on the runtime now, or once it has started. Failures show in the status, not as rejections. */
  private withRuntime(fn: (rt: Runtime) => unknown): void {
    this.queuedSeek = null; // a command after a seek: the next seek comes after it
    const rt = this.rt;
    let op: Promise<unknown>;
    if (rt) {
      try {
        op = Promise.resolve(fn(rt));
      } catch (e) {
        op = Promise.reject(e);
      }
    } else op = this.ready.then((r) => (this.disposed ? null : fn(r)));
    this.lastOp = op.catch(() => {});
  }

  /** Resolves when every command given so far has been carried out (for tests and tools). */
  async idle(): Promise<void> {
    await this.ready;
    let op;
    do {
      op = this.lastOp;
      await op;
    } while (op !== this.lastOp);
  }

  private onUpdate(u: RuntimeUpdate): void {
    // Taking an action may replay from a checkpoint: the clock would be seen going back and forth.
    if (this.acting > 0) return;
    const st = (this.status = u.status);
    this.maxTime = Math.max(this.maxTime, st.now);
    if (st.phase !== 'playing') this.wantPlaying = false;
    const wall = now();
    // While playing: the cards and tables follow the node views, fetched every PUBLISH_EVERY_MS.
    if (
      !this.dirty &&
      st.phase === 'playing' &&
      (!u.viewsFresh || wall - this.lastPublishWall < PUBLISH_EVERY_MS)
    )
      return;
    this.publish();
  }

  /** Called with the world as the latest update left it (between two of the runtime's operations). */
  private publish(): void {
    this.dirty = false;
    this.lastPublishWall = now();
    if (this.listeners.size === 0) return;
    const world = this.base.world;
    const snapshot = buildSnapshot(world, this.brokerConfig);
    this.lastSnapshot = snapshot;
    this.digest.sample(snapshot);
    this.check();
    const frame: Frame = {
      engine: this.engineInfo(),
      playback: this.playback(),
      snapshot,
      historyVersion: this.digest.version,
      violations: this.found,
    };
    for (const l of this.listeners) l(frame);
  }

  private engineInfo(): EngineInfo {
    const st = this.status;
    const f = st?.failure ?? null;
    const mode = this.rt?.mode === 'in-process' ? 'main' : 'workers';
    if (this.startError !== null)
      return {
        mode,
        workers: [],
        failure: { node: 'runtime', message: this.startError, at: 0 },
        recoverAt: null,
      };
    if (!st || !f) return { mode, workers: st?.workers ?? [], failure: null, recoverAt: null };
    const before = st.checkpoints.filter((t) => t < st.now);
    return {
      mode,
      workers: st.workers,
      failure: { node: f.node, message: f.message, at: st.now },
      recoverAt: before.length ? before[before.length - 1]! : 0,
    };
  }

  /** The checker's findings, asked at the furthest point of the run only (as the in-process driver). */
  private check(): void {
    const world = this.base.world;
    if (world.now < this.maxTime) return;
    const wall = now();
    const playing = this.status?.phase === 'playing';
    if (
      playing &&
      wall - this.lastCheckWall < Math.max(CHECK_EVERY_MS, this.checkCostMs * CHECK_SPACING_X_COST)
    )
      return;
    this.found = mergeViolations(this.found, this.base.sim.checker.violations(world.now));
    this.lastCheckWall = now();
    this.checkCostMs = this.lastCheckWall - wall;
  }

  private playback(): Playback {
    const st = this.status;
    return {
      time: st?.now ?? 0,
      playing: st ? st.phase === 'playing' || this.wantPlaying : this.wantPlaying,
      speed: this.speed,
      maxTime: this.maxTime,
      behind: st?.behind ?? false,
    };
  }

  private tick = (): void => {
    const st = this.status;
    if (!st) return; // nothing runs yet
    const time = st.now;
    // Playing, a frame covers some virtual time even when the world has not moved yet (tours rely on
    // it to stop at a step at time 0).
    const dv = st.phase === 'playing' ? Math.max(1e-3, time - this.lastTickTime) : 0;
    this.lastTickTime = time;
    for (const t of this.tickers) t(time, dv);
  };

  /** What the guarantee checker found so far on the furthest run (for tests and tools). */
  violations(): readonly Violation[] {
    return this.found;
  }

  /** The latest snapshot (for tests and tools). */
  snapshot(): Snapshot | null {
    return this.lastSnapshot;
  }

  /** The runtime's status (for tests and tools). */
  runtimeStatus(): RuntimeStatus | null {
    return this.status;
  }

  play(): void {
    const st = this.status;
    if (st && (st.phase === 'failed' || st.now >= st.until)) return; // the runtime would not play
    this.wantPlaying = true;
    this.dirty = true;
    this.withRuntime((rt) => rt.play());
  }

  pause(): void {
    this.wantPlaying = false;
    this.dirty = true;
    this.withRuntime((rt) => rt.pause());
  }

  setSpeed(speed: number): void {
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    this.dirty = true;
    this.withRuntime((rt) => rt.setSpeed(this.speed));
  }

  step(): void {
    this.wantPlaying = false;
    this.dirty = true;
    this.withRuntime((rt) => rt.step());
  }

  seek(time: number): void {
    this.wantPlaying = false;
    this.dirty = true;
    const target = Math.max(0, Math.round(time));
    // A slider dragged: seeks one after another move the target of the one still waiting to start.
    const queued = this.queuedSeek;
    if (queued) {
      queued.target = target;
      return;
    }
    const q = { target };
    this.withRuntime((rt) =>
      rt.seek(() => {
        if (this.queuedSeek === q) this.queuedSeek = null;
        return q.target;
      }),
    );
    this.queuedSeek = q;
  }

  act(intent: ScenarioIntent): void {
    const action = { ...intent, at: this.status?.now ?? 0 } as ScenarioAction;
    const entry = { intent, action };
    this.pending.push(entry);
    this.dirty = true;
    this.acting++;
    this.withRuntime(async (rt) => {
      try {
        const at = await rt.act(intent);
        // Taken in the past: what the checker found later is another history's.
        if (at < this.maxTime) {
          this.maxTime = at;
          this.found = this.found.filter((v) => v.at <= at);
        }
      } finally {
        this.pending = this.pending.filter((p) => p !== entry);
        this.acting--;
        this.dirty = true;
      }
    });
  }

  userActions(): ScenarioAction[] {
    const recorded = this.rt?.intents() ?? [];
    const taken = recorded.map((t) => ({ ...t.intent, at: t.time }) as ScenarioAction);
    // An action being taken is recorded (the same intent object) before its replay ends.
    const waiting = this.pending.filter((p) => !recorded.some((t) => t.intent === p.intent));
    return [...taken, ...waiting.map((p) => p.action)];
  }

  async inspect(
    broker: number,
    topic: string,
    partition: number,
    window: { from: number; to: number },
  ): Promise<InspectedReplica> {
    const rt = await this.ready;
    const node = `broker-${broker}`;
    const slot = rt.world.nodes[node];
    if (!slot) return absentReplica(broker, false);
    if (!slot.alive) return replicaOnDisk(slot, broker, topic, partition, window);
    const read = (await rt.read(node, 'replicaLog', {
      broker,
      topic,
      partition,
      ...window,
    })) as ReplicaLogRead | null;
    return liveReplica(broker, read);
  }

  subscribe(fn: (frame: Frame) => void): () => void {
    this.listeners.add(fn);
    if (this.rt) this.publish();
    return () => this.listeners.delete(fn);
  }

  onTick(fn: (time: number, frameVirtualMs: number) => void): () => void {
    this.tickers.add(fn);
    return () => this.tickers.delete(fn);
  }

  dispose(): void {
    this.disposed = true;
    this.stopTicking();
    this.listeners.clear();
    this.tickers.clear();
    this.rt?.dispose();
  }
}

const now = () => performance.now();

function rafTicker(cb: (wall: number) => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const id = setInterval(() => cb(now()), 16);
    return () => clearInterval(id);
  }
  let id = 0;
  const loop = (wall: number) => {
    id = requestAnimationFrame(loop);
    cb(wall);
  };
  id = requestAnimationFrame(loop);
  return () => cancelAnimationFrame(id);
}
