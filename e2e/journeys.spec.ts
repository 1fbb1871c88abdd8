import { expect, test, type Page } from '@playwright/test';

// User journeys on the built playground: what a person does, and what they should notice.

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Simulation controls' });
const actions = (page: Page) => page.getByRole('complementary', { name: 'Health and actions' });
const health = (page: Page, label: string) =>
  page
    .getByRole('list', { name: 'Cluster health' })
    .getByRole('listitem', { name: new RegExp(`^${label}:`) });

async function openEmptyCluster(page: Page) {
  await page.goto('./#builtin=empty');
  await expect(health(page, 'Active controller')).toHaveAccessibleName(/Active controller: broker \d/);
}

async function actionTab(page: Page, name: string) {
  await actions(page).getByRole('tab', { name }).click();
}

async function detailsTab(page: Page, name: string) {
  await page.getByRole('region', { name: 'Details' }).getByRole('tab', { name }).click();
}

async function createTopic(page: Page, name: string, partitions: number, rf: number) {
  await actionTab(page, 'Topics');
  const form = actions(page).getByRole('form', { name: 'Create a topic' });
  await form.getByLabel('Topic name').fill(name);
  await form.getByLabel('Partitions').fill(String(partitions));
  await form.getByLabel('Replication factor').fill(String(rf));
  await form.getByRole('button', { name: 'Create topic' }).click();
  await detailsTab(page, 'Topics');
  await expect(page.getByRole('table', { name: `Partitions of ${name}` }).getByRole('row')).toHaveCount(
    partitions + 1,
  );
}

/** The cells of partition p's row in the topic table, by column name. */
async function partitionRow(page: Page, topic: string, p: number) {
  const row = page
    .getByRole('table', { name: `Partitions of ${topic}` })
    .getByRole('row')
    .nth(p + 1);
  const cells = row.getByRole('cell');
  return { row, leader: cells.nth(1), isr: cells.nth(3) };
}

test('create a topic and produce keyed records: the same key lands on the same partition', async ({
  page,
}) => {
  await openEmptyCluster(page);
  await actionTab(page, 'Topics');
  const form = actions(page).getByRole('form', { name: 'Create a topic' });
  // Kafka's own error, beside the field, and nothing is applied.
  await form.getByLabel('Topic name').fill('bad name!');
  await expect(form.getByText(/INVALID_TOPIC_EXCEPTION/)).toBeVisible();
  await form.getByLabel('Replication factor').fill('5');
  await form.getByLabel('Topic name').fill('payments');
  await form.getByRole('button', { name: 'Create topic' }).click();
  await expect(form.getByText(/INVALID_REPLICATION_FACTOR/)).toBeVisible();
  await createTopic(page, 'payments', 3, 3);

  await actionTab(page, 'Produce');
  const produce = actions(page).getByRole('form', { name: 'Produce a record' });
  await produce.getByLabel('Topic').fill('payments');
  for (const [key, value] of [
    ['user-42', 'a'],
    ['user-7', 'b'],
    ['user-42', 'c'],
    ['user-42', 'd'],
  ]) {
    await produce.getByLabel('Key', { exact: true }).fill(key!);
    await produce.getByLabel('Value', { exact: true }).fill(value!);
    await produce.getByRole('button', { name: 'Produce', exact: true }).click();
  }
  const sends = page.getByRole('table', { name: 'Recent sends' });
  const user42 = sends.getByRole('row').filter({ hasText: 'user-42' });
  await expect(user42).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(user42.nth(i)).toContainText(/payments-\d @ offset \d+/);
  const landed = (await user42.allTextContents()).map((t) => /payments-(\d)/.exec(t)?.[1]);
  expect(new Set(landed).size).toBe(1);
  await page.screenshot({ path: test.info().outputPath('produce-keyed.png'), fullPage: true });
});

test('kill a partition leader: a new leader, the ISR shrinks, the producer recovers', async ({ page }) => {
  await openEmptyCluster(page);
  await createTopic(page, 'orders', 3, 3);
  await actionTab(page, 'Produce');
  const produce = actions(page).getByRole('form', { name: 'Produce a record' });
  await produce.getByLabel('Topic').fill('orders');
  await produce.getByLabel('Records per second').fill('20');
  await produce.getByLabel('For (seconds)').fill('120');
  await produce.getByRole('button', { name: 'Start generator' }).click();
  const sends = page.getByRole('table', { name: 'Recent sends' });
  await expect(
    sends
      .getByRole('row')
      .filter({ hasText: /orders-0 @ offset/ })
      .first(),
  ).toBeVisible();

  const p0 = await partitionRow(page, 'orders', 0);
  const leader = Number(await p0.leader.textContent());
  await actionTab(page, 'Brokers');
  await actions(page)
    .getByRole('button', { name: `Kill broker ${leader}` })
    .click();
  await controls(page).getByRole('button', { name: 'Speed 10x' }).click();

  await expect(page.getByRole('list', { name: 'Events' })).toContainText(`Broker ${leader} killed`);
  await expect(p0.leader).not.toHaveText(String(leader), { timeout: 30_000 });
  await expect(p0.leader).toHaveText(/^\d$/, { timeout: 30_000 });
  await expect(p0.isr).not.toContainText(String(leader));
  await expect(page.getByRole('list', { name: 'Events' })).toContainText(
    new RegExp(`orders-0: leader ${leader} -> \\d`),
  );
  await expect(health(page, 'Offline partitions')).toHaveAccessibleName('Offline partitions: 0');
  await expect(health(page, 'Under-replicated partitions')).toHaveAccessibleName(/needs attention/);
  // The producer keeps writing to orders-0, now through the new leader.
  await actionTab(page, 'Produce');
  // The newest sends are acknowledged again (the generator keeps going), orders-0 among them.
  await expect(sends.getByRole('row').nth(1)).toContainText(/@ offset \d+/, { timeout: 30_000 });
  await expect(
    sends
      .getByRole('row')
      .filter({ hasText: /orders-0 @ offset/ })
      .first(),
  ).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: test.info().outputPath('leader-failover.png'), fullPage: true });
});

test('four consumers on three partitions leave one idle; killing a member rebalances', async ({ page }) => {
  await openEmptyCluster(page);
  await createTopic(page, 'orders', 3, 3);
  await actionTab(page, 'Clients');
  const add = actions(page).getByRole('group', { name: 'Add a consumer' });
  await add.getByLabel('Group (group.id)').fill('billing');
  await add.getByLabel('Topics (comma-separated)').fill('orders');
  for (let i = 0; i < 4; i++) await add.getByRole('button', { name: 'Add consumer' }).click();
  await controls(page).getByRole('button', { name: 'Speed 10x' }).click();

  await detailsTab(page, 'Consumer groups');
  const members = page.getByRole('table', { name: 'Members of billing' });
  await expect(members.getByRole('row')).toHaveCount(5, { timeout: 30_000 });
  await expect(members.getByRole('row').filter({ hasText: 'idle: no partition' })).toHaveCount(1, {
    timeout: 30_000,
  });
  const idle = (await members
    .getByRole('row')
    .filter({ hasText: 'idle: no partition' })
    .getByRole('cell')
    .first()
    .textContent())!.replace(' (group leader)', '');
  const busy = ['billing-1', 'billing-2', 'billing-3', 'billing-4'].find((c) => c !== idle)!;
  const rebalances = page.getByRole('list', { name: 'Rebalances of billing' });
  const generations = await rebalances.getByRole('listitem').count();

  await actionTab(page, 'Clients');
  await actions(page)
    .getByRole('button', { name: `Kill consumer ${busy}` })
    .click();
  await controls(page).getByRole('button', { name: 'Speed 100x' }).click();
  // The group notices (session timeout), rebalances, and the idle member takes the free partition.
  await expect(rebalances.getByRole('listitem')).toHaveCount(generations + 1, { timeout: 45_000 });
  await expect(members.getByRole('row')).toHaveCount(4);
  await expect(members.getByRole('row').filter({ hasText: 'idle: no partition' })).toHaveCount(0);
  await expect(rebalances.getByRole('listitem').first()).toContainText('left');
  await page.screenshot({ path: test.info().outputPath('group-rebalance.png'), fullPage: true });
});

test('isolating a broker shrinks ISRs; healing restores them', async ({ page }) => {
  await openEmptyCluster(page);
  await createTopic(page, 'orders', 3, 3);
  await expect(health(page, 'Under-replicated partitions')).toHaveAccessibleName(
    'Under-replicated partitions: 0',
  );
  await actionTab(page, 'Brokers');
  await actions(page).getByRole('button', { name: 'Isolate broker 3' }).click();
  await controls(page).getByRole('button', { name: 'Speed 10x' }).click();
  await expect(page.getByRole('group', { name: /^Broker 3, .*isolated/ })).toBeVisible();
  await expect(health(page, 'Under-replicated partitions')).toHaveAccessibleName(/needs attention/, {
    timeout: 30_000,
  });
  for (let p = 0; p < 3; p++)
    await expect((await partitionRow(page, 'orders', p)).isr).not.toContainText('3');
  await page.screenshot({ path: test.info().outputPath('isolated.png'), fullPage: true });

  await actionTab(page, 'Network');
  await actions(page).getByRole('button', { name: 'Heal network' }).click();
  await expect(health(page, 'Under-replicated partitions')).toHaveAccessibleName(
    'Under-replicated partitions: 0',
    { timeout: 30_000 },
  );
  for (let p = 0; p < 3; p++) await expect((await partitionRow(page, 'orders', p)).isr).toContainText('3');
  await expect(page.getByRole('list', { name: 'Events' })).toContainText('Network healed');
  await page.screenshot({ path: test.info().outputPath('healed.png'), fullPage: true });
});

test('scrub back along the timeline and see the earlier state', async ({ page }) => {
  await page.goto('./');
  await controls(page)
    .getByRole('button', { name: /Run to the scenario's end/ })
    .click();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText('1 min 0.0 s');
  await expect(health(page, 'Brokers online')).toHaveAccessibleName(/Brokers online: 3 \/ 3/);
  const events = page.getByRole('list', { name: 'Events' });
  // Broker 2 was killed at 3 s and restarted at 30 s by the scenario: jump to its kill from the timeline.
  await events.getByRole('button', { name: /^Broker 2 killed/ }).click();
  await expect(health(page, 'Brokers online')).toHaveAccessibleName(/Brokers online: 2 \/ 3/);
  await expect(page.getByRole('group', { name: /^Broker 2, .*down/ })).toBeVisible();
  // The restart is still listed, as the future.
  await expect(events.getByRole('listitem').filter({ hasText: 'Broker 2 restarted' })).toHaveClass(/future/);
  // And the slider goes anywhere: back to 1 s, everyone up, nothing produced yet.
  await page.getByRole('slider', { name: 'Virtual time' }).fill('500');
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText('500 ms');
  await expect(health(page, 'Brokers online')).toHaveAccessibleName(/Brokers online: 3 \/ 3/);
  await page.screenshot({ path: test.info().outputPath('scrubbed-back.png'), fullPage: true });
});

test('keyboard: space plays and pauses, the right arrow steps', async ({ page }) => {
  await page.goto('./');
  const play = controls(page).getByRole('button', { name: /^(Play|Pause)$/ });
  await expect(play).toHaveAccessibleName('Pause');
  await page.locator('body').press('Space');
  await expect(play).toHaveAccessibleName('Play');
  const clock = controls(page).getByRole('status', { name: 'Virtual time' });
  const t0 = await clock.textContent();
  await page.locator('body').press('ArrowRight');
  await expect(clock).not.toHaveText(t0!);
  await page.locator('body').press('Space');
  await expect(play).toHaveAccessibleName('Pause');
});
