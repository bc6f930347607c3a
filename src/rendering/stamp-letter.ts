/**
 * The stamping pass of a letter: the sender's and recipient's addresses where the #10 double-window
 * envelope shows them (BRIEF §13, LETTER_ENVELOPE), and the IMb under the recipient for live US mail.
 *
 * - `top_first_page` (PostGrid's default): page 1 gets the white address box over whatever is there, then
 *   the addresses and barcode; the page count does not change.
 * - `insert_blank_page`: a new first page carries them; a double-sided letter also gets a blank back for
 *   it, so the letter's own first page still starts a sheet.
 *
 * Text lies inside both its window and the white box (the box is narrower than the recipient window and
 * starts below the top of the return window), inset so an insert shifting in its envelope does not hide
 * it; the IMb keeps its clear zones and the window-side clearance.
 */
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from '@cantoo/pdf-lib';
import {
  IMB_ADDRESS_DISTANCE,
  inch,
  LETTER_ENVELOPE,
  LETTER_PAGE,
  type LetterSize,
  type Rect,
} from '../documents/geometry.ts';
import { type AddressBlockLayout, drawAddressBlock, layoutAddressBlock } from './address-block.ts';
import type { MailAddress } from './address-lines.ts';
import { drawImb, IMB_HEIGHT, type ImbData } from './imb-bars.ts';
import { coverWhite, fenceExistingContent } from './page-space.ts';

export type AddressPlacement = 'top_first_page' | 'insert_blank_page';

export interface StampLetterOptions {
  /** The recipient (the order's `to` contact). */
  to: MailAddress;
  /** The sender (the order's `from` contact), printed in the return window; none when absent. */
  from?: MailAddress;
  /** Default `top_first_page`. */
  addressPlacement?: AddressPlacement;
  /** Printed on both sides: an inserted address page gets a blank back. Default false. */
  doubleSided?: boolean;
  /**
   * The letter's size, for an inserted page; default the size of the PDF's first page. Letters of
   * both sizes use the same window positions.
   */
  size?: LetterSize;
  /** The IMb for live mail to the US; no barcode when absent. */
  imb?: ImbData;
  /** The country the letter is mailed from (default US): addresses abroad get a country line. */
  originCountry?: string;
}

/** Where the pass put things, points from the top-left of the address page, y down. */
export interface LetterStampLayout {
  /** 1-based page carrying the addresses (1 in both placements: an inserted page becomes page 1). */
  page: number;
  /** The white box (drawn for top_first_page; the inserted page is blank already). */
  addressBlock: Rect;
  sender?: AddressBlockLayout;
  recipient: AddressBlockLayout;
  imb?: Rect;
}

export interface StampedLetter {
  pdf: Uint8Array;
  pageCount: number;
  layout: LetterStampLayout;
}

/** Text stays this far inside each window's edges (horizontally). */
const WINDOW_INSET_X = inch(1 / 16);
/** Vertically: less for the return window, whose part of the white box is only 0.535 in tall. */
const RETURN_INSET_Y = inch(0.03);
const RECIPIENT_INSET_Y = inch(1 / 16);
/** Between the last address line and the barcode: above the 0.028 in minimum, far below 5/8 in. */
const IMB_GAP = Math.max(inch(0.04), IMB_ADDRESS_DISTANCE.min);

function intersect(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.min(a.x + a.width, b.x + b.width) - x,
    height: Math.min(a.y + a.height, b.y + b.height) - y,
  };
}

function inset(rect: Rect, dx: number, dy: number): Rect {
  return { x: rect.x + dx, y: rect.y + dy, width: rect.width - 2 * dx, height: rect.height - 2 * dy };
}

/** The rectangle the sender's lines may use. */
export const LETTER_SENDER_AREA = inset(
  intersect(LETTER_ENVELOPE.returnWindow, LETTER_ENVELOPE.addressBlock),
  WINDOW_INSET_X,
  RETURN_INSET_Y,
);
/** The rectangle the recipient's lines and the IMb may use. */
export const LETTER_RECIPIENT_AREA = inset(
  intersect(LETTER_ENVELOPE.recipientWindow, LETTER_ENVELOPE.addressBlock),
  WINDOW_INSET_X,
  RECIPIENT_INSET_Y,
);
/** The IMb's left edge: the window-side clearance from the recipient window's left edge. */
export const LETTER_IMB_X = LETTER_ENVELOPE.recipientWindow.x + LETTER_ENVELOPE.windowSideClearance;

/** Draws the addresses and barcode on `page` (an existing page is fenced and covered first). */
function stampAddressPage(
  page: PDFPage,
  font: PDFFont,
  options: StampLetterOptions,
  cover: boolean,
): Omit<LetterStampLayout, 'page'> {
  const { to, from, imb, originCountry } = options;
  // Lay out first: an address that does not fit throws before the page is touched.
  const recipient = layoutAddressBlock(font, to, LETTER_RECIPIENT_AREA, {
    originCountry,
    reserveBelow: imb ? IMB_GAP + IMB_HEIGHT : 0,
  });
  const sender = from
    ? layoutAddressBlock(font, from, LETTER_SENDER_AREA, {
        originCountry,
        joinNameAndCompany: true,
        maxSize: 9,
      })
    : undefined;
  const addressBlock = LETTER_ENVELOPE.addressBlock;
  if (cover) {
    fenceExistingContent(page);
    coverWhite(page, addressBlock);
  }
  drawAddressBlock(page, font, recipient);
  if (sender) drawAddressBlock(page, font, sender);
  let imbRect: Rect | undefined;
  if (imb) {
    const y = recipient.box.y + recipient.box.height + IMB_GAP;
    imbRect = drawImb(page, imb, LETTER_IMB_X, y);
  }
  return { addressBlock, recipient, ...(sender ? { sender } : {}), ...(imbRect ? { imb: imbRect } : {}) };
}

/**
 * Stamps a letter's PDF (the rendered HTML or the customer's upload) with its addresses and IMb.
 * Throws AddressLayoutError when an address cannot fit its window at 8 pt, ImbInputError for a bad
 * tracking or routing code, and pdf-lib's errors for a file it cannot read.
 */
export async function stampLetter(pdf: Uint8Array, options: StampLetterOptions): Promise<StampedLetter> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  if (document.getPageCount() === 0) throw new RangeError('a letter needs at least one page');
  const font = await document.embedFont(StandardFonts.Helvetica);
  const placement = options.addressPlacement ?? 'top_first_page';
  let layout: Omit<LetterStampLayout, 'page'>;
  if (placement === 'insert_blank_page') {
    const first = document.getPage(0);
    const size = options.size ? LETTER_PAGE[options.size] : first.getSize();
    const page = document.insertPage(0, [size.width, size.height]);
    if (options.doubleSided) document.insertPage(1, [size.width, size.height]);
    layout = stampAddressPage(page, font, options, false);
  } else {
    layout = stampAddressPage(document.getPage(0), font, options, true);
  }
  const bytes = await document.save();
  return { pdf: bytes, pageCount: document.getPageCount(), layout: { page: 1, ...layout } };
}
