// The batched worker path against the in-process World: the same trace hash, event for event, with
// crashes, restarts, exits, zero-delay timers and timers cancelled or re-armed inside one batch. The
// "workers" are in-process node runners behind real MessageChannels speaking the worker protocol (real
// structured clone).
import { afterEach, describe, expect, it } from 'vitest';
import type { AnyNodeBehavior, NodeBehavior } from '../sim/core/node';
import { Rng } from '../sim/core/rng';
import { World, type WorldAction } from '../sim/net/world';
import type { JournalEntry } from '../sim/net/journal';
import { runScenario, validateScenario, type Scenario } from '../sim/index';
import { BEHAVIORS } from '../sim/runner/simulation';
import quickstart from '../scenario/builtins/quickstart.json';
import { channelWorkers, type ChannelWorkers } from './channel-worker';
import { WorkerEngine, InProcessEngine, type Engine } from './engine';
import { RUNTIME_BEHAVIORS } from './registry';
import { createRuntime, type Runtime } from './runtime';
import { NodeFailedError } from './worker-host';
import { scenarioModel } from './model';
import { buildFixture, fixtureSource } from './fixtures';

/** A node that does everything that makes batching hard, driven by its own rng. */
interface ChaosState {
  peers: string[];
  got: number;
}
const chaos: NodeBehavior<ChaosState> = {
  init(spec, disk, ctx) {
    const peers = (spec.config as { peers: string[] }).peers;
    ctx.setTimer('a', ctx.rng.int(4));
    ctx.setTimer('b', ctx.rng.int(4));
    ctx.setTimer('c', 0); // zero-delay at start
    return { peers, got: ((disk['got'] as number[] | undefined) ?? []).length };
  },
  onMessage(state, from, msg, ctx) {
    state.got++;
    ctx.disk({ op: 'append', key: 'got', items: [from] });
    const r = ctx.rng.int(10);
    if (r === 0) ctx.setTimer('a', 0); // re-arm a timer that may be due in this very batch
    if (r === 1) ctx.cancelTimer('b'); // cancel a timer that may be due in this very batch
    if (r === 2) ctx.send(ctx.rng.pick(state.peers), { hop: (msg as { hop: number }).hop + 1 });
    if (r === 3 && ctx.rng.chance(1, 20)) ctx.exit(); // later events of the batch must not run
    if (r === 4) ctx.record({ type: 'heard', from, got: state.got });
  },
  onTimer(state, id, ctx) {
    for (const p of state.peers) if (ctx.rng.chance(1, 2)) ctx.send(p, { hop: 0, from: id });
    if (id === 'c') {
      if (ctx.rng.chance(1, 3)) ctx.setTimer('c', 0); // a chain of zero-delay timers
      return;
    }
    ctx.setTimer(id, ctx.rng.int(4));
    if (ctx.rng.chance(1, 4)) ctx.setTimer(id === 'a' ? 'b' : 'a', 0);
    if (ctx.rng.chance(1, 5)) ctx.setTimer('c', 0);
  },
  onCommand(state, command, ctx) {
    ctx.record({ type: 'command', command, got: state.got });
    if ((command as { exit?: boolean }).exit) ctx.exit();
  },
  view: (s) => ({ got: s.got }),
};

const behaviors: Record<string, AnyNodeBehavior> = { chaos };

function chaosWorld(seed: number): World {
  const rng = Rng.from(seed, 'test');
  const ids = Array.from({ length: rng.range(2, 5) }, (_, i) => `n${i + 1}`);
  const world = new World({
    seed,
    // latency > 1 ms gives batches that span several instants (the lookahead)
    network: { latencyMs: rng.range(1, 4), jitterMs: rng.int(3), dropNum: rng.int(2), dropDen: 20 },
    behaviors,
  });
  for (const id of ids) {
    world.addNode({ id, kind: 'chaos', config: { peers: ids.filter((p) => p !== id) } });
    world.schedule(0, { type: 'start', node: id });
  }
  for (let i = 0; i < 15; i++) {
    const at = rng.range(0, 300);
    const node = rng.pick(ids);
    const f = rng.int(6);
    const action: WorldAction =
      f === 0
        ? { type: 'crash', node }
        : f === 1
          ? { type: 'restart', node }
          : f === 2
            ? { type: 'command', node, command: { n: i, exit: rng.chance(1, 3) } }
            : f === 3
              ? { type: 'net', op: { op: 'partition', groups: [[node], ids.filter((x) => x !== node)] } }
              : f === 4
                ? { type: 'net', op: { op: 'heal' } }
                : { type: 'start', node };
    world.schedule(at, action);
  }
  return world;
}

function pingWorld(ids: string[]): World {
  const world = new World({
    seed: 9,
    network: { latencyMs: 2, jitterMs: 1, dropNum: 0, dropDen: 1 },
    behaviors: RUNTIME_BEHAVIORS,
  });
  for (const id of ids) {
    const config = { peers: ids.filter((p) => p !== id), intervalMs: 5, intervalJitterMs: 0 };
    world.addNode({ id, kind: 'pinger', config });
    world.schedule(0, { type: 'start', node: id });
  }
  return world;
}

const workersInUse: ChannelWorkers[] = [];
const engines: Engine[] = [];
const runtimes: Runtime[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.dispose();
  for (const r of runtimes.splice(0)) r.dispose();
  workersInUse.length = 0;
});

function workerEngine(world: World, registry = behaviors): { engine: WorkerEngine; workers: ChannelWorkers } {
  const workers = channelWorkers(registry);
  workersInUse.push(workers);
  const engine = new WorkerEngine(world, workers.spawn);
  engines.push(engine);
  return { engine, workers };
}

function journalOf(world: World): JournalEntry[] {
  const out: JournalEntry[] = [];
  world.onJournal((e) => out.push(e));
  return out;
}

const quick = (): Scenario => {
  const r = validateScenario(quickstart);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.scenario;
};

describe('the worker path', () => {
  it('gives the in-process trace for worlds full of crashes, exits, zero-delay and re-armed timers', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const reference = chaosWorld(seed);
      const refJournal = journalOf(reference);
      reference.runUntil(300);
      const hosted = chaosWorld(seed);
      const journal = journalOf(hosted);
      const { engine } = workerEngine(hosted);
      await engine.advance(300, () => false);
      expect(hosted.traceHash(), `seed ${seed}`).toBe(reference.traceHash());
      expect(journal.length, `seed ${seed}`).toBe(refJournal.length);
      expect(hosted.steps).toBe(reference.steps);
      expect(hosted.now).toBe(300);
      engine.dispose();
    }
  }, 60_000);

  it('exercises what it claims: exits, zero-delay timers and same-instant batches happen', async () => {
    const w = chaosWorld(3);
    const journal = journalOf(w);
    w.runUntil(300);
    const crashes = journal.filter((e) => e.kind === 'crash').length;
    const zeroDelay = journal.filter((e, i) => e.kind === 'timer' && journal[i - 1]?.time === e.time).length;
    expect(crashes).toBeGreaterThan(0);
    expect(zeroDelay).toBeGreaterThan(10);
  });

  it('runs the quickstart scenario to the CLI’s trace hash, one worker per broker and the coordinator', async () => {
    const scenario = quick();
    const cli = runScenario(scenario);
    const model = scenarioModel(scenario);
    const { engine, workers } = workerEngine(model.world, RUNTIME_BEHAVIORS);
    await engine.advance(model.until, () => false);
    expect(model.world.traceHash()).toBe(cli.traceHash);
    await engine.refreshStates();
    expect(model.sim.result()).toEqual(cli);
    // broker-2 was killed at 3 s and restarted at 30 s: its first worker ended and a second one started
    expect(workers.started.filter((n) => n === 'broker-2')).toHaveLength(2);
    expect(workers.running()).toEqual(['broker-1', 'broker-2', 'broker-3', 'clients', 'zk']);
  });

  it('runs the kafka-load cluster (5 brokers under produce and consume load) to the in-process trace', async () => {
    const source = fixtureSource('kafka-load');
    if (!source || !('scenario' in source)) throw new Error('kafka-load is a scenario');
    const until = 2_500; // the group is formed and both producers are producing by then
    const reference = runScenario(source.scenario, { until });
    const model = scenarioModel(source.scenario);
    const { engine, workers } = workerEngine(model.world, RUNTIME_BEHAVIORS);
    await engine.advance(until, () => false);
    expect(model.world.traceHash()).toBe(reference.traceHash);
    await engine.refreshStates();
    const result = model.sim.result();
    expect(result.producers.every((p) => p.acked.length > 0)).toBe(true);
    expect(result.consumers.some((c) => c.consumed.length > 0)).toBe(true);
    expect(workers.running()).toEqual([
      'broker-1',
      'broker-2',
      'broker-3',
      'broker-4',
      'broker-5',
      'clients',
      'zk',
    ]);
  }, 30_000);

  it('runs tick-cluster (the benchmark floor: timers and disk writes, no messages) to the in-process trace', async () => {
    const reference = buildFixture('tick-cluster').world;
    reference.runUntil(300);
    const world = buildFixture('tick-cluster').world;
    const kinds = new Set<string>();
    world.onJournal((e) => kinds.add(e.kind));
    const { engine, workers } = workerEngine(world, RUNTIME_BEHAVIORS);
    await engine.advance(300, () => false);
    expect(world.traceHash()).toBe(reference.traceHash());
    expect(kinds.has('send')).toBe(false);
    expect(world.steps).toBeGreaterThan(6 * 290); // every node ticked about once per ms
    expect(workers.running()).toEqual(['broker-1', 'broker-2', 'broker-3', 'broker-4', 'broker-5', 'zk']);
  });

  it('asks a worker for views only when its nodes ran, and gets only those that changed', async () => {
    const world = pingWorld(['n1', 'n2']);
    world.schedule(20, { type: 'crash', node: 'n2' });
    const { engine } = workerEngine(world, RUNTIME_BEHAVIORS);
    await engine.advance(10, () => false);
    await engine.refreshViews();
    const n1 = world.view('n1') as { sent: number };
    expect(n1.sent).toBeGreaterThan(0);
    await engine.refreshViews(); // nothing ran: the same views, without asking
    expect(world.view('n1')).toEqual(n1);
    await engine.advance(30, () => false);
    await engine.refreshViews();
    expect((world.view('n1') as { sent: number }).sent).toBeGreaterThan(n1.sent);
    expect(world.view('n2')).toBeNull(); // crashed: no worker, no view
  });

  it('terminates a killed node’s worker and restarts it from the disk the host kept', async () => {
    const world = pingWorld(['n1', 'n2']);
    world.schedule(100, { type: 'crash', node: 'n2' });
    world.schedule(150, { type: 'restart', node: 'n2' });
    const { engine, workers } = workerEngine(world, RUNTIME_BEHAVIORS);
    await engine.advance(120, () => false);
    expect(workers.running()).toEqual(['n1']);
    const sentOnDisk = world.nodes['n2']!.disk['sent'] as number;
    expect(sentOnDisk).toBeGreaterThan(0);
    await engine.advance(150, () => false);
    expect(workers.running()).toEqual(['n1', 'n2']);
    expect(workers.started).toEqual(['n1', 'n2', 'n2']);
    await engine.refreshViews();
    expect(world.view('n2')).toEqual({ sent: sentOnDisk, received: 0 }); // disk recovered, memory fresh
  });

  it('reports the node that throws, with its error, and keeps the world at a clean instant', async () => {
    const world = new World({
      seed: 1,
      network: { latencyMs: 2, jitterMs: 0, dropNum: 0, dropDen: 1 },
      behaviors: RUNTIME_BEHAVIORS,
    });
    world.addNode({
      id: 'ok',
      kind: 'pinger',
      config: { peers: ['bad'], intervalMs: 10, intervalJitterMs: 0 },
    });
    world.addNode({
      id: 'bad',
      kind: 'faulty',
      config: { peers: ['ok'], intervalMs: 10, intervalJitterMs: 0, failAtMs: 50 },
    });
    world.schedule(0, { type: 'start', node: 'ok' });
    world.schedule(0, { type: 'start', node: 'bad' });
    const { engine } = workerEngine(world, RUNTIME_BEHAVIORS);
    const err = await engine.advance(100, () => false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeFailedError);
    expect((err as NodeFailedError).node).toBe('bad');
    expect((err as NodeFailedError).reason).toMatch(/simulated fault at 50 ms/);
    expect(world.nextTime()).toBeLessThanOrEqual(50); // the failed batch is still due
    expect(world.now).toBeLessThan(50);
  });

  it('reports a worker that dies on its own', async () => {
    const world = pingWorld(['n1', 'n2']);
    const { engine, workers } = workerEngine(world, RUNTIME_BEHAVIORS);
    await engine.advance(10, () => false);
    workers.kill('n1', 'out of memory');
    const err = await engine.advance(300, () => false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeFailedError);
    expect((err as NodeFailedError).node).toBe('n1');
    expect((err as NodeFailedError).reason).toMatch(/out of memory/);
  });

  it('checkpoints to plain data and restores to the same future', async () => {
    const reference = chaosWorld(11);
    reference.runUntil(300);
    const world = chaosWorld(11);
    const { engine } = workerEngine(world);
    await engine.advance(120, () => false);
    const cp = await engine.checkpoint();
    expect(JSON.parse(JSON.stringify(cp))).toEqual(cp); // plain data
    await engine.advance(300, () => false);
    expect(world.traceHash()).toBe(reference.traceHash());
    engine.restore(cp); // back to 120, then forward again: in-process, then in the workers
    await engine.advance(200, () => false);
    await engine.settle();
    await engine.advance(300, () => false);
    expect(world.traceHash()).toBe(reference.traceHash());
  });
});

describe('the runtime', () => {
  const frame = (cb: () => void) => void setTimeout(cb, 0);
  async function runtimeFor(mode: 'workers' | 'in-process', scenario = quick()) {
    const workers = channelWorkers(RUNTIME_BEHAVIORS);
    const rt = await createRuntime(
      { scenario },
      { mode, spawnWorker: workers.spawn, frame, checkpointEveryMs: 5000 },
    );
    runtimes.push(rt);
    return { rt, workers };
  }

  it('gives the same trace in both modes, and after seeking back and forth', async () => {
    const cli = runScenario(quick());
    for (const mode of ['workers', 'in-process'] as const) {
      const { rt } = await runtimeFor(mode);
      await rt.runTo(20_000);
      await rt.seek(7_300);
      expect(rt.status().traceHash).toBe(runScenario(quick(), { until: 7_300 }).traceHash);
      await rt.seek(45_000);
      await rt.seek(12_000);
      await rt.runTo();
      expect(rt.status()).toMatchObject({ traceHash: cli.traceHash, now: 60_000, phase: 'done' });
      expect(await rt.result()).toEqual(cli);
    }
  }, 30_000);

  it('replays intents at their place after a seek, and forks history when acting in the past', async () => {
    const withKill = quick();
    const hashes: string[] = [];
    for (const mode of ['workers', 'in-process'] as const) {
      const { rt } = await runtimeFor(mode, withKill);
      await rt.runTo(10_000);
      await rt.act({ type: 'killBroker', broker: 1 });
      await rt.runTo(20_000);
      const live = rt.status().traceHash;
      await rt.seek(4_000);
      await rt.runTo(20_000);
      expect(rt.status().traceHash).toBe(live); // the kill replayed at 10 s
      await rt.seek(8_000);
      await rt.act({ type: 'killBroker', broker: 3 }); // a fork: the kill at 10 s is gone
      await rt.runTo(20_000);
      hashes.push(rt.status().traceHash);
      expect(rt.status().traceHash).not.toBe(live);
    }
    expect(hashes[0]).toBe(hashes[1]);
  }, 30_000);

  it('steps to the next instant with events, and pauses a node failure with its id', async () => {
    const workers = channelWorkers(RUNTIME_BEHAVIORS);
    const rt = await createRuntime(
      { fixture: 'faulty-node' },
      { mode: 'workers', spawnWorker: workers.spawn, frame },
    );
    runtimes.push(rt);
    await rt.step();
    expect(rt.status().now).toBe(0);
    expect(rt.status().workers).toEqual(['broker-1', 'broker-2', 'broker-3', 'zk']);
    await rt.step();
    expect(rt.status().now).toBeGreaterThan(0);
    await rt.runTo(1_000).catch(() => {});
    expect(rt.status()).toMatchObject({ phase: 'failed', failure: { node: 'broker-3' } });
    expect(rt.status().failure!.message).toMatch(/simulated fault at 500 ms/);
    await rt.seek(400); // going back clears the failure
    expect(rt.status()).toMatchObject({ phase: 'paused', failure: null, now: 400 });
  });

  it('publishes status, node diffs and journal entries through subscribe', async () => {
    const { rt } = await runtimeFor('workers');
    const updates: import('./runtime').RuntimeUpdate[] = [];
    rt.subscribe((u) => updates.push(u));
    await rt.runTo(2_000);
    await new Promise((r) => setTimeout(r, 20));
    const last = updates.at(-1)!;
    expect(last.status.now).toBe(2_000);
    const added = updates.flatMap((u) => u.nodes.added.map((n) => n.id));
    expect(added).toEqual(expect.arrayContaining(['zk', 'broker-1', 'broker-2', 'broker-3', 'admin']));
    expect(updates.some((u) => u.journal.some((e) => e.kind === 'deliver'))).toBe(true);
    expect(rt.nodes().find((n) => n.id === 'zk')?.view).not.toBeNull();
  });
});

// Keep the registries honest: the worker can run everything the simulation registers.
it('the worker registry includes every simulation behaviour', () => {
  for (const kind of Object.keys(BEHAVIORS)) expect(RUNTIME_BEHAVIORS[kind]).toBe(BEHAVIORS[kind]);
  expect(
    new InProcessEngine(
      new World({ seed: 1, network: { latencyMs: 1, jitterMs: 0, dropNum: 0, dropDen: 1 }, behaviors }),
    ).workers(),
  ).toEqual([]);
});
