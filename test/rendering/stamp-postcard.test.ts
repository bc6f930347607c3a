// The postcard stamping pass (src/rendering/stamp-postcard.ts), read back: every size keeps its exact page
// size, the address side's ink-free area carries the indicia, both addresses (uppercase, ≥ 8 pt) and an
// IMb that reads back bar by bar, all inside the area; the front is untouched.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADDRESS_MIN_FONT_SIZE,
  onArtwork,
  POSTCARDS,
  type PostcardSize,
} from '../../src/documents/geometry.ts';
import { isInk, rasterisePage } from '../../src/rendering/rasterise.ts';
import { stampPostcard } from '../../src/rendering/stamp-postcard.ts';
import { encodeImb } from '../../src/tracking/imb.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, usAddress } from '../support/addresses.ts';
import { inside, linesIn, readBarcode, readPdf, runBox } from '../support/pdf-readback.ts';
import { samplePdf } from '../support/sample-pdfs.ts';

const imb = { trackingCode: '00270123456200800002', routingCode: '10001' };
const sizes = Object.keys(POSTCARDS) as PostcardSize[];

describe('stampPostcard', () => {
  for (const size of sizes) {
    test(`${size}: exact page size; indicia, addresses and IMb inside the ink-free area of the back`, async () => {
      const geometry = POSTCARDS[size];
      const artwork = await samplePdf(2, { size: [geometry.artwork.width, geometry.artwork.height] });
      const stamped = await stampPostcard(artwork, { size, to: usAddress(), from: senderAddress(), imb });
      assert.equal(stamped.pageCount, 2);
      const pages = await readPdf(stamped.pdf);
      assert.equal(pages.length, 2);
      for (const page of pages) {
        assert.deepEqual([page.width, page.height], [geometry.artwork.width, geometry.artwork.height]);
      }
      assert.deepEqual(
        pages[0]!.text.map((run) => run.str),
        ['PAGE 1'],
        'the front is untouched',
      );
      const area = onArtwork(geometry.inkFree, geometry.bleed);
      const back = pages[1]!;
      const { lines } = linesIn(back, area);
      const everything = lines.join('\n');
      for (const line of [
        'FIRST-CLASS MAIL',
        'U.S. POSTAGE',
        'PAID',
        'ADA LOVELACE',
        '20 W 34TH ST',
        'NEW YORK NY 10001',
      ]) {
        assert.ok(
          lines.some((l) => l.includes(line)),
          `${line} in:\n${everything}`,
        );
      }
      assert.ok(everything.includes('ACME MAIL CO'));
      const recipientRuns = back.text.filter((run) =>
        /ADA|34TH|NEW YORK|ACME|PENNSYLVANIA|WASHINGTON/.test(run.str),
      );
      assert.ok(recipientRuns.length >= 5);
      for (const run of recipientRuns) {
        assert.ok(inside(runBox(run), area), `"${run.str}" inside the ink-free area`);
        assert.ok(run.size >= ADDRESS_MIN_FONT_SIZE, `"${run.str}" at ${run.size} pt`);
        assert.equal(run.str, run.str.toUpperCase());
      }
      const read = await readBarcode(stamped.pdf, 2, area);
      assert.equal(read.bars, encodeImb(imb.trackingCode, imb.routingCode));
      assert.deepEqual(decodeImb(read.bars), imb);
      assert.ok(inside(read.box, area));
    });
  }

  test('the ink-free area is cleared of artwork; the rest of the back keeps it', async () => {
    const geometry = POSTCARDS['6x4'];
    const artwork = await samplePdf(2, { size: [geometry.artwork.width, geometry.artwork.height] });
    const stamped = await stampPostcard(artwork, { size: '6x4', to: usAddress() });
    const raster = await rasterisePage(stamped.pdf, 2, { dpi: 72 });
    const area = onArtwork(geometry.inkFree, geometry.bleed);
    const blue = (x: number, y: number) =>
      raster.data[(y * raster.width + x) * 4 + 2]! > 150 && raster.data[(y * raster.width + x) * 4]! < 100;
    // Bottom-right corner of the area (no text there): white.
    const x = Math.floor(area.x + area.width - 3);
    const y = Math.floor(area.y + area.height - 3);
    assert.ok(!blue(x, y) && !isInk(raster, x, y));
    assert.ok(blue(Math.floor(area.x - 5), y), 'left of the area: artwork');
    assert.ok(blue(x, Math.floor(area.y - 5)), 'above the area: artwork');
  });

  test('a trim-size PDF is stamped on the trim; a wrong size or page count is refused', async () => {
    const geometry = POSTCARDS['9x6'];
    const trim = await samplePdf(2, { size: [geometry.trim.width, geometry.trim.height] });
    const stamped = await stampPostcard(trim, { size: '9x6', to: usAddress(), indicia: false });
    const back = (await readPdf(stamped.pdf))[1]!;
    const { lines } = linesIn(back, geometry.inkFree);
    assert.deepEqual(lines, ['ADA LOVELACE', '20 W 34TH ST', 'NEW YORK NY 10001']);
    await assert.rejects(stampPostcard(await samplePdf(2), { size: '9x6', to: usAddress() }), RangeError);
    await assert.rejects(
      stampPostcard(await samplePdf(1, { size: [geometry.trim.width, geometry.trim.height] }), {
        size: '9x6',
        to: usAddress(),
      }),
      RangeError,
    );
  });
});
