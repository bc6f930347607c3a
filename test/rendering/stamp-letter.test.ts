// The letter stamping pass (src/rendering/stamp-letter.ts), read back from the PDF it makes: page counts
// and sizes, the addresses' text inside their envelope windows (pdfjs text positions), uppercase and at
// least 8 pt, the white box covering the artwork, and the IMb read off the pixels bar by bar.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADDRESS_MIN_FONT_SIZE,
  IMB_ADDRESS_DISTANCE,
  inch,
  LETTER_ENVELOPE,
  LETTER_PAGE,
} from '../../src/documents/geometry.ts';
import { AddressLayoutError } from '../../src/rendering/address-block.ts';
import { isInk, rasterisePage } from '../../src/rendering/rasterise.ts';
import { stampLetter } from '../../src/rendering/stamp-letter.ts';
import { encodeImb, ImbInputError } from '../../src/tracking/imb.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, usAddress } from '../support/addresses.ts';
import { intersect, linesIn, type ReadPage, readBarcode, readPdf } from '../support/pdf-readback.ts';
import { samplePdf } from '../support/sample-pdfs.ts';

const imb = { trackingCode: '00270123456200800001', routingCode: '100010001' };

const senderZone = intersect(LETTER_ENVELOPE.returnWindow, LETTER_ENVELOPE.addressBlock);
const recipientZone = intersect(LETTER_ENVELOPE.recipientWindow, LETTER_ENVELOPE.addressBlock);

function assertAddressText(page: ReadPage) {
  const recipient = linesIn(page, recipientZone);
  assert.deepEqual(recipient.lines, ['ADA LOVELACE', '20 W 34TH ST', 'NEW YORK NY 10001']);
  const sender = linesIn(page, senderZone);
  assert.deepEqual(sender.lines, ['ACME MAIL CO', '1600 PENNSYLVANIA AVE NW', 'WASHINGTON DC 20500']);
  // Nothing of either address is anywhere else on the page.
  const stamped = new Set([...recipient.runs, ...sender.runs]);
  const strays = page.text.filter(
    (run) => !stamped.has(run) && /ADA|LOVELACE|ACME|PENNSYLVANIA/.test(run.str),
  );
  assert.deepEqual(strays, [], 'no address text outside the windows');
  for (const run of [...recipient.runs, ...sender.runs]) {
    assert.ok(run.size >= ADDRESS_MIN_FONT_SIZE, `"${run.str}" at ${run.size} pt`);
    assert.equal(run.str, run.str.toUpperCase(), `"${run.str}" is uppercase`);
  }
  return { recipient, sender };
}

describe('stampLetter', () => {
  test('top_first_page: addresses inside their windows on page 1, page count and sizes unchanged', async () => {
    const stamped = await stampLetter(await samplePdf(3), { to: usAddress(), from: senderAddress() });
    assert.equal(stamped.pageCount, 3);
    const pages = await readPdf(stamped.pdf);
    assert.equal(pages.length, 3);
    for (const page of pages) assert.deepEqual([page.width, page.height], [612, 792]);
    assertAddressText(pages[0]!);
    assert.deepEqual(
      pages.map((page) => page.text.some((run) => run.str === 'PAGE 1')),
      [true, false, false],
      'the artwork of page 1 stays page 1',
    );
    assert.equal(stamped.layout.imb, undefined, 'no IMb without tracking data');
  });

  test('top_first_page covers the artwork with the white box, and only there', async () => {
    const stamped = await stampLetter(await samplePdf(1), { to: usAddress(), from: senderAddress() });
    const raster = await rasterisePage(stamped.pdf, 1, { dpi: 72 });
    const box = LETTER_ENVELOPE.addressBlock;
    const blue = (x: number, y: number) => {
      const at = (y * raster.width + x) * 4;
      return raster.data[at + 2]! > 150 && raster.data[at]! < 100;
    };
    const white = (x: number, y: number) => {
      const at = (y * raster.width + x) * 4;
      return raster.data[at]! > 245 && raster.data[at + 1]! > 245 && raster.data[at + 2]! > 245;
    };
    // Inside the box, away from the text (its bottom right corner): white paper.
    assert.ok(white(Math.floor(box.x + box.width - 3), Math.floor(box.y + box.height - 3)));
    assert.ok(white(Math.floor(box.x + 3), Math.floor(box.y + box.height - 3)));
    // Just outside it: the artwork.
    assert.ok(blue(Math.floor(box.x + box.width + 3), Math.floor(box.y + 10)));
    assert.ok(blue(Math.floor(box.x + 10), Math.floor(box.y + box.height + 3)));
    assert.ok(blue(300, 600), 'the rest of the page keeps its artwork');
  });

  test('the IMb, read off the pixels at 600 dpi, is the tracking code and routing, within the clearances', async () => {
    const stamped = await stampLetter(await samplePdf(1), { to: usAddress(), from: senderAddress(), imb });
    const window = LETTER_ENVELOPE.recipientWindow;
    const read = await readBarcode(stamped.pdf, 1, intersect(window, LETTER_ENVELOPE.addressBlock));
    assert.equal(read.bars, encodeImb(imb.trackingCode, imb.routingCode));
    assert.deepEqual(decodeImb(read.bars), imb);
    // 20 to 24 bars per inch, bars 0.015–0.025 in wide, full bars 0.125–0.165 in tall.
    assert.ok(read.pitch >= inch(1 / 24) - 0.05 && read.pitch <= inch(1 / 20) + 0.05, `pitch ${read.pitch}`);
    assert.ok(read.box.height >= inch(0.125) && read.box.height <= inch(0.165), `height ${read.box.height}`);
    // Behind the window, 0.125 in clear left and right.
    assert.ok(read.box.x - window.x >= inch(0.125) - 0.5, `left clearance ${read.box.x - window.x}`);
    assert.ok(window.x + window.width - (read.box.x + read.box.width) >= inch(0.125));
    assert.ok(read.box.y + read.box.height <= window.y + window.height, 'inside the window');
    // Between 0.028 in and 5/8 in under the address lines (their lowest descender).
    const page = (await readPdf(stamped.pdf))[0]!;
    const { runs } = assertAddressText(page).recipient;
    const lowest = Math.max(...runs.map((run) => run.baseline + 0.21 * run.size));
    const gap = read.box.y - lowest;
    assert.ok(gap >= IMB_ADDRESS_DISTANCE.min && gap <= IMB_ADDRESS_DISTANCE.max, `gap ${gap} pt`);
  });

  test('the IMb of each of the fixture routings reads back exactly', async () => {
    for (const routingCode of ['', '01234', '012345678', '01234567891']) {
      const data = { trackingCode: '01234567094987654321', routingCode };
      const stamped = await stampLetter(await samplePdf(1, { fill: [1, 1, 1] }), {
        to: usAddress(),
        imb: data,
      });
      const read = await readBarcode(stamped.pdf, 1, LETTER_ENVELOPE.recipientWindow);
      assert.deepEqual(decodeImb(read.bars), data, `routing ${JSON.stringify(routingCode)}`);
    }
  });

  test('insert_blank_page adds the address page (and a blank back when double-sided)', async () => {
    const single = await stampLetter(await samplePdf(2), {
      to: usAddress(),
      from: senderAddress(),
      addressPlacement: 'insert_blank_page',
      imb,
    });
    assert.equal(single.pageCount, 3);
    const pages = await readPdf(single.pdf);
    assert.equal(pages.length, 3);
    assertAddressText(pages[0]!);
    assert.ok(
      pages[1]!.text.some((run) => run.str === 'PAGE 1'),
      'the letter starts on page 2',
    );
    const read = await readBarcode(single.pdf, 1, LETTER_ENVELOPE.recipientWindow);
    assert.deepEqual(decodeImb(read.bars), imb);

    const double = await stampLetter(await samplePdf(2), {
      to: usAddress(),
      addressPlacement: 'insert_blank_page',
      doubleSided: true,
    });
    assert.equal(double.pageCount, 4);
    const doublePages = await readPdf(double.pdf);
    assert.equal(doublePages.length, 4);
    assert.deepEqual(doublePages[1]!.text, [], 'the back of the address page is blank');
    assert.ok(doublePages[2]!.text.some((run) => run.str === 'PAGE 1'));
  });

  test('A4 pages keep their exact size, and an inserted page matches them', async () => {
    const a4 = LETTER_PAGE.a4;
    const stamped = await stampLetter(await samplePdf(1, { size: [a4.width, a4.height] }), {
      to: usAddress(),
      from: senderAddress(),
      addressPlacement: 'insert_blank_page',
    });
    const pages = await readPdf(stamped.pdf);
    for (const page of pages) {
      assert.ok(Math.abs(page.width - a4.width) < 1e-3 && Math.abs(page.height - a4.height) < 1e-3);
    }
    assertAddressText(pages[0]!);
  });

  test('content that leaves a transformation in force does not move the addresses', async () => {
    const stamped = await stampLetter(await samplePdf(1, { leaveTransform: true }), {
      to: usAddress(),
      from: senderAddress(),
      imb,
    });
    assertAddressText((await readPdf(stamped.pdf))[0]!);
    const read = await readBarcode(stamped.pdf, 1, recipientZone);
    assert.deepEqual(decodeImb(read.bars), imb);
  });

  test('long lines, second address lines, accents and foreign countries', async () => {
    const to = usAddress({
      firstName: 'Zoë',
      lastName: 'Łukasiewicz',
      companyName: 'Société Générale des Télécommunications',
      addressLine1: '1234 North Martin Luther King Junior Boulevard',
      addressLine2: 'Suite 4100',
      city: 'Montréal',
      provinceOrState: 'QC',
      postalOrZip: 'H3B 1A7',
      countryCode: 'CA',
    });
    const stamped = await stampLetter(await samplePdf(1), { to, from: senderAddress() });
    const { lines, runs } = linesIn((await readPdf(stamped.pdf))[0]!, recipientZone);
    assert.deepEqual(lines, [
      'ZOË LUKASIEWICZ',
      'SOCIÉTÉ GÉNÉRALE DES TÉLÉCOMMUNICATIONS',
      '1234 NORTH MARTIN LUTHER KING JUNIOR BOULEVARD',
      'SUITE 4100',
      'MONTRÉAL QC H3B 1A7',
      'CANADA',
    ]);
    for (const run of runs) assert.ok(run.size >= ADDRESS_MIN_FONT_SIZE);
  });

  test('an address that cannot fit at 8 pt, or a bad IMb, fails before anything is made', async () => {
    const to = usAddress({ addressLine1: 'X'.repeat(120) });
    await assert.rejects(stampLetter(await samplePdf(1), { to }), AddressLayoutError);
    await assert.rejects(
      stampLetter(await samplePdf(1), { to: usAddress(), imb: { trackingCode: '123', routingCode: '' } }),
      ImbInputError,
    );
  });

  test('no IMb means no ink under the recipient lines', async () => {
    const stamped = await stampLetter(await samplePdf(1), { to: usAddress() });
    const recipient = stamped.layout.recipient.box;
    const below = {
      x: recipientZone.x,
      y: recipient.y + recipient.height + 1,
      width: recipientZone.width,
      height: 0,
    };
    below.height = recipientZone.y + recipientZone.height - below.y;
    const raster = await rasterisePage(stamped.pdf, 1, { dpi: 300 }, { region: below });
    let ink = 0;
    for (let y = 0; y < raster.height; y++)
      for (let x = 0; x < raster.width; x++) if (isInk(raster, x, y)) ink++;
    assert.equal(ink, 0);
  });
});
