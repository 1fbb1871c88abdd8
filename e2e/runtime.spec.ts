import { expect, test } from '@playwright/test';
import { running, watchWorkers } from './watch-workers';
import { execFileSync } from 'node:child_process';

// The browser runtime: one Web Worker per broker and one for the coordinator (the clients share one),
// the same trace as the CLI, crashes that end a worker, restarts that start one from the kept disk, and
// a failing node reported by id without losing the page.

function cliHash(): string {
  const out = execFileSync(
    'node_modules/.bin/tsx',
    ['src/cli/sim.ts', 'src/scenario/builtins/quickstart.json', '--json'],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as { traceHash: string }).traceHash;
}

test('the quickstart in one worker per node gives the CLI’s trace hash, and so does in-process', async ({
  page,
}) => {
  const expected = cliHash();
  const workers = watchWorkers(page);
  // The developer panel (?dev=1), with the playground itself on the main thread so that every worker
  // seen here is the panel's.
  await page.goto('./?dev=1&engine=main');
  const panel = page.getByRole('region', { name: 'Runtime' });
  await expect(panel.getByRole('radio', { name: 'Web Workers (one per node)' })).toBeChecked();
  await panel.getByRole('button', { name: 'Run scenario' }).click();
  await expect(panel.getByRole('status', { name: 'Trace hash' })).toHaveText(expected, { timeout: 30_000 });
  await expect(panel.getByRole('status', { name: 'Runtime status' })).toHaveText('done');
  // broker-2 was killed at 3 s and restarted at 30 s by the scenario: two workers, the first ended.
  await expect.poll(() => running(workers)).toEqual(['broker-1', 'broker-2', 'broker-3', 'clients', 'zk']);
  expect(workers.filter((w) => w.name === 'broker-2').map((w) => w.closed)).toEqual([true, false]);

  await panel.getByRole('radio', { name: 'In-process' }).check();
  await expect.poll(() => running(workers)).toEqual([]); // the worker runtime was disposed
  await panel.getByRole('button', { name: 'Run scenario' }).click();
  await expect(panel.getByRole('status', { name: 'Trace hash' })).toHaveText(expected, { timeout: 30_000 });
  expect(running(workers)).toEqual([]);
});

test('killing a broker ends its worker; restarting starts a new one that recovers its disk', async ({
  page,
}) => {
  const workers = watchWorkers(page);
  await page.goto('./?fixture=ping-cluster');
  const step = page.getByRole('button', { name: 'Step' });
  for (let i = 0; i < 4; i++) await step.click();
  await expect
    .poll(() => running(workers))
    .toEqual(['broker-1', 'broker-2', 'broker-3', 'broker-4', 'broker-5', 'zk']);
  const broker2 = page.getByRole('listitem', { name: 'broker-2' });
  await expect(broker2).toContainText('alive, incarnation 1, disk [sent]');
  const sent = Number(/"sent":(\d+)/.exec((await broker2.textContent()) ?? '')?.[1]);
  expect(sent).toBeGreaterThan(0);

  await broker2.getByRole('button', { name: 'Kill broker-2' }).click();
  await step.click();
  await expect(broker2).toContainText('down');
  await expect.poll(() => running(workers)).not.toContain('broker-2');

  await broker2.getByRole('button', { name: 'Restart broker-2' }).click();
  await step.click();
  await expect(broker2).toContainText('alive, incarnation 2');
  // A fresh process: memory empty (nothing received), the ping count read back from its disk.
  await expect(broker2).toContainText(`{"sent":${sent},"received":0}`);
  await expect
    .poll(() => workers.filter((w) => w.name === 'broker-2').map((w) => w.closed))
    .toEqual([true, false]);
});

test('a node that throws is reported by id and error, and the page stays usable', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?fixture=faulty-node');
  await page.getByRole('button', { name: 'Run scenario' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Node broker-3 failed');
  await expect(alert).toContainText('simulated fault at 500 ms');
  await expect(page.getByRole('status', { name: 'Runtime status' })).toHaveText('failed');
  await expect(page.getByRole('button', { name: 'Step' })).toBeDisabled();
  await expect(page.getByRole('heading', { name: 'Kafka Playground' })).toBeVisible();

  // Going back in time clears the failure, and the simulation runs again up to the fault.
  await page.getByRole('slider', { name: 'Seek' }).fill('400');
  await expect(page.getByRole('status', { name: 'Virtual time' })).toHaveText('400 ms');
  await expect(alert).toHaveCount(0);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByRole('status', { name: 'Runtime status' })).toHaveText('paused');
  expect(errors).toEqual([]);
});

test('the kafka-load cluster runs with one worker per broker, and an unknown fixture is named', async ({
  page,
}) => {
  const workers = watchWorkers(page);
  await page.goto('./?dev=1&fixture=kafka-load');
  const panel = page.getByRole('region', { name: 'Runtime' });
  await panel.getByRole('combobox', { name: 'Speed' }).selectOption({ label: 'As fast as possible' });
  await panel.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(() => running(workers))
    .toEqual(['broker-1', 'broker-2', 'broker-3', 'broker-4', 'broker-5', 'clients', 'zk']);
  await expect
    .poll(async () => Number(await panel.getByRole('status', { name: 'Events' }).textContent()))
    .toBeGreaterThan(1000);
  await panel.getByRole('button', { name: 'Pause' }).click();
  await expect(panel.getByRole('list', { name: 'Brokers' }).getByRole('listitem')).toHaveCount(5);

  await page.goto('./?dev=1&fixture=no-such-load');
  await expect(page.getByRole('alert')).toHaveText('There is no fixture named no-such-load.');
});
