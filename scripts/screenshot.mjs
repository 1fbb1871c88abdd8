#!/usr/bin/env node
// Refreshes docs/screenshot.png from the built site: npm run build && node scripts/screenshot.mjs
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

// A port of its own, so that another server (a test run, a benchmark) is never photographed instead.
const port = Number(process.env.SCREENSHOT_PORT ?? 4500 + Math.floor(Math.random() * 400));
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(port), '/'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/${process.argv[2] ?? ''}`);
  // The quickstart plays on load: a few seconds in, broker 2 has been killed and orders keep flowing.
  await page.waitForTimeout(5200);
  await page
    .getByRole('toolbar', { name: 'Simulation controls' })
    .getByRole('button', { name: 'Pause' })
    .click()
    .catch(() => {});
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  server.kill();
}
