// The create form for every order kind in Debian's chromium: cheques (drawn on a bank account) and
// self-mailers are made in the UI, and a cheque's page shows what it pays; times name their zone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, fillContact, signInThroughPage, textMatching } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
let bankAccountId = '';
const pageErrors: string[] = [];
const sendDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp();
  const account = await t.api('/bank_accounts', {
    method: 'POST',
    json: usBankAccount({ bankName: 'Hudson Savings', accountNumber: '000987654321' }),
  });
  assert.equal(account.status, 200, JSON.stringify(account.body));
  bankAccountId = account.body.id;
  const user = await createTestUser(t);
  browser = await launchBrowser();
  // A zone other than the machine's, so a shown zone is the browser's, named.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'America/New_York',
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

const idFromUrl = () => page.url().split('/').pop()!;

/** Waits for the order page the form leads to; a refusal fails with what the form says. */
async function createdAt(url: RegExp) {
  const refused = page.locator('.create-form [role="alert"]').first();
  await Promise.race([page.waitForURL(url), refused.waitFor()]);
  if (!url.test(page.url())) assert.fail(`the form refused: ${await refused.textContent()}`);
}

describe('creating every order kind in a browser', () => {
  test('creates a cheque, and its page shows amount, number, memo and bank account', async () => {
    await page.goto(`${t.baseUrl}/cheques`);
    await page.getByRole('link', { name: 'New cheque' }).click();
    await page.getByRole('heading', { name: 'New cheque' }).waitFor();
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress());
    await fillContact(page.getByRole('group', { name: 'From' }), senderAddress());
    await page.getByLabel('Bank account').selectOption(bankAccountId);
    await page.getByLabel('Amount').fill('1,250.50');
    await page.getByLabel('Cheque number').fill('1042');
    await page.getByLabel('Memo').fill('Invoice 2026-118');
    await page.getByLabel('Send date').fill(sendDate);
    await page.getByRole('button', { name: 'Create cheque' }).click();
    await createdAt(/\/cheques\/cheque_[A-Za-z0-9]+$/);
    const cheque = await t.api(`/cheques/${idFromUrl()}`);
    assert.equal(cheque.status, 200);
    assert.equal(cheque.body.amount, 125_050, 'dollars typed, cents sent');
    assert.equal(cheque.body.number, 1042);
    assert.equal(cheque.body.memo, 'Invoice 2026-118');
    assert.equal(cheque.body.bankAccount, bankAccountId);
    assert.equal(cheque.body.from.companyName, senderAddress().companyName);

    const facts = page.locator('.cheque-facts');
    await textMatching(facts.locator('dd.amount'), /^\$1,250\.50 USD$/);
    await textMatching(facts, /Cheque number1042/);
    await textMatching(facts, /MemoInvoice 2026-118/);
    await textMatching(facts.getByRole('link'), /^Hudson Savings ····4321$/);
    assert.equal(await facts.getByRole('link').getAttribute('href'), `/bank_accounts/${bankAccountId}`);
  });

  test('times on the order page name their time zone', async () => {
    const ready = page.locator('li[data-step="ready"] time');
    // December in New York: Eastern Standard Time.
    await textMatching(ready, /\b(EST|GMT-5)$/);
  });

  test('creates a self-mailer with inside and outside HTML', async () => {
    await page.goto(`${t.baseUrl}/self_mailers/new`);
    await page.getByRole('heading', { name: 'New self-mailer' }).waitFor();
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress({ firstName: 'Grace' }));
    await fillContact(page.getByRole('group', { name: 'From' }), senderAddress());
    await page.getByLabel('Inside HTML').fill('<h1>Inside for {{to.firstName}}</h1>');
    await page.getByLabel('Outside HTML').fill('<p>Outside</p>');
    await page.getByLabel('Size').selectOption('8.5x11_trifold');
    await page.getByLabel('Send date').fill(sendDate);
    await page.getByRole('button', { name: 'Create self-mailer' }).click();
    await createdAt(/\/self_mailers\/self_mailer_[A-Za-z0-9]+$/);
    const mailer = await t.api(`/self_mailers/${idFromUrl()}`);
    assert.equal(mailer.status, 200);
    assert.equal(mailer.body.size, '8.5x11_trifold');
    assert.equal(mailer.body.insideHTML, '<h1>Inside for {{to.firstName}}</h1>');
    assert.equal(mailer.body.outsideHTML, '<p>Outside</p>');
    assert.equal(mailer.body.to.firstName, 'Grace');
    await textMatching(page.locator('.page-head'), /Self-mailer[\s\S]*Ready/);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});

describe('the create form’s errors, templates and merge variables', () => {
  test('shows every problem at once, each on its field', async () => {
    await page.goto(`${t.baseUrl}/cheques/new`);
    await page.getByRole('heading', { name: 'New cheque' }).waitFor();
    await page.getByRole('group', { name: 'To' }).getByLabel('First name').fill('Ada');
    await page.getByLabel('Amount').fill('twelve');
    await page.getByRole('button', { name: 'Create cheque' }).click();
    const alert = page.locator('.form-errors');
    await textMatching(alert, /fix these 4 fields/);
    const listed = await alert.locator('li').evaluateAll((items) => items.map((li) => li.dataset.field));
    assert.deepEqual(listed.sort(), ['amount', 'bankAccount', 'from', 'to.addressLine1']);
    const to = page.getByRole('group', { name: 'To' });
    for (const field of [
      to.getByLabel('Address line 1'),
      page.getByLabel('Bank account'),
      page.getByLabel('Amount'),
    ]) {
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
    }
    // The message sits beside its field, which points at it.
    const describedBy = await page.getByLabel('Amount').getAttribute('aria-describedby');
    await textMatching(page.locator(`#${describedBy}`), /^amount must be a positive amount/);
    assert.equal(
      await to.getByLabel('City').getAttribute('aria-invalid'),
      null,
      'a good field is not marked',
    );
    assert.equal((await t.api('/cheques')).body.totalCount, 1, 'nothing was sent');
  });

  test('a field the server rejects is highlighted with the server’s words', async () => {
    await page.goto(`${t.baseUrl}/cheques/new`);
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress());
    await fillContact(page.getByRole('group', { name: 'From' }), senderAddress());
    await page.getByLabel('Bank account').selectOption(bankAccountId);
    await page.getByLabel('Amount').fill('10');
    // Only the server knows this number is taken (by the first test's cheque).
    await page.getByLabel('Cheque number').fill('1042');
    await page.getByRole('button', { name: 'Create cheque' }).click();
    await textMatching(
      page.locator('.form-errors li[data-field="number"]'),
      /^number 1042 is already used by cheque cheque_/,
    );
    assert.equal(await page.getByLabel('Cheque number').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Amount').getAttribute('aria-invalid'), null);
    assert.match(page.url(), /\/cheques\/new$/);
  });

  test('a letter from a picked template, with the merge variables it uses', async () => {
    const template = await t.api('/templates', {
      method: 'POST',
      json: {
        description: 'Renewal notice',
        html: '<p>Dear {{to.firstName}}, order {{orderNumber}} ships {{ship.date}}.</p>',
      },
    });
    assert.equal(template.status, 200);
    await page.goto(`${t.baseUrl}/letters/new`);
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress());
    await fillContact(page.getByRole('group', { name: 'From' }), senderAddress());
    await page.getByLabel('Template').selectOption({ label: `Renewal notice (${template.body.id})` });
    assert.equal(await page.getByLabel('HTML content').count(), 0, 'a template replaces the typed HTML');
    // The template's own variables are offered; to.firstName comes from the contact.
    await page.getByRole('button', { name: 'Add orderNumber' }).click();
    await page.getByRole('button', { name: 'Add ship.date' }).click();
    assert.equal(await page.getByRole('button', { name: /^Add to\./ }).count(), 0);
    await page.getByLabel('Value of orderNumber').fill('A-17');
    await page.getByLabel('Value of ship.date').fill('Monday');
    await page.getByLabel('Send date').fill(sendDate);
    await page.getByRole('button', { name: 'Create letter' }).click();
    await createdAt(/\/letters\/letter_[A-Za-z0-9]+$/);
    const letter = await t.api(`/letters/${idFromUrl()}`);
    assert.equal(letter.body.template, template.body.id);
    assert.deepEqual(letter.body.mergeVariables, { orderNumber: 'A-17', ship: { date: 'Monday' } });
    assert.equal(letter.body.html, undefined);
  });

  test('no page errors in the form', () => {
    assert.deepEqual(pageErrors, []);
  });
});

describe('order lists: description and metadata, a created-date filter, CSV export', () => {
  const made: Record<string, string> = {};
  before(async () => {
    for (const [name, description, campaign] of [
      ['Ada', 'November renewal', 'fall'],
      ['Grace', 'December renewal', 'winter'],
    ] as const) {
      const letter = await t.api('/letters', {
        method: 'POST',
        json: {
          to: usAddress({ firstName: name }),
          from: senderAddress(),
          html: '<p>Hi</p>',
          description,
          metadata: { campaign },
          sendDate,
        },
      });
      assert.equal(letter.status, 200, JSON.stringify(letter.body));
      made[name] = letter.body.id;
    }
    await sql`update orders set created_at = '2026-11-03T15:00:00Z' where id = ${made.Ada}`.execute(
      t.database.db,
    );
  });

  const row = (id: string) => page.locator('table.orders tbody tr', { hasText: id });

  test('shows each order’s description and metadata', async () => {
    await page.goto(`${t.baseUrl}/letters`);
    await textMatching(row(made.Grace!).locator('td[data-label="Description"]'), /^December renewal$/);
    await textMatching(row(made.Grace!).locator('td[data-label="Metadata"]'), /^campaign: winter$/);
  });

  test('filters by the day it was created, in the viewer’s zone', async () => {
    await page.getByLabel('Created from').fill('2026-11-01');
    await page.getByLabel('Created to').fill('2026-11-30');
    await textMatching(page.locator('.pagination'), /1–1 of 1/);
    await textMatching(row(made.Ada!).locator('td[data-label="Description"]'), /^November renewal$/);
    assert.equal(await row(made.Grace!).count(), 0);
    assert.match(page.url(), /createdFrom=2026-11-01&createdTo=2026-11-30/);
  });

  test('exports every match of the filters as CSV', async () => {
    await page.getByLabel('Created from').fill('');
    await page.getByLabel('Search').fill('renewal');
    await page.getByRole('button', { name: 'Search' }).click();
    await textMatching(page.locator('.pagination'), /1–1 of 1/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'letters.csv');
    const rows = parse(await readFile((await download.path())!), { columns: true }) as Record<
      string,
      string
    >[];
    assert.deepEqual(
      rows.map((r) => [r.id, r.description, r.metadata]),
      [[made.Ada, 'November renewal', '{"campaign":"fall"}']],
    );
    await page.getByLabel('Created to').fill('');
    await textMatching(page.locator('.pagination'), /1–2 of 2/);
    const [all] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const both = parse(await readFile((await all.path())!), { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      both.map((r) => r.id),
      [made.Grace, made.Ada],
    );
  });

  test('no page errors in the lists', () => {
    assert.deepEqual(pageErrors, []);
  });
});
