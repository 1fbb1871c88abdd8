import { expect, test, type Page } from '@playwright/test';

// The guarantee checker, as a person meets it: a setup that loses acknowledged writes, the checker
// naming them, and a click that goes to the moment of the cause with the lost records marked.

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Simulation controls' });
const actions = (page: Page) => page.getByRole('complementary', { name: 'Health and actions' });
const details = (page: Page) => page.getByRole('region', { name: 'Details' });
const checkerCard = (page: Page) => page.getByRole('button', { name: /^Guarantee violations: / });

async function actionTab(page: Page, name: string) {
  await actions(page).getByRole('tab', { name }).click();
}

test('an unclean leader election loses acknowledged writes: the checker names them, a click shows them', async ({
  page,
}) => {
  await page.goto('./#builtin=empty');
  await expect(
    page.getByRole('list', { name: 'Cluster health' }).getByRole('listitem', { name: /^Active controller:/ }),
  ).toHaveAccessibleName(/Active controller: broker \d/);
  await expect(checkerCard(page)).toHaveAccessibleName(/^Guarantee violations: 0, none found so far/);

  // A topic with two replicas that may elect an out-of-sync replica, and a producer with acks=1.
  await actionTab(page, 'Topics');
  const topic = actions(page).getByRole('form', { name: 'Create a topic' });
  await topic.getByLabel('Topic name').fill('ledger');
  await topic.getByLabel('Partitions').fill('1');
  await topic.getByLabel('Replication factor').fill('2');
  await topic.getByLabel('min.insync.replicas').fill('1');
  await topic.getByLabel('Other configs (one key=value a line)').fill('unclean.leader.election.enable=true');
  await topic.getByRole('button', { name: 'Create topic' }).click();
  await details(page).getByRole('tab', { name: 'Topics' }).click();
  const row = page.getByRole('table', { name: 'Partitions of ledger' }).getByRole('row').nth(1);
  const leaderCell = row.getByRole('cell').nth(1);
  await expect(leaderCell).toHaveText(/^\d$/, { timeout: 20_000 });
  const leader = Number(await leaderCell.textContent());
  const replicas = ((await row.getByRole('cell').nth(2).textContent()) ?? '').match(/\d/g)!.map(Number);
  const follower = replicas.find((r) => r !== leader)!;

  await actionTab(page, 'Clients');
  const addProducer = actions(page).getByRole('group', { name: 'Add a producer' });
  await addProducer.getByLabel('Producer id').fill('unsafe');
  await addProducer.getByLabel('acks').selectOption('1');
  await addProducer.getByRole('button', { name: 'Add producer' }).click();

  // The follower dies and leaves the ISR; the leader alone acknowledges three records.
  await actionTab(page, 'Brokers');
  await actions(page)
    .getByRole('button', { name: `Kill broker ${follower}` })
    .click();
  await controls(page).getByRole('button', { name: 'Speed 10x' }).click();
  await expect(row.getByRole('cell').nth(3)).toHaveText(String(leader), { timeout: 30_000 });
  await controls(page).getByRole('button', { name: 'Speed 1x' }).click();

  await actionTab(page, 'Produce');
  const produce = actions(page).getByRole('form', { name: 'Produce a record' });
  await produce.getByLabel('Producer').selectOption('unsafe');
  await produce.getByLabel('Topic').fill('ledger');
  for (const value of ['credit 10', 'debit 4', 'credit 7']) {
    await produce.getByLabel('Key', { exact: true }).fill('account-1');
    await produce.getByLabel('Value', { exact: true }).fill(value);
    await produce.getByRole('button', { name: 'Produce', exact: true }).click();
  }
  const acked = page
    .getByRole('table', { name: 'Recent sends' })
    .getByRole('row')
    .filter({ hasText: /ledger-0 @ offset \d/ });
  await expect(acked).toHaveCount(3, { timeout: 20_000 });

  // The leader dies; the follower that missed them comes back and wins an unclean election.
  await actionTab(page, 'Brokers');
  await actions(page)
    .getByRole('button', { name: `Kill broker ${leader}` })
    .click();
  await actions(page)
    .getByRole('button', { name: `Restart broker ${follower}` })
    .click();
  await controls(page).getByRole('button', { name: 'Speed 10x' }).click();
  await expect(checkerCard(page)).toHaveAccessibleName(/^Guarantee violations: 3, all allowed by a setting/, {
    timeout: 45_000,
  });

  // The checker names the lost offsets, the cause, and the setting that allowed it.
  await checkerCard(page).click();
  await expect(details(page).getByRole('tab', { name: /Guarantee checker/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(details(page).getByRole('status', { name: 'Checker summary' })).toContainText(
    '3 violations in 1 finding: 3 allowed by a setting',
  );
  const finding = details(page)
    .getByRole('list', { name: 'Violations found' })
    .getByRole('button', { name: /^Lost write: ledger-0, offsets 0-2, at .*, allowed by unclean/ });
  await expect(finding).toContainText(
    `unclean leader election made broker ${follower} leader (epoch 2) while it missed offsets 0-2, acknowledged to unsafe with acks=1`,
  );
  await expect(finding).toContainText('allowed by unclean.leader.election.enable=true');
  await page.screenshot({ path: test.info().outputPath('checker-lost-writes.png'), fullPage: true });

  // A click: time goes to the election, and the inspector marks the three lost records.
  await finding.click();
  await expect(controls(page).getByRole('button', { name: 'Play' })).toBeVisible();
  const clock = await controls(page).getByRole('status', { name: 'Virtual time' }).textContent();
  await expect(details(page).getByRole('tab', { name: /Partition inspector/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(details(page).getByRole('note', { name: 'Marked by the guarantee checker' })).toContainText(
    `Lost write at offsets 0-2, found by the guarantee checker at ${clock}`,
  );
  const grid = details(page).getByRole('table', { name: 'Logs of ledger-0 by replica' });
  const marked = grid.getByRole('rowheader').filter({ hasText: 'lost' });
  await expect(marked).toHaveCount(3);
  await expect(marked).toHaveText([/^0\D.*lost$/, /^1\D.*lost$/, /^2\D.*lost$/]);
  // The records are still on the old leader's disk (it is down); the new leader never had them.
  await expect(grid.getByRole('columnheader', { name: new RegExp(`^Broker ${leader} `) })).toContainText(
    'down: log on disk',
  );
  await expect(grid.getByRole('row').filter({ hasText: 'credit 10' })).toContainText('lost');
  await details(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('checker-inspector-lost.png'), fullPage: true });
});

test('the quickstart, with safe defaults, shows no violations', async ({ page }) => {
  await page.goto('./');
  await controls(page)
    .getByRole('button', { name: /Run to the scenario's end/ })
    .click();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText('1 min 0.0 s');
  await expect(checkerCard(page)).toHaveAccessibleName(/^Guarantee violations: 0, none found so far/);
  await checkerCard(page).click();
  await expect(details(page).getByRole('status', { name: 'Checker summary' })).toHaveText(
    'No violations found so far.',
  );
  await expect(details(page).getByRole('list', { name: 'Violations found' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('checker-quickstart-clean.png') });
});
