// The self-mailer stamping pass (src/rendering/stamp-self-mailer.ts), read back: every size keeps its
// flat sheet, and the outside's address panel carries the addresses and an IMb that reads back, inside
// its ink-free area.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADDRESS_MIN_FONT_SIZE, SELF_MAILERS, type SelfMailerSize } from '../../src/documents/geometry.ts';
import { stampSelfMailer } from '../../src/rendering/stamp-self-mailer.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, usAddress } from '../support/addresses.ts';
import { inside, linesIn, readBarcode, readPdf, runBox } from '../support/pdf-readback.ts';
import { samplePdf } from '../support/sample-pdfs.ts';

const imb = { trackingCode: '00270123456200800003', routingCode: '10001000101' };

describe('stampSelfMailer', () => {
  for (const size of Object.keys(SELF_MAILERS) as SelfMailerSize[]) {
    test(`${size}: flat sheet size kept; addresses and IMb in the address panel's ink-free area`, async () => {
      const geometry = SELF_MAILERS[size];
      const pdf = await samplePdf(2, { size: [geometry.flat.width, geometry.flat.height] });
      const stamped = await stampSelfMailer(pdf, { size, to: usAddress(), from: senderAddress(), imb });
      assert.equal(stamped.pageCount, 2);
      const pages = await readPdf(stamped.pdf);
      for (const page of pages)
        assert.deepEqual([page.width, page.height], [geometry.flat.width, geometry.flat.height]);
      assert.ok(inside(geometry.inkFree, geometry.addressPanel));
      const { lines } = linesIn(pages[0]!, geometry.inkFree);
      for (const line of ['ADA LOVELACE', '20 W 34TH ST', 'NEW YORK NY 10001', 'FIRST-CLASS MAIL']) {
        assert.ok(lines.includes(line), `${line} in ${JSON.stringify(lines)}`);
      }
      for (const run of pages[0]!.text.filter((r) => /ADA|34TH|NEW YORK|ACME/.test(r.str))) {
        assert.ok(inside(runBox(run), geometry.inkFree));
        assert.ok(run.size >= ADDRESS_MIN_FONT_SIZE);
      }
      assert.deepEqual(
        pages[1]!.text.map((run) => run.str),
        ['PAGE 2'],
        'the inside is untouched',
      );
      const read = await readBarcode(stamped.pdf, 1, geometry.inkFree);
      assert.deepEqual(decodeImb(read.bars), imb);
    });
  }

  test('a sheet of the wrong size is refused', async () => {
    await assert.rejects(
      stampSelfMailer(await samplePdf(2, { size: [612, 792] }), { size: '9.5x16_trifold', to: usAddress() }),
      RangeError,
    );
  });
});
