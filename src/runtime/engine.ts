// Engines advance a World in virtual time. Both obey one rule the runtime builds on: they stop only
// between virtual instants, so when an engine returns, every event due at or before `world.now` has run
// (except at the very start, before the time-0 events). Intents and checkpoints happen only there.
// - InProcessEngine: the World's own step(), on this thread.
// - WorkerEngine: the World takes each instant's events, cuts them into batches, the WorkerHost runs
//   each batch in the workers in parallel, and the World merges the results in seq order.
import type { NodeId } from '../sim/core/node';
import type { SimEvent, World, WorldCheckpoint } from '../sim/net/world';
import { NodeFailedError, WorkerHost } from './worker-host';
import type { SpawnWorker } from './worker-handle';
import { readNode } from './readers';

export interface Engine {
  readonly world: World;
  /**
   * Runs every event due at or before `target`, then moves the clock to `target` and returns true.
   * Returns false early, between two instants, when `outOfTime()` says so.
   */
  advance(target: number, outOfTime: () => boolean): Promise<boolean>;
  checkpoint(): Promise<WorldCheckpoint>;
  /**
   * Returns the world to a checkpoint. Node memories are then in the world, and advance() re-simulates
   * in-process (the fastest way to a seek target: the trace is the same wherever nodes run) until
   * settle() moves them back to where they live.
   */
  restore(cp: WorldCheckpoint): void;
  settle(): Promise<void>;
  /** Makes world.view() current (worker mode: fetches every live node's view). */
  refreshViews(): Promise<void>;
  /**
   * Makes every live node's memory readable in the world (worker mode: read-only copies fetched from
   * the workers, dropped at the next advance), for code that reads node state directly, like
   * Simulation.result().
   */
  refreshStates(): Promise<void>;
  /** Runs a reader (readers.ts) on a live node's memory, where it lives. */
  read(node: NodeId, reader: string, args: unknown): Promise<unknown>;
  /** The running workers' names (none in-process). */
  workers(): string[];
  /** Called when a worker dies while idle. */
  onFailure(listener: (e: NodeFailedError) => void): void;
  dispose(): void;
}

/** The node an event is for: the one to blame when it throws. */
function nodeOf(e: SimEvent | undefined): NodeId {
  if (!e) return 'world';
  if (e.kind === 'deliver') return e.to;
  if (e.kind === 'timer') return e.node;
  const a = e.action;
  return a.type === 'add' ? a.spec.id : a.type === 'net' ? 'network' : a.node;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** World.runUntil with a budget, checked every few instants, and failures attributed to their node. */
export function advanceInProcess(world: World, target: number, outOfTime: () => boolean): boolean {
  let instants = 0;
  for (;;) {
    const next = world.queue.peek();
    if (!next || next.time > target) break;
    try {
      world.step();
    } catch (e) {
      throw e instanceof NodeFailedError ? e : new NodeFailedError(nodeOf(next), errorText(e));
    }
    const after = world.nextTime();
    if (after !== world.now && (++instants & 63) === 0 && outOfTime()) return false;
  }
  if (target > world.now) world.now = target;
  return true;
}

export class InProcessEngine implements Engine {
  constructor(readonly world: World) {}
  async advance(target: number, outOfTime: () => boolean): Promise<boolean> {
    return advanceInProcess(this.world, target, outOfTime);
  }
  async checkpoint(): Promise<WorldCheckpoint> {
    return this.world.checkpoint();
  }
  restore(cp: WorldCheckpoint): void {
    this.world.restore(cp);
  }
  async settle(): Promise<void> {}
  async refreshViews(): Promise<void> {}
  async refreshStates(): Promise<void> {}
  async read(node: NodeId, reader: string, args: unknown): Promise<unknown> {
    return readNode(this.world.nodes[node]?.state ?? null, reader, args);
  }
  workers(): string[] {
    return [];
  }
  onFailure(): void {}
  dispose(): void {}
}

export class WorkerEngine implements Engine {
  readonly host: WorkerHost;
  /** True while node memories are in the world (after a restore, until settle). */
  private local = false;
  /** True while the world holds read-only copies of the workers' node memories (refreshStates). */
  private mirrored = false;

  constructor(
    readonly world: World,
    spawn: SpawnWorker,
  ) {
    this.host = new WorkerHost(world, spawn);
    world.remoteViews = {};
  }

  async advance(target: number, outOfTime: () => boolean): Promise<boolean> {
    const w = this.world;
    if (this.local) return advanceInProcess(w, target, outOfTime);
    if (this.mirrored) {
      for (const slot of Object.values(w.nodes)) slot.state = null; // memory lives in the workers
      this.mirrored = false;
    }
    for (;;) {
      const plan = w.planBatch(target);
      if (!plan) break;
      let results;
      try {
        results = await this.host.run(plan);
      } catch (e) {
        w.requeue(plan); // unmerged events stay due: the world stays where it was
        throw e instanceof NodeFailedError ? e : new NodeFailedError(nodeOf(plan.events[0]), errorText(e));
      }
      w.mergeBatch(plan, results);
      this.host.release();
      if (w.nextTime() !== w.now && outOfTime()) return false;
    }
    if (target > w.now) w.now = target;
    return true;
  }

  async checkpoint(): Promise<WorldCheckpoint> {
    if (this.local) return this.world.checkpoint();
    return this.world.checkpoint(await this.host.snapshot());
  }

  restore(cp: WorldCheckpoint): void {
    this.world.restore(cp);
    this.world.remoteViews = null;
    this.local = true;
  }

  async settle(): Promise<void> {
    if (!this.local) return;
    await this.host.load();
    this.local = false;
    this.world.remoteViews = {};
  }

  async refreshViews(): Promise<void> {
    if (this.local) return;
    this.world.remoteViews = await this.host.views();
  }

  async refreshStates(): Promise<void> {
    if (this.local) return;
    await this.refreshViews();
    const states = await this.host.snapshot();
    for (const [node, slot] of Object.entries(this.world.nodes))
      slot.state = slot.alive ? (states[node] ?? null) : null;
    this.mirrored = true;
  }

  async read(node: NodeId, reader: string, args: unknown): Promise<unknown> {
    if (this.local || this.mirrored) return readNode(this.world.nodes[node]?.state ?? null, reader, args);
    return this.host.read(node, reader, args);
  }

  workers(): string[] {
    return this.host.workerNames();
  }

  onFailure(listener: (e: NodeFailedError) => void): void {
    this.host.onDeath(listener);
  }

  dispose(): void {
    this.host.dispose();
  }
}
