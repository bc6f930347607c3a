// The overview (landing page) and the usage page in Debian's chromium, over a seeded history: the charts
// draw the figures GET /stats gives, and change with the period and the mode; usage downloads as CSV.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { seedHistory } from '../support/stats-history.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, PASSWORD } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const seeded = { test: 0, live: 0 };

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
  const hook = await t.api('/webhooks', {
    method: 'POST',
    json: { url: 'http://127.0.0.1:9/hook', enabledEvents: ['letter.created'], enabled: false },
  });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  const db = t.database.db;
  seeded.test = await seedHistory(db, {
    organizationId: t.org.organizationId,
    live: false,
    days: 90,
    perDay: 30,
    webhookId: hook.body.id,
  });
  seeded.live = await seedHistory(db, {
    organizationId: t.org.organizationId,
    live: true,
    days: 20,
    perDay: 8,
  });
  const user = await createTestUser(t, 'overview@example.com');
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(t.baseUrl);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
});
after(async () => {
  await browser?.close();
  await t?.close();
});

const chart = (name: string): Locator => page.getByRole('figure', { name });
/** Bars drawn with a height (recharts draws one path per non-empty bar). */
const bars = (figure: Locator) => figure.locator('.recharts-bar-rectangle path');
const tile = (label: string) => page.getByTestId(`tile-${label}`).locator('.tile-value');

async function stats(days: number, key = t.org.testApiKey) {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return (await t.api(`/stats?from=${from}&to=${to}`, { key })).body;
}

async function waitForText(locator: Locator, expected: string) {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent()) ?? '';
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected "${expected}", last saw "${last}"`);
}

/** Recharts animates a new series in, drawing no path for a bar until it has grown: wait for the count. */
async function waitForCount(locator: Locator, expected: number, what: string) {
  const deadline = Date.now() + 15_000;
  let last = -1;
  while (Date.now() < deadline) {
    last = await locator.count();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: expected ${expected}, last saw ${last}`);
}

const segmentsOf = (body: any) => new Set(body.orders.daily.map((d: any) => `${d.date} ${d.kind}`)).size;

describe('overview', () => {
  test('is the landing page, with every chart drawn from the seeded history', async () => {
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.match(page.url(), /\/overview$/);
    const expected = await stats(30);
    assert.ok(expected.orders.total > 300);
    await waitForText(tile('Orders'), expected.orders.total.toLocaleString('en-US'));
    for (const name of [
      'Orders per day by kind',
      'Orders per day by status',
      'IMb funnel',
      'SLA breaches',
      'Webhook deliveries',
      'Cost per day',
    ]) {
      await bars(chart(name)).first().waitFor();
      assert.ok((await bars(chart(name)).count()) > 0, `${name} has bars`);
    }
    // 30 days × the kinds present each day: one bar segment per kind and day with orders.
    await waitForCount(bars(chart('Orders per day by kind')), segmentsOf(expected), 'bars for 30 days');
    // The funnel draws its five stages, longest first.
    await waitForCount(bars(chart('IMb funnel')), 5, 'funnel stages');
    const lines = chart('Time from create (p50 / p90)').locator('.recharts-line-curve');
    await waitForCount(lines, 4, 'p50/p90 lines');
    assert.match((await lines.first().getAttribute('d')) ?? '', /^M[\d.]+,[\d.]+(L|C)/);
    await waitForText(tile('SLA breaches'), expected.sla.breaches.toLocaleString('en-US'));
    assert.ok(expected.sla.breaches > 0);
    assert.match((await tile('Webhook success').textContent()) ?? '', /^\d+\.\d%$/);
    assert.deepEqual(pageErrors, []);
  });

  test('changes with the period', async () => {
    const thirty = segmentsOf(await stats(30));
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const week = await stats(7);
    await waitForText(tile('Orders'), week.orders.total.toLocaleString('en-US'));
    assert.match(page.url(), /days=7/);
    assert.ok(segmentsOf(week) < thirty);
    await waitForCount(bars(chart('Orders per day by kind')), segmentsOf(week), 'bars for 7 days');
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    const quarter = await stats(90);
    await waitForText(tile('Orders'), quarter.orders.total.toLocaleString('en-US'));
    assert.equal(quarter.orders.total, seeded.test);
    assert.ok(segmentsOf(quarter) > thirty);
    await waitForCount(bars(chart('Orders per day by kind')), segmentsOf(quarter), 'bars for 90 days');
  });

  test('changes with the mode', async () => {
    await page.getByRole('radio', { name: 'Live' }).check();
    const live = await stats(90, t.org.liveApiKey);
    assert.equal(live.orders.total, seeded.live);
    try {
      await waitForText(tile('Orders'), live.orders.total.toLocaleString('en-US'));
      await waitForCount(bars(chart('Orders per day by kind')), segmentsOf(live), 'live bars');
    } finally {
      // The usage test below reads test-mode figures.
      await page.getByRole('radio', { name: 'Test' }).check();
    }
  });
});

describe('usage', () => {
  test('totals by kind and extra service, and the same as CSV', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Usage' }).waitFor();
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From').fill(from);
    const usage = (await t.api(`/usage?from=${from}&to=${to}`)).body;
    const total = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
      usage.total / 100,
    );
    await waitForText(page.getByTestId('usage-total'), total);
    assert.equal(await page.locator('table.usage tbody tr').count(), usage.data.length);
    assert.ok(usage.data.some((r: any) => r.extraService === 'certified'));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `usage-${from}-${to}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'kind,extra_service,orders,cancelled,amount,currency,from,to');
    assert.equal(lines.length, usage.data.length + 2);
    assert.equal(lines.at(-1)!.split(',')[4], (usage.total / 100).toFixed(2));
    assert.deepEqual(pageErrors, []);
  });
});
