import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';

// The same scenario and seed give the same trace in the browser as in Node.
test('running the quickstart in the browser gives the CLI’s trace hash', async ({ page }) => {
  const cli = JSON.parse(
    execFileSync(
      'node_modules/.bin/tsx',
      ['src/cli/sim.ts', 'src/scenario/builtins/quickstart.json', '--json'],
      { encoding: 'utf8' },
    ),
  ) as { traceHash: string; time: number };
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Kafka Playground', level: 1 })).toBeVisible();
  const controls = page.getByRole('toolbar', { name: 'Simulation controls' });
  await controls.getByRole('button', { name: /Run to the scenario's end/ }).click();
  await expect(controls.getByRole('status', { name: 'Virtual time' })).toHaveText('1 min 0.0 s');
  await expect(controls.getByRole('status', { name: 'Trace fingerprint' })).toHaveText(cli.traceHash);
  await expect(page.getByRole('group', { name: /^Broker \d, rack/ })).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath('quickstart.png') });
});
