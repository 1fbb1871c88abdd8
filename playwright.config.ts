import { defineConfig } from '@playwright/test';
// @ts-expect-error: a plain ESM helper shared with scripts/test.mjs
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const executablePath: string | undefined = findChromium() ?? undefined;
const PORT = Number(process.env.E2E_PORT ?? 4317);

// End-to-end tests run against the built site (npm run build first), served from a subfolder, as a
// static host would: /kafka-playground/ proves dist/ works wherever it is published.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? '.test-output/playwright.json' }],
  ],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/kafka-playground/`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    video: 'off',
    launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `node scripts/serve-dist.mjs ${PORT} /kafka-playground/`,
    url: `http://127.0.0.1:${PORT}/kafka-playground/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
