// Playground UI figures, measured on the built site in headless Chromium as a person would use it:
// frames per second with 5 brokers, 3 topics of 6 partitions and 500 records/s (the "busy" built-in)
// at 1x with animation (target: median >= 50 fps) and at 100x (>= 30 fps); the initial JavaScript size
// (target <= 300 KB gzip); and the time until a shared scenario (a #scenario= link) is first drawn
// (target < 1.5 s on localhost). Builds dist/ first if it is missing. Frame rates and how fast the
// simulation goes at 100x are measured with nodes in Web Workers (the default) and on the main thread,
// with the longest frame of each window (a checkpoint taken in one frame shows there as a hitch) and the
// checkpoints the page took (the "checkpoint" performance measures): how many, their median and longest.
// The port is BENCH_PORT (default 4393).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
// @ts-expect-error: a plain ESM helper shared with the Playwright config
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import quickstart from '../src/scenario/builtins/quickstart.json';

const PORT = Number(process.env.BENCH_PORT ?? 4393);
const BASE = `http://127.0.0.1:${PORT}/kp-ui/`;

/**
 * Frames per second over one-second windows, counted by requestAnimationFrame in the page, and the
 * longest interval between two frames.
 */
async function fps(page: Page, seconds: number): Promise<{ fps: number[]; worstMs: number }> {
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const out = [];
    let frames = 0;
    let worstMs = 0;
    let start = performance.now();
    let last = start;
    const tick = (t) => {
      frames++;
      worstMs = Math.max(worstMs, t - last);
      last = t;
      if (t - start >= 1000) {
        out.push((frames * 1000) / (t - start));
        frames = 0;
        start = t;
      }
      if (out.length < ${seconds}) requestAnimationFrame(tick);
      else resolve({ fps: out, worstMs });
    };
    requestAnimationFrame(tick);
  })`);
}

/** The checkpoints the page took so far (their performance measures), and forgets them. */
async function checkpoints(page: Page): Promise<string> {
  const ms = (await page.evaluate(`(() => {
    const d = performance.getEntriesByName('checkpoint').map((e) => e.duration);
    performance.clearMeasures('checkpoint');
    return d;
  })()`)) as number[];
  if (!ms.length) return 'no checkpoint';
  return `${ms.length} checkpoints, median ${median(ms).toFixed(1)} ms, longest ${Math.max(...ms).toFixed(1)} ms`;
}

/** The virtual time the page shows (the driver's latest snapshot). */
async function virtualMs(page: Page): Promise<number> {
  return (await page.evaluate('window.__playground.snapshot()?.time ?? 0')) as number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function initialJsGzipKb(): number {
  const html = readFileSync('dist/index.html', 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join('dist', f))).length, 0);
  return bytes / 1024;
}

function shareHash(): string {
  const json = JSON.stringify(quickstart);
  return `scenario=${Buffer.from(json).toString('base64url')}`;
}

export default async function bench(): Promise<void> {
  if (!existsSync('dist/index.html')) spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(PORT), '/kp-ui/'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
  try {
    // Both engines, interleaved (the machine is shared: compare within one run).
    for (const engine of ['workers', 'main', 'workers', 'main'] as const) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${BASE}${engine === 'main' ? '?engine=main' : ''}#builtin=busy`);
      const controls = page.getByRole('toolbar', { name: 'Simulation controls' });
      await controls.getByRole('button', { name: 'Speed 1x' }).click();
      await page.waitForTimeout(3000); // the cluster starts and the producers get going
      await checkpoints(page);
      const at1 = await fps(page, 6);
      const cp1 = await checkpoints(page);
      await controls.getByRole('button', { name: 'Speed 100x' }).click();
      await page.waitForTimeout(1000);
      await checkpoints(page);
      const v0 = await virtualMs(page);
      const w0 = Date.now();
      const at100 = await fps(page, 6);
      const perWall = ((await virtualMs(page)) - v0) / (Date.now() - w0);
      const cp100 = await checkpoints(page);
      const behind = await controls.getByText('running as fast as it can').count();
      const name = engine === 'main' ? 'main thread' : 'Web Workers';
      console.log(
        `${name}: fps at 1x (5 brokers, 3 x 6 partitions, 500 records/s): median ${median(at1.fps).toFixed(1)} [${at1.fps.map((x) => x.toFixed(0)).join(' ')}] (target >= 50); longest frame ${at1.worstMs.toFixed(0)} ms; ${cp1}`,
      );
      console.log(
        `${name}: fps at 100x: median ${median(at100.fps).toFixed(1)} [${at100.fps.map((x) => x.toFixed(0)).join(' ')}] (target >= 30)${behind ? ', simulation slower than 100x' : ''}; longest frame ${at100.worstMs.toFixed(0)} ms; ${cp100}; ${perWall.toFixed(1)} virtual ms per wall ms`,
      );
      await page.close();
    }

    console.log(`initial JavaScript: ${initialJsGzipKb().toFixed(1)} KB gzip (target <= 300)`);

    const shared = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await shared.goto(`${BASE}#${shareHash()}`);
    await shared.getByRole('group', { name: /^Broker 1, / }).waitFor();
    const drawnMs = (await shared.evaluate('performance.now()')) as number;
    console.log(`shared scenario first drawn after ${drawnMs.toFixed(0)} ms (target < 1500)`);
  } finally {
    await browser.close();
    server.kill();
  }
}
