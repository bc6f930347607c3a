// Every order is rendered by the worker into its print-ready PDF before it prints: per kind, create →
// rendered → the proof link serves the PDF (read back with pdfjs-dist: page count and size) and the
// thumbnails are PNGs of their widths; failures say why and which asset, and do not print.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { CHEQUE_PAGE, LETTER_PAGE, POSTCARDS, SELF_MAILERS } from '../../src/documents/geometry.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { IN, makePdf, pages } from '../documents/pdfs.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { readPdf } from './read-pdf.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ MAILSTREAM_PROFILE: 'production' }, { worker: true });
});
after(async () => {
  await t.close();
});

async function rendered(path: string, id: string, key = t.org.testApiKey) {
  return eventually(
    async () => {
      const order = await t.api(`${path}/${id}`, { key });
      return order.body.render?.status !== 'rendering' && order.body;
    },
    60_000,
    `${id} rendered`,
  );
}

async function fetchBytes(url: string) {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Buffer) {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The proof of a rendered order: its PDF, pages of `size`, and its thumbnails at 150/300/600 px wide. */
async function checkProof(
  order: any,
  path: string,
  expected: { pages: number; width: number; height: number },
) {
  assert.equal(order.render.status, 'rendered', JSON.stringify(order.render));
  assert.equal(order.render.pageCount, expected.pages);
  const pdf = await fetchBytes(order.url);
  assert.equal(pdf.type, 'application/pdf');
  const read = await readPdf(pdf.bytes);
  assert.equal(read.length, expected.pages);
  for (const page of read) {
    assert.ok(Math.abs(page.width - expected.width) < 0.5, `page width ${page.width} ≈ ${expected.width}`);
    assert.ok(
      Math.abs(page.height - expected.height) < 0.5,
      `page height ${page.height} ≈ ${expected.height}`,
    );
  }
  assert.equal(order.thumbnails.length, expected.pages);
  for (const set of order.thumbnails) {
    for (const [variant, width] of [
      ['small', 150],
      ['medium', 300],
      ['large', 600],
    ] as const) {
      const png = await fetchBytes(set[variant]);
      assert.equal(png.type, 'image/png');
      const size = pngSize(png.bytes);
      assert.equal(size.width, width, variant);
      assert.ok(Math.abs(size.height - (width * expected.height) / expected.width) <= 1, `${variant} height`);
    }
  }
  // PostGrid's GET /{kind}/{id}/url: the same PDF, signed anew.
  const link = await t.api(`${path}/${order.id}/url`);
  assert.equal(link.status, 200, JSON.stringify(link.body));
  assert.deepEqual(Object.keys(link.body).sort(), ['id', 'object', 'url']);
  assert.equal(link.body.id, order.id);
  assert.equal(link.body.object, `${order.object}_url`);
  assert.deepEqual((await fetchBytes(link.body.url)).bytes, pdf.bytes);
  return { pdf: pdf.bytes, read };
}

describe('each kind is rendered by the worker and shows its proof', () => {
  test('a letter from HTML: one us_letter page with its text, and render events', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        html: '<p style="margin:3in 1in">Dear {{to.firstName}}, hello.</p>',
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.deepEqual(created.body.render, { status: 'rendering' });
    assert.equal(created.body.url, undefined);
    const early = await t.api(`/letters/${created.body.id}/url`);
    assert.ok(early.status === 422 || early.status === 200);
    const order = await rendered('/letters', created.body.id);
    const { read } = await checkProof(order, '/letters', { pages: 1, ...LETTER_PAGE.us_letter });
    assert.ok(
      read[0]!.texts.some((text) => text.str.includes(`Dear ${usAddress().firstName}, hello.`)),
      'the merged HTML is on the page',
    );
    const { rows } = await sql<{ updated_fields: string[] }>`
      select updated_fields from events where order_id = ${order.id} and type = 'letter.updated'
      order by sequence`.execute(t.database.db);
    assert.deepEqual(rows[0]!.updated_fields, ['render']);
    // Each GET signs new links.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await t.api(`/letters/${order.id}`);
    assert.notEqual(again.body.url, order.url);
  });

  test('an uploaded 3-page letter keeps its 3 pages', async () => {
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
    }))
      body.append(key, value);
    body.append('pdf', new Blob([await makePdf(pages(3, [8.5 * IN, 11 * IN]))]), 'three.pdf');
    const created = await t.api('/letters', { method: 'POST', body });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await rendered('/letters', created.body.id);
    await checkProof(order, '/letters', { pages: 3, ...LETTER_PAGE.us_letter });
  });

  test('a postcard from HTML: front and back at the artwork size (trim and bleed)', async () => {
    const created = await t.api('/postcards', {
      method: 'POST',
      json: { to: usAddress(), size: '9x6', frontHTML: '<h1>Front</h1>', backHTML: '<p>Back</p>' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await rendered('/postcards', created.body.id);
    await checkProof(order, '/postcards', { pages: 2, ...POSTCARDS['9x6'].artwork });
  });

  test('a self-mailer from HTML: outside and inside at the flat size', async () => {
    const created = await t.api('/self-mailers', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        size: '8.5x11_bifold',
        insideHTML: '<p>Inside</p>',
        outsideHTML: '<p>Outside</p>',
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await rendered('/self_mailers', created.body.id);
    await checkProof(order, '/self_mailers', { pages: 2, ...SELF_MAILERS['8.5x11_bifold'].flat });
  });

  test('a cheque with a letter: the cheque page and the letter page', async () => {
    const account = await t.api('/bank_accounts', { method: 'POST', json: usBankAccount() });
    assert.equal(account.status, 200, JSON.stringify(account.body));
    const created = await t.api('/cheques', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        bankAccount: account.body.id,
        amount: 13259,
        message: 'Thank you',
        letterHTML: '<p>Dear {{to.firstName}}</p>',
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await rendered('/cheques', created.body.id);
    await checkProof(order, '/cheques', { pages: 2, ...CHEQUE_PAGE.us_letter });
  });
});

describe('render failures and the print gate', () => {
  test('a PDF URL at a private address fails the render naming the code and the asset; it never prints and can be cancelled', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: { to: usAddress(), from: senderAddress(), pdf: 'https://10.0.0.1/letter.pdf' },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const order = await rendered('/letters', created.body.id, t.org.liveApiKey);
    assert.equal(order.render.status, 'failed');
    assert.equal(order.render.error.reason, 'INVALID_FILE_URL');
    assert.equal(order.render.error.asset, 'pdf');
    assert.equal(order.url, undefined);
    const link = await t.api(`/letters/${order.id}/url`, { key: t.org.liveApiKey });
    assert.equal(link.status, 422);
    // Due long ago: the scheduler does not print it, and says why it missed its print day.
    await runSchedulerTick(t.database.db, t.config, new Date(Date.now() + 10 * 86_400_000));
    const after = await t.api(`/letters/${order.id}`, { key: t.org.liveApiKey });
    assert.equal(after.body.status, 'ready');
    assert.equal(after.body.render.printDelayed.reason, 'render_failed');
    const cancelled = await t.api(`/letters/${order.id}`, { method: 'DELETE', key: t.org.liveApiKey });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    const { rows } = await sql<{ outcome: string }>`
      select outcome from render_attempts where order_id = ${order.id}`.execute(t.database.db);
    assert.deepEqual(rows, [{ outcome: 'failed' }]);
  });

  test('identical content is rendered once: the second order of a template reuses the first render', async () => {
    const template = await t.api('/templates', {
      method: 'POST',
      json: { html: '<p>Same for everyone</p>' },
    });
    const ids: string[] = [];
    for (const firstName of ['Ann', 'Bob', 'Cy']) {
      const created = await t.api('/letters', {
        method: 'POST',
        json: { to: usAddress({ firstName }), from: senderAddress(), template: template.body.id },
      });
      ids.push(created.body.id);
    }
    for (const id of ids) await rendered('/letters', id);
    const { rows } = await sql<{ reused: boolean }>`
      select reused from render_attempts where order_id = any(${ids}::text[]) and outcome = 'rendered'`.execute(
      t.database.db,
    );
    assert.equal(rows.length, 3);
    assert.equal(rows.filter((r) => !r.reused).length, 1, 'one Chromium render for three orders');
  });
});

describe('proofs without an order', () => {
  test('POST /letters/proofs renders the create body and creates nothing', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from orders`.execute(t.database.db);
    const proof = await t.api('/letters/proofs', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>Proof for {{to.firstName}}</p>' },
    });
    assert.equal(proof.status, 200, JSON.stringify(proof.body));
    assert.equal(proof.body.object, 'letter_proof');
    assert.equal(proof.body.pageCount, 1);
    const read = await readPdf((await fetchBytes(proof.body.url)).bytes);
    assert.ok(read[0]!.texts.some((text) => text.str.includes(`Proof for ${usAddress().firstName}`)));
    assert.equal(pngSize((await fetchBytes(proof.body.thumbnails[0].small)).bytes).width, 150);
    const afterCount = await sql<{ n: number }>`select count(*)::int as n from orders`.execute(t.database.db);
    assert.equal(afterCount.rows[0]!.n, before.rows[0]!.n);
    const bad = await t.api('/letters/proofs', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>{{missing}}</p>' },
    });
    assert.equal(bad.status, 400);
  });
});
