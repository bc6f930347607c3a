// The create form for every order kind in Debian's chromium: cheques (drawn on a bank account) and
// self-mailers are made in the UI, and a cheque's page shows what it pays; times name their zone.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, signInThroughPage, textMatching } from './support.ts';

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

const labels: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  companyName: 'Company',
  addressLine1: 'Address line 1',
  city: 'City',
  provinceOrState: 'State or province',
  postalOrZip: 'ZIP or postal code',
  countryCode: 'Country code',
};

async function fillContact(group: Locator, contact: Record<string, unknown>) {
  for (const [field, value] of Object.entries(contact)) {
    const label = labels[field];
    if (label) await group.getByLabel(label, { exact: true }).fill(String(value));
  }
}

const idFromUrl = () => page.url().split('/').pop()!;

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
    await page.waitForURL(/\/cheques\/cheque_[A-Za-z0-9]+$/);
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
    await page.waitForURL(/\/self_mailers\/self_mailer_[A-Za-z0-9]+$/);
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
