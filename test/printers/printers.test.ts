// The open printer interface (/printer/v1, BRIEF §12) over HTTP, the printer CLI, and the simulated printer.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { LETTER_ENVELOPE } from '../../src/documents/geometry.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { createLogger } from '../../src/logger.ts';
import { claimForPrinting, createPrinter } from '../../src/printers/service.ts';
import { runSimulatedPrinter } from '../../src/printers/simulated.ts';
import { renderPendingOrders } from '../../src/rendering/render-queue.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { encodeImb } from '../../src/tracking/imb.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { isValidMod10 } from '../../src/tracking/tracking-number.ts';
import { IN, makePdf, pages } from '../documents/pdfs.ts';
import { readPdf } from '../rendering/read-pdf.ts';
import { orderEvents, orderRow } from '../scheduling/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { readBarcode } from '../support/pdf-readback.ts';
import { runCli } from '../support/process.ts';

let t: TestApp;
before(async () => {
  // Demo profile (the test app's default): orders print as soon as their sendDate has passed.
  t = await startTestApp({ IMB_MAILER_ID: '123456', IMB_SERVICE_TYPE_ID: '270' });
});
after(async () => {
  await t.close();
});

let n = 0;
/** A live letter, created through the API and moved to printing by the scheduler. */
async function printingLetter(extra: Record<string, unknown> = {}) {
  n++;
  const created = await t.api('/letters', {
    method: 'POST',
    key: t.org.liveApiKey,
    json: {
      to: usAddress({ firstName: `Ada${n}`, postalOrZip: '10001-2345' }),
      from: senderAddress(),
      html: '<p>Dear {{to.firstName}}, your code is {{code}}.</p>',
      mergeVariables: { code: `C${n}` },
      ...extra,
    },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return moveToPrinting(created.body.id);
}

/** Renders what waits (as a worker would, with Chromium) and runs the scheduler: the order prints. */
async function moveToPrinting(id: string) {
  await renderPendingOrders({ db: t.database.db, config: t.config, logger: createLogger(t.config) });
  await runSchedulerTick(t.database.db, t.config, new Date());
  assert.equal((await orderRow(t.database.db, id)).status, 'printing');
  return { id };
}

/** The print-ready PDF a printer fetches for its job, checked against the job's sha256 and page count. */
async function fetchPrintPdf(key: string, job: { orderId: string; content: any }) {
  const response = await fetch(`${t.baseUrl}${job.content.url}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  const bytes = Buffer.from(await response.arrayBuffer());
  assert.equal(createHash('sha256').update(bytes).digest('hex'), job.content.sha256);
  const read = await readPdf(bytes);
  assert.equal(read.length, job.content.pageCount);
  return read;
}

async function printerApi(key: string | null, path: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}/printer/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Puts the orders earlier tests left printing out of reach, so each test claims only its own. */
async function clearQueue() {
  await sql`update orders set claimable_at = 'infinity' where status = 'printing'`.execute(t.database.db);
}

describe('printer records and keys', () => {
  test('npx mailstream printer create --name N --json prints an id and a key that opens /printer/v1', async () => {
    const made = await runCli(['printer', 'create', '--name', 'Acme Print', '--json'], {
      DATABASE_URL: t.database.url,
    });
    assert.equal(made.code, 0, made.stderr);
    const printer = JSON.parse(made.stdout);
    assert.match(printer.id, /^printer_[A-Za-z0-9]{22}$/);
    assert.match(printer.key, /^printer_sk_[A-Za-z0-9]{32}$/);
    assert.equal(printer.name, 'Acme Print');
    const { rows } = await sql<{ key_hash: Buffer; key_hint: string }>`
      select key_hash, key_hint from printers where id = ${printer.id}`.execute(t.database.db);
    assert.equal(rows[0]!.key_hash.length, 32, 'only a SHA-256 is stored');
    assert.equal(rows[0]!.key_hint, printer.key.slice(-4));
    const held = await printerApi(printer.key, '/orders');
    assert.equal(held.status, 200);
    assert.deepEqual(held.body, { object: 'list', data: [] });
    const noName = await runCli(['printer', 'create'], { DATABASE_URL: t.database.url });
    assert.notEqual(noName.code, 0);
    assert.match(noName.stderr, /--name is required/);
  });

  test('no key, a malformed key, an unknown key or an API key: 401 missing_auth_error', async () => {
    for (const key of [null, 'nope', `printer_sk_${'a'.repeat(32)}`, t.org.liveApiKey]) {
      const response = await printerApi(key, '/orders');
      assert.equal(response.status, 401, String(key));
      assert.equal(response.body.error.type, 'missing_auth_error');
    }
    // And a printer key does not open the organization API.
    const printer = await createPrinter(t.database.db, 'Not a customer');
    const api = await t.api('/letters', { key: printer.key });
    assert.equal(api.status, 401);
  });
});

describe('claim, fetch, mailed', () => {
  test("a letter's attached PDF is in its print-ready PDF; the job carries no HTML and no customer URL", async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Enclosures');
    const body = new FormData();
    for (const [key, value] of Object.entries({
      'to[firstName]': 'Ada',
      'to[addressLine1]': '20 W 34th St',
      'to[city]': 'New York',
      'to[provinceOrState]': 'NY',
      'to[postalOrZip]': '10001',
      'to[countryCode]': 'US',
      'from[companyName]': 'Acme',
      'from[addressLine1]': '1 Main St',
      'from[countryCode]': 'US',
      html: '<p>Letter page</p>',
      'attachedPDF[placement]': 'after_template',
      'plasticCard[size]': 'standard',
      'plasticCard[singleSided][html]': '<p>Card</p>',
    }))
      body.append(key, value);
    body.append('attachedPDF[file]', new Blob([await makePdf(pages(2, [8.5 * IN, 11 * IN]))]), 'terms.pdf');
    const created = await t.api('/letters', { method: 'POST', key: t.org.liveApiKey, body });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await moveToPrinting(created.body.id);
    const claim = await printerApi(printer.key, '/claims', { method: 'POST', json: { limit: 5 } });
    const job = claim.body.data.find((j: { orderId: string }) => j.orderId === order.id);
    assert.ok(job, JSON.stringify(claim.body));
    assert.deepEqual(job.order.attachedPDF, { placement: 'after_template' });
    assert.equal(job.order.html, undefined);
    assert.equal(job.order.plasticCard, undefined);
    assert.doesNotMatch(JSON.stringify(job), /<p>|https?:\/\/(?!127\.0\.0\.1)/);
    assert.equal(job.content.object, 'document');
    // The letter's page, then the attached PDF's two.
    const read = await fetchPrintPdf(printer.key, job);
    assert.equal(read.length, 3);
    assert.ok(read[0]!.texts.some((text) => text.str.includes('Letter page')));
  });

  test('a claim hands out the order with its rendered content and its IMb (on the PDF), once', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Claimer');
    const order = await printingLetter();
    const claim = await printerApi(printer.key, '/claims', { method: 'POST', json: { limit: 5 } });
    assert.equal(claim.status, 200, JSON.stringify(claim.body));
    assert.equal(claim.body.data.length, 1);
    const job = claim.body.data[0];
    assert.equal(job.object, 'print_job');
    assert.equal(job.orderId, order.id);
    assert.equal(job.order.id, order.id);
    assert.equal(job.order.status, 'printing');
    // What to print is the rendered PDF, merged with the order's data, by reference.
    assert.equal(job.content.pageCount, 1);
    assert.match(job.content.sha256, /^[0-9a-f]{64}$/);
    const printed = await fetchPrintPdf(printer.key, job);
    assert.ok(printed[0]!.texts.some((text) => text.str.includes(`Dear Ada${n}, your code is C${n}.`)));
    // The PDF carries the job's IMb under the recipient, stamped when the order was rendered.
    const pdf = await fetch(`${t.baseUrl}${job.content.url}`, {
      headers: { authorization: `Bearer ${printer.key}` },
    });
    const bars = await readBarcode(
      new Uint8Array(await pdf.arrayBuffer()),
      1,
      LETTER_ENVELOPE.recipientWindow,
    );
    assert.equal(bars.bars, job.imb.barcode);
    assert.deepEqual(decodeImb(bars.bars), {
      trackingCode: job.imb.trackingCode,
      routingCode: job.imb.routingCode,
    });
    const other404 = await fetch(`${t.baseUrl}${job.content.url}`, {
      headers: { authorization: `Bearer ${(await createPrinter(t.database.db, 'Nosy')).key}` },
    });
    assert.equal(other404.status, 404);
    assert.equal(job.failures, 0);
    assert.ok(Date.parse(job.claimExpiresAt) > Date.now());
    // IMb: barcode id 00, STID 270, MID 123456, a 9-digit serial; the ZIP+4 as routing code.
    assert.match(job.imb.trackingCode, /^00270123456\d{9}$/);
    assert.equal(job.imb.routingCode, '100012345');
    assert.equal(job.imb.barcode, encodeImb(job.imb.trackingCode, job.imb.routingCode));
    assert.match(job.imb.barcode, /^[FADT]{65}$/);
    const row = await orderRow(t.database.db, order.id);
    assert.equal(row.imb_mailer_id, '123456');
    assert.equal(row.imb_serial, job.imb.trackingCode.slice(11));
    // The customer sees the barcode too.
    const read = await t.api(`/letters/${order.id}`, { key: t.org.liveApiKey });
    assert.deepEqual(read.body.imb, job.imb);
    // Held: neither this printer nor another gets it again.
    const again = await printerApi(printer.key, '/claims', { method: 'POST', json: {} });
    assert.deepEqual(again.body.data, []);
    const other = await createPrinter(t.database.db, 'Other');
    assert.deepEqual((await printerApi(other.key, '/claims', { method: 'POST', json: {} })).body.data, []);
    assert.equal((await printerApi(other.key, `/orders/${order.id}`)).status, 404);
    const fetched = await printerApi(printer.key, `/orders/${order.id}`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body.imb, job.imb);
    const held = await printerApi(printer.key, '/orders');
    assert.deepEqual(
      held.body.data.map((j: { orderId: string }) => j.orderId),
      [order.id],
    );
  });

  test('mailed → processed_for_delivery with its event; a repeated report answers the same', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Mailer');
    const order = await printingLetter();
    await printerApi(printer.key, '/claims', { method: 'POST', json: {} });
    const mailed = await printerApi(printer.key, `/orders/${order.id}/mailed`, { method: 'POST', json: {} });
    assert.equal(mailed.status, 200, JSON.stringify(mailed.body));
    assert.equal(mailed.body.order.status, 'processed_for_delivery');
    assert.ok(mailed.body.order.processedForDeliveryAt);
    assert.equal(mailed.body.order.trackingNumber, undefined, 'plain first class has no tracking number');
    assert.equal(mailed.body.claimExpiresAt, null);
    const again = await printerApi(printer.key, `/orders/${order.id}/mailed`, { method: 'POST', json: {} });
    assert.equal(again.status, 200);
    assert.equal(again.body.order.processedForDeliveryAt, mailed.body.order.processedForDeliveryAt);
    const events = await orderEvents(t.database.db, order.id);
    // While ready, the render (and the price it settles) have events of their own.
    assert.deepEqual(
      events.map((e) => e.status),
      ['ready', 'ready', 'ready', 'printing', 'processed_for_delivery'],
    );
    assert.deepEqual(
      events.slice(1, 3).map((e) => e.updated_fields),
      [['render'], ['price']],
    );
    // Pieces of a real printer get no simulated USPS scans.
    const { rows } = await sql<{
      tracking_story: unknown;
    }>`select tracking_story from orders where id = ${order.id}`.execute(t.database.db);
    assert.equal(rows[0]!.tracking_story, null);
  });

  test('a report of an order another transaction holds (scan ingestion) waits for it instead of refusing', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Patient');
    const order = await printingLetter();
    await printerApi(printer.key, '/claims', { method: 'POST', json: {} });
    // The lock ingestion takes on an order whose imbStatus it changes.
    const holder = await t.database.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from orders where id = $1 for no key update', [order.id]);
      let answered = false;
      const report = printerApi(printer.key, `/orders/${order.id}/mailed`, {
        method: 'POST',
        json: {},
      }).finally(() => {
        answered = true;
      });
      // The report is in PostgreSQL, waiting for that lock, before the holder lets go (unless it answered).
      while (!answered) {
        const { rows } = await sql<{ waiting: number }>`
          select count(*)::int as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.db);
        if (rows[0]!.waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await holder.query('commit');
      const mailed = await report;
      assert.equal(mailed.status, 200, JSON.stringify(mailed.body));
      assert.equal(mailed.body.order.status, 'processed_for_delivery');
    } finally {
      await holder.query('rollback').catch(() => {});
      holder.release();
    }
  });

  test('certified mail gets a 22-digit IMpb tracking number; a carrier number reported is kept', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Certified');
    const certified = await printingLetter({ extraService: 'certified' });
    const registered = await printingLetter({ mailingClass: 'usps_first_class_registered' });
    await printerApi(printer.key, '/claims', { method: 'POST', json: { limit: 10 } });
    const a = await printerApi(printer.key, `/orders/${certified.id}/mailed`, { method: 'POST', json: {} });
    assert.match(a.body.order.trackingNumber, /^93073123456\d{10}\d$/);
    assert.equal(a.body.order.trackingNumber.length, 22);
    assert.ok(isValidMod10(a.body.order.trackingNumber));
    const events = await orderEvents(t.database.db, certified.id);
    assert.deepEqual(events.at(-1)!.updated_fields, ['status', 'trackingNumber']);
    const b = await printerApi(printer.key, `/orders/${registered.id}/mailed`, {
      method: 'POST',
      json: { trackingNumber: 'RR123456785US' },
    });
    assert.equal(b.body.order.trackingNumber, 'RR123456785US');
    // A number already used by another order is refused, and nothing changes.
    const third = await printingLetter({ extraService: 'certified' });
    await printerApi(printer.key, '/claims', { method: 'POST', json: {} });
    const dup = await printerApi(printer.key, `/orders/${third.id}/mailed`, {
      method: 'POST',
      json: { trackingNumber: 'RR123456785US' },
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.type, 'conflict_error');
    assert.equal((await orderRow(t.database.db, third.id)).status, 'printing');
  });

  test('a failure is recorded and the order can be claimed again, keeping its IMb', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Flaky');
    const order = await printingLetter();
    const first = await printerApi(printer.key, '/claims', { method: 'POST', json: {} });
    const imb = first.body.data[0].imb;
    const failed = await printerApi(printer.key, `/orders/${order.id}/failures`, {
      method: 'POST',
      json: { reason: 'paper jam' },
    });
    assert.equal(failed.status, 200, JSON.stringify(failed.body));
    assert.equal(failed.body.reason, 'paper jam');
    assert.equal((await orderRow(t.database.db, order.id)).status, 'printing');
    // Its claim is gone: reporting it mailed now is refused.
    const lateMail = await printerApi(printer.key, `/orders/${order.id}/mailed`, {
      method: 'POST',
      json: {},
    });
    assert.equal(lateMail.status, 404);
    const other = await createPrinter(t.database.db, 'Backup');
    const retry = await printerApi(other.key, '/claims', { method: 'POST', json: {} });
    assert.equal(retry.body.data.length, 1);
    assert.equal(retry.body.data[0].failures, 1);
    assert.deepEqual(retry.body.data[0].imb, imb);
    const empty = await printerApi(printer.key, `/orders/${order.id}/failures`, { method: 'POST', json: {} });
    assert.equal(empty.status, 400);
  });

  test('an expired claim lets another printer take the order', async () => {
    await clearQueue();
    const first = { ...(await createPrinter(t.database.db, 'Slow')), simulated: false };
    const second = { ...(await createPrinter(t.database.db, 'Fast')), simulated: false };
    const order = await printingLetter();
    const now = new Date();
    assert.deepEqual(await claimForPrinting(t.database.db, t.config, first, 10, now), [order.id]);
    const beforeExpiry = new Date(now.getTime() + t.config.pipeline.printerClaimTtlMs - 1);
    assert.deepEqual(await claimForPrinting(t.database.db, t.config, second, 10, beforeExpiry), []);
    const afterExpiry = new Date(now.getTime() + t.config.pipeline.printerClaimTtlMs);
    assert.deepEqual(await claimForPrinting(t.database.db, t.config, second, 10, afterExpiry), [order.id]);
  });

  test('mail abroad gets no IMb; test orders are never handed to printers', async () => {
    await clearQueue();
    const printer = await createPrinter(t.database.db, 'Global');
    const abroad = await printingLetter({
      to: {
        firstName: 'Jean',
        addressLine1: '1 Rue de Rivoli',
        city: 'Paris',
        postalOrZip: '75001',
        countryCode: 'FR',
      },
    });
    const testOrder = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>' },
    });
    await sql`update orders set status = 'printing', claimable_at = now() where id = ${testOrder.body.id}`.execute(
      t.database.db,
    );
    const claim = await printerApi(printer.key, '/claims', { method: 'POST', json: { limit: 10 } });
    assert.deepEqual(
      claim.body.data.map((j: { orderId: string }) => j.orderId),
      [abroad.id],
    );
    assert.equal(claim.body.data[0].imb, null);
  });
});

describe('the simulated printer', () => {
  test('claims, prints for SIMULATED_PRINTER_MAIL_AFTER, reports mailed, and hands US mail to the simulated USPS', async () => {
    await clearQueue();
    const order = await printingLetter();
    const settings = { ...t.config, pipeline: { ...t.config.pipeline, simulatedPrinterMailAfterMs: 2000 } };
    const start = new Date(Date.now() + 1000);
    const store = new DocumentStore(t.config.documents);
    const first = await runSimulatedPrinter(t.database.db, settings, start, store);
    // It fetched the PDF and found it matching its print job (a mismatch is reported as a failure).
    assert.deepEqual(first, { mailed: 0, claimed: 1, rejected: 0 });
    const row = await orderRow(t.database.db, order.id);
    assert.equal(row.status, 'printing');
    assert.match(row.imb!.trackingCode, /^00270123456/);
    assert.deepEqual(
      await runSimulatedPrinter(t.database.db, settings, new Date(start.getTime() + 1999), store),
      { mailed: 0, claimed: 0, rejected: 0 },
    );
    assert.deepEqual(
      await runSimulatedPrinter(t.database.db, settings, new Date(start.getTime() + 2000), store),
      { mailed: 1, claimed: 0, rejected: 0 },
    );
    assert.equal((await orderRow(t.database.db, order.id)).status, 'processed_for_delivery');
    const { rows } = await sql<{ tracking_story: unknown; simulated: boolean }>`
      select o.tracking_story, p.simulated from orders o join printers p on p.id = o.printer_id
      where o.id = ${order.id}`.execute(t.database.db);
    assert.equal(rows[0]!.simulated, true);
    assert.ok(rows[0]!.tracking_story, 'the simulated USPS will play its scans');
    // One simulated printer record, whatever the number of runs.
    const count = await sql<{ n: number }>`select count(*)::int as n from printers where simulated`.execute(
      t.database.db,
    );
    assert.equal(count.rows[0]!.n, 1);
  });
});
