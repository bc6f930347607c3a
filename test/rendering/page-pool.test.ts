// The renderer's inside, in this process: one browser, a few pages, HTML in and PDF out, read back with
// pdfjs-dist.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resolveChromium } from '../../src/rendering/chromium.ts';
import { PagePool } from '../../src/rendering/page-pool.ts';
import { RenderError } from '../../src/rendering/render-error.ts';
import { findText, readPdf } from './read-pdf.ts';
import { RENDER_SIZES, textAt } from './sizes.ts';

let pool: PagePool;

before(async () => {
  const { executablePath } = await resolveChromium({ chromiumPath: process.env.CHROMIUM_PATH });
  pool = await PagePool.open(executablePath, 2);
});
after(() => pool.close());

for (const size of RENDER_SIZES) {
  test(`${size.name}: the PDF page is exactly ${size.width.toFixed(2)} × ${size.height.toFixed(2)} pt and the text is where the HTML put it`, async () => {
    const pdf = await pool.render({ html: textAt('Marker text', 72, 144), ...size }, 30_000);
    const [page, ...rest] = await readPdf(pdf);
    assert.equal(rest.length, 0, 'one page');
    assert.ok(Math.abs(page!.width - size.width) < 0.01, `width ${page!.width}`);
    assert.ok(Math.abs(page!.height - size.height) < 0.01, `height ${page!.height}`);
    assert.deepEqual(page!.origin, [0, 0]);
    const marker = findText(page!, 'Marker text');
    assert.ok(Math.abs(marker.x - 72) < 0.5, `x ${marker.x}`);
    // The baseline lies inside the 12 pt line box that starts 144 pt down, below the glyphs' ascent.
    assert.ok(marker.baseline > 144 + 12 * 0.6 && marker.baseline < 144 + 12, `baseline ${marker.baseline}`);
    assert.ok(Math.abs(marker.size - 12) < 0.1, `font size ${marker.size}`);
  });
}

test('page breaks in the HTML make pages of the same size', async () => {
  const html = ['One', 'Two', 'Three']
    .map((word) => `<section style="break-after:page;font:14pt sans-serif">Page ${word}</section>`)
    .join('');
  const pages = await readPdf(await pool.render({ html, width: 612, height: 792 }, 30_000));
  assert.deepEqual(
    pages.map((p) => [p.width, p.height, p.texts.map((t) => t.str).join(' ')]),
    [
      [612, 792, 'Page One'],
      [612, 792, 'Page Two'],
      [612, 792, 'Page Three'],
    ],
  );
});

test('a CSS @page size in the HTML does not change the page size asked for', async () => {
  const html = '<style>@page { size: 3in 3in; margin: 1in }</style><p>Sized</p>';
  const [page] = await readPdf(await pool.render({ html, width: 450, height: 306 }, 30_000));
  assert.deepEqual([page!.width, page!.height], [450, 306]);
});

test('backgrounds print, to the edge of the bleed', async () => {
  // A full-bleed colour: printBackground on and no margins, or the pdf has no fill at all.
  const html = '<body style="margin:0;background:#123456"><p>Blue</p></body>';
  const [page] = await readPdf(await pool.render({ html, width: 450, height: 306 }, 30_000));
  assert.equal(page!.texts[0]?.str, 'Blue');
  assert.ok(page!.fills.includes('#123456'), `fills ${page!.fills}`);
});

for (const [name, request] of [
  ['no html', { width: 612, height: 792 }],
  ['a zero width', { html: '<p>x</p>', width: 0, height: 792 }],
  ['a width that is not a number', { html: '<p>x</p>', width: '612', height: 792 }],
  ['an absurd height', { html: '<p>x</p>', width: 612, height: 1e9 }],
] as const) {
  test(`a request with ${name} fails with RenderError invalid_request`, async () => {
    await assert.rejects(
      pool.render(request as never, 30_000),
      (error: unknown) => error instanceof RenderError && error.reason === 'invalid_request',
    );
  });
}
