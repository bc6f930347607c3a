/**
 * `npm run screenshots`: screenshots of the dashboard's overview, order, cheque, contacts, template editor, bank
 * accounts, create-form and webhooks pages at 1280 and 390 px
 * wide, into docs/. Runs a whole mailstream (API, worker, simulated printer and postal service) over a
 * throw-away embedded PostgreSQL, makes an order play its tracking story and a webhook receive events from
 * a local receiver, then photographs them with Debian's chromium. Needs `npm run build` first.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { createKeyVault } from '../src/auth/key-vault.ts';
import { loadConfig } from '../src/config/config.ts';
import { WEB_DIST } from '../src/dashboard/spa.ts';
import { createDb } from '../src/db/database.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { createUser } from '../src/users/service.ts';
import { startWorker } from '../src/worker/runner.ts';
import { senderAddress } from '../test/support/addresses.ts';
import { seedHistory } from '../test/support/stats-history.ts';

const root = path.resolve(import.meta.dirname, '..');
const docs = path.join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const widths = [1280, 390] as const;
const email = 'ada@example.com';
const password = 'screenshots only';

/** Waits for the story to reach a point worth showing; after the timeout, shows what there is. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await probe()) !== undefined) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write(`screenshots: gave up waiting for ${what}; taking the pictures as things are\n`);
}

async function main() {
  if (!existsSync(path.join(WEB_DIST, 'index.html')))
    throw new Error('Build the dashboard first: npm run build');
  if (!existsSync(chromiumPath))
    throw new Error(`No chromium at ${chromiumPath}: apt-get install -y chromium`);
  const logger = pino({ level: 'warn' });
  const dataDir = path.join(root, '.tmp', `screenshots-${process.pid}`);
  const embedded = await startEmbedded({
    dataDir,
    logger,
    role: 'owner',
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  const config = loadConfig({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal',
    DATA_DIR: dataDir,
    MAILSTREAM_PROFILE: 'demo',
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
  });
  // The app's own logs stay quiet unless asked for (LOG_LEVEL=info npm run screenshots).
  const appLogger = pino({ level: config.logLevel });
  const { db, pool } = createDb(embedded.url, 10);
  // One receiver that is down, and one whose first answer is an error (retried later), so the pictures
  // show failed attempts beside successful ones.
  let answered = 0;
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url?.startsWith('/down')) response.writeHead(503).end('{"error":"maintenance window"}');
      else if (answered++ === 0) response.writeHead(500).end('Internal Server Error: database is locked');
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  let browser: Browser | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  let closeApp: (() => Promise<void>) | undefined;
  try {
    await migrate(embedded.url, logger);
    const vault = createKeyVault(config.secret!);
    const app = await buildApp({ db, config, logger: appLogger, role: 'api', vault });
    closeApp = () => app.close();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    stopWorker = (await startWorker({ db, config, logger: appLogger }, pool)).stop;
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hooksAt = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const org = await createOrganization(db, 'Acme Mail Co', vault);
    await createUser(db, { organizationId: org.organizationId, email, password });
    const call = async (method: string, route: string, body?: unknown) => {
      const response = await fetch(`${base}/print-mail/v1${route}`, {
        method,
        headers: { 'x-api-key': org.testApiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      // biome-ignore lint/suspicious/noExplicitAny: JSON of our own API, read loosely for a demo.
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${method} ${route}: ${JSON.stringify(json)}`);
      return json;
    };

    const hook = await call('POST', '/webhooks', {
      url: `${hooksAt}/mailstream`,
      enabledEvents: ['letter.created', 'letter.updated'],
      payloadFormat: 'standard',
      description: 'Order updates for the CRM',
    });
    // Three months of test orders and webhook attempts, so the overview has a history to draw.
    await seedHistory(db, {
      organizationId: org.organizationId,
      live: false,
      days: 90,
      perDay: 40,
      webhookId: hook.id,
    });
    await call('POST', '/webhooks', {
      url: `${hooksAt}/down/events`,
      enabledEvents: ['letter.updated'],
      description: 'Warehouse notifications',
    });

    const from = senderAddress();
    const people = [
      ['Ada', 'Lovelace', '20 W 34th St', 'New York', 'NY', '10001'],
      ['Grace', 'Hopper', '1 Infinite Loop', 'Cupertino', 'CA', '95014'],
      ['Alan', 'Turing', '350 Fifth Avenue', 'New York', 'NY', '10118'],
    ];
    const letters = [];
    for (const [firstName, lastName, addressLine1, city, provinceOrState, postalOrZip] of people) {
      letters.push(
        await call('POST', '/letters', {
          to: { firstName, lastName, addressLine1, city, provinceOrState, postalOrZip, countryCode: 'US' },
          from,
          html: '<p>Hello {{to.firstName}}, your renewal is due.</p>',
          extraService: firstName === 'Ada' ? 'certified' : undefined,
          description: `Renewal notice for ${firstName}`,
          // Sent tomorrow, so the scheduler leaves them for the progressions below to move.
          ...(firstName === 'Ada' ? {} : { sendDate: new Date(Date.now() + 86_400_000).toISOString() }),
        }),
      );
    }
    const order = letters[0];
    await call('POST', `/letters/${order.id}/tracking_story`, {});
    await call('POST', `/letters/${letters[1].id}/progressions`);
    await call('POST', `/webhooks/${hook.id}/test`, { type: 'letter.updated' });
    await until('the order to complete after its USPS scans', async () => {
      const current = await call('GET', `/letters/${order.id}`);
      const scans = await call('GET', `/letters/${order.id}/tracking_events`);
      const scanned = current.imbStatus === 'out_for_delivery' && scans.data.length >= 3;
      return scanned && current.status === 'completed' ? current : undefined;
    });
    await until('webhook invocations, a retry among them', async () => {
      const list = await call('GET', `/webhooks/${hook.id}/invocations`);
      const retried = list.data.some((i: { attempt: number }) => i.attempt > 1);
      return list.data.length >= 5 && retried ? list : undefined;
    });

    // What orders are made from: contacts, a template, a bank account, and a cheque drawn on it.
    for (const [firstName, lastName, addressLine1, city, provinceOrState, postalOrZip] of people) {
      await call('POST', '/contacts', {
        firstName,
        lastName,
        addressLine1,
        city,
        provinceOrState,
        postalOrZip,
        countryCode: 'US',
        description: `${firstName}'s home address`,
        metadata: { segment: firstName === 'Ada' ? 'vip' : 'standard' },
      });
    }
    const template = await call('POST', '/templates', {
      description: 'Renewal notice',
      html:
        '<h1 style="font-family:Georgia,serif;color:#2456c7">Hello {{to.firstName}},</h1>\n' +
        '<p>Your plan <strong>{{plan}}</strong> renews on {{renewalDate}}.</p>\n<p>Thank you for staying with us.</p>',
    });
    const bankAccount = await call('POST', '/bank_accounts', {
      bankName: 'Hudson Savings',
      bankPrimaryLine: '100 Main St, New York NY 10001',
      bankCountryCode: 'US',
      accountNumber: '000123456789',
      routingNumber: '021000021',
      signatureText: 'Ada Lovelace',
      description: 'Operating account',
    });
    const cheque = await call('POST', '/cheques', {
      to: {
        firstName: 'Grace',
        lastName: 'Hopper',
        addressLine1: '1 Infinite Loop',
        city: 'Cupertino',
        provinceOrState: 'CA',
        postalOrZip: '95014',
        countryCode: 'US',
      },
      from,
      bankAccount: bankAccount.id,
      amount: 125_050,
      memo: 'Invoice 2026-118',
      description: 'Consulting, November',
      sendDate: new Date(Date.now() + 86_400_000).toISOString(),
    });

    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
      ],
    });
    await mkdir(docs, { recursive: true });
    for (const width of widths) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(base);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The landing page: the overview of the last 30 days.
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.locator('figure .recharts-bar-rectangle').first().waitFor();
      // Charts animate in; the picture is of them drawn.
      await page.waitForTimeout(2000);
      await page.screenshot({ path: path.join(docs, `dashboard-overview-${width}.png`), fullPage: true });

      await page.goto(`${base}/letters/${order.id}`);
      await page.locator('svg.imb').waitFor();
      await page.locator('.scans').or(page.getByText('No USPS scans yet.')).first().waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-order-${width}.png`), fullPage: true });

      await page.goto(`${base}/webhooks`);
      await page.locator('table.webhooks tbody tr').nth(1).waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-webhooks-${width}.png`), fullPage: true });

      await page.goto(`${base}/webhooks/${hook.id}`);
      await page.locator('table.invocations tbody tr').first().waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-webhook-${width}.png`), fullPage: true });

      await page.goto(`${base}/letters`);
      await page.locator('table.orders tbody tr').nth(2).waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-letters-${width}.png`), fullPage: true });

      await page.goto(`${base}/cheques/${cheque.id}`);
      await page.locator('.cheque-facts a', { hasText: 'Hudson Savings' }).waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-cheque-${width}.png`), fullPage: true });

      await page.goto(`${base}/contacts`);
      await page.locator('table.contacts tbody tr').nth(2).waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-contacts-${width}.png`), fullPage: true });

      await page.goto(`${base}/templates/${template.id}`);
      await page.frameLocator('iframe[title="Preview"]').locator('h1').waitFor();
      await page.getByLabel('Value of plan').fill('Pro, yearly');
      await page.getByLabel('Value of renewalDate').fill('January 5, 2027');
      await page.frameLocator('iframe[title="Preview"]').getByText('Pro, yearly').waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-template-${width}.png`), fullPage: true });

      await page.goto(`${base}/bank_accounts`);
      await page.locator('table.bank-accounts tbody tr').first().waitFor();
      await page.screenshot({
        path: path.join(docs, `dashboard-bank-accounts-${width}.png`),
        fullPage: true,
      });

      // The create form, with the fields it refused marked.
      await page.goto(`${base}/cheques/new`);
      await page.getByRole('group', { name: 'To' }).getByLabel('First name').fill('Grace');
      await page.getByLabel('Amount').fill('twelve');
      await page.getByRole('button', { name: 'Create cheque' }).click();
      await page.locator('.form-errors').waitFor();
      await page.screenshot({ path: path.join(docs, `dashboard-new-cheque-${width}.png`), fullPage: true });

      // More pages, for looking at rather than committing.
      const extra = process.env.SCREENSHOTS_EXTRA_DIR;
      if (extra) {
        await mkdir(extra, { recursive: true });
        for (const [name, route, ready] of [
          ['new-letter', '/letters/new', 'h1'],
          ['new-postcard', '/postcards/new', 'h1'],
          ['api-keys', '/api-keys', '.api-key'],
          ['letters-cancelled', '/letters?status=cancelled', 'h1'],
        ] as const) {
          await page.goto(`${base}${route}`);
          await page.locator(ready).first().waitFor();
          await page.screenshot({ path: path.join(extra, `${name}-${width}.png`), fullPage: true });
        }
        await context.clearCookies();
        await page.goto(base);
        await page.getByLabel('Password').fill('wrong password');
        await page.getByLabel('Email').fill(email);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').waitFor();
        await page.screenshot({ path: path.join(extra, `sign-in-${width}.png`), fullPage: true });
      }
      await context.close();
    }
    process.stdout.write(`screenshots written to ${path.relative(root, docs)}/\n`);
  } finally {
    await browser?.close();
    receiver.close();
    await closeApp?.();
    await stopWorker?.();
    await db.destroy();
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
