// The proof in Debian's chromium: an order the worker rendered shows a thumbnail of each of its pages (the
// images really load) and a link to its PDF; the create form previews a proof before anything is sent.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { WEB_DIST } from '../../src/dashboard/spa.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { launchBrowser } from './browser.ts';
import { createTestUser, fillContact, signInThroughPage, textMatching } from './support.ts';

let t: TestApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
// A week ahead, so the scheduler in the worker leaves the orders ready.
const sendDate = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const TWO_PAGES = '<div style="break-after:page">Page one for {{to.firstName}}</div><div>Page two</div>';

before(async () => {
  assert.ok(
    existsSync(path.join(WEB_DIST, 'index.html')),
    'the dashboard is built: run `npm run build` first',
  );
  t = await startTestApp({ MAILSTREAM_PROFILE: 'production' }, { worker: true });
  const user = await createTestUser(t);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signInThroughPage(page, t, user.email);
});

after(async () => {
  await browser?.close();
  await t?.close();
});

/** What the page says of an <img> (the test's tsconfig has no DOM types). */
interface ImageState {
  complete: boolean;
  naturalWidth: number;
  src: string;
}

/** The natural widths of the images, once every one has loaded (0 for one that failed to). */
async function loadedWidths(images: Locator): Promise<number[]> {
  return eventually(
    async () => {
      const states = await images.evaluateAll((nodes) =>
        (nodes as unknown as ImageState[]).map((img) => ({
          complete: img.complete,
          width: img.naturalWidth,
        })),
      );
      return states.length > 0 && states.every((s) => s.complete) && states.map((s) => s.width);
    },
    30_000,
    'the thumbnails loaded',
    { intervalMs: 100 },
  );
}

/** Fetches a link from inside the page, with its session, as a click on it would. */
async function fetchInPage(url: string) {
  return page.evaluate(async (href) => {
    const response = await fetch(href);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      head: String.fromCharCode(...bytes.slice(0, 5)),
    };
  }, url);
}

describe('proofs in the dashboard', () => {
  test('a rendered letter shows a loaded thumbnail per page, linking to the large one, and its PDF', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: TWO_PAGES, sendDate },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.id as string;
    await page.goto(`${t.baseUrl}/letters/${id}`);
    const proof = page.getByRole('region', { name: 'Proof' });
    await textMatching(proof, /Rendered: 2 pages/, 60_000);

    const order = (await t.api(`/letters/${id}`)).body;
    assert.equal(order.render.status, 'rendered');
    assert.equal(order.render.pageCount, 2);
    const images = proof.locator('.proof-pages img');
    const widths = await loadedWidths(images);
    assert.equal(widths.length, order.render.pageCount, 'one thumbnail per page');
    for (const width of widths) assert.equal(width, 300, 'the medium thumbnail, loaded');
    const sources = await images.evaluateAll((nodes) =>
      (nodes as unknown as ImageState[]).map((img) => img.src),
    );
    for (const source of sources) assert.match(source, new RegExp(`^${t.baseUrl}/`));
    for (const link of await proof.locator('.proof-pages a').all()) {
      const large = await fetchInPage((await link.getAttribute('href'))!);
      assert.equal(large.status, 200);
      assert.equal(large.type, 'image/png');
    }

    const pdfLink = proof.getByRole('link', { name: 'Open the PDF' });
    const pdf = await fetchInPage((await pdfLink.getAttribute('href'))!);
    assert.equal(pdf.status, 200);
    assert.match(pdf.type ?? '', /^application\/pdf/);
    assert.equal(pdf.head, '%PDF-');
  });

  test('a letter whose render failed says why and which asset, with no thumbnails', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), pdf: 'https://10.0.0.1/letter.pdf', sendDate },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await page.goto(`${t.baseUrl}/letters/${created.body.id}`);
    const proof = page.getByRole('region', { name: 'Proof' });
    await textMatching(proof, /Render failed \(INVALID_FILE_URL, in pdf\)/, 60_000);
    assert.equal(await proof.locator('img').count(), 0);
    assert.equal(await proof.getByRole('link', { name: 'Open the PDF' }).count(), 0);
  });

  test('the create form previews the proof before sending, and creates nothing', async () => {
    const before = (await t.api('/letters')).body.totalCount as number;
    await page.goto(`${t.baseUrl}/letters/new`);
    await page.getByRole('heading', { name: 'New letter' }).waitFor();
    await fillContact(page.getByRole('group', { name: 'To' }), usAddress());
    await fillContact(page.getByRole('group', { name: 'From' }), senderAddress());
    await page.getByLabel('HTML content').fill(TWO_PAGES);
    await page.getByRole('button', { name: 'Preview proof' }).click();
    const preview = page.getByRole('region', { name: 'Proof' });
    await textMatching(preview, /2 pages, as it will print/, 60_000);
    const widths = await loadedWidths(preview.locator('.proof-pages img'));
    assert.deepEqual(widths, [300, 300]);
    const pdf = await fetchInPage(
      (await preview.getByRole('link', { name: 'Open the PDF' }).getAttribute('href'))!,
    );
    assert.equal(pdf.status, 200);
    assert.match(pdf.type ?? '', /^application\/pdf/);
    assert.equal((await t.api('/letters')).body.totalCount, before, 'a preview makes no order');
    assert.match(page.url(), /\/letters\/new$/);
    assert.deepEqual(pageErrors, []);
  });
});
