#!/usr/bin/env node
// Refreshes docs/screenshot.png from the built site: npm run build && node scripts/screenshot.mjs
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';

const port = 4399;
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(port), '/'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/${process.argv[2] ?? ''}`);
  await page
    .getByRole('button', { name: 'Run scenario' })
    .click()
    .catch(() => {});
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('wrote docs/screenshot.png');
} finally {
  await browser.close();
  server.kill();
}
