/**
 * What a printer prints, in numbers (BRIEF §13): page sizes, bleed, envelope windows, the white address
 * block, ink-free areas and the cheque's MICR grid. The upload checks (src/documents) and the renderer
 * (src/rendering) both read them from here, so an accepted upload and a rendered piece agree.
 *
 * Units and axes: every length is in PDF points (72 to the inch). Every `Rect` has its origin at the
 * top-left corner of the TRIMMED piece and y growing downwards, as BRIEF §13 measures; `pdfRect` turns
 * one into PDF user space (origin bottom-left, y up) for drawing with pdf-lib, and `onArtwork` moves a
 * trim rectangle onto a page that carries bleed.
 */

export const POINTS_PER_INCH = 72;

/** Inches → points. */
export function inch(inches: number): number {
  return inches * POINTS_PER_INCH;
}

/** Points → inches, rounded to 1/1000 in (for messages and API output). */
export function toInches(points: number): number {
  return Math.round((points / POINTS_PER_INCH) * 1000) / 1000;
}

export interface Size {
  width: number;
  height: number;
}

/** Points; origin top-left of the trimmed piece, y down. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A rectangle given in inches (BRIEF §13's numbers), in points. */
export function rectInches(x: number, y: number, width: number, height: number): Rect {
  return { x: inch(x), y: inch(y), width: inch(width), height: inch(height) };
}

function sizeInches(width: number, height: number): Size {
  return { width: inch(width), height: inch(height) };
}

/** A top-left rectangle in PDF user space (origin bottom-left, y up) of a page `pageHeight` points tall. */
export function pdfRect(rect: Rect, pageHeight: number): Rect {
  return { x: rect.x, y: pageHeight - rect.y - rect.height, width: rect.width, height: rect.height };
}

/** A rectangle measured on the trimmed piece, on a page that adds `bleed` points on every side. */
export function onArtwork(rect: Rect, bleed: number): Rect {
  return { ...rect, x: rect.x + bleed, y: rect.y + bleed };
}

/**
 * How far a PDF page may be from the size asked for and still be that size: 1/32 in. PDF producers
 * round (A4 is 595.28 × 841.89 pt exactly, 595 × 842 from many), and BRIEF's 8.27 × 11.69 in is A4 to
 * 1/100 in; a page 1/32 in off is a rounding, not another size.
 */
export const PAGE_SIZE_TOLERANCE = inch(1 / 32);

// ---------------------------------------------------------------------------------------------------
// Letters

export type LetterSize = 'us_letter' | 'a4';

/** Portrait page sizes. A4 is 210 × 297 mm exactly (BRIEF: 8.27 × 11.69 in). */
export const LETTER_PAGE: Record<LetterSize, Size> = {
  us_letter: sizeInches(8.5, 11),
  a4: { width: (210 / 25.4) * POINTS_PER_INCH, height: (297 / 25.4) * POINTS_PER_INCH },
};

/** Letters have no bleed; keep this clear of ink at every edge. */
export const LETTER_EDGE_CLEARANCE = inch(1 / 16);

/** Lob's page limits for a letter's file: 60 pages printed single-sided, 120 double-sided. */
export const LETTER_MAX_PAGES = { singleSided: 60, doubleSided: 120 } as const;

/** More sheets than this go in a flat 9 × 12 envelope instead of a #10. */
export const LETTER_MAX_SHEETS_IN_NO10 = 6;

/**
 * The #10 double-window envelope, as seen on the first page of a letter (us_letter and a4 alike: the
 * windows are measured from the top-left corner of the folded sheet).
 * - `returnWindow` shows the sender's address, `recipientWindow` the recipient's and the IMb.
 * - `addressBlock` is the white box mailstream prints over the artwork to carry both addresses and the
 *   IMb with `addressPlacement: top_first_page`: anything under it is covered.
 * - Behind a window, the IMb keeps `windowSideClearance` clear on its left and right.
 */
export const LETTER_ENVELOPE = {
  returnWindow: rectInches(0.625, 0.5, 3.25, 0.875),
  recipientWindow: rectInches(0.625, 1.7, 4, 1),
  addressBlock: rectInches(0.6, 0.84, 3.15, 2),
  windowSideClearance: inch(0.125),
} as const;

/** Address text on any piece (USPS DMM 202, Pub 28): at least 8 pt, uppercase sans-serif preferred. */
export const ADDRESS_MIN_FONT_SIZE = 8;

/** The IMb sits at least 0.028 in and at most 5/8 in from the address lines. */
export const IMB_ADDRESS_DISTANCE = { min: inch(0.028), max: inch(5 / 8) } as const;

// ---------------------------------------------------------------------------------------------------
// Postcards

export type PostcardSize = '6x4' | '9x6' | '11x6';

/** Artwork extends 1/8 in past the trim on every side. */
export const POSTCARD_BLEED = inch(1 / 8);
/** Text and logos stay 1/8 in inside the trim. */
export const POSTCARD_SAFE_INSET = inch(1 / 8);

export interface PostcardGeometry {
  /** The finished card, landscape (PostGrid's names are width × height). */
  trim: Size;
  /** The size of each page of an uploaded PDF: trim plus bleed on every side. */
  artwork: Size;
  bleed: number;
  /** Where text and logos belong, on the trim. */
  safe: Rect;
  /**
   * On the address side (the PDF's page 2, the back), the area kept free of ink for the address,
   * postage and IMb, on the trim: 0.275 in from the right and 0.25 in from the bottom.
   */
  inkFree: Rect;
}

function postcard(width: number, height: number, inkFreeWidth: number): PostcardGeometry {
  const inkFreeHeight = 2.375;
  return {
    trim: sizeInches(width, height),
    artwork: sizeInches(width + 0.25, height + 0.25),
    bleed: POSTCARD_BLEED,
    safe: rectInches(0.125, 0.125, width - 0.25, height - 0.25),
    inkFree: rectInches(
      width - 0.275 - inkFreeWidth,
      height - 0.25 - inkFreeHeight,
      inkFreeWidth,
      inkFreeHeight,
    ),
  };
}

/** PostGrid's 6x4 / 9x6 / 11x6 are Lob's 4x6 / 6x9 / 6x11. */
export const POSTCARDS: Record<PostcardSize, PostcardGeometry> = {
  '6x4': postcard(6, 4, 3.2835),
  '9x6': postcard(9, 6, 4),
  '11x6': postcard(11, 6, 4),
};

/** PNG and JPEG artwork must carry at least this many pixels per inch of the artwork (trim + bleed). */
export const POSTCARD_MIN_IMAGE_DPI = 300;

// ---------------------------------------------------------------------------------------------------
// Self-mailers

export type SelfMailerSize = '8.5x11_bifold' | '8.5x11_trifold' | '9.5x16_trifold';

export interface SelfMailerGeometry {
  /**
   * The flat sheet, portrait, as PostGrid names it (width × height): each page of an uploaded PDF is
   * this size, page 1 the outside, page 2 the inside. No bleed is added: keep `safeInset` clear.
   */
  flat: Size;
  /** The piece once folded: the address panel. */
  folded: Size;
  /**
   * The panels of a page, top to bottom, each the full width of the sheet (folds run across it).
   * Equal panels: 2 for a bifold, 3 for a trifold.
   */
  panels: Rect[];
  /** On the outside (page 1): the panel that carries the address (bifold: the lower one; trifold: the middle one). */
  addressPanel: Rect;
  /** Within the address panel, the area kept free of ink: 4 × 2.375 in, 0.275 in from its right and 0.25 in from its bottom. */
  inkFree: Rect;
  /** Safe area: 0.25 in inside every edge of every panel. */
  safeInset: number;
}

function selfMailer(width: number, height: number, panelCount: 2 | 3): SelfMailerGeometry {
  const panelHeight = height / panelCount;
  const panels = Array.from({ length: panelCount }, (_, n) =>
    rectInches(0, n * panelHeight, width, panelHeight),
  );
  // The second panel from the top: the lower half of a bifold, the middle third of a trifold.
  const addressPanel = panels[1]!;
  const inkFree = {
    x: addressPanel.x + addressPanel.width - inch(0.275) - inch(4),
    y: addressPanel.y + addressPanel.height - inch(0.25) - inch(2.375),
    width: inch(4),
    height: inch(2.375),
  };
  return {
    flat: sizeInches(width, height),
    folded: sizeInches(width, panelHeight),
    panels,
    addressPanel,
    inkFree,
    safeInset: inch(0.25),
  };
}

export const SELF_MAILERS: Record<SelfMailerSize, SelfMailerGeometry> = {
  '8.5x11_bifold': selfMailer(8.5, 11, 2),
  '8.5x11_trifold': selfMailer(8.5, 11, 3),
  '9.5x16_trifold': selfMailer(9.5, 16, 3),
};

// ---------------------------------------------------------------------------------------------------
// Cheques

export type ChequeSize = 'us_letter' | 'us_legal';

/** The page a cheque is printed on (portrait); a cheque's `letterPDF` pages are this size too. */
export const CHEQUE_PAGE: Record<ChequeSize, Size> = {
  us_letter: sizeInches(8.5, 11),
  us_legal: sizeInches(8.5, 14),
};

/** The cheque is the top 3.625 in of its page, perforated below; the rest carries the message or letter. */
export const CHEQUE_HEIGHT = inch(3.625);

/**
 * The E-13B MICR line: a band 3/16 in to 7/16 in above the cheque's bottom edge; 65 character
 * positions 1/8 in wide counted from the right, position 1 ending 5/16 in from the right edge.
 * Positions 14–32 are the on-us field (account number and ⑈), 33–43 the transit field (⑆ routing ⑆).
 */
export const MICR = {
  bandTop: CHEQUE_HEIGHT - inch(7 / 16),
  bandBottom: CHEQUE_HEIGHT - inch(3 / 16),
  characterWidth: inch(1 / 8),
  positions: 65,
  rightMargin: inch(5 / 16),
  onUs: { from: 14, to: 32 },
  transit: { from: 33, to: 43 },
  symbols: { transit: '\u2446', amount: '\u2447', onUs: '\u2448', dash: '\u2449' },
} as const;

/** The cell of MICR position `position` (1 = rightmost) on a cheque `pageWidth` points wide. */
export function micrPosition(position: number, pageWidth: number): Rect {
  if (!Number.isInteger(position) || position < 1 || position > MICR.positions) {
    throw new RangeError(`MICR positions run from 1 to ${MICR.positions}, not ${position}`);
  }
  const right = pageWidth - MICR.rightMargin - (position - 1) * MICR.characterWidth;
  return {
    x: right - MICR.characterWidth,
    y: MICR.bandTop,
    width: MICR.characterWidth,
    height: MICR.bandBottom - MICR.bandTop,
  };
}
