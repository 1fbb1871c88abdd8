// Browser runtime figures, measured on the built site in headless Chromium, through the page as a user
// drives it: events delivered to nodes (messages, timers, commands) per wall second for a busy 5-broker
// cluster (the ping-cluster fixture: a coordinator and 5 brokers each pinging every other node every
// millisecond), with one Web Worker per node and in-process, in the same page; then how long seeking
// takes in a 10-minute virtual run. Targets: worker mode >= 1/4 of in-process throughput; every seek < 1 s.
import { spawn, spawnSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
// @ts-expect-error: a plain ESM helper shared with the Playwright config
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 4391);
const BASE = `http://127.0.0.1:${PORT}/kafka-playground/`;
const MEASURE_MS = 4000;
const WARMUP_MS = 1000;

async function eventsPerSecond(
  page: Page,
  mode: 'Web Workers (one per node)' | 'In-process',
): Promise<number> {
  await page.getByRole('radio', { name: mode }).check();
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  const read = async () => {
    const text = await page.getByRole('status', { name: 'Events' }).textContent();
    return { events: Number(text), at: performance.now() };
  };
  await page.waitForTimeout(WARMUP_MS);
  const a = await read();
  await page.waitForTimeout(MEASURE_MS);
  const b = await read();
  await page.getByRole('button', { name: 'Pause' }).click();
  return ((b.events - a.events) / (b.at - a.at)) * 1000;
}

async function seekTimes(page: Page): Promise<number[]> {
  const slider = page.getByRole('slider', { name: 'Seek' });
  const clock = page.getByRole('status', { name: 'Virtual time' });
  const seek = async (t: number) => {
    const t0 = performance.now();
    await slider.fill(String(t), { timeout: 600_000 });
    await clock.filter({ hasText: new RegExp(`^${t} ms$`) }).waitFor({ timeout: 600_000 });
    return performance.now() - t0;
  };
  const first = await seek(600_000); // simulates all 10 minutes once, taking checkpoints on the way
  console.log(`first pass to 10 min (simulating it all): ${(first / 1000).toFixed(1)} s`);
  const times: number[] = [];
  for (const t of [7_321, 599_999, 300_001, 4_999, 123_456, 454_545, 1, 599_000]) times.push(await seek(t));
  return times;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

export default async function browserBench(): Promise<void> {
  const built = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('vite build failed');
  const server = spawn('node', ['scripts/serve-dist.mjs', String(PORT), '/kafka-playground/'], {
    stdio: 'ignore',
  });
  const executablePath: string | null = findChromium();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    const open = async (fixture: string) => {
      for (let i = 0; ; i++) {
        try {
          return await page.goto(`${BASE}?fixture=${fixture}`);
        } catch (e) {
          if (i > 50) throw e;
          await new Promise((r) => setTimeout(r, 100)); // the server is still starting
        }
      }
    };
    const loads = [
      ['batch-cluster', 'every node sends every other a 16-record batch each ms, checked with CRC-32C'],
      ['ping-cluster', 'every node pings every other each ms: near-zero work per event'],
    ] as const;
    for (const [fixture, what] of loads) {
      await open(fixture);
      const inProcess = await eventsPerSecond(page, 'In-process');
      const workers = await eventsPerSecond(page, 'Web Workers (one per node)');
      const inProcessAgain = await eventsPerSecond(page, 'In-process');
      const reference = Math.max(inProcess, inProcessAgain);
      console.log(`${fixture}: 5 brokers + coordinator; ${what}. Max speed:`);
      console.log(`  in-process:          ${fmt(reference)} events/s`);
      console.log(`  one worker per node: ${fmt(workers)} events/s`);
      console.log(`  worker / in-process: ${(workers / reference).toFixed(2)} (target >= 0.25)`);
    }

    await page.getByRole('radio', { name: 'Web Workers (one per node)' }).check();
    await page.getByRole('button', { name: 'Play' }).waitFor();
    const seeks = await seekTimes(page);
    console.log(
      `seeks in a 10-minute run (worker mode): max ${fmt(Math.max(...seeks))} ms, ` +
        `median ${fmt(seeks.sort((a, b) => a - b)[seeks.length >> 1]!)} ms (target < 1000 ms)`,
    );
  } finally {
    await browser.close();
    server.kill();
  }
}
