import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
const port = 4777;
const server = spawn(process.execPath, ['scripts/serve-dist.mjs', String(port), '/'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  await page.goto(`http://127.0.0.1:${port}/${process.argv[2] ?? ''}`);
  await page.waitForTimeout(Number(process.argv[3] ?? 4000));
  await page.screenshot({ path: `/tmp/shots/${process.argv[4] ?? 'a'}.png`, fullPage: process.argv[5] === 'full' });
  console.log('errors:', errors);
} finally {
  await browser.close();
  server.kill();
}
