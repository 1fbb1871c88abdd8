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
  await expect(page.getByRole('heading', { name: 'Kafka Playground' })).toBeVisible();
  await page.getByRole('button', { name: 'Run scenario' }).click();
  await expect(page.getByRole('status', { name: 'Trace hash' })).toHaveText(cli.traceHash);
  await expect(page.getByRole('list', { name: 'Brokers' }).getByRole('listitem')).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath('quickstart.png') });
});
