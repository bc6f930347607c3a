// The MICR line (src/rendering/micr.ts on a cheque from src/rendering/cheque-face.ts), read back from the
// pixels at 600 dpi: each of the 65 E-13B positions is classified by matching its ink against the glyph
// grid, so the test sees which character is in which position, and that the clear band carries nothing
// else.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHEQUE_PAGE, MICR, micrPosition } from '../../src/documents/geometry.ts';
import { renderCheque } from '../../src/rendering/cheque-face.ts';
import {
  glyphRect,
  MICR_GLYPH_COLUMNS,
  MICR_GLYPH_ROWS,
  MICR_GLYPHS,
  MicrFieldError,
  micrCharacters,
  micrText,
} from '../../src/rendering/micr.ts';
import { isInk, type PageRaster, rasterisePage } from '../../src/rendering/rasterise.ts';
import { senderAddress, usAddress, usBankAccount } from '../support/addresses.ts';

const DPI = 600;
const { transit: T, onUs: U, dash: D } = MICR.symbols;

/** The band of the cheque as pixels, and a reader of one position. */
async function readMicr(pdf: Uint8Array, pageWidth: number) {
  const band = { x: 0, y: MICR.bandTop, width: pageWidth, height: MICR.bandBottom - MICR.bandTop };
  const raster = await rasterisePage(pdf, 1, { dpi: DPI }, { region: band });
  const px = (x: number) => Math.floor(x * raster.scale);
  const py = (y: number) => Math.floor((y - band.y) * raster.scale);
  /** The character in `position`, by sampling the centre of each grid square; null when blank. */
  const charAt = (position: number): string | null => {
    const cell = micrPosition(position, pageWidth);
    let ink = 0;
    for (let y = py(cell.y); y < py(cell.y + cell.height); y++) {
      for (let x = px(cell.x); x < px(cell.x + cell.width); x++) if (isInk(raster, x, y)) ink++;
    }
    if (ink === 0) return null;
    const glyph = glyphRect(position, pageWidth);
    const rows: string[] = [];
    for (let row = 0; row < MICR_GLYPH_ROWS; row++) {
      let bits = '';
      for (let column = 0; column < MICR_GLYPH_COLUMNS; column++) {
        const x = glyph.x + ((column + 0.5) * glyph.width) / MICR_GLYPH_COLUMNS;
        const y = glyph.y + ((row + 0.5) * glyph.height) / MICR_GLYPH_ROWS;
        bits += isInk(raster, px(x), py(y)) ? '#' : '.';
      }
      rows.push(bits);
    }
    const found = Object.entries(MICR_GLYPHS).find(([, shape]) => shape.join('') === rows.join(''));
    assert.ok(found, `position ${position} holds an unknown shape:\n${rows.join('\n')}`);
    return found[0];
  };
  return { raster, charAt, px, py, band };
}

/** Positions 65..1 read left to right into text, blanks as spaces, trailing blanks cut. */
async function lineText(pdf: Uint8Array, pageWidth: number) {
  const { charAt } = await readMicr(pdf, pageWidth);
  let text = '';
  for (let position = MICR.positions; position >= 1; position--) text += charAt(position) ?? ' ';
  return text.replace(/^ +/, '').trimEnd();
}

function inkOutsideCells(
  raster: PageRaster,
  pageWidth: number,
  occupied: Set<number>,
  px: (x: number) => number,
) {
  const inCell = new Array<boolean>(raster.width).fill(false);
  for (const position of occupied) {
    const cell = micrPosition(position, pageWidth);
    for (let x = px(cell.x); x < px(cell.x + cell.width); x++) inCell[x] = true;
  }
  let stray = 0;
  for (let y = 0; y < raster.height; y++)
    for (let x = 0; x < raster.width; x++) if (!inCell[x] && isInk(raster, x, y)) stray++;
  return stray;
}

const base = {
  number: 1234,
  date: '2026-12-07',
  amount: 123456,
  to: usAddress(),
  from: senderAddress(),
  live: true,
};

describe('MICR line', () => {
  test('routing, account and number sit in their E-13B positions, read off the pixels', async () => {
    const bank = usBankAccount();
    const cheque = await renderCheque({ ...base, bank });
    const width = CHEQUE_PAGE.us_letter.width;
    const { charAt, raster, px } = await readMicr(cheque.pdf, width);
    // Transit: ⑆ at 43 and 33, the routing number in 42..34.
    assert.equal(charAt(43), T);
    assert.equal([42, 41, 40, 39, 38, 37, 36, 35, 34].map(charAt).join(''), '021000021');
    assert.equal(charAt(33), T);
    // On-us: ⑈ at 14, the account number right-aligned against it, 32 blank.
    assert.equal(charAt(14), U);
    const account = bank.accountNumber as string;
    const accountPositions = Array.from({ length: account.length }, (_, i) => 14 + account.length - i);
    assert.equal(accountPositions.map(charAt).join(''), account);
    assert.equal(charAt(32), null);
    // Auxiliary on-us: 44 blank, ⑈1234⑈ in 50..45.
    assert.equal(charAt(44), null);
    assert.equal([50, 49, 48, 47, 46, 45].map(charAt).join(''), `${U}1234${U}`);
    // The amount field and the separator are blank.
    for (let position = 1; position <= 13; position++)
      assert.equal(charAt(position), null, `position ${position}`);
    for (let position = 51; position <= 65; position++)
      assert.equal(charAt(position), null, `position ${position}`);
    // Nothing else in the clear band.
    const occupied = new Set(cheque.layout.micr.map((c) => c.position));
    assert.equal(inkOutsideCells(raster, width, occupied, px), 0);
    // Positions 32 down to the account's first digit are blank.
    const expected = `${U}1234${U} ${T}021000021${T}${' '.repeat(18 - account.length)}${account}${U}`;
    assert.equal(await lineText(cheque.pdf, width), expected);
    assert.equal(micrText(cheque.layout.micr), expected);
  });

  test('on a legal-size page, the same positions from the right edge', async () => {
    const cheque = await renderCheque({
      ...base,
      size: 'us_legal',
      number: 98765,
      bank: usBankAccount({ accountNumber: '42-7' }),
    });
    assert.equal(
      await lineText(cheque.pdf, CHEQUE_PAGE.us_legal.width),
      `${U}98765${U} ${T}021000021${T}${' '.repeat(14)}42${D}7${U}`,
    );
  });

  test('Canadian cheques print transit ⑉ institution in the transit field', async () => {
    const bank = usBankAccount({
      bankCountryCode: 'CA',
      routingNumber: undefined,
      transitNumber: '12345',
      routeNumber: '678',
    });
    const cheque = await renderCheque({ ...base, bank });
    const { charAt } = await readMicr(cheque.pdf, CHEQUE_PAGE.us_letter.width);
    assert.equal([43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33].map(charAt).join(''), `${T}12345${D}678${T}`);
  });

  test('numbers that cannot be printed are refused', () => {
    assert.throws(() => micrCharacters({ routingNumber: '12345', accountNumber: '1' }), MicrFieldError);
    assert.throws(
      () => micrCharacters({ routingNumber: '021000021', accountNumber: '1'.repeat(18) }),
      MicrFieldError,
    );
    assert.throws(() => micrCharacters({ routingNumber: '021000021', accountNumber: '12A' }), MicrFieldError);
    assert.throws(
      () =>
        micrCharacters({
          countryCode: 'CA',
          transitNumber: '1234',
          institutionNumber: '678',
          accountNumber: '1',
        }),
      MicrFieldError,
    );
    assert.equal(
      micrCharacters({ routingNumber: '021000021', accountNumber: '1'.repeat(17) }).length,
      17 + 1 + 11,
    );
  });
});
