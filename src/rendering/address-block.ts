/**
 * Lays out and draws an address in a rectangle of a piece: uppercase lines in a sans-serif font at
 * ADDRESS_MIN_FONT_SIZE or more (USPS DMM 202), top-aligned, left-aligned. The largest size from
 * `maxSize` down that fits is used; at the minimum size a line still too wide is condensed (PDF's
 * horizontal scaling, down to 80 %) rather than cut; past that the layout fails with AddressLayoutError.
 */
import {
  beginText,
  endText,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFillingGrayscaleColor,
  setFontAndSize,
  setTextMatrix,
  showText,
} from '@cantoo/pdf-lib';
import { ADDRESS_MIN_FONT_SIZE, type Rect } from '../documents/geometry.ts';
import { type AddressLineOptions, addressLines, type MailAddress } from './address-lines.ts';
import { appendOperators, baselineY, userX } from './page-space.ts';

/** The address does not fit its area even at the minimum size, condensed. */
export class AddressLayoutError extends Error {
  override name = 'AddressLayoutError';
}

export interface AddressBlockOptions
  extends Pick<AddressLineOptions, 'originCountry' | 'joinNameAndCompany'> {
  /** Largest font size to try, default 10 pt. */
  maxSize?: number;
  /** Height kept free under the text, inside `area` (the IMb and its gap). */
  reserveBelow?: number;
}

export interface AddressLine {
  text: string;
  /** Left edge and baseline, points from the top-left of the page, y down. */
  x: number;
  baseline: number;
  /** Width as drawn (condensing applied). */
  width: number;
}

export interface AddressBlockLayout {
  lines: AddressLine[];
  size: number;
  /** Horizontal scaling in percent: 100 unless a line had to be condensed. */
  squeeze: number;
  /** From the first line's ascent to the last line's descent, as wide as the widest line. */
  box: Rect;
}

/** Line spacing over the font size: four 8 pt lines fit the return window's part of the white box. */
const LEADING = 1.1;
const SIZE_STEP = 0.5;
const MIN_SQUEEZE = 80;

/** Letters with a stroke rather than an accent, which NFD does not take apart. */
const STROKED: Record<string, string> = { Ł: 'L', Đ: 'D', Ħ: 'H', Ŧ: 'T', Ŀ: 'L', Ð: 'D', Þ: 'TH', Ə: 'E' };

/** Characters the font cannot encode: accents and strokes stripped where that helps, else `?`. */
function printable(font: PDFFont, text: string): string {
  const supported = charsets.get(font) ?? new Set(font.getCharacterSet());
  charsets.set(font, supported);
  let out = '';
  for (const char of text) {
    if (supported.has(char.codePointAt(0)!)) {
      out += char;
      continue;
    }
    const bare = STROKED[char] ?? char.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...bare].every((c) => supported.has(c.codePointAt(0)!)) && bare !== '' ? bare : '?';
  }
  return out;
}
const charsets = new WeakMap<PDFFont, Set<number>>();

/** Fits `address` into `area` (points, top-left of the page, y down). Throws AddressLayoutError. */
export function layoutAddressBlock(
  font: PDFFont,
  address: MailAddress,
  area: Rect,
  options: AddressBlockOptions = {},
): AddressBlockLayout {
  const maxSize = Math.max(options.maxSize ?? 10, ADDRESS_MIN_FONT_SIZE);
  const room = area.height - (options.reserveBelow ?? 0);
  const attempts: Array<{ size: number; squeeze: number }> = [];
  for (let size = maxSize; size >= ADDRESS_MIN_FONT_SIZE; size -= SIZE_STEP)
    attempts.push({ size, squeeze: 100 });
  for (let squeeze = 95; squeeze >= MIN_SQUEEZE; squeeze -= 5)
    attempts.push({ size: ADDRESS_MIN_FONT_SIZE, squeeze });
  let widest = '';
  // Widths scale with the size: each line is measured once, at 1 pt.
  const unitWidths = new Map<string, number>();
  const unitWidth = (line: string) => {
    let width = unitWidths.get(line);
    if (width === undefined) {
      width = font.widthOfTextAtSize(line, 1);
      unitWidths.set(line, width);
    }
    return width;
  };
  const ascentPerPoint = font.heightAtSize(1, { descender: false });
  const heightPerPoint = font.heightAtSize(1);
  for (const { size, squeeze } of attempts) {
    const width = (line: string) => (unitWidth(line) * size * squeeze) / 100;
    const lines = addressLines(address, {
      ...options,
      fits: (line) => width(printable(font, line)) <= area.width,
    }).map((line) => printable(font, line));
    const ascent = ascentPerPoint * size;
    const descent = heightPerPoint * size - ascent;
    const height = ascent + (lines.length - 1) * size * LEADING + descent;
    const widths = lines.map(width);
    widest = lines[widths.indexOf(Math.max(...widths))] ?? '';
    if (height > room) continue;
    if (widths.some((w) => w > area.width)) continue;
    const laid = lines.map((text, index) => ({
      text,
      x: area.x,
      baseline: area.y + ascent + index * size * LEADING,
      width: widths[index]!,
    }));
    return {
      lines: laid,
      size,
      squeeze,
      box: { x: area.x, y: area.y, width: Math.max(...widths), height },
    };
  }
  throw new AddressLayoutError(
    `the address does not fit its ${Math.round(area.width)} × ${Math.round(room)} pt area at ${ADDRESS_MIN_FONT_SIZE} pt` +
      (widest ? ` (longest line: "${widest}")` : ''),
  );
}

/** Draws a laid-out address in black. */
export function drawAddressBlock(page: PDFPage, font: PDFFont, layout: AddressBlockLayout): void {
  const key = page.node.newFontDictionary(font.name, font.ref);
  const operators = [
    pushGraphicsState(),
    beginText(),
    setFillingGrayscaleColor(0),
    setFontAndSize(key, layout.size),
  ];
  if (layout.squeeze !== 100) operators.push(setCharacterSqueeze(layout.squeeze));
  for (const line of layout.lines) {
    operators.push(
      setTextMatrix(1, 0, 0, 1, userX(page, line.x), baselineY(page, line.baseline)),
      showText(font.encodeText(line.text)),
    );
  }
  operators.push(endText(), popGraphicsState());
  appendOperators(page, operators);
}
