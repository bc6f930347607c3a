/**
 * The MICR line of a cheque (BRIEF §13, geometry.ts's MICR): which character goes in which of the 65
 * E-13B positions, and the characters drawn as vector paths of our own.
 *
 * Layout (ANSI X9.100-160 / CPA 006, right to left):
 * - positions 14–32, on-us field: the account number, then ⑈ at position 14;
 * - positions 33–43, transit field: ⑆ at 43, the 9-digit routing number in 42–34, ⑆ at 33 (Canada: the
 *   5-digit transit, ⑉, the 3-digit institution);
 * - positions 44–65, auxiliary on-us field (business cheques): the cheque number between ⑈ symbols,
 *   position 44 left blank as the field separator.
 * Positions 1–12 (the amount field) stay blank: the bank of first deposit encodes them.
 *
 * Glyphs: E-13B characters are drawn on a grid of 0.013 in squares, 7 wide (0.091 in) and 9 tall
 * (0.117 in), one per 1/8 in position. No freely licensed E-13B font exists (GnuMICR is GPL), so these
 * are our own shapes on that grid, in the style of E-13B (heavy lower strokes, square symbols). They are
 * for position-exact printing and for reading back; a printer doing magnetic MICR with certified toner
 * may substitute its certified font at the same positions.
 */
import type { PDFPage } from '@cantoo/pdf-lib';
import { rgb } from '@cantoo/pdf-lib';
import { inch, MICR, micrPosition, type Rect } from '../documents/geometry.ts';
import { baselineY, userX } from './page-space.ts';

/** One grid square of a glyph. */
export const MICR_UNIT = inch(0.013);
export const MICR_GLYPH_COLUMNS = 7;
export const MICR_GLYPH_ROWS = 9;

const { transit: TRANSIT, amount: AMOUNT, onUs: ON_US, dash: DASH } = MICR.symbols;

/** Each glyph, top row first; `#` is ink. */
export const MICR_GLYPHS: Readonly<Record<string, readonly string[]>> = {
  '0': ['.#####.', '##...##', '##...##', '##...##', '##...##', '##...##', '##...##', '##...##', '.#####.'],
  '1': ['..###..', '...##..', '...##..', '...##..', '...##..', '..####.', '..####.', '..####.', '..####.'],
  '2': ['.####..', '....##.', '....##.', '....##.', '.####..', '##.....', '######.', '######.', '######.'],
  '3': ['#####..', '....#..', '....#..', '.#####.', '....###', '....###', '....###', '....###', '#######'],
  '4': ['##.....', '##.....', '##..#..', '##..#..', '#######', '#######', '....##.', '....##.', '....##.'],
  '5': ['######.', '##.....', '##.....', '######.', '....###', '....###', '....###', '....###', '######.'],
  '6': ['###....', '#......', '#......', '#######', '##...##', '##...##', '##...##', '##...##', '#######'],
  '7': ['#######', '....##.', '....##.', '...##..', '...##..', '...##..', '...##..', '...##..', '...##..'],
  '8': ['.#####.', '.#...#.', '.#...#.', '.#####.', '##...##', '##...##', '##...##', '##...##', '#######'],
  '9': ['#######', '#....##', '#....##', '#######', '....###', '....###', '....###', '....###', '....###'],
  // ⑆ transit: a bar and two squares to its right.
  [TRANSIT]: [
    '.......',
    '##..###',
    '##..###',
    '##.....',
    '##.....',
    '##.....',
    '##..###',
    '##..###',
    '.......',
  ],
  // ⑇ amount: a bar between two squares, one high on the left and one low on the right.
  [AMOUNT]: [
    '.......',
    '##.##..',
    '##.##..',
    '...##..',
    '...##..',
    '...##..',
    '...##.#',
    '...##.#',
    '.......',
  ],
  // ⑈ on-us: two bars and a square low on the right.
  [ON_US]: [
    '.......',
    '##.##..',
    '##.##..',
    '##.##..',
    '##.##..',
    '##.##..',
    '##.##..',
    '.....##',
    '.....##',
  ],
  // ⑉ dash: three short bars at mid height.
  [DASH]: ['.......', '.......', '.......', '##.##.#', '##.##.#', '##.##.#', '.......', '.......', '.......'],
};

/** One character of the line and its position (1 = rightmost). */
export interface MicrCharacter {
  position: number;
  char: string;
}

export interface MicrFields {
  /** US: the 9-digit ABA routing number. Canada, when the two numbers below are absent: `0IIITTTTT`. */
  routingNumber?: string;
  /** Canada: the 5-digit branch transit number (the bank account's `transitNumber`). */
  transitNumber?: string;
  /** Canada: the 3-digit financial institution number (the bank account's `routeNumber`). */
  institutionNumber?: string;
  /** The account number: digits, optionally with dashes (printed as ⑉). */
  accountNumber: string;
  /** The cheque number, printed in the auxiliary on-us field. */
  chequeNumber?: string | number;
  /** `US` (default) or `CA`. */
  countryCode?: string;
}

export class MicrFieldError extends Error {
  override name = 'MicrFieldError';
}

/** `text` placed right to left ending at position `rightmost`. */
function place(text: string, rightmost: number): MicrCharacter[] {
  return [...text].reverse().map((char, index) => ({ position: rightmost + index, char }));
}

/** The transit field's 9 characters between its ⑆ symbols. */
function transitDigits(fields: MicrFields, countryCode: string): string {
  const digits = (fields.routingNumber ?? '').replace(/[\s-]/g, '');
  if (countryCode === 'CA') {
    const transit = fields.transitNumber?.trim();
    const institution = fields.institutionNumber?.trim();
    if (transit !== undefined || institution !== undefined) {
      if (!/^\d{5}$/.test(transit ?? '') || !/^\d{3}$/.test(institution ?? '')) {
        throw new MicrFieldError(
          'a Canadian cheque needs a 5-digit transit and a 3-digit institution number',
        );
      }
      return `${transit}${DASH}${institution}`;
    }
    // Electronic form 0IIITTTTT → printed TTTTT⑉III.
    if (/^0\d{8}$/.test(digits)) return `${digits.slice(4)}${DASH}${digits.slice(1, 4)}`;
    throw new MicrFieldError('a Canadian cheque needs a 5-digit transit and a 3-digit institution number');
  }
  if (!/^\d{9}$/.test(digits)) throw new MicrFieldError('a US routing number is 9 digits');
  return digits;
}

/** The characters of the MICR line, by position. Throws MicrFieldError for fields that cannot be printed. */
export function micrCharacters(fields: MicrFields): MicrCharacter[] {
  const country = (fields.countryCode ?? 'US').toUpperCase();
  const account = fields.accountNumber.replace(/\s/g, '').replace(/-/g, DASH);
  if (!/^[0-9\u2449]+$/.test(account)) throw new MicrFieldError('an account number is digits and dashes');
  // On-us: ⑈ at 14, the account in 15 upwards, position 32 kept blank before the transit field.
  const onUsRoom = MICR.onUs.to - MICR.onUs.from - 1;
  if (account.length > onUsRoom)
    throw new MicrFieldError(`an account number has at most ${onUsRoom} characters`);
  const characters = [
    ...place(ON_US, MICR.onUs.from),
    ...place(account, MICR.onUs.from + 1),
    ...place(`${TRANSIT}${transitDigits(fields, country)}${TRANSIT}`, MICR.transit.from),
  ];
  if (fields.chequeNumber !== undefined && String(fields.chequeNumber) !== '') {
    const number = String(fields.chequeNumber);
    // Auxiliary on-us: position 44 blank, then ⑈number⑈ up to position 65.
    const room = MICR.positions - (MICR.transit.to + 1) - 2;
    if (!/^\d+$/.test(number) || number.length > room) {
      throw new MicrFieldError(`a cheque number is 1 to ${room} digits`);
    }
    characters.push(...place(`${ON_US}${number}${ON_US}`, MICR.transit.to + 2));
  }
  return characters.sort((a, b) => b.position - a.position);
}

/** The line as text, left to right, a space for each blank position from the leftmost character on. */
export function micrText(characters: MicrCharacter[]): string {
  const byPosition = new Map(characters.map((c) => [c.position, c.char]));
  const leftmost = Math.max(...characters.map((c) => c.position));
  let text = '';
  for (let position = leftmost; position >= 1; position--) text += byPosition.get(position) ?? ' ';
  return text.trimEnd();
}

/** Where a glyph sits in position `position`'s cell: centred across, centred in the band's height. */
export function glyphRect(position: number, pageWidth: number, chequeTop = 0): Rect {
  const cell = micrPosition(position, pageWidth);
  const width = MICR_GLYPH_COLUMNS * MICR_UNIT;
  const height = MICR_GLYPH_ROWS * MICR_UNIT;
  return {
    x: cell.x + (cell.width - width) / 2,
    y: chequeTop + cell.y + (cell.height - height) / 2,
    width,
    height,
  };
}

/** Draws one glyph as a single vector path (one rectangle per run of ink in each row). */
export function drawMicrGlyph(page: PDFPage, char: string, rect: Rect): void {
  const rows = MICR_GLYPHS[char];
  if (!rows) throw new MicrFieldError(`no MICR glyph for ${JSON.stringify(char)}`);
  const unitX = rect.width / MICR_GLYPH_COLUMNS;
  const unitY = rect.height / MICR_GLYPH_ROWS;
  let path = '';
  rows.forEach((row, y) => {
    for (const run of row.matchAll(/#+/g)) {
      const x = run.index!;
      path += `M${x * unitX} ${y * unitY}h${run[0].length * unitX}v${unitY}h${-run[0].length * unitX}Z`;
    }
  });
  // drawSvgPath's origin is the path's (0, 0), with y growing downwards as in the glyph table.
  page.drawSvgPath(path, {
    x: userX(page, rect.x),
    y: baselineY(page, rect.y),
    color: rgb(0, 0, 0),
    borderWidth: 0,
  });
}

/** Draws the MICR line of a cheque whose top edge is `chequeTop` points below the top of the page. */
export function drawMicrLine(page: PDFPage, characters: MicrCharacter[], chequeTop = 0): void {
  const pageWidth = page.getCropBox().width;
  for (const { position, char } of characters)
    drawMicrGlyph(page, char, glyphRect(position, pageWidth, chequeTop));
}
