import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const tsx = join('node_modules', '.bin', 'tsx');
const sim = (...args: string[]) => spawnSync(tsx, ['src/cli/sim.ts', ...args], { encoding: 'utf8' });

describe('npm run sim', () => {
  it('prints one JSON result with --json, equal for equal runs', () => {
    const a = sim('src/scenario/builtins/quickstart.json', '--json', '--until', '5000');
    const b = sim('src/scenario/builtins/quickstart.json', '--json', '--until', '5000');
    expect(a.status).toBe(0);
    const ra = JSON.parse(a.stdout);
    expect(ra.time).toBe(5000);
    expect(ra.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(b.stdout).traceHash).toBe(ra.traceHash);
  });

  it('exits 2 with the error on stderr and nothing on stdout for an invalid scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        seed: 1,
        cluster: { brokers: 3 },
        actions: [{ at: 0, type: 'killBroker', broker: 7 }],
      }),
    );
    const r = sim(file, '--json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('actions[0].broker: no broker 7');
  });

  it('exits 2 for a missing file and for bad options', () => {
    const missing = sim('/no/such/file.json', '--json');
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('ENOENT');
    const badUntil = sim('src/scenario/builtins/quickstart.json', '--until', 'soon');
    expect(badUntil.status).toBe(2);
    expect(badUntil.stderr).toContain('--until');
  });
}, 60_000);
