import { expect, test, type Page } from '@playwright/test';
import { running, watchWorkers } from './watch-workers';

// The playground itself runs on the runtime: each broker and the ZooKeeper coordinator in a Web Worker
// of its own (the clients share one), talking only through the simulated network on the main thread.
// Killing a broker ends its worker; restarting it starts a new one, which recovers the log from disk.
// A worker that dies is named, the run pauses, and going back goes on. The main thread stays a choice.

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Simulation controls' });
const actions = (page: Page) => page.getByRole('complementary', { name: 'Health and actions' });
const nodeWorkers = (page: Page) => page.getByRole('status', { name: 'Node workers' });
const ALL = ['broker-1', 'broker-2', 'broker-3', 'clients', 'zk'];

async function openEmptyCluster(page: Page) {
  await page.goto('./#builtin=empty');
  await expect(
    page.getByRole('list', { name: 'Cluster health' }).getByRole('listitem', { name: /^Active controller:/ }),
  ).toHaveAccessibleName(/Active controller: broker \d/);
}

test('each broker and the coordinator run in a Web Worker of their own; the main thread is a choice', async ({
  page,
}) => {
  const workers = watchWorkers(page);
  await openEmptyCluster(page);
  await expect(nodeWorkers(page)).toHaveText(`5 Web Workers: ${ALL.join(', ')}`);
  await expect.poll(() => running(workers)).toEqual(ALL);
  expect(page.workers()).toHaveLength(5); // 3 brokers + the coordinator + the clients' shared worker

  const setting = page.getByRole('group', { name: 'Run nodes in' });
  await expect(setting.getByRole('radio', { name: 'Web Workers' })).toBeChecked();
  // Switching picks the run up where it was: the same virtual time, the same trace.
  await controls(page).getByRole('button', { name: 'Pause' }).click();
  const clock = controls(page).getByRole('status', { name: 'Virtual time' });
  const fingerprint = controls(page).getByRole('status', { name: 'Trace fingerprint' });
  const [time, trace] = [await clock.textContent(), await fingerprint.textContent()];
  await setting.getByRole('radio', { name: 'main thread' }).check();
  await expect(nodeWorkers(page)).toHaveText('Every node runs on the main thread.');
  await expect(clock).toHaveText(time!);
  await expect(fingerprint).toHaveText(trace!);
  await expect.poll(() => running(workers)).toEqual([]);
  expect(new URL(page.url()).searchParams.get('engine')).toBe('main');
  // The same cluster, on the main thread, with the choice kept in the address.
  await page.reload();
  await expect(setting.getByRole('radio', { name: 'main thread' })).toBeChecked();
  await expect(
    page.getByRole('list', { name: 'Cluster health' }).getByRole('listitem', { name: /^Active controller:/ }),
  ).toHaveAccessibleName(/Active controller: broker \d/);
  expect(page.workers()).toHaveLength(0);
});

test('killing a broker ends its worker; restarting starts a new one that recovers the log from disk', async ({
  page,
}) => {
  const workers = watchWorkers(page);
  await openEmptyCluster(page);
  await actions(page).getByRole('tab', { name: 'Topics' }).click();
  const topic = actions(page).getByRole('form', { name: 'Create a topic' });
  await topic.getByLabel('Topic name').fill('orders');
  await topic.getByLabel('Partitions').fill('1');
  await topic.getByLabel('Replication factor').fill('3');
  await topic.getByRole('button', { name: 'Create topic' }).click();
  await actions(page).getByRole('tab', { name: 'Produce' }).click();
  const produce = actions(page).getByRole('form', { name: 'Produce a record' });
  await produce.getByLabel('Topic').fill('orders');
  for (const value of ['a', 'b', 'c']) {
    await produce.getByLabel('Key', { exact: true }).fill('k');
    await produce.getByLabel('Value', { exact: true }).fill(value);
    await produce.getByRole('button', { name: 'Produce', exact: true }).click();
  }
  const sends = page.getByRole('table', { name: 'Recent sends' });
  await expect(sends.getByRole('row').filter({ hasText: /orders-0 @ offset 2/ })).toHaveCount(1, {
    timeout: 20_000,
  });

  // The inspector reads each replica's log from the worker its broker runs in.
  await page
    .getByRole('region', { name: 'Details' })
    .getByRole('tab', { name: 'Partition inspector' })
    .click();
  await page.getByRole('combobox', { name: 'Partition to inspect' }).selectOption({ label: 'orders-0' });
  const logs = page.getByRole('table', { name: 'Logs of orders-0 by replica' });
  const broker1 = logs.getByRole('columnheader', { name: /^Broker 1/ });
  await expect(broker1).toContainText('LEO 3', { timeout: 20_000 });
  await expect(logs.getByRole('row').filter({ hasText: /^2/ })).toContainText('c');

  await actions(page).getByRole('tab', { name: 'Brokers' }).click();
  await actions(page).getByRole('button', { name: 'Kill broker 1' }).click();
  await expect.poll(() => running(workers)).toEqual(ALL.filter((n) => n !== 'broker-1'));
  await expect(nodeWorkers(page)).toHaveText('4 Web Workers: broker-2, broker-3, clients, zk');
  await expect(broker1).toContainText('down: log on disk · LEO 3');

  await actions(page).getByRole('button', { name: 'Restart broker 1' }).click();
  await expect.poll(() => running(workers)).toEqual(ALL);
  expect(workers.filter((w) => w.name === 'broker-1').map((w) => w.closed)).toEqual([true, false]);
  // A fresh process, its log recovered from the disk it kept: read from the new worker's memory.
  await expect(broker1).not.toContainText('down', { timeout: 20_000 });
  await expect(broker1).toContainText('LEO 3');
  await page.screenshot({ path: test.info().outputPath('restarted-broker.png'), fullPage: true });
});

test('a broker whose worker dies is named, the run pauses, and going back goes on', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const workers = watchWorkers(page);
  await openEmptyCluster(page);
  await expect.poll(() => running(workers)).toEqual(ALL);
  const broker2 = workers.find((w) => w.name === 'broker-2' && !w.closed)!;
  // An error nothing catches, thrown in the worker outside any node's code: the worker is lost.
  await broker2.worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated crash');
    });
  });
  const alert = page.getByRole('alert').filter({ hasText: 'failed' });
  await expect(alert).toContainText('Node broker-2 failed');
  await expect(alert).toContainText('simulated crash');
  await expect(controls(page).getByRole('button', { name: 'Play' })).toBeVisible(); // paused
  // The rest of the page still works.
  await page.getByRole('region', { name: 'Details' }).getByRole('tab', { name: 'ZooKeeper' }).click();

  await alert.getByRole('button', { name: /^Go back to/ }).click();
  await expect(alert).toHaveCount(0);
  await controls(page).getByRole('button', { name: 'Play' }).click();
  const clock = controls(page).getByRole('status', { name: 'Virtual time' });
  const t0 = await clock.textContent();
  await expect(clock).not.toHaveText(t0!);
  await expect.poll(() => running(workers)).toEqual(ALL);
  expect(workers.filter((w) => w.name === 'broker-2').map((w) => w.closed)).toEqual([true, false]);
  expect(errors).toEqual([]);
});

test('switching where nodes run keeps the tour at its step and the partition being inspected', async ({
  page,
}) => {
  await page.goto('./#builtin=bootstrap');
  const tour = page.getByRole('region', { name: 'Guided tour' });
  await expect(tour).toContainText('Step 1 of 3');
  await tour.getByRole('button', { name: 'Continue →' }).click();
  await tour.getByRole('button', { name: 'Continue →' }).click(); // skip the wait
  await expect(tour.getByRole('heading', { name: 'Connection refused, next address' })).toBeVisible();
  const clock = controls(page).getByRole('status', { name: 'Virtual time' });
  await expect(clock).toHaveText(/^1\.50* s$/);
  await page
    .getByRole('region', { name: 'Details' })
    .getByRole('tab', { name: 'Partition inspector' })
    .click();
  const picker = page.getByRole('combobox', { name: 'Partition to inspect' });
  await picker.selectOption({ label: 'orders-0' });

  await page.getByRole('group', { name: 'Run nodes in' }).getByRole('radio', { name: 'main thread' }).check();
  await expect(nodeWorkers(page)).toHaveText('Every node runs on the main thread.');
  await expect(tour).toContainText('Step 2 of 3');
  await expect(tour.getByRole('heading', { name: 'Connection refused, next address' })).toBeVisible();
  await expect(clock).toHaveText(/^1\.50* s$/);
  await expect(picker.getByRole('option', { selected: true })).toHaveText('orders-0');
  // The tour goes on from its step, on the other engine.
  await tour.getByRole('button', { name: 'Continue →' }).click();
  await expect(tour.getByRole('heading', { name: 'Everything flows' })).toBeVisible({ timeout: 20_000 });
  await expect(clock).toHaveText(/^8\.00* s$/);
});
