// Bulk sending in Debian's chromium (issue 18 item 6), against a real server and worker: the import wizard
// (upload, map columns against a preview, the validation report with the bad row's reason and its CSV),
// a mailing list made of the import, and a campaign created and sent from the dashboard, followed to
// ready with its orders counted by status on a chart.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp } from '../support/app.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, signInThroughPage, textMatching } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let senderId: string;

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp({}, { worker: true });
  // Order profiles and contacts have their own pages elsewhere (or none yet): made through the API.
  const profile = await t.api('/order_profiles/letters', {
    method: 'POST',
    json: {
      size: 'us_letter',
      html: '<p>Dear {{to.firstName}}, your tier is {{tier}}.</p>',
      description: 'Spring letter',
    },
  });
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  const sender = await t.api('/contacts', { method: 'POST', json: senderAddress() });
  assert.equal(sender.status, 200, JSON.stringify(sender.body));
  senderId = sender.body.id;
  const user = await createTestUser(t);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInThroughPage(page, t, user.email);
});

after(async () => {
  await browser?.close();
  await t?.close();
});

const nav = (name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
const idFromUrl = () => new URL(page.url()).pathname.split('/').pop()!;

// "Mailing Street" is no header the wizard recognises: the user maps it to Address line 1 by hand.
// Row 2 has no street, the one bad row of the import; row 5 has no plan, which the letter needs: a valid
// contact whose campaign row fails.
const CSV = [
  'First Name,Last Name,Mailing Street,City,State,ZIP,Country,Plan',
  'Ada,Lovelace,1 Broadway,New York,NY,10001,US,gold',
  'Bad,Row,,New York,NY,10001,US,silver',
  'Grace,Hopper,2 Broadway,New York,NY,10001,US,gold',
  'Alan,Turing,3 Broadway,New York,NY,10001,US,bronze',
  'Linus,Torvalds,4 Broadway,New York,NY,10001,US,',
].join('\r\n');

let importId: string;

test('the import wizard maps columns over a preview and shows the report with the bad row and why', async () => {
  await nav('Imports').click();
  await page.getByRole('heading', { name: 'Imports' }).waitFor();
  await page.getByRole('link', { name: 'New import' }).click();
  await page.getByLabel('CSV file').setInputFiles({
    name: 'customers.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV, 'utf8'),
  });

  const preview = page.getByRole('table', { name: 'Preview of the first rows' });
  await preview.waitFor();
  assert.equal(await preview.locator('tbody tr').count(), 5);
  assert.match((await preview.locator('tbody tr').first().textContent()) ?? '', /Ada.*Lovelace.*1 Broadway/);
  // Recognised headers are guessed; the rest become merge variables until mapped.
  assert.equal(await page.getByLabel('Map column First Name').inputValue(), 'field:firstName');
  assert.equal(await page.getByLabel('Map column ZIP').inputValue(), 'field:postalOrZip');
  assert.equal(await page.getByLabel('Map column Mailing Street').inputValue(), 'variable');

  // Without an address line the wizard says so and sends nothing.
  await page.getByRole('button', { name: 'Create import' }).click();
  await textMatching(page.getByRole('alert'), /Map a column to Address line 1/);
  assert.equal((await t.api('/mailing_list_imports')).body.totalCount, 0);

  await page.getByLabel('Map column Mailing Street').selectOption({ label: 'Address line 1' });
  await page.getByLabel('Merge variable name for Plan').fill('tier');
  await textMatching(preview.locator('thead'), /Mailing Street→ Address line 1/);
  await textMatching(preview.locator('thead'), /Plan→ \{\{tier\}\}/);
  await page.getByRole('button', { name: 'Create import' }).click();

  await page.waitForURL(/\/imports\/mailing_list_import_/);
  importId = idFromUrl();
  await textMatching(page.getByTestId('import-status'), /^Completed$/, 30_000);
  await textMatching(page.getByTestId('tile-Valid rows'), /4/);
  await textMatching(page.getByTestId('tile-Invalid rows'), /1/);
  const rows = page.getByRole('table', { name: 'Import rows' }).locator('tbody tr');
  await textMatching(rows.first(), /addressLine1 is required/);
  assert.equal(await rows.count(), 1, 'the report shows failed rows first');
  assert.match((await rows.first().textContent()) ?? '', /^2Failed.*Bad, Row/);

  // What was created is what was mapped.
  const made = (await t.api(`/mailing_list_imports/${importId}`)).body;
  assert.equal(made.file.receiverAddressMapping.addressLine1, 'Mailing Street');
  assert.equal(made.file.receiverAddressMapping.firstName, 'First Name');
  assert.deepEqual(made.file.receiverMergeVariableMapping, { tier: 'Plan' });
  assert.equal(made.description, 'customers.csv');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download report CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${importId}-report.csv`);
  const report = parse(await readFile((await download.path())!), { columns: true }) as Record<
    string,
    string
  >[];
  assert.equal(report.length, 5);
  const bad = report.find((r) => r.rowNumber === '2')!;
  assert.equal(bad.status, 'failed');
  assert.match(bad.errors!, /addressLine1 is required/);

  await nav('Imports').click();
  await textMatching(page.locator('table tbody'), /customers\.csv.*Completed/);
});

test('a mailing list from the import, and a campaign to it sent and followed to ready', async () => {
  await page.goto(`${t.baseUrl}/imports/${importId}`);
  await page.getByRole('button', { name: 'Create mailing list from this import' }).click();
  await page.waitForURL(/\/mailing_lists\/mailing_list_/);
  const listId = idFromUrl();
  await textMatching(page.getByTestId('list-status'), /^Completed$/, 30_000);
  await textMatching(page.getByTestId('tile-Contacts'), /^Contacts4$/);

  await nav('Mailing lists').click();
  await textMatching(page.locator('table tbody'), /customers\.csv4/);
  await page.getByRole('link', { name: 'customers.csv' }).click();
  await page.getByRole('link', { name: 'New campaign to this list' }).click();
  await page.getByRole('heading', { name: 'New campaign' }).waitFor();
  assert.equal(await page.getByLabel('Mailing list').inputValue(), listId);
  await textMatching(page.getByLabel('Order profile'), /Spring letter/);
  await page.getByLabel('Sender (for rows without one)').selectOption(senderId);
  await page.getByLabel('Description').fill('Spring campaign');
  await page.getByRole('button', { name: 'Create campaign' }).click();

  await page.waitForURL(/\/campaigns\/campaign_/);
  const campaignId = idFromUrl();
  await textMatching(page.getByTestId('campaign-status'), /^Draft$/, 60_000);
  await page.getByRole('button', { name: 'Send campaign' }).click();
  await textMatching(page.getByTestId('campaign-status'), /^Ready$/, 60_000);
  const bar = page.getByRole('progressbar', { name: 'Orders created' });
  await textMatching(page.locator('.progress-head'), /3 created, 1 failed of 4 rows/);
  assert.equal(await bar.getAttribute('aria-valuenow'), '100');
  assert.equal(await page.getByRole('button', { name: 'Send campaign' }).count(), 0, 'sent once');

  await textMatching(page.getByTestId('status-summary'), /^Ready 3$/);
  await textMatching(page.getByTestId('tile-Ready'), /^Ready3$/);
  const chart = page.getByRole('figure', { name: 'Orders by status over time' });
  assert.ok((await chart.locator('.recharts-area-area').count()) > 0, 'the chart draws its areas');
  const orders = page.getByRole('table', { name: 'Campaign orders' }).locator('tbody tr');
  await textMatching(orders.first(), /letter_.*Ada Lovelace.*Ready/);
  assert.equal(await orders.count(), 3);
  const failedRows = page.getByRole('table', { name: 'Failed rows' }).locator('tbody tr');
  await textMatching(
    failedRows.first(),
    /^4 \(import row 5\)Linus Torvalds.*merge variable "tier" is missing/,
  );
  assert.equal(await failedRows.count(), 1);

  // The orders are normal letters carrying the mapped merge variable.
  const made = (await t.api(`/campaigns/${campaignId}/orders`)).body;
  assert.equal(made.totalCount, 3);
  assert.deepEqual(
    made.data.map((o: { mergeVariables: { tier: string } }) => o.mergeVariables.tier),
    ['gold', 'gold', 'bronze'],
  );

  // One order cancelled: the counts move, and the history keeps the moment before.
  const cancelled = await t.api(`/letters/${made.data[2].id}`, { method: 'DELETE' });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  await page.reload();
  await textMatching(page.getByTestId('status-summary'), /^Ready 2 · Cancelled 1$/);
  const counts = (await t.api(`/campaigns/${campaignId}/status_counts?points=10`)).body;
  assert.equal(counts.series.length, 10);
  assert.deepEqual(counts.byStatus, {
    ready: 2,
    printing: 0,
    processed_for_delivery: 0,
    completed: 0,
    cancelled: 1,
  });
  assert.equal(counts.series[0].ready, 3, 'all three were ready when first created');
  assert.equal(counts.series[0].cancelled, 0);
  assert.equal(counts.series.at(-1).cancelled, 1);

  // Another order stepped on twice (test mode's progressions): it leaves ready for printing, then
  // printing for processed for delivery, and every moment's counts still add up to the orders.
  for (let step = 0; step < 2; step++) {
    const moved = await t.api(`/letters/${made.data[0].id}/progressions`, { method: 'POST' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
  }
  const later = (await t.api(`/campaigns/${campaignId}/status_counts?points=40`)).body;
  assert.deepEqual(later.byStatus, {
    ready: 1,
    printing: 0,
    processed_for_delivery: 1,
    completed: 0,
    cancelled: 1,
  });
  for (const point of later.series) {
    const { at: _at, ...byStatus } = point;
    assert.equal(
      Object.values(byStatus as Record<string, number>).reduce((x, y) => x + y, 0),
      3,
      point.at,
    );
  }
  assert.equal(later.series[0].ready, 3);
  await page.reload();
  await textMatching(
    page.getByTestId('status-summary'),
    /^Ready 1 · Processed for delivery 1 · Cancelled 1$/,
  );

  await nav('Campaigns').click();
  await textMatching(page.locator('table tbody'), /Spring campaign.*Letter.*Ready/);
  assert.equal(await page.getByRole('progressbar', { name: 'Ready' }).getAttribute('aria-valuenow'), '100');
  assert.deepEqual(pageErrors, []);
});
