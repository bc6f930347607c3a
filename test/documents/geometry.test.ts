import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CHEQUE_PAGE,
  inch,
  LETTER_ENVELOPE,
  LETTER_PAGE,
  MICR,
  micrPosition,
  onArtwork,
  POSTCARDS,
  pdfRect,
  SELF_MAILERS,
  toInches,
} from '../../src/documents/geometry.ts';

/** A rectangle back in inches, for comparing with BRIEF §13's numbers. */
const inInches = (r: { x: number; y: number; width: number; height: number }) => [
  toInches(r.x),
  toInches(r.y),
  toInches(r.width),
  toInches(r.height),
];

describe('geometry (BRIEF §13)', () => {
  it('letter pages and the #10 double-window envelope', () => {
    assert.deepEqual(LETTER_PAGE.us_letter, { width: 612, height: 792 });
    assert.equal(toInches(LETTER_PAGE.a4.width), 8.268);
    assert.equal(toInches(LETTER_PAGE.a4.height), 11.693);
    assert.deepEqual(inInches(LETTER_ENVELOPE.returnWindow), [0.625, 0.5, 3.25, 0.875]);
    assert.deepEqual(inInches(LETTER_ENVELOPE.recipientWindow), [0.625, 1.7, 4, 1]);
    assert.deepEqual(inInches(LETTER_ENVELOPE.addressBlock), [0.6, 0.84, 3.15, 2]);
  });

  it('postcards: artwork is trim plus 1/8 in bleed, ink-free area 0.275 in from the right and 0.25 in from the bottom', () => {
    assert.deepEqual(
      Object.values(POSTCARDS).map((p) => [toInches(p.artwork.width), toInches(p.artwork.height)]),
      [
        [6.25, 4.25],
        [9.25, 6.25],
        [11.25, 6.25],
      ],
    );
    for (const p of Object.values(POSTCARDS)) {
      assert.equal(toInches(p.trim.width - (p.inkFree.x + p.inkFree.width)), 0.275);
      assert.equal(toInches(p.trim.height - (p.inkFree.y + p.inkFree.height)), 0.25);
    }
    assert.equal(toInches(POSTCARDS['6x4'].inkFree.width), 3.284);
    assert.equal(toInches(POSTCARDS['9x6'].inkFree.width), 4);
    assert.deepEqual(
      inInches(onArtwork(POSTCARDS['6x4'].inkFree, POSTCARDS['6x4'].bleed)),
      [2.566, 1.5, 3.284, 2.375],
    );
  });

  it('self-mailers: panels tile the flat sheet and the ink-free area lies in the address panel', () => {
    for (const [size, m] of Object.entries(SELF_MAILERS)) {
      const total = m.panels.reduce((sum, p) => sum + p.height, 0);
      assert.ok(Math.abs(total - m.flat.height) < 1e-9, size);
      const a = m.addressPanel;
      const f = m.inkFree;
      assert.ok(f.x >= a.x && f.x + f.width <= a.x + a.width, size);
      assert.ok(f.y >= a.y && f.y + f.height <= a.y + a.height, size);
      assert.equal(toInches(a.y + a.height - (f.y + f.height)), 0.25, size);
    }
    assert.equal(SELF_MAILERS['8.5x11_trifold'].panels.length, 3);
    assert.equal(toInches(SELF_MAILERS['9.5x16_trifold'].folded.height), 5.333);
  });

  it('MICR positions are 1/8 in cells counted from the right, 5/16 in from the edge, in the band', () => {
    const width = CHEQUE_PAGE.us_letter.width;
    const first = micrPosition(1, width);
    assert.equal(toInches(width - (first.x + first.width)), 0.313);
    assert.equal(first.width, inch(1 / 8));
    assert.equal(micrPosition(43, width).x, inch(8.5 - 5 / 16 - 43 / 8));
    assert.equal(toInches(3.625 * 72 - MICR.bandBottom), 0.188);
    assert.throws(() => micrPosition(66, width), RangeError);
  });

  it('pdfRect flips a top-left rectangle into PDF user space', () => {
    assert.deepEqual(pdfRect({ x: 10, y: 20, width: 30, height: 40 }, 792), {
      x: 10,
      y: 732,
      width: 30,
      height: 40,
    });
  });
});
