// End to end: the built dashboard (web/dist) served by a real server with its worker, driven by Debian's
// chromium through playwright-core, against a fresh database.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, fillContact, PASSWORD } from './support.ts';

const WAIT_MS = 15_000;
const polling = { intervalMs: 100 };

let t: TestApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let email: string;
let userId: string;
const pageErrors: string[] = [];

// Orders are sent a week ahead so the scheduler (running in the worker) never moves them on its own:
// every move in these tests is one the test made.
const sendDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp(
    { MAILSTREAM_PROFILE: 'production', WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' },
    { worker: true },
  );
  const user = await createTestUser(t, 'browser@example.com');
  email = user.email;
  userId = user.id;
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await t?.close();
});

/** Waits until the element's text matches, and returns it; fails with what it last saw. */
async function textOf(locator: Locator, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.textContent({ timeout: WAIT_MS }).catch((error: Error) => error.message)) ?? '';
    if (pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`expected text matching ${pattern}, last saw "${last}"`);
}

async function apiOrder(id: string) {
  const response = await t.api(`/letters/${id}`);
  assert.equal(response.status, 200);
  return response.body;
}

describe('dashboard in a browser', () => {
  test('a wrong password is refused', async () => {
    await page.goto(t.baseUrl);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await textOf(page.getByRole('alert'), /Could not sign in: Wrong email or password\./);
    assert.equal(await page.getByRole('button', { name: 'Sign in' }).isVisible(), true);
    const cookies = await context.cookies();
    assert.equal(
      cookies.find((c) => c.name === 'mailstream_session'),
      undefined,
    );
  });

  test('signs in, with the test/live switch visible', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The overview is the landing page (test/dashboard/overview.test.ts); the letters are one link away.
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    assert.match(page.url(), /\/overview$/);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Letters' }).click();
    await page.getByRole('heading', { name: 'Letters' }).waitFor();
    const test = page.getByRole('radio', { name: 'Test' });
    assert.equal(await test.isChecked(), true);
    assert.equal(await page.getByRole('radio', { name: 'Live' }).isChecked(), false);
    const cookie = (await context.cookies()).find((c) => c.name === 'mailstream_session');
    assert.ok(cookie, 'session cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
  });

  let letterId = '';
  test('creates a test letter', async () => {
    await page.getByRole('link', { name: 'New letter' }).click();
    await page.getByRole('heading', { name: 'New letter' }).waitFor();
    const to = usAddress();
    const from = senderAddress();
    await fillContact(page.getByRole('group', { name: 'To' }), to);
    await fillContact(page.getByRole('group', { name: 'From' }), from);
    await page.getByLabel('HTML content').fill('<p>Hello {{to.firstName}}, from the dashboard test.</p>');
    await page.getByLabel('Extra service').selectOption('certified');
    await page.getByLabel('Send date').fill(sendDate);
    await page.getByRole('button', { name: 'Create letter' }).click();
    await page.waitForURL(/\/letters\/letter_[A-Za-z0-9]+$/);
    letterId = page.url().split('/').pop()!;
    await textOf(page.locator('.page-head'), /Ready/);
    const order = await apiOrder(letterId);
    assert.equal(order.live, false);
    assert.equal(order.status, 'ready');
    assert.equal(order.to.firstName, to.firstName);
    assert.equal(order.from.companyName, from.companyName);
    assert.equal(order.extraService, 'certified');
    assert.match(order.html, /from the dashboard test/);
    // Only Ready is reached, with its time.
    assert.equal(await page.locator('li[data-step="ready"] time').getAttribute('datetime'), order.createdAt);
    await textOf(page.locator('li[data-step="printing"]'), /Not yet/);
  });

  test('progresses it to completed and shows each step with its time', async () => {
    const steps = [
      ['printing', 'printingAt', /Printing/],
      ['processed_for_delivery', 'processedForDeliveryAt', /Processed for delivery/],
      ['completed', 'completedAt', /Completed/],
    ] as const;
    for (const [step, field, badge] of steps) {
      await page.getByRole('button', { name: 'Progress to next step' }).click();
      const time = page.locator(`li[data-step="${step}"] time`);
      await time.waitFor();
      await textOf(page.locator('.page-head .badge').first(), badge);
      const order = await apiOrder(letterId);
      assert.equal(order.status, step);
      assert.equal(await time.getAttribute('datetime'), order[field]);
      assert.notEqual((await time.textContent())?.trim(), '');
    }
    for (const step of ['ready', 'printing', 'processed_for_delivery', 'completed']) {
      assert.equal(await page.locator(`li[data-step="${step}"] time`).count(), 1, `${step} has its time`);
    }
    // Done: nothing left to progress or cancel.
    assert.equal(await page.getByRole('button', { name: 'Progress to next step' }).count(), 0);
    const order = await apiOrder(letterId);
    // What the pipeline gave it on the way, drawn and linked.
    assert.match(order.imb?.barcode ?? '', /^[FADT]{65}$/, 'US mail gets an IMb when it prints');
    assert.equal(await page.locator('svg.imb').getAttribute('data-bars'), order.imb.barcode);
    await textOf(page.locator('.imb-figure figcaption'), new RegExp(order.imb.routingCode));
    assert.match(order.trackingNumber ?? '', /^\d{22}$/, 'certified mail has a tracking number');
    const link = page.getByRole('link', { name: order.trackingNumber });
    assert.equal(
      await link.getAttribute('href'),
      `https://tools.usps.com/go/TrackConfirmAction?tLabels=${order.trackingNumber}`,
    );
  });

  test('the page updates by itself while the order moves', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        html: '<p>Hi</p>',
        description: 'Moves on its own',
        sendDate,
      },
    });
    assert.equal(created.status, 200);
    await page.goto(`${t.baseUrl}/letters/${created.body.id}`);
    await textOf(page.locator('li[data-step="printing"]'), /Not yet/);
    // Moved behind the page's back, through the API.
    assert.equal((await t.api(`/letters/${created.body.id}/progressions`, { method: 'POST' })).status, 200);
    await page.locator('li[data-step="printing"] time').waitFor();
    await textOf(page.locator('.page-head .badge').first(), /Printing/);
  });

  test('cancels a ready order, with a note', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>To be cancelled</p>', sendDate },
    });
    assert.equal(created.status, 200);
    await page.goto(`${t.baseUrl}/letters/${created.body.id}`);
    await page.getByRole('button', { name: 'Cancel letter' }).click();
    await page.getByLabel('Cancellation note (optional)').fill('Wrong address');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await page.locator('li[data-step="cancelled"] time').waitFor();
    await textOf(page.locator('li[data-step="cancelled"]'), /Note: Wrong address/);
    const order = await apiOrder(created.body.id);
    assert.equal(order.status, 'cancelled');
    assert.equal(order.cancellation.note, 'Wrong address');
    assert.equal(order.cancellation.cancelledByUser, userId);
    assert.equal(
      await page.locator('li[data-step="cancelled"] time').getAttribute('datetime'),
      order.cancelledAt,
    );
    assert.equal(await page.getByRole('button', { name: 'Cancel letter' }).count(), 0);
  });

  test('lists orders by status tab and filter', async () => {
    const rows = page.locator('table.orders tbody tr');
    const ids = async () =>
      (await rows.locator('td[data-label="ID"]').allTextContents()).map((s) => s.trim());
    await page.getByRole('link', { name: 'Letters', exact: true }).click();
    await eventually(
      async () => (await ids()).length === 3,
      WAIT_MS,
      'all three letters are listed',
      polling,
    );
    await page.getByRole('button', { name: 'Cancelled' }).click();
    await page.waitForURL(/status=cancelled/);
    const cancelled = (await t.api('/letters?status=cancelled')).body.data.map((o: any) => o.id);
    assert.equal(cancelled.length, 1);
    await eventually(
      async () => (await ids()).join() === cancelled.join(),
      WAIT_MS,
      'only the cancelled letter is listed',
      polling,
    );
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.getByLabel('Extra service').selectOption('certified');
    await page.waitForURL(/extraService=certified/);
    await eventually(
      async () => (await ids()).join() === letterId,
      WAIT_MS,
      'only the certified letter is listed',
      polling,
    );
    await page.getByLabel('Extra service').selectOption('');
    await page.getByLabel('Search').fill('Moves on its own');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/search=Moves/);
    await eventually(
      async () => (await ids()).length === 1 && (await ids())[0] !== letterId,
      WAIT_MS,
      'the search finds one letter',
      polling,
    );
  });

  test('creates a webhook and shows its invocations', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const receiver: Server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(200, { 'content-type': 'text/plain' }).end('received by the test receiver');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    try {
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('button', { name: 'New webhook' }).click();
      await page.getByLabel('Endpoint URL').fill(url);
      await page.getByLabel('Payload format').selectOption('json');
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await page.waitForURL(/\/webhooks\/webhook_[A-Za-z0-9]+$/);
      const webhookId = page.url().split('/').pop()!;
      await textOf(page.locator('.card.notice'), /Signing secret/);

      // A real event: a letter created through the API is delivered by the worker.
      const created = await t.api('/letters', {
        method: 'POST',
        json: { to: usAddress(), from: senderAddress(), html: '<p>Hook me</p>', sendDate },
      });
      assert.equal(created.status, 200);
      const table = page.locator('table.invocations tbody');
      await textOf(table, /letter\.created/);
      const row = table.locator('tr', { hasText: 'letter.created' }).first();
      await textOf(row.locator('td[data-label="Status code"]'), /^200$/);
      await textOf(row.locator('td[data-label="Duration"]'), /^\d+ ms$/);
      await textOf(row.locator('td[data-label="Response"]'), /received by the test receiver/);
      assert.ok(
        received.some((r) => r.body.includes(created.body.id)),
        'the receiver got the event',
      );

      // The test event: sent at once, its attempt listed.
      await page.getByRole('button', { name: 'Send test event' }).click();
      await textOf(page.getByRole('status'), /Test event sent/);
      const rows = table.locator('tr');
      // The letter's own updates (its render, its price settled) are delivered too: once the attempts stop
      // coming, the page lists what the API lists.
      const listed = Date.now() + WAIT_MS;
      let invocations = await t.api(`/webhooks/${webhookId}/invocations`);
      let previous = -1;
      while (Date.now() < listed) {
        await new Promise((r) => setTimeout(r, 500));
        invocations = await t.api(`/webhooks/${webhookId}/invocations`);
        const n = invocations.body.data.length;
        if (n >= 2 && n === previous && (await rows.count()) === n) break;
        previous = n;
      }
      assert.equal(invocations.status, 200);
      const types = invocations.body.data.map((i: any) => i.type);
      assert.equal(types.filter((type: string) => type === 'letter.created').length, 2, types.join());
      assert.equal(await rows.count(), invocations.body.data.length);

      // Resend the real event: a new attempt of it reaches the receiver and is listed.
      const before = received.filter((r) => r.body.includes(created.body.id)).length;
      const eventId = invocations.body.data.find(
        (i: any) => i.orderID === created.body.id && i.type === 'letter.created',
      ).event;
      await table
        .locator(`tr:has-text("${eventId}")`)
        .first()
        .getByRole('button', { name: 'Resend' })
        .click();
      await textOf(page.getByRole('status'), /queued to be sent again/);
      const resent = Date.now() + WAIT_MS;
      const count = () => received.filter((r) => r.body.includes(created.body.id)).length;
      while (count() === before && Date.now() < resent) await new Promise((r) => setTimeout(r, 100));
      assert.equal(count(), before + 1, 'the resend reached the receiver');
      // The page lists the new attempt beside the first (other events' rows are already there).
      const attempts = table.locator(`tr:has-text("${eventId}")`);
      while ((await attempts.count()) < 2 && Date.now() < resent)
        await new Promise((r) => setTimeout(r, 100));
      assert.equal(await attempts.count(), 2);

      // Disable, then enable again.
      await page.getByRole('button', { name: 'Disable' }).click();
      await textOf(page.locator('.page-head'), /Disabled/);
      await page.getByRole('button', { name: 'Enable' }).click();
      await textOf(page.locator('.page-head'), /Enabled/);

      // Edit: the events and description change.
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('checkbox', { name: 'postcard.created' }).check();
      await page.getByLabel('Description').fill('CRM sync');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await textOf(page.locator('dl.facts'), /postcard\.created[\s\S]*CRM sync/);
      const edited = await t.api(`/webhooks/${webhookId}`);
      assert.deepEqual(edited.body.enabledEvents, ['letter.created', 'letter.updated', 'postcard.created']);
      assert.equal(edited.body.description, 'CRM sync');

      // Delete: gone from the list and the API.
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('button', { name: 'Confirm delete' }).click();
      await page.waitForURL(/\/webhooks$/);
      await textOf(page.locator('main'), /No webhooks in this mode yet\./);
      assert.equal((await t.api(`/webhooks/${webhookId}`)).status, 404);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('fits a 390 px wide screen: no sideways scrolling, the mode switch in view', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    try {
      const small = await phone.newPage();
      small.setDefaultTimeout(WAIT_MS);
      for (const path of [`/letters/${letterId}`, '/letters', '/webhooks', '/api-keys', '/letters/new']) {
        await small.goto(`${t.baseUrl}${path}`);
        await small.locator('main h1').first().waitFor();
        const width = Number(await small.evaluate('document.documentElement.scrollWidth'));
        assert.ok(width <= 390, `${path} is ${width} px wide`);
        const box = await small.locator('.mode-switch').boundingBox();
        assert.ok(
          box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 0 && box.y < 120,
          `${path}: switch`,
        );
      }
    } finally {
      await phone.close();
    }
  });

  test('creates a test postcard to a saved contact', async () => {
    await page.getByRole('link', { name: 'Postcards' }).click();
    await page.getByRole('link', { name: 'New postcard' }).click();
    const to = page.getByRole('group', { name: 'To' });
    const saved = to.getByLabel('Saved contact');
    const ada = await saved.locator('option', { hasText: 'Ada Lovelace' }).first().getAttribute('value');
    assert.match(ada ?? '', /^contact_/);
    await saved.selectOption(ada!);
    assert.equal(await to.getByLabel('First name').count(), 0, 'a picked contact needs no typing');
    await page.getByLabel('Front HTML').fill('<h1>Hi {{to.firstName}}</h1>');
    await page.getByLabel('Size').selectOption('9x6');
    await page.getByLabel('Send date').fill(sendDate);
    await page.getByRole('button', { name: 'Create postcard' }).click();
    await page.waitForURL(/\/postcards\/postcard_[A-Za-z0-9]+$/);
    const postcard = await t.api(`/postcards/${page.url().split('/').pop()}`);
    assert.equal(postcard.status, 200);
    assert.equal(postcard.body.to.id, ada);
    assert.equal(postcard.body.size, '9x6');
    assert.equal(postcard.body.from, undefined);
    await textOf(page.locator('.page-head'), /Postcard[\s\S]*Ready/);
  });

  test('a postcard the API refuses shows why, in words', async () => {
    await page.goto(`${t.baseUrl}/postcards/new`);
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress({ addressLine1: '' }));
    await page.getByRole('group', { name: 'To' }).getByLabel('First name').fill('Ada');
    await page.getByRole('button', { name: 'Create postcard' }).click();
    await textOf(
      page.getByRole('alert'),
      /^Could not create the postcard: fix this field\.to\.addressLine1 is required\.$/,
    );
    const line1 = page.getByRole('group', { name: 'To' }).getByLabel('Address line 1');
    assert.equal(await line1.getAttribute('aria-invalid'), 'true');
    assert.match(page.url(), /\/postcards\/new$/);
  });

  test('API keys: masked, revealed on request, rotated', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    const testCard = page.locator('.api-key[data-mode="test"]');
    await textOf(testCard.locator('code'), new RegExp(`^test_sk_•+${t.org.testApiKey.slice(-4)}$`));
    await testCard.getByRole('button', { name: 'Reveal' }).click();
    await textOf(testCard.locator('code'), new RegExp(`^${t.org.testApiKey}$`));
    const liveCard = page.locator('.api-key[data-mode="live"]');
    await liveCard.getByRole('button', { name: 'Rotate' }).click();
    await liveCard.getByRole('button', { name: 'Confirm: replace the live key' }).click();
    const fresh = await textOf(liveCard.locator('code'), /^live_sk_[A-Za-z0-9]{32}$/);
    assert.notEqual(fresh, t.org.liveApiKey);
    assert.equal((await t.api('/letters', { key: fresh })).status, 200);
    assert.equal((await t.api('/letters', { key: t.org.liveApiKey })).status, 401);
  });

  test('the test/live switch shows the other mode’s data', async () => {
    await page.getByRole('link', { name: 'Letters', exact: true }).click();
    await eventually(
      async () => (await page.locator('table.orders tbody tr').count()) > 0,
      WAIT_MS,
      'test letters are listed',
      polling,
    );
    await page.getByText('Live', { exact: true }).click();
    await textOf(page.locator('.mode-banner'), /Live mode/);
    await textOf(page.locator('main'), /No letters match\./);
    assert.equal(await page.locator('table.orders tbody tr').count(), 0);
    await page.getByText('Test', { exact: true }).click();
    await textOf(page.locator('.mode-banner'), /Test mode/);
    await eventually(
      async () => (await page.locator('table.orders tbody tr').count()) > 0,
      WAIT_MS,
      'test letters are listed again',
      polling,
    );
  });

  test('shows API errors in words', async () => {
    await page.goto(`${t.baseUrl}/letters/letter_doesnotexist`);
    await textOf(
      page.getByRole('alert'),
      /Could not load letter letter_doesnotexist: Letter letter_doesnotexist was not found\./,
    );
    assert.deepEqual(pageErrors, []);
  });
});
