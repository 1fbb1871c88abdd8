import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { decodeShareFragment, toBase64Url } from '../src/scenario/url-codec';
import quickstart from '../src/scenario/builtins/quickstart.json' with { type: 'json' };

// Scenarios people share: links that replay a run exactly, hostile links that change nothing, guided
// tours walked with the keyboard, files, and the embed mode for docs and blogs.

const controls = (page: Page) => page.getByRole('toolbar', { name: 'Simulation controls' });
const actions = (page: Page) => page.getByRole('complementary', { name: 'Health and actions' });
const health = (page: Page, label: string) =>
  page
    .getByRole('list', { name: 'Cluster health' })
    .getByRole('listitem', { name: new RegExp(`^${label}:`) });
const tour = (page: Page) => page.getByRole('region', { name: 'Guided tour' });

/** Runs to the scenario's end and reads what a person sees there. */
async function endState(page: Page) {
  await controls(page)
    .getByRole('button', { name: /Run to the scenario's end/ })
    .click();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText('1 min 0.0 s');
  return {
    fingerprint: await controls(page).getByRole('status', { name: 'Trace fingerprint' }).textContent(),
    brokers: await health(page, 'Brokers online').getAttribute('aria-label'),
    underReplicated: await health(page, 'Under-replicated partitions').getAttribute('aria-label'),
    events: await page.getByRole('list', { name: 'Events' }).getByRole('listitem').count(),
  };
}

function cliHash(scenario: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-share-'));
  const file = join(dir, 'shared.json');
  writeFileSync(file, JSON.stringify(scenario));
  const out = execFileSync('node_modules/.bin/tsx', ['src/cli/sim.ts', file, '--json'], { encoding: 'utf8' });
  return (JSON.parse(out) as { traceHash: string }).traceHash;
}

test('a share link opens, in a fresh page, the same run as the page that made it, and the CLI agrees', async ({
  page,
  context,
}) => {
  await page.goto('./');
  await expect(health(page, 'Active controller')).toHaveAccessibleName(/Active controller: broker \d/);
  await controls(page).getByRole('button', { name: 'Pause' }).click();
  await actions(page).getByRole('tab', { name: 'Brokers' }).click();
  await actions(page).getByRole('button', { name: 'Kill broker 3' }).click();
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: /Link (copied|in the address bar)/ }),
  ).toBeVisible();
  const url = page.url();
  expect(url).toMatch(/#s=1\.[A-Za-z0-9_-]+$/);
  const made = await endState(page);
  expect(made.brokers).toMatch(/Brokers online: 2 \/ 3/);

  const fresh = await context.newPage();
  await fresh.goto(url);
  await expect(fresh.getByRole('combobox', { name: 'Scenario' })).toHaveValue('shared');
  const opened = await endState(fresh);
  expect(opened).toEqual(made);

  const req = decodeShareFragment(new URL(url).hash);
  if (req.kind !== 'scenario' || !req.result.ok) throw new Error('the link does not decode');
  expect(req.result.scenario.actions!.at(-1)).toMatchObject({ type: 'killBroker', broker: 3 });
  expect(cliHash(req.result.scenario)).toBe(made.fingerprint);
  await fresh.screenshot({ path: test.info().outputPath('shared-run.png') });
});

test('a hostile or broken link shows a clear message and opens the default scenario, running nothing', async ({
  page,
}) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const hostile = {
    ...quickstart,
    description: '<img src=x onerror="alert(1)">',
    topics: [{ name: '<script>alert(1)</script>', partitions: 1, replicationFactor: 1 }],
    '<svg onload=alert(2)>': true,
  };
  const packed = toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(hostile))));
  await page.goto(`./#s=1.${packed}`);
  const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
  await expect(alert).toContainText(
    'The share link could not be opened, so the quickstart is shown instead.',
  );
  await expect(alert).toContainText('<svg onload=alert(2)>: unknown field');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('quickstart');

  // Well-formed, but with a topic name no broker accepts: Kafka's error, with its path.
  const { '<svg onload=alert(2)>': _, ...badTopic } = hostile;
  await page.goto(`./#s=1.${toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(badTopic))))}`);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be opened' })).toContainText(
    'topics[0].name: INVALID_TOPIC_EXCEPTION',
  );
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('quickstart');
  await expect(health(page, 'Active controller')).toHaveAccessibleName(/Active controller: broker \d/);
  expect(await page.locator('svg[onload], img[onerror], script:not([src])').count()).toBe(0);

  // Cut short, like a link pasted into a chat app that truncates.
  await page.goto(`./#s=1.${packed.slice(0, 40)}`);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be opened' })).toContainText(
    /damaged or cut short/,
  );
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('quickstart');
  expect(dialogs).toEqual([]);
});

test('a guided tour pauses at each step and can be walked with the keyboard', async ({ page }) => {
  await page.goto('./#builtin=bootstrap');
  const panel = tour(page);
  await expect(panel).toContainText('Step 1 of 3');
  await expect(panel.getByRole('heading', { name: 'The first address is dead' })).toBeVisible();
  await expect(controls(page).getByRole('button', { name: 'Play' })).toBeVisible(); // paused at the step
  // At 0 ms nothing has run: the health cards wait instead of raising alarms that mean "not started".
  await expect(health(page, 'Active controller')).toHaveAccessibleName(/the cluster is starting/);
  await expect(page.getByRole('listitem', { name: /needs attention/ })).toHaveCount(0);
  await expect(actions(page).getByText(/^Starting: in its first milliseconds/)).toBeVisible();
  const next = panel.getByRole('button', { name: /Continue|What just happened/ });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status')).toHaveText('Playing to step 2…');
  await page.keyboard.press('Enter'); // skip the wait
  await expect(panel.getByRole('heading', { name: 'Connection refused, next address' })).toBeVisible();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText(/^1\.50* s$/);
  await expect(panel).toContainText('Step 2 of 3');
  await expect(health(page, 'Active controller')).toHaveAccessibleName(/^Active controller: broker \d$/);
  await expect(actions(page).getByText(/^Starting:/)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: 'Everything flows' })).toBeVisible();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText(/^8\.00* s$/);
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: 'What just happened' })).toBeVisible();
  await expect(panel).toContainText('The rule: bootstrap.servers');
  // Back one step with the keyboard: the clock goes back to that step's time.
  await panel.getByRole('button', { name: '← Previous' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: 'Everything flows' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: 'Connection refused, next address' })).toBeVisible();
  await expect(controls(page).getByRole('status', { name: 'Virtual time' })).toHaveText(/^1\.50* s$/);
  await page.screenshot({ path: test.info().outputPath('tour.png') });
});

test('every guided tour is offered, and each opens on its first step', async ({ page }) => {
  await page.goto('./');
  const picker = page.getByRole('combobox', { name: 'Scenario' });
  const tours = await picker.getByRole('option', { name: /^Tour:/ }).allTextContents();
  expect(tours.length).toBeGreaterThanOrEqual(12);
  await picker.selectOption({ label: 'Tour: unclean leader election loses data' });
  await expect(tour(page)).toContainText('Step 1 of 6');
  await expect(
    tour(page).getByRole('heading', { name: 'Two replicas, unclean election allowed' }),
  ).toBeVisible();
});

test('scenario files: export, and a broken file changes nothing and names its errors', async ({ page }) => {
  await page.goto('./#builtin=keys');
  await expect(tour(page)).toContainText('Step 1 of 3');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export file' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('same-key-same-partition-no-order-across-partitions.json');

  const input = page.getByLabel('Scenario file to open');
  await input.setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({ ...quickstart, actions: [{ at: 5, type: 'killBroker', broker: 9 }] }),
    ),
  });
  const alert = page.getByRole('alert').filter({ hasText: 'broken.json' });
  await expect(alert).toContainText('broken.json cannot be opened; nothing was changed.');
  await expect(alert).toContainText('actions[0].broker: no broker 9');
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('keys');
  await expect(tour(page)).toBeVisible();

  await input.setInputFiles({
    name: 'mine.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...quickstart, name: 'My own cluster' })),
  });
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toHaveValue('shared');
  await expect(page.getByRole('option', { name: 'Shared: My own cluster' })).toBeAttached();
  await expect(tour(page)).toHaveCount(0);
});

test('embed mode shows the canvas, the controls and the tour, and nothing else', async ({ page }) => {
  await page.goto('./?embed=1#builtin=keys');
  await expect(tour(page)).toContainText('Step 1 of 3');
  await expect(page.getByRole('group', { name: /^Broker \d, rack|^Broker \d/ }).first()).toBeVisible();
  await expect(controls(page)).toBeVisible();
  await expect(actions(page)).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Events' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Scenario' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Copy share link' })).toBeHidden();
  const open = page.getByRole('link', { name: 'Open in the Kafka Playground' });
  await expect(open).toHaveAttribute('href', /\/kafka-playground\/#builtin=keys$/);
  await page.screenshot({ path: test.info().outputPath('embed.png') });
});
