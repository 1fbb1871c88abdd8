export {};
// npm run bench: every benchmark prints its own figures. Benchmarks measure; tests never time anything.
// Run one: npm run bench -- kernel
const all: Record<string, () => Promise<{ default: () => void | Promise<void> }>> = {
  kernel: () => import('./kernel.bench'),
  assignor: () => import('./assignor.bench'),
  browser: () => import('./browser.bench'),
  ui: () => import('./ui.bench'),
  log: () => import('./log.bench'),
  e2e: () => import('./e2e.bench'),
  checkpoint: () => import('./checkpoint.bench'),
};

const only = process.argv.slice(2);
for (const [name, load] of Object.entries(all)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n# ${name}`);
  const mod = await load();
  await mod.default();
}
