// Address verification in the dashboard, in Debian's chromium: the status badge with its errors and
// changes on contacts and on an order's recipient, the contacts list filtered by status, and the create
// form's verify box that shows the corrected address and puts it in the fields.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, signInThroughPage, textMatching } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const contacts: Record<'verified' | 'corrected' | 'failed', { id: string; lastName: string }> = {} as never;
let correctedLetterId = '';
let failedLetterId = '';

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp();
  const live = { key: t.org.liveApiKey };
  const typed = {
    verified: usAddress({ lastName: 'Verified' }),
    corrected: usAddress({ lastName: 'Corrected', addressLine1: '20 West 34th Street', city: 'New Yrok' }),
    failed: usAddress({ lastName: 'Failed', provinceOrState: 'NJ' }),
  };
  for (const [status, address] of Object.entries(typed) as [keyof typeof typed, typeof typed.failed][]) {
    const r = await t.api('/contacts', { method: 'POST', json: address, ...live });
    assert.equal(r.body.addressStatus, status);
    contacts[status] = { id: r.body.id, lastName: address.lastName };
  }
  const letter = await t.api('/letters', {
    method: 'POST',
    json: { to: contacts.corrected.id, from: senderAddress(), html: '<p>Hello</p>' },
    ...live,
  });
  assert.equal(letter.status, 200, JSON.stringify(letter.body));
  correctedLetterId = letter.body.id;
  // An organization that allows failed addresses: the order page says what let this one through.
  await t.api('/address_verification/settings', { method: 'POST', json: { failedAddresses: 'allow' } });
  const overridden = await t.api('/letters', {
    method: 'POST',
    json: { to: contacts.failed.id, from: senderAddress(), html: '<p>Hello</p>' },
    ...live,
  });
  assert.equal(overridden.status, 200, JSON.stringify(overridden.body));
  failedLetterId = overridden.body.id;

  const user = await createTestUser(t);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInThroughPage(page, t, user.email);
  await page.getByRole('radio', { name: 'Live' }).check();
});

after(async () => {
  await browser?.close();
  await t?.close();
});

const row = (lastName: string) => page.locator('table.contacts tbody tr', { hasText: `Ada ${lastName}` });
const nav = (name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });

describe('address status badge', () => {
  test('the contacts list shows each live contact’s badge, a failed one with its errors, a corrected one with its changes', async () => {
    await nav('Contacts').click();
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await row('Failed').waitFor();
    const failed = row('Failed').locator('.address-status');
    assert.equal(await failed.locator('.badge').textContent(), 'Failed');
    assert.equal(
      await failed.getByRole('list', { name: 'Address errors' }).textContent(),
      'postalOrZip: Incorrect Value',
    );

    const corrected = row('Corrected').locator('.address-status');
    assert.equal(await corrected.locator('.badge').textContent(), 'Corrected');
    assert.match(
      (await corrected.getByRole('list', { name: 'Address changes' }).textContent()) ?? '',
      /city: New Yrok → NEW YORK/,
    );
    assert.equal(await row('Verified').locator('.address-status .badge').textContent(), 'Verified');
    assert.equal(await row('Verified').locator('.address-errors, .address-changes').count(), 0);
  });

  test('the contact page shows the badge, the errors and the address as typed', async () => {
    await page.goto(`${t.baseUrl}/contacts/${contacts.corrected.id}`);
    const status = page.locator('.address-status');
    assert.equal(await status.locator('.badge').textContent({ timeout: 15_000 }), 'Corrected');
    assert.match(
      (await status.getByRole('list', { name: 'Address errors' }).textContent()) ?? '',
      /city: Typo in Value/,
    );
    await textMatching(page.locator('.facts').first(), /As typed20 West 34th Street, New Yrok, NY, 10001/);

    await page.goto(`${t.baseUrl}/contacts/${contacts.failed.id}`);
    await textMatching(page.locator('.address-status'), /^Failed.*postalOrZip: Incorrect Value/);
  });

  test('the order page shows the badge of the order’s recipient', async () => {
    await page.goto(`${t.baseUrl}/letters/${correctedLetterId}`);
    const to = page.locator('.addresses > div', { has: page.getByRole('heading', { name: 'To' }) });
    await textMatching(to.locator('address'), /20 W 34TH ST/);
    assert.equal(await to.locator('.address-status .badge').textContent(), 'Corrected');
    assert.match((await to.getByRole('list', { name: 'Address changes' }).textContent()) ?? '', /NEW YORK/);
    assert.equal(await to.locator('.address-override').count(), 0);

    await page.goto(`${t.baseUrl}/letters/${failedLetterId}`);
    await textMatching(to.locator('.address-status'), /^Failed.*postalOrZip: Incorrect Value/);
    await textMatching(
      to.locator('.address-override'),
      /failed verification \(postalOrZip: Incorrect Value\): the organization allows failed addresses/,
    );
  });
});

describe('contacts list filter', () => {
  // The letter's sender was saved as a contact too, and verified.
  const expected = {
    failed: ['Ada Failed'],
    corrected: ['Ada Corrected'],
    verified: ['Acme Mail Co', 'Ada Verified'],
    '': ['Acme Mail Co', 'Ada Corrected', 'Ada Failed', 'Ada Verified'],
  };
  const names = async () =>
    (await page.locator('table.contacts tbody tr td:first-child').allTextContents()).sort();
  const namesBecome = async (want: string[]) => {
    const deadline = Date.now() + 15_000;
    let seen = await names();
    while (JSON.stringify(seen) !== JSON.stringify(want) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      seen = await names();
    }
    assert.deepEqual(seen, want);
  };

  test('filtering by status lists only those contacts, and Any lists them all again', async () => {
    await page.goto(`${t.baseUrl}/contacts`);
    await row('Failed').waitFor();
    await namesBecome(expected['']);
    for (const status of ['failed', 'corrected', 'verified', ''] as const) {
      await page.getByLabel('Address status').selectOption(status);
      if (status) await page.waitForURL(new RegExp(`addressStatus=${status}`));
      await namesBecome(expected[status]);
      const badges = await page.locator('table.contacts tbody .address-status .badge').allTextContents();
      if (status)
        assert.ok(
          badges.every((b) => b.toLowerCase() === status),
          `${status}: ${badges}`,
        );
    }
    assert.doesNotMatch(page.url(), /addressStatus/);
    assert.deepEqual(pageErrors, []);
  });
});

describe('verify box on the create form', () => {
  const to = () => page.getByRole('group', { name: 'To' });
  const box = () => page.getByRole('region', { name: 'Verify address' });

  test('shows the corrected address and "Use corrected" puts it in the recipient fields', async () => {
    await page.goto(`${t.baseUrl}/letters/new`);
    await to().getByLabel('First name').fill('Ada');
    await to().getByLabel('Address line 1').fill('20 West 34th Street');
    await to().getByLabel('City').fill('New Yrok');
    await to().getByLabel('State or province').fill('NY');
    await to().getByLabel('ZIP or postal code').fill('10001');
    await box().getByRole('button', { name: 'Verify address' }).click();
    const shown = await textMatching(box().getByRole('status'), /Corrected/);
    assert.match(shown, /20 W 34TH ST/);
    assert.match(shown, /NEW YORK NY 10001/);
    assert.match(shown, /city: New Yrok → NEW YORK/);

    await box().getByRole('button', { name: 'Use corrected' }).click();
    assert.equal(await to().getByLabel('Address line 1').inputValue(), '20 W 34TH ST');
    assert.equal(await to().getByLabel('City').inputValue(), 'NEW YORK');
    assert.equal(await to().getByLabel('State or province').inputValue(), 'NY');
    assert.match(await to().getByLabel('ZIP or postal code').inputValue(), /^10001(-\d{4})?$/);
    assert.equal(await to().getByLabel('First name').inputValue(), 'Ada', 'the name is left as typed');
    assert.equal(await box().getByRole('status').count(), 0, 'the answer was for the old fields');

    await box().getByRole('button', { name: 'Verify address' }).click();
    await textMatching(box().getByRole('status'), /^Verified/);
  });

  test('shows the errors of an address that fails, with nothing to use', async () => {
    await to().getByLabel('State or province').fill('NJ');
    await box().getByRole('button', { name: 'Verify address' }).click();
    const shown = await textMatching(box().getByRole('status'), /^Failed/);
    assert.match(shown, /postalOrZip: Incorrect Value/);
    assert.equal(await box().getByRole('button', { name: 'Use corrected' }).count(), 0);
    assert.deepEqual(pageErrors, []);
  });
});
