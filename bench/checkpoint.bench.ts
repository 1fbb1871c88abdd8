// Checkpoint figures: what going back in time costs on a busy cluster (the playground's "busy" built-in:
// 5 brokers, 3 topics x 6 partitions, 3 producers at 500 records/s for two minutes, then idle), around a
// few instants of virtual time. At each, a checkpoint is taken every 7 s of virtual time (as the
// playground does while playing) and timed: the world's checkpoint and restore, the digest's and the
// checker's, next to a whole-structuredClone copy (how checkpoints were taken before they shared frozen
// data) timed in the same process, interleaved, since the machine is noisy. Retained bytes are what the
// kept checkpoints hold that nothing else does. Last, where a whole copy's time goes, by part.
// Run: npm run bench -- checkpoint
import { Simulation } from '../src/sim/runner/simulation';
import { validateScenario, type Scenario } from '../src/scenario/validate';
import { BUILTINS } from '../src/ui/data/builtins';
import { JournalDigest } from '../src/ui/data/digest';
import { loadChecker, saveChecker } from '../src/ui/data/checker-memory';
import type { World, WorldCheckpoint } from '../src/sim/net/world';

const AT_MS = [60_000, 300_000, 600_000];
const SAMPLES = 5;
const EVERY_MS = 7_000;

function heap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  gc();
  return process.memoryUsage().heapUsed;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const x = f();
  return [x, performance.now() - t0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function busyScenario(): Scenario {
  const r = validateScenario(BUILTINS.find((b) => b.id === 'busy')!.scenario);
  if (!r.ok) throw new Error(`busy scenario: ${r.errors.join('; ')}`);
  return r.scenario;
}

/** The whole world in one structuredClone, as World.checkpoint was before it shared frozen data. */
function wholeCopy(w: World): unknown {
  return structuredClone({ queue: w.queue.sorted(), network: w.network, nodes: w.nodes });
}

/** The checker's fields deep-copied in full (structuredClone stands for the former per-object copy). */
function wholeCheckerCopy(sim: Simulation): unknown {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sim.checker)) if (typeof v !== 'function') data[k] = v;
  return structuredClone(data);
}

/** Heap bytes held only by what `kept` holds, per item. */
function retainedPerItem(kept: unknown[]): number {
  const withKept = heap();
  const n = kept.length;
  kept.length = 0;
  return (withKept - heap()) / n;
}

/** ms of a whole structuredClone of each part of the world. */
function breakdown(w: World): string {
  const parts: [string, unknown][] = [['queue', w.queue.sorted()]];
  const kinds = new Map<string, unknown[]>();
  for (const slot of Object.values(w.nodes)) {
    const list = kinds.get(slot.spec.kind) ?? [];
    list.push(slot.state);
    kinds.set(slot.spec.kind, list);
  }
  for (const [k, v] of kinds) parts.push([`${k} memory`, v]);
  parts.push(['disks', Object.values(w.nodes).map((s) => s.disk)]);
  return parts.map(([name, v]) => `${name} ${timed(() => structuredClone(v))[1].toFixed(1)}`).join(', ');
}

const f = (x: number, width = 6) => x.toFixed(1).padStart(width);
const mb = (x: number) => (x / 1e6).toFixed(2).padStart(6);

export default function checkpointBench(): void {
  const sim = new Simulation(busyScenario());
  const digest = new JournalDigest();
  sim.world.onJournal(digest.listener);
  const w = sim.world;
  console.log(
    `medians of ${SAMPLES} checkpoints ${EVERY_MS / 1000} s apart; ms, and MB retained per checkpoint`,
  );
  console.log(
    'virtual   queue | world ckpt restore (whole copy) MB (whole) | checker ckpt restore (whole) MB (whole) | digest ckpt',
  );
  for (const at of AT_MS) {
    const t = { ckpt: [], restore: [], whole: [], cCkpt: [], cRestore: [], cWhole: [], dCkpt: [] } as Record<
      string,
      number[]
    >;
    const kept: { world: unknown[]; whole: unknown[]; checker: unknown[]; cWhole: unknown[] } = {
      world: [],
      whole: [],
      checker: [],
      cWhole: [],
    };
    for (let i = 0; i < SAMPLES; i++) {
      sim.runUntil(at + (i - SAMPLES + 1) * EVERY_MS);
      const hash = w.traceHash();
      const [cp, ckpt] = timed(() => w.checkpoint());
      const [whole, wholeMs] = timed(() => wholeCopy(w));
      const [, restore] = timed(() => w.restore(cp as WorldCheckpoint));
      if (w.traceHash() !== hash) throw new Error('restore changed the trace hash');
      const [mem, cCkpt] = timed(() => saveChecker(sim.checker));
      const [cWhole, cWholeMs] = timed(() => wholeCheckerCopy(sim));
      const [, cRestore] = timed(() => loadChecker(sim.checker, mem));
      const [, dCkpt] = timed(() => digest.checkpoint());
      kept.world.push(cp);
      kept.whole.push(whole);
      kept.checker.push(mem);
      kept.cWhole.push(cWhole);
      Object.entries({ ckpt, restore, whole: wholeMs, cCkpt, cRestore, cWhole: cWholeMs, dCkpt }).forEach(
        ([k, v]) => t[k]!.push(v),
      );
    }
    const m = (k: string) => median(t[k]!);
    const worldMb = retainedPerItem(kept.world);
    const wholeMb = retainedPerItem(kept.whole);
    const checkerMb = retainedPerItem(kept.checker);
    const cWholeMb = retainedPerItem(kept.cWhole);
    console.log(
      `${String(at / 1000).padStart(5)} s ${String(w.queue.size).padStart(7)} |     ${f(m('ckpt'))} ${f(m('restore'))}   (${f(m('whole'))}) ${mb(worldMb)} (${mb(wholeMb)}) |       ${f(m('cCkpt'))}  ${f(m('cRestore'))}  (${f(m('cWhole'))}) ${mb(checkerMb)} (${mb(cWholeMb)}) | ${f(m('dCkpt'), 5)}`,
    );
    console.log(`          whole structuredClone ms by part: ${breakdown(w)}`);
  }
}
