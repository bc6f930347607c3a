// Issue 16: the print-ready PDF of live US mail carries its IMb. The barcode is assigned when the order
// is rendered (src/tracking/imb-assignment.ts, imbForRender), stamped under the recipient, and is the one
// the order and the print job show: each kind's PDF is read back (pdfjs-dist for the address lines, the
// pixels for the bars) and its bars decode to the order's tracking and routing codes, at the distances of
// BRIEF §13. Orders sharing one cached render each carry their own barcode; test orders and mail abroad
// carry none; two workers rendering the same order at once give it one barcode, the one on its PDF.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  IMB_ADDRESS_DISTANCE,
  LETTER_ENVELOPE,
  onArtwork,
  POSTCARDS,
  type Rect,
  SELF_MAILERS,
} from '../../src/documents/geometry.ts';
import { orderDocuments } from '../../src/documents/links.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { createLogger } from '../../src/logger.ts';
import { OrderRenderCache } from '../../src/rendering/order-render-cache.ts';
import { chromiumHtmlToPdf, renderPendingOrders, takeRenderBatch } from '../../src/rendering/render-queue.ts';
import { runRenderTask } from '../../src/rendering/render-task.ts';
import { encodeImb } from '../../src/tracking/imb.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { IN, makePdf, pages } from '../documents/pdfs.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { inside, linesIn, readBarcode, readPdf, runBox } from '../support/pdf-readback.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ IMB_MAILER_ID: '123456', IMB_SERVICE_TYPE_ID: '270' });
});
after(async () => {
  await t.close();
});

const render = () =>
  renderPendingOrders({ db: t.database.db, config: t.config, logger: createLogger(t.config) });

async function create(path: string, json: Record<string, unknown>, key = t.org.liveApiKey) {
  const created = await t.api(path, { method: 'POST', key, json });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return created.body.id as string;
}

/** The order's rendered PDF, from the document store. */
async function renderedPdf(orderId: string): Promise<Uint8Array> {
  const documents = (await orderDocuments(t.database.db, orderId)).filter((d) => d.role === 'rendered');
  assert.equal(documents.length, 1, `${orderId}: one rendered PDF`);
  const store = new DocumentStore(t.config.documents);
  try {
    return await store.read(t.database.db, documents[0]!.document);
  } finally {
    store.close();
  }
}

async function orderImb(path: string, id: string) {
  const order = await t.api(`${path}/${id}`, { key: t.org.liveApiKey });
  assert.equal(order.status, 200, JSON.stringify(order.body));
  assert.equal(order.body.render?.status, 'rendered', JSON.stringify(order.body.render));
  return order.body.imb as { trackingCode: string; routingCode: string; barcode: string } | undefined;
}

/**
 * Reads the barcode in `area` of `page` and checks it is the order's: the bars are the order's `barcode`,
 * they decode to its codes, and they lie inside `area`, below the recipient's last line by the distances
 * of BRIEF §13. Returns the tracking code read.
 */
async function assertOrderBarcode(
  pdf: Uint8Array,
  page: number,
  area: Rect,
  imb: { trackingCode: string; routingCode: string; barcode: string },
  lastLine: RegExp,
): Promise<string> {
  const read = await readBarcode(pdf, page, area);
  assert.equal(read.bars, imb.barcode, 'the bars are the order’s barcode');
  assert.deepEqual(decodeImb(read.bars), { trackingCode: imb.trackingCode, routingCode: imb.routingCode });
  assert.ok(inside(read.box, area), `barcode ${JSON.stringify(read.box)} inside ${JSON.stringify(area)}`);
  const text = (await readPdf(pdf))[page - 1]!;
  const last = text.text.filter((run) => lastLine.test(run.str) && inside(runBox(run), area));
  assert.equal(last.length, 1, `the recipient's last line in the area: ${text.text.map((r) => r.str)}`);
  // From the line's lowest descender (0.25 em below its baseline) to the bars' top.
  const gap = read.box.y - (last[0]!.baseline + 0.25 * last[0]!.size);
  assert.ok(gap >= IMB_ADDRESS_DISTANCE.min - 0.5, `${gap / 72} in from the address`);
  assert.ok(gap <= IMB_ADDRESS_DISTANCE.max, `${gap / 72} in from the address`);
  return decodeImb(read.bars).trackingCode;
}

describe('live US mail is rendered with its IMb', () => {
  test('letters, a postcard, a self-mailer and a cheque: the bars on each PDF decode to the order’s IMb', async () => {
    const letter = await create('/letters', {
      to: usAddress({ postalOrZip: '10001-2345' }),
      from: senderAddress(),
      html: '<p style="margin:3in 1in">Dear {{to.firstName}}</p>',
    });
    const postcard = await create('/postcards', {
      to: usAddress(),
      from: senderAddress(),
      size: '6x4',
      frontHTML: '<h1>Front</h1>',
      backHTML: '<p>Back</p>',
    });
    const selfMailer = await create('/self_mailers', {
      to: usAddress(),
      from: senderAddress(),
      size: '8.5x11_bifold',
      insideHTML: '<p>Inside</p>',
      outsideHTML: '<p>Outside</p>',
    });
    const account = await t.api('/bank_accounts', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: usBankAccount(),
    });
    assert.equal(account.status, 200, JSON.stringify(account.body));
    const cheque = await create('/cheques', {
      to: usAddress(),
      from: senderAddress(),
      bankAccount: account.body.id,
      amount: 13259,
    });
    // An uploaded PDF is stamped the same way.
    const uploaded = new FormData();
    for (const [key, value] of Object.entries({
      'to[firstName]': 'Grace',
      'to[addressLine1]': '1 Infinite Loop',
      'to[city]': 'Cupertino',
      'to[provinceOrState]': 'CA',
      'to[postalOrZip]': '95014',
      'to[countryCode]': 'US',
      'from[companyName]': 'Acme',
      'from[addressLine1]': '1 Main St',
      'from[countryCode]': 'US',
    }))
      uploaded.append(key, value);
    uploaded.append('pdf', new Blob([await makePdf(pages(2, [8.5 * IN, 11 * IN]))]), 'two.pdf');
    const upload = await t.api('/letters', { method: 'POST', key: t.org.liveApiKey, body: uploaded });
    assert.equal(upload.status, 200, JSON.stringify(upload.body));

    // Created, not yet rendered: no barcode yet.
    assert.equal((await t.api(`/letters/${letter}`, { key: t.org.liveApiKey })).body.imb, undefined);
    const outcomes = await render();
    for (const id of [letter, postcard, selfMailer, cheque, upload.body.id]) {
      assert.equal(outcomes.get(id), 'rendered', id);
    }

    const codes = new Set<string>();
    const letterImb = (await orderImb('/letters', letter))!;
    // Barcode id 00, STID 270, MID 123456, a 9-digit serial; the ZIP+4 as the routing code.
    assert.match(letterImb.trackingCode, /^00270123456\d{9}$/);
    assert.equal(letterImb.routingCode, '100012345');
    assert.equal(letterImb.barcode, encodeImb(letterImb.trackingCode, letterImb.routingCode));
    const letterPdf = await renderedPdf(letter);
    codes.add(
      await assertOrderBarcode(letterPdf, 1, LETTER_ENVELOPE.recipientWindow, letterImb, /10001-2345/),
    );
    // Behind the window with its clear zones left and right, as the recipient lines are.
    const read = await readBarcode(letterPdf, 1, LETTER_ENVELOPE.recipientWindow);
    const window = LETTER_ENVELOPE.recipientWindow;
    assert.ok(read.box.x - window.x >= LETTER_ENVELOPE.windowSideClearance - 0.5);
    assert.ok(
      window.x + window.width - (read.box.x + read.box.width) >= LETTER_ENVELOPE.windowSideClearance - 0.5,
    );
    const recipient = linesIn((await readPdf(letterPdf))[0]!, window);
    assert.equal(recipient.lines.at(-1), 'NEW YORK NY 10001-2345');

    const uploadImb = (await orderImb('/letters', upload.body.id))!;
    codes.add(
      await assertOrderBarcode(
        await renderedPdf(upload.body.id),
        1,
        LETTER_ENVELOPE.recipientWindow,
        uploadImb,
        /95014/,
      ),
    );
    assert.equal(uploadImb.routingCode, '95014');

    const postcardArea = onArtwork(POSTCARDS['6x4'].inkFree, POSTCARDS['6x4'].bleed);
    const postcardImb = (await orderImb('/postcards', postcard))!;
    codes.add(await assertOrderBarcode(await renderedPdf(postcard), 2, postcardArea, postcardImb, /10001/));

    const selfMailerImb = (await orderImb('/self_mailers', selfMailer))!;
    codes.add(
      await assertOrderBarcode(
        await renderedPdf(selfMailer),
        1,
        SELF_MAILERS['8.5x11_bifold'].inkFree,
        selfMailerImb,
        /10001/,
      ),
    );

    const chequeImb = (await orderImb('/cheques', cheque))!;
    codes.add(
      await assertOrderBarcode(
        await renderedPdf(cheque),
        1,
        LETTER_ENVELOPE.recipientWindow,
        chequeImb,
        /10001/,
      ),
    );
    assert.equal(codes.size, 5, 'every order its own barcode');
  });

  test('one cached render for a template, stamped per order: each PDF carries its own order’s IMb', async () => {
    const template = await t.api('/templates', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: { html: '<p style="margin:4in 1in">The same letter for everyone</p>' },
    });
    assert.equal(template.status, 200, JSON.stringify(template.body));
    const zips = ['10001', '10001-2345', '10001-0001'];
    const ids: string[] = [];
    for (const [i, zip] of zips.entries()) {
      ids.push(
        await create('/letters', {
          to: usAddress({ firstName: `Reader${i}`, postalOrZip: zip }),
          from: senderAddress(),
          template: template.body.id,
        }),
      );
    }
    await render();
    const { rows } = await sql<{ reused: boolean }>`
      select reused from render_attempts where order_id = any(${ids}::text[]) and outcome = 'rendered'`.execute(
      t.database.db,
    );
    assert.equal(rows.length, 3);
    assert.equal(rows.filter((r) => !r.reused).length, 1, 'the content was rendered once');
    const codes: string[] = [];
    for (const [i, id] of ids.entries()) {
      const imb = (await orderImb('/letters', id))!;
      assert.equal(imb.routingCode, zips[i]!.replace('-', ''));
      const pdf = await renderedPdf(id);
      codes.push(
        await assertOrderBarcode(pdf, 1, LETTER_ENVELOPE.recipientWindow, imb, new RegExp(zips[i]!)),
      );
      const text = (await readPdf(pdf))[0]!.text.map((run) => run.str).join(' ');
      assert.ok(text.includes('The same letter for everyone'));
      assert.ok(text.includes(`READER${i}`), 'its own recipient');
    }
    assert.equal(new Set(codes).size, 3);
  });

  test('test orders and mail abroad are rendered without an IMb', async () => {
    const testLetter = await create(
      '/letters',
      { to: usAddress(), from: senderAddress(), html: '<p>Test mode</p>' },
      t.org.testApiKey,
    );
    const abroad = await create('/letters', {
      to: {
        firstName: 'Grace',
        addressLine1: '24 Sussex Dr',
        city: 'Ottawa',
        provinceOrState: 'ON',
        postalOrZip: 'K1M 1M4',
        countryCode: 'CA',
      },
      from: senderAddress(),
      html: '<p>Abroad</p>',
    });
    await render();
    for (const [id, key] of [
      [testLetter, t.org.testApiKey],
      [abroad, t.org.liveApiKey],
    ] as const) {
      const order = await t.api(`/letters/${id}`, { key });
      assert.equal(order.body.render.status, 'rendered');
      assert.equal(order.body.imb, undefined, `${id}: no IMb`);
      // The lowest ink in the window is the address's last line, not a barcode.
      const read = await readBarcode(await renderedPdf(id), 1, LETTER_ENVELOPE.recipientWindow);
      assert.throws(() => decodeImb(read.bars), `${id}: no barcode under the address`);
    }
  });

  test('two workers rendering the same order at once: one IMb, the one on the PDF applied', async () => {
    const id = await create('/letters', {
      to: usAddress({ postalOrZip: '10001-3333' }),
      from: senderAddress(),
      html: '<p>Rendered twice at once</p>',
    });
    assert.deepEqual(await takeRenderBatch(t.database.db, 10, 60_000), [id]);
    const html = chromiumHtmlToPdf(t.config);
    const store = new DocumentStore(t.config.documents);
    const worker = (name: string) => ({
      db: t.database.db,
      logger: createLogger(t.config),
      store,
      html,
      worker: `${hostname()}:${name}`,
      documents: t.config.documents,
      // Separate caches, as separate processes have.
      cache: new OrderRenderCache(),
      maxAttempts: 3,
      leaseMs: 60_000,
      retryDelayMs: 0,
      imb: t.config.pipeline,
    });
    let outcomes: string[];
    try {
      // As after a lease that ran out while the first worker still rendered.
      outcomes = await Promise.all([runRenderTask(worker('a'), id), runRenderTask(worker('b'), id)]);
    } finally {
      await html.close();
      store.close();
    }
    assert.deepEqual([...outcomes].sort(), ['lost', 'rendered']);
    const imb = (await orderImb('/letters', id))!;
    await assertOrderBarcode(await renderedPdf(id), 1, LETTER_ENVELOPE.recipientWindow, imb, /10001-3333/);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from imb_serials
      where mailer_id = '123456' and serial = ${imb.trackingCode.slice(11)}::bigint`.execute(t.database.db);
    assert.equal(rows[0]!.n, 1);
    const serials = await sql<{ n: number }>`
      select count(*)::int as n from imb_serials where mailer_id = '123456'`.execute(t.database.db);
    const orders = await sql<{ n: number }>`
      select count(*)::int as n from orders where imb_mailer_id = '123456'`.execute(t.database.db);
    assert.equal(serials.rows[0]!.n, orders.rows[0]!.n, 'no serial taken without an order carrying it');
  });
});
