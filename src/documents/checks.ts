import { type DocumentContentType, imagePixels, sniffContentType } from './file-type.ts';
import {
  CHEQUE_PAGE,
  type ChequeSize,
  LETTER_ENVELOPE,
  LETTER_MAX_PAGES,
  LETTER_PAGE,
  type LetterSize,
  onArtwork,
  PAGE_SIZE_TOLERANCE,
  POINTS_PER_INCH,
  POSTCARD_MIN_IMAGE_DPI,
  POSTCARDS,
  type PostcardSize,
  type Rect,
  SELF_MAILERS,
  type SelfMailerSize,
  type Size,
  toInches,
} from './geometry.ts';
import { readPageMarks } from './page-marks.ts';
import { readPdfStructure } from './pdf-structure.ts';
import { DocumentRejected } from './rejections.ts';

/** What a file is for: its kind, size and the options that change what is accepted. */
export type DocumentSpec =
  | {
      kind: 'letter';
      size: LetterSize;
      doubleSided: boolean;
      addressPlacement: 'top_first_page' | 'insert_blank_page';
    }
  /** A letter's attachedPDF: letter pages, no addresses on them. */
  | { kind: 'letter_attachment'; size: LetterSize; doubleSided: boolean }
  /** A postcard's 2-page PDF: front, then back (the address side). */
  | { kind: 'postcard'; size: PostcardSize }
  /** One side of a postcard (Lob's front/back): a 1-page PDF, or a PNG or JPEG image. */
  | { kind: 'postcard_face'; size: PostcardSize; face: 'front' | 'back' }
  /** A self-mailer's 2-page PDF: outside, then inside. */
  | { kind: 'self_mailer'; size: SelfMailerSize }
  /** A cheque's letterPDF. */
  | { kind: 'cheque_letter'; size: ChequeSize }
  /** A bank account's signatureImage, printed on its cheques. */
  | { kind: 'signature_image' };

export type DocumentWarningCode =
  | 'CONTENT_UNDER_ADDRESS_BLOCK'
  | 'CONTENT_IN_ENVELOPE_WINDOW'
  | 'CONTENT_IN_INK_FREE_AREA';

/** Something that will print differently from the file: not an error, reported on the order. */
export interface DocumentWarning {
  code: DocumentWarningCode;
  message: string;
  /** 1-based page of the file. */
  page: number;
  /** Where, in inches from the top-left corner of the page (as BRIEF §13 measures). */
  rect: Rect;
}

/** A file that passed its checks: what the store records about it, and its warnings. */
export interface CheckedDocument {
  bytes: Buffer;
  contentType: DocumentContentType;
  /** PDFs only. */
  pageCount: number | null;
  /** PDFs: the first page in points; images: pixels. */
  width: number | null;
  height: number | null;
  warnings: DocumentWarning[];
}

interface Zone {
  page: number;
  rect: Rect;
  code: DocumentWarningCode;
  /** Ink inside this rectangle is not reported in this zone (it is reported by the one it belongs to). */
  except?: Rect;
  what: string;
}

interface PdfRule {
  pages: { min: number; max: number };
  page: Size;
  /** "a us_letter letter's pages are", for messages. */
  describe: string;
  zones: Zone[];
}

const inches = (points: number) => `${toInches(points)}`;
const sizeText = (s: Size) => `${inches(s.width)} × ${inches(s.height)} in`;

function letterRule(size: LetterSize, doubleSided: boolean, zones: Zone[], what: string): PdfRule {
  return {
    pages: { min: 1, max: doubleSided ? LETTER_MAX_PAGES.doubleSided : LETTER_MAX_PAGES.singleSided },
    page: LETTER_PAGE[size],
    describe: `${what} pages are ${sizeText(LETTER_PAGE[size])} (${size}, portrait)`,
    zones,
  };
}

const letterZones: Zone[] = [
  {
    page: 1,
    rect: LETTER_ENVELOPE.addressBlock,
    code: 'CONTENT_UNDER_ADDRESS_BLOCK',
    what: 'is under the address block and will be covered by it (addressPlacement top_first_page)',
  },
  ...[LETTER_ENVELOPE.returnWindow, LETTER_ENVELOPE.recipientWindow].map(
    (window): Zone => ({
      page: 1,
      rect: window,
      except: LETTER_ENVELOPE.addressBlock,
      code: 'CONTENT_IN_ENVELOPE_WINDOW',
      what: "shows through the envelope's window beside the addresses",
    }),
  ),
];

function postcardRule(size: PostcardSize, pages: 1 | 2, backPage: number | null): PdfRule {
  const card = POSTCARDS[size];
  return {
    pages: { min: pages, max: pages },
    page: card.artwork,
    describe: `a ${size} postcard's pages are ${sizeText(card.artwork)} (the ${sizeText(card.trim)} card plus 1/8 in bleed on every side, landscape)`,
    zones:
      backPage === null
        ? []
        : [
            {
              page: backPage,
              rect: onArtwork(card.inkFree, card.bleed),
              code: 'CONTENT_IN_INK_FREE_AREA',
              what: 'is in the ink-free area and will be covered by the address, postage and IMb',
            },
          ],
  };
}

function pdfRule(spec: Exclude<DocumentSpec, { kind: 'signature_image' }>): PdfRule {
  switch (spec.kind) {
    case 'letter':
      return letterRule(
        spec.size,
        spec.doubleSided,
        spec.addressPlacement === 'top_first_page' ? letterZones : [],
        `a ${spec.size} letter's`,
      );
    case 'letter_attachment':
      return letterRule(spec.size, spec.doubleSided, [], `a ${spec.size} letter's attached`);
    case 'postcard':
      return postcardRule(spec.size, 2, 2);
    case 'postcard_face':
      return postcardRule(spec.size, 1, spec.face === 'back' ? 1 : null);
    case 'self_mailer': {
      const mailer = SELF_MAILERS[spec.size];
      return {
        pages: { min: 2, max: 2 },
        page: mailer.flat,
        describe: `a ${spec.size} self-mailer's pages are ${sizeText(mailer.flat)} (the flat sheet, portrait)`,
        zones: [
          {
            page: 1,
            rect: mailer.inkFree,
            code: 'CONTENT_IN_INK_FREE_AREA',
            what: 'is in the ink-free area and will be covered by the address, postage and IMb',
          },
        ],
      };
    }
    case 'cheque_letter':
      return {
        pages: { min: 1, max: LETTER_MAX_PAGES.singleSided },
        page: CHEQUE_PAGE[spec.size],
        describe: `a ${spec.size} cheque's letter pages are ${sizeText(CHEQUE_PAGE[spec.size])} (portrait)`,
        zones: [],
      };
  }
}

const sameSize = (a: Size, b: Size) =>
  Math.abs(a.width - b.width) <= PAGE_SIZE_TOLERANCE && Math.abs(a.height - b.height) <= PAGE_SIZE_TOLERANCE;

/** The part of `mark` inside `zone`: a hairline within the zone counts, ink only touching its edge does not. */
function overlap(mark: Rect, zone: Rect): Rect | null {
  const x0 = Math.max(mark.x, zone.x);
  const y0 = Math.max(mark.y, zone.y);
  const x1 = Math.min(mark.x + mark.width, zone.x + zone.width);
  const y1 = Math.min(mark.y + mark.height, zone.y + zone.height);
  if (x1 < x0 || y1 < y0) return null;
  if (x0 >= zone.x + zone.width || x1 <= zone.x || y0 >= zone.y + zone.height || y1 <= zone.y) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

function union(rects: Rect[]): Rect {
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}

const round2 = (n: number) => Math.round((n / POINTS_PER_INCH) * 100) / 100;

async function zoneWarnings(bytes: Uint8Array, zones: Zone[], field: string): Promise<DocumentWarning[]> {
  if (zones.length === 0) return [];
  const pages = [...new Set(zones.map((z) => z.page))];
  let marks: Awaited<ReturnType<typeof readPageMarks>>;
  try {
    marks = await readPageMarks(bytes, pages);
  } catch (error) {
    throw new DocumentRejected(
      'INVALID_FILE',
      field,
      `could not be read as a PDF (${(error as Error).message.slice(0, 200)}).`,
    );
  }
  const warnings: DocumentWarning[] = [];
  for (const zone of zones) {
    const page = marks.find((m) => m.page === zone.page);
    const hits = (page?.marks ?? [])
      .map((mark) => overlap(mark, zone.rect))
      .filter((hit): hit is Rect => hit !== null && !(zone.except && contains(zone.except, hit)));
    if (hits.length === 0) continue;
    const area = union(hits);
    const rect = {
      x: round2(area.x),
      y: round2(area.y),
      width: round2(area.width),
      height: round2(area.height),
    };
    warnings.push({
      code: zone.code,
      page: zone.page,
      rect,
      message: `${field} page ${zone.page}: content at (${rect.x}, ${rect.y}) in, ${rect.width} × ${rect.height} in, ${zone.what}.`,
    });
  }
  return warnings;
}

async function checkPdf(bytes: Buffer, rule: PdfRule, field: string): Promise<CheckedDocument> {
  const structure = await readPdfStructure(bytes);
  if (!structure.readable) {
    throw new DocumentRejected('INVALID_FILE', field, `is not a readable PDF (${structure.reason}).`);
  }
  if (structure.encrypted) {
    throw new DocumentRejected(
      'PDF_ENCRYPTED',
      field,
      'is encrypted (a password or usage restrictions); send it without encryption.',
    );
  }
  const { pages } = structure;
  if (pages.length < rule.pages.min) {
    throw new DocumentRejected(
      'FILE_PAGES_BELOW_MIN',
      field,
      `has ${pages.length} page${pages.length === 1 ? '' : 's'}; at least ${rule.pages.min} ${rule.pages.min === 1 ? 'is' : 'are'} needed.`,
    );
  }
  if (pages.length > rule.pages.max) {
    throw new DocumentRejected(
      'FILE_PAGES_EXCEED_MAX',
      field,
      `has ${pages.length} pages; at most ${rule.pages.max} are accepted.`,
    );
  }
  const first = pages[0]!;
  const odd = pages.findIndex((page) => !sameSize(page, first));
  if (odd !== -1) {
    throw new DocumentRejected(
      'INCONSISTENT_PAGE_DIMENSIONS',
      field,
      `has pages of different sizes: page 1 is ${sizeText(first)}, page ${odd + 1} is ${sizeText(pages[odd]!)}; ${rule.describe}.`,
    );
  }
  if (!sameSize(first, rule.page)) {
    throw new DocumentRejected(
      'INVALID_FILE_DIMENSIONS',
      field,
      `pages are ${sizeText(first)}; ${rule.describe}.`,
    );
  }
  if (structure.unembeddedFonts.length > 0) {
    const names = structure.unembeddedFonts;
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
    throw new DocumentRejected(
      'UNEMBEDDED_FONTS',
      field,
      `uses fonts that are not embedded: ${shown}. Embed every font (only the standard 14 PDF fonts may be left out).`,
    );
  }
  return {
    bytes,
    contentType: 'application/pdf',
    pageCount: pages.length,
    width: first.width,
    height: first.height,
    warnings: await zoneWarnings(bytes, rule.zones, field),
  };
}

async function checkImage(
  bytes: Buffer,
  type: 'image/png' | 'image/jpeg',
  spec: DocumentSpec,
  field: string,
): Promise<CheckedDocument> {
  const pixels = await imagePixels(bytes, type);
  if (!pixels) {
    throw new DocumentRejected(
      'INVALID_FILE',
      field,
      `is not a readable ${type === 'image/png' ? 'PNG' : 'JPEG'} image.`,
    );
  }
  if (spec.kind === 'postcard_face') {
    const artwork = POSTCARDS[spec.size].artwork;
    const wide = artwork.width / POINTS_PER_INCH;
    const high = artwork.height / POINTS_PER_INCH;
    const needed = `${Math.ceil(wide * POSTCARD_MIN_IMAGE_DPI)} × ${Math.ceil(high * POSTCARD_MIN_IMAGE_DPI)} px`;
    const describe = `a ${spec.size} postcard's artwork is ${wide} × ${high} in (the card plus 1/8 in bleed, landscape), at least ${needed} at ${POSTCARD_MIN_IMAGE_DPI} DPI`;
    // Proportions within 1%: the artwork is printed to fill the card, never stretched further.
    if (Math.abs(pixels.width / pixels.height / (wide / high) - 1) > 0.01) {
      throw new DocumentRejected(
        'INVALID_FILE_DIMENSIONS',
        field,
        `is ${pixels.width} × ${pixels.height} px, not in the proportions of the card; ${describe}.`,
      );
    }
    const dpi = Math.min(pixels.width / wide, pixels.height / high);
    if (dpi < POSTCARD_MIN_IMAGE_DPI) {
      throw new DocumentRejected(
        'INVALID_IMAGE_DPI',
        field,
        `is ${pixels.width} × ${pixels.height} px, ${Math.floor(dpi)} DPI; ${describe}.`,
      );
    }
  }
  return {
    bytes,
    contentType: type,
    pageCount: null,
    width: pixels.width,
    height: pixels.height,
    warnings: [],
  };
}

const acceptsImages = (spec: DocumentSpec) =>
  spec.kind === 'postcard_face' || spec.kind === 'signature_image';

/**
 * Checks a file against what it is for (BRIEF §13, Lob's codes). Throws DocumentRejected (a 400
 * validation_error naming `field` and the code) or returns the file's facts and its warnings. Stores nothing.
 */
export async function checkDocument(
  spec: DocumentSpec,
  bytes: Buffer,
  field: string,
  limits: { maxBytes: number },
): Promise<CheckedDocument> {
  if (bytes.length > limits.maxBytes) {
    throw new DocumentRejected(
      'FILE_SIZE_EXCEEDS_LIMIT',
      field,
      `is ${bytes.length} bytes; files of at most ${limits.maxBytes} bytes are accepted.`,
    );
  }
  const type = sniffContentType(bytes);
  const expected =
    spec.kind === 'signature_image'
      ? 'a PNG or JPEG image'
      : acceptsImages(spec)
        ? 'a PDF, PNG or JPEG'
        : 'a PDF';
  if (
    type === null ||
    (type !== 'application/pdf' && !acceptsImages(spec)) ||
    (spec.kind === 'signature_image' && type === 'application/pdf')
  ) {
    throw new DocumentRejected('INVALID_FILE', field, `is not ${expected}${type ? ` (it is ${type})` : ''}.`);
  }
  if (type !== 'application/pdf') return checkImage(bytes, type, spec, field);
  return checkPdf(bytes, pdfRule(spec as Exclude<DocumentSpec, { kind: 'signature_image' }>), field);
}
