// The contact, template and bank-account lists in Debian's chromium, as the order lists: description and
// metadata columns, a created-date filter in the viewer's zone kept in the URL, a CSV export of what the
// filters match, and times that name their zone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, signInThroughPage, textMatching } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp();
  const user = await createTestUser(t);
  browser = await launchBrowser();
  // A zone other than the machine's, so the day boundaries and the zone shown are the browser's.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'America/New_York',
    locale: 'en-US',
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInThroughPage(page, t, user.email);
});

after(async () => {
  await browser?.close();
  await t?.close();
});

const resources = [
  {
    path: 'contacts',
    heading: 'Contacts',
    body: (name: string, description: string, metadata: Record<string, string>) =>
      usAddress({ firstName: name, description, metadata }),
  },
  {
    path: 'templates',
    heading: 'Templates',
    body: (name: string, description: string, metadata: Record<string, string>) => ({
      html: `<p>Dear {{to.firstName}}, from ${name}</p>`,
      description,
      metadata,
    }),
  },
  {
    path: 'bank_accounts',
    heading: 'Bank accounts',
    body: (name: string, description: string, metadata: Record<string, string>) =>
      usBankAccount({ bankName: `${name} Savings`, description, metadata }),
  },
] as const;

const csvOf = async (file: string) =>
  parse(await readFile(file), { columns: true }) as Record<string, string>[];

async function exportCsv(name: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${name}.csv`);
  return csvOf((await download.path())!);
}

for (const resource of resources) {
  describe(`the ${resource.heading.toLowerCase()} list`, () => {
    const made: Record<string, string> = {};
    const row = (description: string) => page.locator('table.orders tbody tr', { hasText: description });

    before(async () => {
      for (const [name, description, campaign] of [
        ['Ada', `${resource.path} from November`, 'fall'],
        ['Grace', `${resource.path} from December`, 'winter'],
      ] as const) {
        const r = await t.api(`/${resource.path}`, {
          method: 'POST',
          json: resource.body(name, description, { campaign }),
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        made[name] = r.body.id;
      }
      // 22:00 on November 30th in New York, already December 1st in UTC: in November for this viewer.
      await sql`update ${sql.table(resource.path)} set created_at = '2026-12-01T03:00:00Z'
                where id = ${made.Ada}`.execute(t.database.db);
      await sql`update ${sql.table(resource.path)} set created_at = '2026-12-02T15:00:00Z'
                where id = ${made.Grace}`.execute(t.database.db);
    });

    test('shows each one’s description and metadata, and when it was made with its zone', async () => {
      await page.goto(`${t.baseUrl}/${resource.path}`);
      await page.getByRole('heading', { name: resource.heading, exact: true }).waitFor();
      const grace = row(`${resource.path} from December`);
      await textMatching(grace.locator('td[data-label="Description"]'), /from December$/);
      await textMatching(grace.locator('td[data-label="Metadata"]'), /^campaign: winter$/);
      await textMatching(grace.locator('td[data-label="Created"]'), /^Dec 2, 2026, 10:00:00\sAM EST$/);
      await textMatching(
        row(`${resource.path} from November`).locator('td[data-label="Created"]'),
        /^Nov 30, 2026, 10:00:00\sPM EST$/,
      );
    });

    test('filters by the day it was made, in the viewer’s zone, kept in the URL', async () => {
      await page.getByLabel('Created from').fill('2026-11-01');
      await page.getByLabel('Created to').fill('2026-11-30');
      await textMatching(page.locator('.pagination'), /1–1 of 1/);
      await row(`${resource.path} from November`).waitFor();
      assert.equal(await row(`${resource.path} from December`).count(), 0);
      assert.match(page.url(), /createdFrom=2026-11-01&createdTo=2026-11-30/);
      await page.reload();
      assert.equal(await page.getByLabel('Created to').inputValue(), '2026-11-30');
      await textMatching(page.locator('.pagination'), /1–1 of 1/);
      await page.getByLabel('Created from').fill('2026-12-02');
      await page.getByLabel('Created to').fill('');
      await textMatching(page.locator('.pagination'), /1–1 of 1/);
      await row(`${resource.path} from December`).waitFor();
      assert.equal(await row(`${resource.path} from November`).count(), 0);
      await page.getByLabel('Created from').fill('2026-12-03');
      await textMatching(page.locator('.empty'), /match/);
    });

    test('exports the filtered rows with description and metadata as CSV', async () => {
      await page.getByLabel('Created from').fill('');
      await page.getByLabel('Created to').fill('2026-11-30');
      await textMatching(page.locator('.pagination'), /1–1 of 1/);
      const november = await exportCsv(resource.path);
      assert.deepEqual(
        november.map((r) => [r.id, r.description, r.metadata]),
        [[made.Ada, `${resource.path} from November`, '{"campaign":"fall"}']],
      );
      await page.getByLabel('Created to').fill('');
      await textMatching(page.locator('.pagination'), /1–2 of 2/);
      const all = await exportCsv(resource.path);
      assert.deepEqual(
        all.map((r) => r.id),
        [made.Grace, made.Ada],
      );
    });
  });
}

test('the contacts list’s export keeps its address-status filter', async () => {
  const failed = await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ provinceOrState: 'NJ', description: 'wrong state' }),
    key: t.org.liveApiKey,
  });
  assert.equal(failed.body.addressStatus, 'failed');
  await page.goto(`${t.baseUrl}/contacts`);
  await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
  // Live mode, as the header's switch leaves it: test-mode addresses are all verified.
  await page.evaluate("localStorage.setItem('mailstream.mode', 'live')");
  await page.goto(`${t.baseUrl}/contacts?addressStatus=failed`);
  await textMatching(page.locator('.pagination'), /1–1 of 1/);
  const rows = await exportCsv('contacts');
  assert.deepEqual(
    rows.map((r) => [r.id, r.addressStatus, r.description]),
    [[failed.body.id, 'failed', 'wrong state']],
  );
});

test('no page errors in the lists', () => {
  assert.deepEqual(pageErrors, []);
});
