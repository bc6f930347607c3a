import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  concatTransformationMatrix,
  degrees,
  fill,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingRgbColor,
} from '@cantoo/pdf-lib';
import { type CheckedDocument, checkDocument, type DocumentSpec } from '../../src/documents/checks.ts';
import { LETTER_ENVELOPE, POSTCARDS, toInches } from '../../src/documents/geometry.ts';
import { DocumentRejected, type RejectionCode } from '../../src/documents/rejections.ts';
import {
  drawBox,
  drawText,
  drawWithTrueType,
  encryptedPdf,
  IN,
  image,
  makePdf,
  pages,
  rotatedLetter,
  unembeddedFontInForm,
} from './pdfs.ts';

const LIMITS = { maxBytes: 5 * 1024 * 1024 };
const LETTER: [number, number] = [612, 792];
const letter: DocumentSpec = {
  kind: 'letter',
  size: 'us_letter',
  doubleSided: false,
  addressPlacement: 'top_first_page',
};
const check = (spec: DocumentSpec, bytes: Buffer, limits = LIMITS) =>
  checkDocument(spec, bytes, 'pdf', limits);

async function rejected(
  promise: Promise<unknown>,
  code: RejectionCode,
  includes: string[] = [],
): Promise<DocumentRejected> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DocumentRejected, `expected DocumentRejected, got ${error}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.type, 'validation_error');
    assert.equal(error.status, 400);
    assert.ok(error.message.startsWith(`${code}: pdf `), error.message);
    for (const text of includes)
      assert.ok(error.message.includes(text), `"${error.message}" lacks "${text}"`);
    return error;
  }
  assert.fail(`expected ${code}, but the file was accepted`);
}

/** Inches, for comparing warnings' rectangles. */
const inside = (
  rect: CheckedDocument['warnings'][number]['rect'],
  zone: { x: number; y: number; width: number; height: number },
) =>
  rect.x >= toInches(zone.x) - 0.01 &&
  rect.y >= toInches(zone.y) - 0.01 &&
  rect.x + rect.width <= toInches(zone.x + zone.width) + 0.01 &&
  rect.y + rect.height <= toInches(zone.y + zone.height) + 0.01;

describe('letter PDFs', () => {
  it('a us_letter PDF is accepted with its page count and size', async () => {
    const checked = await check(
      letter,
      await makePdf(pages(3, LETTER), (p, d) => drawText(p, d, 'Body text', 1, 5)),
    );
    assert.equal(checked.contentType, 'application/pdf');
    assert.equal(checked.pageCount, 3);
    assert.deepEqual([checked.width, checked.height], [612, 792]);
    assert.deepEqual(checked.warnings, []);
  });

  it('a4 letters: exact millimetres and the rounded 595 × 842 both pass; a4 is not us_letter', async () => {
    const a4: DocumentSpec = { ...letter, size: 'a4' };
    await check(a4, await makePdf([[595.28, 841.89]]));
    await check(a4, await makePdf([[595, 842]]));
    await rejected(check(letter, await makePdf([[595.28, 841.89]])), 'INVALID_FILE_DIMENSIONS', [
      '8.268 × 11.693 in',
      '8.5 × 11 in',
    ]);
  });

  it('a landscape page is refused, the same page turned upright by /Rotate is accepted', async () => {
    await rejected(check(letter, await makePdf([[792, 612]])), 'INVALID_FILE_DIMENSIONS', ['11 × 8.5 in']);
    const checked = await check(letter, await rotatedLetter());
    assert.deepEqual([checked.width, checked.height], [612, 792]);
  });

  it('pages of different sizes: INCONSISTENT_PAGE_DIMENSIONS naming the page', async () => {
    await rejected(
      check(letter, await makePdf([LETTER, LETTER, [612, 1008]])),
      'INCONSISTENT_PAGE_DIMENSIONS',
      ['page 3 is 8.5 × 14 in'],
    );
  });

  it('60 pages single-sided, 120 double-sided; one more is FILE_PAGES_EXCEED_MAX', async () => {
    await check(letter, await makePdf(pages(60, LETTER)));
    await rejected(check(letter, await makePdf(pages(61, LETTER))), 'FILE_PAGES_EXCEED_MAX', [
      '61 pages',
      'at most 60',
    ]);
    const doubleSided: DocumentSpec = { ...letter, doubleSided: true };
    await check(doubleSided, await makePdf(pages(120, LETTER)));
    await rejected(check(doubleSided, await makePdf(pages(121, LETTER))), 'FILE_PAGES_EXCEED_MAX', [
      'at most 120',
    ]);
  });

  it('a PDF without pages is FILE_PAGES_BELOW_MIN', async () => {
    await rejected(check(letter, await makePdf([])), 'FILE_PAGES_BELOW_MIN', ['has 0 pages']);
  });

  it('cheque letterPDFs are the cheque size: us_letter or us_legal', async () => {
    await check({ kind: 'cheque_letter', size: 'us_legal' }, await makePdf([[612, 1008]]));
    await rejected(
      check({ kind: 'cheque_letter', size: 'us_letter' }, await makePdf([[612, 1008]])),
      'INVALID_FILE_DIMENSIONS',
    );
  });
});

describe('postcard and self-mailer PDFs', () => {
  const postcard: DocumentSpec = { kind: 'postcard', size: '6x4' };
  const artwork: [number, number] = [6.25 * IN, 4.25 * IN];

  it('two pages at trim plus bleed are accepted, for every size', async () => {
    await check(postcard, await makePdf(pages(2, artwork)));
    await check({ kind: 'postcard', size: '9x6' }, await makePdf(pages(2, [9.25 * IN, 6.25 * IN])));
    await check({ kind: 'postcard', size: '11x6' }, await makePdf(pages(2, [11.25 * IN, 6.25 * IN])));
  });

  it('a postcard at its trim size (no bleed) is refused, saying the size with bleed', async () => {
    await rejected(check(postcard, await makePdf(pages(2, [6 * IN, 4 * IN]))), 'INVALID_FILE_DIMENSIONS', [
      'pages are 6 × 4 in',
      '6.25 × 4.25 in',
      'bleed',
    ]);
  });

  it('a postcard needs exactly two pages', async () => {
    await rejected(check(postcard, await makePdf(pages(1, artwork))), 'FILE_PAGES_BELOW_MIN', ['at least 2']);
    await rejected(check(postcard, await makePdf(pages(3, artwork))), 'FILE_PAGES_EXCEED_MAX', ['at most 2']);
  });

  it('self-mailers are two flat, portrait sheets', async () => {
    await check({ kind: 'self_mailer', size: '8.5x11_bifold' }, await makePdf(pages(2, LETTER)));
    await check(
      { kind: 'self_mailer', size: '9.5x16_trifold' },
      await makePdf(pages(2, [9.5 * IN, 16 * IN])),
    );
    await rejected(
      check({ kind: 'self_mailer', size: '8.5x11_trifold' }, await makePdf(pages(2, [11 * IN, 8.5 * IN]))),
      'INVALID_FILE_DIMENSIONS',
      ['8.5 × 11 in'],
    );
  });
});

describe('files that are not printable PDFs', () => {
  it('text, a PNG for a letter, and broken PDF bytes are INVALID_FILE', async () => {
    await rejected(check(letter, Buffer.from('hello, this is not a PDF')), 'INVALID_FILE', ['is not a PDF']);
    await rejected(check(letter, await image('png', 100, 100)), 'INVALID_FILE', ['(it is image/png)']);
    await rejected(
      check(letter, Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF')),
      'INVALID_FILE',
      ['not a readable PDF'],
    );
    const truncated = (await makePdf(pages(2, LETTER))).subarray(0, 300);
    await rejected(check(letter, truncated), 'INVALID_FILE');
  });

  it('encrypted PDFs are PDF_ENCRYPTED, with a user password or only owner restrictions', async () => {
    await rejected(check(letter, await encryptedPdf('open-sesame')), 'PDF_ENCRYPTED');
    await rejected(check(letter, await encryptedPdf('')), 'PDF_ENCRYPTED');
  });

  it('a file over the limit is FILE_SIZE_EXCEEDS_LIMIT before it is read', async () => {
    const bytes = await makePdf(pages(1, LETTER));
    await rejected(check(letter, bytes, { maxBytes: bytes.length - 1 }), 'FILE_SIZE_EXCEEDS_LIMIT', [
      `${bytes.length} bytes`,
    ]);
    await check(letter, bytes, { maxBytes: bytes.length });
  });
});

describe('fonts', () => {
  it('base-14 fonts need no embedding; an embedded TrueType font passes', async () => {
    await check(letter, await makePdf([LETTER], (p, d) => drawText(p, d, 'Helvetica', 1, 5)));
    await check(letter, await makePdf([LETTER], (p, d) => drawWithTrueType(p, d, 'LiberationSans', true)));
  });

  it('an unembedded font is UNEMBEDDED_FONTS naming it, subset prefix removed', async () => {
    await rejected(
      check(letter, await makePdf([LETTER], (p, d) => drawWithTrueType(p, d, 'Arial', false))),
      'UNEMBEDDED_FONTS',
      ['Arial', 'standard 14'],
    );
    const error = await rejected(
      check(letter, await makePdf([LETTER], (p, d) => drawWithTrueType(p, d, 'ABCDEF+Garamond', false))),
      'UNEMBEDDED_FONTS',
    );
    assert.ok(error.message.includes('not embedded: Garamond.'), error.message);
  });

  it('an unembedded font used inside a form XObject is found', async () => {
    await rejected(check(letter, await unembeddedFontInForm('Verdana')), 'UNEMBEDDED_FONTS', ['Verdana']);
  });
});

describe('images', () => {
  const front: DocumentSpec = { kind: 'postcard_face', size: '6x4', face: 'front' };

  it('PNG and JPEG postcard artwork at 300 DPI of trim plus bleed is accepted', async () => {
    const png = await check(front, await image('png', 1875, 1275));
    assert.deepEqual(
      [png.contentType, png.width, png.height, png.pageCount],
      ['image/png', 1875, 1275, null],
    );
    const jpeg = await check(front, await image('jpeg', 2500, 1700));
    assert.equal(jpeg.contentType, 'image/jpeg');
  });

  it('fewer pixels is INVALID_IMAGE_DPI with the DPI found and needed', async () => {
    await rejected(check(front, await image('png', 938, 638)), 'INVALID_IMAGE_DPI', [
      '150 DPI',
      '1875 × 1275 px',
    ]);
    await rejected(check(front, await image('jpeg', 1874, 1274)), 'INVALID_IMAGE_DPI', ['299 DPI']);
  });

  it('artwork in other proportions (the trim without bleed) is INVALID_FILE_DIMENSIONS', async () => {
    await rejected(check(front, await image('png', 1800, 1200)), 'INVALID_FILE_DIMENSIONS', [
      '1800 × 1200 px',
    ]);
  });

  it('a one-page PDF is a postcard face too; a damaged PNG is INVALID_FILE', async () => {
    await check(front, await makePdf([[6.25 * IN, 4.25 * IN]]));
    const png = await image('png', 1875, 1275);
    await rejected(check(front, png.subarray(0, 60)), 'INVALID_FILE', ['not a readable PNG']);
  });

  it('signature images are PNG or JPEG of any size, never PDF', async () => {
    await check({ kind: 'signature_image' }, await image('png', 300, 80));
    await rejected(check({ kind: 'signature_image' }, await makePdf([LETTER])), 'INVALID_FILE', [
      'PNG or JPEG',
    ]);
  });
});

describe('content under the address zone: warnings with their position', () => {
  it('text under the white address block on page 1 is a warning inside the block, and the file is accepted', async () => {
    const checked = await check(
      letter,
      await makePdf(pages(2, LETTER), async (p, d) => {
        await drawText(p, d, 'Dear customer, welcome', 1, 1.3);
      }),
    );
    assert.equal(checked.pageCount, 2);
    const [warning, ...others] = checked.warnings;
    assert.equal(others.length, 0, JSON.stringify(checked.warnings));
    assert.equal(warning!.code, 'CONTENT_UNDER_ADDRESS_BLOCK');
    assert.equal(warning!.page, 1);
    assert.ok(inside(warning!.rect, LETTER_ENVELOPE.addressBlock), JSON.stringify(warning));
    // Helvetica 12 pt at 1 in from the left, baseline 1.3 in from the top.
    assert.ok(Math.abs(warning!.rect.x - 1) < 0.02, JSON.stringify(warning));
    assert.ok(warning!.rect.y > 1.1 && warning!.rect.y + warning!.rect.height < 1.4, JSON.stringify(warning));
    assert.match(warning!.message, /^pdf page 1: content at \(1, 1\.\d+\) in, .* covered/);
  });

  it('insert_blank_page prints the addresses on a page of their own: no warning', async () => {
    const file = await makePdf([LETTER], (p, d) => drawText(p, d, 'Dear customer', 1, 1.3));
    const checked = await check({ ...letter, addressPlacement: 'insert_blank_page' }, file);
    assert.deepEqual(checked.warnings, []);
  });

  it('ink right of the block but behind the recipient window shows through it', async () => {
    const checked = await check(letter, await makePdf([LETTER], (p) => drawBox(p, 4, 2, 0.5, 0.3)));
    assert.deepEqual(
      checked.warnings.map((w) => [w.code, w.page, w.rect]),
      [['CONTENT_IN_ENVELOPE_WINDOW', 1, { x: 4, y: 2, width: 0.5, height: 0.3 }]],
    );
  });

  it('images are marks; white backgrounds, content elsewhere and on page 2 are not', async () => {
    const png = await image('png', 60, 60);
    const withImage = await makePdf([LETTER], async (p, d) => {
      const embedded = await d.embedPng(png);
      p.drawImage(embedded, { x: 0.8 * IN, y: 792 - 2.5 * IN, width: 0.5 * IN, height: 0.5 * IN });
    });
    const warning = (await check(letter, withImage)).warnings.find(
      (w) => w.code === 'CONTENT_UNDER_ADDRESS_BLOCK',
    );
    assert.deepEqual(warning?.rect, { x: 0.8, y: 2, width: 0.5, height: 0.5 });

    const clean = await makePdf([LETTER, LETTER], async (p, d, index) => {
      drawBox(p, 0, 0, 8.5, 11, true);
      drawBox(p, 5, 5, 2, 2);
      await drawText(p, d, 'Body', 1, 6);
      if (index === 1) await drawText(p, d, 'Page two under the window position', 1, 1.3);
    });
    assert.deepEqual((await check(letter, clean)).warnings, []);
  });

  it("a postcard's back with ink in the ink-free area is warned about; the same ink on the front is not", async () => {
    const card = POSTCARDS['6x4'];
    // 0.2 in inside the ink-free area's top-left corner, on the artwork (bleed included).
    const x = toInches(card.inkFree.x + card.bleed) + 0.2;
    const y = toInches(card.inkFree.y + card.bleed) + 0.2;
    const file = await makePdf(pages(2, [6.25 * IN, 4.25 * IN]), (p) => drawBox(p, x, y, 1, 0.5));
    const checked = await check({ kind: 'postcard', size: '6x4' }, file);
    assert.deepEqual(
      checked.warnings.map((w) => [w.code, w.page]),
      [['CONTENT_IN_INK_FREE_AREA', 2]],
    );
    assert.deepEqual(checked.warnings[0]!.rect, {
      x: Math.round(x * 100) / 100,
      y: Math.round(y * 100) / 100,
      width: 1,
      height: 0.5,
    });
  });

  it('content drawn through a transformation matrix, and on a rotated page, is placed where it is seen', async () => {
    // A 0.25 in square drawn at twice the scale, moved to (1 in, 9 in) from the bottom: 0.5 in at (1, 1.5) from the top.
    const scaled = await makePdf([LETTER], (p) => {
      p.pushOperators(
        pushGraphicsState(),
        concatTransformationMatrix(2, 0, 0, 2, 72, 648),
        setFillingRgbColor(0, 0, 0),
        rectangle(0, 0, 18, 18),
        fill(),
        popGraphicsState(),
      );
    });
    assert.deepEqual((await check(letter, scaled)).warnings[0]?.rect, {
      x: 1,
      y: 1.5,
      width: 0.5,
      height: 0.5,
    });
    // A landscape page shown upright by /Rotate 90 (clockwise): user x runs down the page, user y to the right.
    const rotated = await makePdf([[792, 612]], (p) => {
      p.setRotation(degrees(90));
      drawBoxAt(p, 72, 108, 36, 36);
    });
    assert.deepEqual((await check(letter, rotated)).warnings[0]?.rect, {
      x: 1.5,
      y: 1,
      width: 0.5,
      height: 0.5,
    });
  });
});

/** A filled box in the page's own user space (points, origin bottom-left). */
function drawBoxAt(page: PDFPage, x: number, y: number, width: number, height: number) {
  page.pushOperators(setFillingRgbColor(0, 0, 0), rectangle(x, y, width, height), fill());
}
