// The cheque face (src/rendering/cheque-face.ts), read back: exact page sizes, the payee and payer inside
// the envelope windows (uppercase, ≥ 8 pt), the amount in words matching the amount, figures, memo,
// bank, number, date and signature on the face, VOID only on test cheques, the IMb readable, and a
// letter appended after the cheque.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import {
  ADDRESS_MIN_FONT_SIZE,
  CHEQUE_HEIGHT,
  CHEQUE_PAGE,
  LETTER_ENVELOPE,
} from '../../src/documents/geometry.ts';
import { amountInWords } from '../../src/rendering/amount-words.ts';
import { renderCheque } from '../../src/rendering/cheque-face.ts';
import { isInk, rasterisePage } from '../../src/rendering/rasterise.ts';
import { decodeImb } from '../../src/tracking/imb-decode.ts';
import { senderAddress, usAddress, usBankAccount } from '../support/addresses.ts';
import { inside, linesIn, readBarcode, readPdf, runBox } from '../support/pdf-readback.ts';
import { samplePdf } from '../support/sample-pdfs.ts';

const base = {
  number: 1234,
  date: new Date('2026-12-07T12:00:00Z'),
  amount: 123456,
  to: usAddress(),
  from: senderAddress(),
  memo: 'Invoice 42',
  bank: usBankAccount({ bankPrimaryLine: '1 Bank Plaza' }),
  live: true,
};

const pageText = (page: { text: Array<{ str: string }> }) => page.text.map((run) => run.str).join('\n');

describe('renderCheque', () => {
  test('every size has its exact page size', async () => {
    for (const size of ['us_letter', 'us_legal'] as const) {
      const cheque = await renderCheque({ ...base, size });
      const [page] = await readPdf(cheque.pdf);
      assert.deepEqual([page!.width, page!.height], [CHEQUE_PAGE[size].width, CHEQUE_PAGE[size].height]);
      assert.equal(cheque.pageCount, 1);
    }
  });

  test('payee and payer inside their windows, uppercase, ≥ 8 pt, on the cheque', async () => {
    const cheque = await renderCheque(base);
    const [page] = await readPdf(cheque.pdf);
    const payee = linesIn(page!, LETTER_ENVELOPE.recipientWindow);
    assert.deepEqual(payee.lines, ['ADA LOVELACE', '20 W 34TH ST', 'NEW YORK NY 10001']);
    const payer = linesIn(page!, LETTER_ENVELOPE.returnWindow);
    assert.deepEqual(payer.lines, ['ACME MAIL CO', '1600 PENNSYLVANIA AVE NW', 'WASHINGTON DC 20500']);
    for (const run of [...payee.runs, ...payer.runs]) {
      assert.ok(run.size >= ADDRESS_MIN_FONT_SIZE);
      assert.equal(run.str, run.str.toUpperCase());
      assert.ok(runBox(run).y + runBox(run).height <= CHEQUE_HEIGHT, 'on the cheque, above the perforation');
    }
  });

  test('the amount in words matches the amount, and the face carries figures, memo, bank, number, date, signature', async () => {
    for (const amount of [123456, 13259, 100, 5, 1_000_000_00]) {
      const cheque = await renderCheque({ ...base, amount });
      const text = pageText((await readPdf(cheque.pdf))[0]!);
      const words = amountInWords(amount);
      const line = text.split('\n').find((run) => run.includes('/100 dollars'));
      assert.ok(line, `a legal amount line in:\n${text}`);
      // The words, then only the asterisks that fill the line.
      assert.match(line, new RegExp(`^${words.replace(/[/]/g, '\\/')}( \\**)?$`));
      assert.equal(cheque.layout.amountInWords, words);
    }
    const text = pageText((await readPdf((await renderCheque(base)).pdf))[0]!);
    for (const expected of [
      '$**1,234.56',
      'Invoice 42',
      'First Test Bank',
      '1 Bank Plaza',
      '1234',
      'December 7, 2026',
      'Ada Lovelace',
      'MEMO',
      'PAY',
    ]) {
      assert.ok(text.split('\n').includes(expected), `${expected} in:\n${text}`);
    }
    assert.ok(!text.includes('VOID'), 'a live cheque is not void');
  });

  test('a test cheque prints VOID across the face', async () => {
    const cheque = await renderCheque({ ...base, live: false });
    const [page] = await readPdf(cheque.pdf);
    const run = page!.text.find((r) => r.str === 'VOID');
    assert.ok(run, 'VOID printed');
    assert.ok(run.size >= 48, `VOID is large (${run.size} pt)`);
    assert.ok(run.baseline < CHEQUE_HEIGHT && run.x > 0 && run.x + run.width < page!.width, 'on the cheque');
  });

  test('a signature image is drawn over the signature line', async () => {
    const canvas = createCanvas(300, 60);
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 300, 60);
    context.fillStyle = '#000';
    context.fillRect(10, 20, 280, 20);
    for (const [format, bytes] of [
      ['png', canvas.toBuffer('image/png')],
      ['jpeg', canvas.toBuffer('image/jpeg')],
    ] as const) {
      const cheque = await renderCheque({
        ...base,
        bank: usBankAccount({ signatureText: undefined, signatureImage: new Uint8Array(bytes) }),
      });
      const box = cheque.layout.signature!;
      assert.ok(box, format);
      const raster = await rasterisePage(cheque.pdf, 1, { dpi: 72 }, { region: box });
      assert.ok(
        isInk(raster, Math.floor(raster.width / 2), Math.floor(raster.height / 2)),
        `${format} signature ink`,
      );
      assert.ok(!pageText((await readPdf(cheque.pdf))[0]!).includes('Ada Lovelace'));
    }
    await assert.rejects(
      renderCheque({ ...base, bank: usBankAccount({ signatureImage: new TextEncoder().encode('GIF89a') }) }),
      RangeError,
    );
  });

  test('a live US cheque carries the IMb under the payee; a letter follows on the next pages', async () => {
    const imb = { trackingCode: '00270123456200800004', routingCode: '10001' };
    const cheque = await renderCheque({
      ...base,
      imb,
      letterPdf: await samplePdf(2),
      message: 'Thanks for the work.',
    });
    assert.equal(cheque.pageCount, 3);
    const pages = await readPdf(cheque.pdf);
    assert.equal(pages.length, 3);
    assert.ok(pages[1]!.text.some((run) => run.str === 'PAGE 1'));
    assert.ok(pages[2]!.text.some((run) => run.str === 'PAGE 2'));
    const message = pages[0]!.text.find((run) => run.str === 'Thanks for the work.');
    assert.ok(message && message.baseline > CHEQUE_HEIGHT, 'the message is on the stub');
    const read = await readBarcode(cheque.pdf, 1, LETTER_ENVELOPE.recipientWindow);
    assert.deepEqual(decodeImb(read.bars), imb);
    assert.ok(inside(read.box, LETTER_ENVELOPE.recipientWindow));
  });
});
