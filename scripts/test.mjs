#!/usr/bin/env node
// npm test: typecheck, lint, unit tests, production build, then Playwright end-to-end tests against the
// built site in headless Chromium. Prints one closing line `N passed, N failed` and exits non-zero on any
// failure. Each check (typecheck, lint, build) counts as one test; unit and e2e tests count one by one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './chromium.mjs';

const out = '.test-output';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const bin = (name) => join('node_modules', '.bin', name);

check('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
check('lint', bin('eslint'), ['.']);
check('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);

// Unit tests: counted from Vitest's JSON report.
const unitReport = join(out, 'vitest.json');
const unitOk = run('unit tests', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${unitReport}`,
]);
const unit = readJson(unitReport);
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  if (unit.numFailedTests > 0) failures.push(`${unit.numFailedTests} unit tests`);
  if (!unitOk && unit.numFailedTests === 0) {
    failed++;
    failures.push('unit test run (a suite failed to load)');
  }
} else {
  failed++;
  failures.push('unit tests (no report)');
}

const built = run('build', bin('vite'), ['build', '--logLevel', 'warn']);
if (built) passed++;
else {
  failed++;
  failures.push('build');
}

// End-to-end: never skipped silently. Without a browser, the run fails and says how to get one.
const chromium = findChromium();
if (!chromium) {
  failed++;
  failures.push('e2e (no Chromium)');
  process.stderr.write(
    '\nNo Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`),\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary, then run `npm test` again.\n',
  );
} else if (!built) {
  failed++;
  failures.push('e2e (the build failed)');
} else {
  const e2eReport = join(out, 'playwright.json');
  const e2eOk = run('e2e', bin('playwright'), ['test'], {
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
  });
  const e2e = readJson(e2eReport);
  if (e2e?.stats) {
    const ok = e2e.stats.expected + e2e.stats.flaky;
    const bad = e2e.stats.unexpected;
    passed += ok;
    failed += bad;
    if (bad > 0) failures.push(`${bad} e2e tests`);
    if (!e2eOk && bad === 0) {
      failed++;
      failures.push('e2e run');
    }
  } else {
    failed++;
    failures.push('e2e (no report)');
  }
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || !existsSync('dist') ? 1 : 0);
