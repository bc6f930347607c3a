// Contacts, templates and bank accounts in Debian's chromium: each has a list, a create form whose
// rejected fields are marked, and a detail page; the template editor previews the template rendered
// with sample variables in a sandboxed frame that runs no scripts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
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
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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
const idFromUrl = () => page.url().split('/').pop()!;

describe('contacts', () => {
  test('a contact without an address is refused on its fields, nothing is saved', async () => {
    await nav('Contacts').click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByRole('link', { name: 'New contact' }).click();
    await page.getByLabel('Country code').fill('');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await textMatching(page.locator('.form-errors'), /fix these 3 fields/);
    for (const label of ['First name', 'Address line 1', 'Country code'])
      assert.equal(await page.getByLabel(label, { exact: true }).getAttribute('aria-invalid'), 'true', label);
    assert.equal((await t.api('/contacts')).body.totalCount, 0);
  });

  test('creates a contact, shows it, and lists it with its description', async () => {
    await page.getByLabel('First name', { exact: true }).fill('Grace');
    await page.getByLabel('Last name', { exact: true }).fill('Hopper');
    await page.getByLabel('Address line 1').fill('1 Infinite Loop');
    await page.getByLabel('City').fill('Cupertino');
    await page.getByLabel('State or province').fill('CA');
    await page.getByLabel('ZIP or postal code').fill('95014');
    await page.getByLabel('Country code').fill('US');
    await page.getByLabel('Description').fill('Board member');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.waitForURL(/\/contacts\/contact_[A-Za-z0-9]+$/);
    const saved = await t.api(`/contacts/${idFromUrl()}`);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.lastName, 'Hopper');
    assert.equal(saved.body.description, 'Board member');
    await textMatching(page.getByRole('heading', { level: 1 }), /^Grace Hopper contact_/);
    await textMatching(page.locator('address'), /1 Infinite Loop[\s\S]*Cupertino CA 95014/);
    await nav('Contacts').click();
    const row = page.locator('table.contacts tbody tr', { hasText: 'Grace Hopper' });
    await textMatching(row.locator('td[data-label="Description"]'), /^Board member$/);
    await row.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.waitForURL(new RegExp(`/contacts/${saved.body.id}$`));
  });
});

describe('bank accounts', () => {
  test('a routing number the server refuses is marked on its field', async () => {
    await nav('Bank accounts').click();
    await page.getByRole('link', { name: 'New bank account' }).click();
    await page.getByLabel('Bank name').fill('Hudson Savings');
    await page.getByLabel('Account number').fill('000123456789');
    await page.getByLabel('Routing number (ABA)').fill('123456789');
    await page.getByLabel('Signature text').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Create bank account' }).click();
    await textMatching(
      page.locator('.form-errors li[data-field="routingNumber"]'),
      /not a valid ABA routing number/,
    );
    assert.equal(await page.getByLabel('Routing number (ABA)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Bank name').getAttribute('aria-invalid'), null);
  });

  test('creates one, shows only its last 4 digits, and lists it', async () => {
    await page.getByLabel('Routing number (ABA)').fill('021000021');
    await page.getByLabel('Description').fill('Payroll');
    await page.getByRole('button', { name: 'Create bank account' }).click();
    await page.waitForURL(/\/bank_accounts\/bank_account_[A-Za-z0-9]+$/);
    const id = idFromUrl();
    const facts = page.locator('.bank-account-facts');
    await textMatching(facts, /Account number····6789/);
    await textMatching(facts, /Routing number021000021/);
    assert.doesNotMatch((await facts.textContent()) ?? '', /000123456789/);
    await nav('Bank accounts').click();
    const row = page.locator('table.bank-accounts tbody tr', { hasText: 'Hudson Savings' });
    await textMatching(row.locator('td[data-label="Description"]'), /^Payroll$/);
    assert.equal(await row.getByRole('link').getAttribute('href'), `/bank_accounts/${id}`);
  });
});

describe('templates', () => {
  const frame = () => page.frameLocator('iframe[title="Preview"]');

  test('the editor previews the HTML with sample variables in a frame that runs no scripts', async () => {
    await nav('Templates').click();
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New template' }).waitFor();
    const iframe = page.locator('iframe[title="Preview"]');
    assert.equal(await iframe.getAttribute('sandbox'), '', 'sandboxed, with no allowances (no scripts)');
    await textMatching(frame().locator('h1'), /^Hello Ada$/);
    await page.getByLabel('Value of to.firstName').fill('Grace');
    await textMatching(frame().locator('h1'), /^Hello Grace$/);
    await page
      .getByLabel('HTML')
      .fill(
        '<h1>Hi {{to.firstName}}</h1><p id="code">{{coupon}}</p><p id="s">static</p>' +
          "<script>document.getElementById('s').textContent = 'ran'</script>",
      );
    // A variable with no sample is named, not rendered empty.
    await textMatching(page.locator('.template-preview .error'), /Merge variable "coupon" is missing/);
    await page.getByRole('button', { name: 'Add coupon' }).click();
    await page.getByLabel('Value of coupon').fill('SPRING-20');
    await textMatching(frame().locator('#code'), /^SPRING-20$/);
    assert.equal(await frame().locator('#s').textContent(), 'static', 'the script did not run');
    assert.equal(await page.locator('.template-preview .error').count(), 0);
  });

  test('saves it, and lists it with its description', async () => {
    await page.getByLabel('Description').fill('Spring coupon');
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/\/templates\/template_[A-Za-z0-9]+$/);
    const saved = await t.api(`/templates/${idFromUrl()}`);
    assert.equal(saved.status, 200);
    assert.equal(saved.body.description, 'Spring coupon');
    assert.match(saved.body.html, /\{\{coupon\}\}/);
    // Reopened, the editor has the saved HTML and offers samples for its variables.
    await page.reload();
    await textMatching(frame().locator('#code'), /^\[coupon\]$/);
    await page.getByLabel('HTML').fill('<h1>Bye {{to.firstName}}</h1>');
    await page.getByRole('button', { name: 'Save template' }).click();
    await textMatching(page.getByRole('status'), /^Saved /);
    assert.equal((await t.api(`/templates/${saved.body.id}`)).body.html, '<h1>Bye {{to.firstName}}</h1>');
    await nav('Templates').click();
    const row = page.locator('table.templates tbody tr', { hasText: saved.body.id });
    await textMatching(row.locator('td[data-label="Description"]'), /^Spring coupon$/);
  });

  test('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
