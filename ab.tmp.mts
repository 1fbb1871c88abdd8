import { chromium, type Page } from '@playwright/test';
// @ts-expect-error
import { CHROMIUM_ARGS, findChromium } from '/work/main/scripts/chromium.mjs';
const exe = findChromium();
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: CHROMIUM_ARGS });
const fixture = process.argv[2] ?? 'kafka-load';
const mode = process.argv[3] ?? 'Web Workers (one per node)';
const rounds = Number(process.argv[4] ?? 4);
async function measure(base: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(`${base}?dev=1&fixture=${fixture}`);
  const p = page.getByRole('region', { name: 'Runtime' });
  await p.getByRole('button', { name: 'Play' }).waitFor();
  const other = mode.startsWith('Web') ? 'In-process' : 'Web Workers (one per node)';
  await p.getByRole('radio', { name: other }).check();
  await p.getByRole('radio', { name: mode }).check();
  await p.getByRole('status', { name: 'Virtual time' }).filter({ hasText: /^0 ms$/ }).waitFor();
  await p.getByRole('slider', { name: 'Seek' }).fill(String(fixture === 'kafka-load' ? 5000 : 1000));
  await p.getByRole('status', { name: 'Virtual time' }).filter({ hasText: fixture === 'kafka-load' ? /^5000 ms$/ : /^1000 ms$/ }).waitFor({ timeout: 600000 });
  await p.getByRole('combobox', { name: 'Speed' }).selectOption({ label: 'As fast as possible' });
  await p.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500);
  const read = async () => ({ t: parseInt((await p.getByRole('status', { name: 'Virtual time' }).textContent()) ?? '', 10), at: performance.now() });
  const a = await read();
  await page.waitForTimeout(4000);
  const b = await read();
  await page.close();
  return ((b.t - a.t) / (b.at - a.at)) * 1000;
}
const A: number[] = [], B: number[] = [];
for (let r = 0; r < rounds; r++) {
  if (r % 2 === 0) { A.push(await measure('http://127.0.0.1:4381/a/')); B.push(await measure('http://127.0.0.1:4382/b/')); }
  else { B.push(await measure('http://127.0.0.1:4382/b/')); A.push(await measure('http://127.0.0.1:4381/a/')); }
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
console.log(`${fixture} ${mode}: A ${A.map(Math.round).join(' ')} (median ${Math.round(med(A))}) | B ${B.map(Math.round).join(' ')} (median ${Math.round(med(B))})`);
await browser.close();
