import { fixtureSource } from './src/runtime/fixtures';
import { scenarioModel } from './src/runtime/model';
import { WorkerEngine } from './src/runtime/engine';
import { RUNTIME_BEHAVIORS } from './src/runtime/registry';
import { createNodeWorkerApi } from './src/runtime/worker-api';
import { connectNodeWorker, serveNodeWorker } from './src/runtime/worker-protocol';
const T = new Map<string, number>();
const acc = (k: string, t0: number) => T.set(k, (T.get(k) ?? 0) + performance.now() - t0);
const withViews = process.argv.includes('views');
const spawn = (name: string) => {
  const { port1, port2 } = new MessageChannel();
  const real = createNodeWorkerApi(RUNTIME_BEHAVIORS);
  const wrapped = { ...real, run(b: any) {
    let t0 = performance.now();
    const r: any = real.run({ ...b, views: false });
    acc('worker run ' + name.replace(/-\d+$/, ''), t0);
    if (withViews) { t0 = performance.now(); real.views(Object.keys(b.work)); acc('worker views', t0); }
    return r;
  } };
  serveNodeWorker(wrapped, port1);
  const client = connectNodeWorker(port2);
  return { name, api: client, terminate() { client.close(); port1.close(); port2.close(); }, onDeath() {} };
};
const source = fixtureSource('kafka-load') as any;
const model = scenarioModel(source.scenario);
const w = model.world;
const plan0 = w.planBatch.bind(w); let plans = 0;
(w as any).planBatch = (u: number) => { const t0 = performance.now(); const p = plan0(u); acc('main plan', t0); if (p) plans++; return p; };
const merge0 = w.mergeBatch.bind(w);
(w as any).mergeBatch = (p: any, r: any) => { const t0 = performance.now(); merge0(p, r); acc('main merge', t0); };
const engine = new WorkerEngine(w, spawn as any);
await engine.advance(3000, () => false);
T.clear(); plans = 0;
const t0 = performance.now();
await engine.advance(5000, () => false);
const total = performance.now() - t0;
console.log(`plans ${plans}, wall per plan ${(1000 * total / plans).toFixed(0)}us (all in one thread)`);
for (const [k, v] of [...T].sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${(1000 * v / plans).toFixed(0)}us per plan`);
// in-process reference
const m2 = scenarioModel(source.scenario);
m2.world.runUntil(3000);
const t1 = performance.now();
m2.world.runUntil(5000);
console.log(`in-process: ${(1000 * (performance.now() - t1) / plans).toFixed(0)}us per plan-equivalent`);
process.exit(0);
