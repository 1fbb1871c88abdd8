// The worker host: where each node's memory lives when nodes run in workers. Each broker, the
// coordinator and any other node gets a worker of its own; clients (admin, producers, consumers) share
// one. The host hands each worker its nodes' share of a batch, all workers at once, and returns what
// they computed; the World merges it. Disks and rng streams stay here, outside the workers: killing a
// node terminates its worker and loses its memory only; a restart starts a fresh worker from the disk.
import type { NodeId, NodeSpec } from '../sim/core/node';
import type { BatchPlan, BatchResults, World } from '../sim/net/world';
import type { NodeSnapshot } from '../sim/net/node-runner';
import type { BatchReply, NodeWork } from './worker-api';
import type { SpawnWorker, WorkerHandle } from './worker-handle';

/** A node threw, or the worker it lived in died: the simulation cannot go on past this point. */
export class NodeFailedError extends Error {
  constructor(
    readonly node: NodeId,
    readonly reason: string,
  ) {
    super(`node ${node} failed: ${reason}`);
    this.name = 'NodeFailedError';
  }
}

/** Node kinds that share one worker: the clients are light, and a browser caps its threads. */
export const SHARED_KINDS: readonly string[] = ['admin', 'producer', 'consumer'];
export const SHARED_WORKER = 'clients';

interface Hosted {
  handle: WorkerHandle;
  nodes: Set<NodeId>;
  /** Rejects when the worker dies on its own; raced against every call. */
  death: Promise<never>;
  deadReason: string | null;
  /** Whether any of its nodes ran or was loaded since their views were last fetched. */
  viewsStale: boolean;
}

/**
 * Wall ms after a views() call from which batch replies carry the changed views: the page asks for
 * views once per frame (16 ms) and runs batches in slices of 12 ms between frames, so the last batches
 * before the next frame bring the views with them, and that frame need not ask the workers again.
 */
const VIEWS_SOON_MS = 10;

export class WorkerHost {
  private readonly workers = new Map<string, Hosted>();
  /** node -> the name of the worker its memory lives in */
  private readonly home = new Map<NodeId, string>();
  private deathListener: ((e: NodeFailedError) => void) | null = null;
  /** The latest view of every hosted node; workers send only the views that changed. */
  private readonly viewCache = new Map<NodeId, unknown>();
  /** When views() was last called (wall ms). */
  private lastViewsAt = -Infinity;

  constructor(
    private readonly world: World,
    private readonly spawn: SpawnWorker,
    private readonly sharedKinds: readonly string[] = SHARED_KINDS,
  ) {}

  /** The running workers' names, sorted. */
  workerNames(): string[] {
    return [...this.workers.keys()].sort();
  }

  /** Tells the runtime when a worker dies while nothing is asked of it. */
  onDeath(listener: (e: NodeFailedError) => void): void {
    this.deathListener = listener;
  }

  private workerNameFor(spec: NodeSpec): string {
    return this.sharedKinds.includes(spec.kind) ? SHARED_WORKER : spec.id;
  }

  private ensureWorker(name: string): Hosted {
    const existing = this.workers.get(name);
    if (existing && existing.deadReason === null) return existing;
    if (existing) this.terminate(name, existing);
    const handle = this.spawn(name);
    let reject!: (e: Error) => void;
    const death = new Promise<never>((_, rej) => (reject = rej));
    death.catch(() => {}); // observed through the races below and onDeath
    const hosted: Hosted = { handle, nodes: new Set(), death, deadReason: null, viewsStale: true };
    handle.onDeath((reason) => {
      hosted.deadReason = reason;
      const err = new NodeFailedError(this.describe(name, hosted), `its worker died: ${reason}`);
      reject(err);
      this.deathListener?.(err);
    });
    this.workers.set(name, hosted);
    return hosted;
  }

  private describe(name: string, hosted: Hosted): NodeId {
    return hosted.nodes.size === 1 ? [...hosted.nodes][0]! : name;
  }

  private terminate(name: string, hosted: Hosted): void {
    hosted.deadReason ??= 'terminated';
    hosted.handle.terminate();
    this.workers.delete(name);
  }

  /** Places a node in its worker (starting the worker if needed), forgetting any earlier placement. */
  private place(node: NodeId): Hosted {
    this.evict(node);
    const name = this.workerNameFor(this.world.nodes[node]!.spec);
    const hosted = this.ensureWorker(name);
    hosted.nodes.add(node);
    this.home.set(node, name);
    return hosted;
  }

  /** The node's process is gone: a dedicated worker is terminated, a shared one forgets the node. */
  private evict(node: NodeId): void {
    const name = this.home.get(node);
    if (name === undefined) return;
    this.home.delete(node);
    this.viewCache.delete(node);
    const hosted = this.workers.get(name);
    if (!hosted) return;
    hosted.nodes.delete(node);
    if (name === node) this.terminate(name, hosted);
    else if (hosted.deadReason === null) hosted.handle.api.drop([node]);
  }

  /** Runs a batch's node inputs in their workers, every worker in parallel. */
  async run(plan: BatchPlan): Promise<BatchResults> {
    const perWorker = new Map<Hosted, Record<NodeId, NodeWork>>();
    const load = new Map<Hosted, number>();
    for (const [node, share] of Object.entries(plan.nodes)) {
      let hosted: Hosted | undefined;
      let work: NodeWork;
      if (share.inputs[0]?.kind === 'init') {
        const slot = this.world.nodes[node]!;
        hosted = this.place(node);
        work = { spec: slot.spec, rng: slot.rng, ...share, horizon: plan.horizon };
      } else {
        const name = this.home.get(node);
        hosted = name === undefined ? undefined : this.workers.get(name);
        if (!hosted) throw new NodeFailedError(node, 'it has no worker (host desync)');
        work = { ...share, horizon: plan.horizon };
      }
      let mine = perWorker.get(hosted);
      if (!mine) perWorker.set(hosted, (mine = {}));
      mine[node] = work;
      load.set(hosted, (load.get(hosted) ?? 0) + share.inputs.length);
    }
    // Posting is serial on this thread (each post serialises its batch): the worker with the most to do
    // gets its share first, so the slowest one starts earliest. Replies are read in plan order.
    const shares = [...perWorker];
    const calls: Promise<BatchReply>[] = new Array(shares.length);
    const order = shares.map((_, i) => i).sort((a, b) => load.get(shares[b]![0])! - load.get(shares[a]![0])!);
    const views = performance.now() - this.lastViewsAt >= VIEWS_SOON_MS;
    for (const i of order) {
      const [hosted, work] = shares[i]!;
      hosted.viewsStale = true;
      calls[i] = Promise.race([hosted.handle.api.run({ work, views }), hosted.death]);
    }
    const replies = await Promise.all(calls);
    const results: BatchResults = {};
    for (const [i, reply] of replies.entries()) {
      if (!reply.ok) throw new NodeFailedError(reply.failure.node, reply.failure.message);
      if (reply.views) {
        for (const [node, view] of Object.entries(reply.views)) this.viewCache.set(node, view);
        shares[i]![0].viewsStale = false;
      }
      for (const [node, outcome] of Object.entries(reply.outcomes)) {
        results[node] = outcome;
        this.world.setRng(node, outcome.rng);
      }
    }
    return results;
  }

  /** After a merge: nodes that crashed or exited lose their process. */
  release(): void {
    for (const node of [...this.home.keys()]) {
      if (!this.world.nodes[node]?.alive) this.evict(node);
    }
  }

  /** The memories of every live node, for a checkpoint. */
  async snapshot(): Promise<Record<NodeId, unknown>> {
    const states: Record<NodeId, unknown> = {};
    await this.eachWorker(async (hosted) => {
      const snaps = await hosted.handle.api.snapshot([...hosted.nodes]);
      for (const [node, s] of Object.entries(snaps)) states[node] = s.state;
    });
    return states;
  }

  /** Runs a reader (readers.ts) on a node's memory in its worker; null when it has none. */
  async read(node: NodeId, reader: string, args: unknown): Promise<unknown> {
    const name = this.home.get(node);
    const hosted = name === undefined ? undefined : this.workers.get(name);
    if (!hosted) return null;
    return Promise.race([hosted.handle.api.read(node, reader, args), hosted.death]);
  }

  /**
   * The views of every live node, for the UI. Only workers whose nodes ran since their views last came
   * (with a batch reply, see VIEWS_SOON_MS, or from here) are asked, and they send only the views that
   * changed: an idle worker is not woken every frame.
   */
  async views(): Promise<Record<NodeId, unknown>> {
    this.lastViewsAt = performance.now();
    await this.eachWorker(async (hosted) => {
      if (!hosted.viewsStale) return;
      hosted.viewsStale = false;
      const fresh = await hosted.handle.api.views([...hosted.nodes]);
      for (const [node, view] of Object.entries(fresh)) this.viewCache.set(node, view);
    });
    const views: Record<NodeId, unknown> = {};
    for (const node of this.home.keys()) views[node] = this.viewCache.get(node) ?? null;
    return views;
  }

  /**
   * Moves every live node's memory from the world into its worker (after restoring a checkpoint or a
   * fast re-simulation), starting and ending workers so that exactly the live nodes have one.
   */
  async load(): Promise<void> {
    for (const node of [...this.home.keys()]) if (!this.world.nodes[node]?.alive) this.evict(node);
    const perWorker = new Map<Hosted, Record<NodeId, { spec: NodeSpec; snapshot: NodeSnapshot }>>();
    for (const [node, slot] of Object.entries(this.world.nodes)) {
      if (!slot.alive) continue;
      const name = this.home.get(node);
      const current = name === undefined ? undefined : this.workers.get(name);
      const reusable = current && current.deadReason === null && current.nodes.has(node);
      const hosted = reusable ? current : this.place(node);
      let share = perWorker.get(hosted);
      if (!share) perWorker.set(hosted, (share = {}));
      share[node] = { spec: slot.spec, snapshot: { state: slot.state, rng: slot.rng } };
    }
    await Promise.all(
      [...perWorker].map(([h, nodes]) => {
        h.viewsStale = true;
        return Promise.race([h.handle.api.load(nodes), h.death]);
      }),
    );
    for (const slot of Object.values(this.world.nodes)) if (slot.alive) slot.state = null;
  }

  private async eachWorker(fn: (hosted: Hosted) => Promise<void>): Promise<void> {
    await Promise.all(
      [...this.workers.values()].filter((h) => h.nodes.size > 0).map((h) => Promise.race([fn(h), h.death])),
    );
  }

  dispose(): void {
    for (const [name, hosted] of [...this.workers]) this.terminate(name, hosted);
    this.home.clear();
    this.viewCache.clear();
  }
}
