/**
 * The ink-free address area of a postcard's back or a self-mailer's address panel (BRIEF §13): cleared to
 * white (the area is ours, whatever the artwork put there), then
 * - the postage indicia, boxed, in its top-right corner;
 * - the return address in its top-left corner, beside the indicia;
 * - the recipient below them, and the IMb under the recipient.
 * Everything keeps AREA_PADDING from the area's edges, so the IMb's 0.125 in clear zones stay inside it.
 */
import { type PDFFont, type PDFPage, rgb } from '@cantoo/pdf-lib';
import { IMB_ADDRESS_DISTANCE, inch, type Rect } from '../documents/geometry.ts';
import { type AddressBlockLayout, drawAddressBlock, layoutAddressBlock } from './address-block.ts';
import type { MailAddress } from './address-lines.ts';
import { drawImb, IMB_BARS, IMB_HEIGHT, type ImbData } from './imb-bars.ts';
import { baselineY, coverWhite, fenceExistingContent, toUserSpace, userX } from './page-space.ts';

/** The postage indicia of First-Class Mail paid by permit (the printer's permit is on its statement). */
export const FIRST_CLASS_INDICIA = ['FIRST-CLASS MAIL', 'U.S. POSTAGE', 'PAID'] as const;
/** The indicia of USPS Marketing Mail (PostGrid's `standard_class`). */
export const MARKETING_MAIL_INDICIA = ['MARKETING MAIL', 'U.S. POSTAGE', 'PAID'] as const;

export interface AddressAreaOptions {
  to: MailAddress;
  from?: MailAddress;
  imb?: ImbData;
  /** The indicia's lines; default FIRST_CLASS_INDICIA; `false` prints none. */
  indicia?: readonly string[] | false;
  originCountry?: string;
}

export interface AddressAreaLayout {
  /** The cleared area (points, top-left of the page, y down). */
  area: Rect;
  indicia?: { box: Rect; lines: string[] };
  sender?: AddressBlockLayout;
  recipient: AddressBlockLayout;
  imb?: Rect;
}

export const AREA_PADDING = IMB_BARS.horizontalClearZone;
const INDICIA_SIZE = 7;
const INDICIA_PADDING = 4;
const INDICIA_MIN_WIDTH = inch(0.9);
/** Room for four return-address lines at 8–9 pt. */
const SENDER_HEIGHT = inch(0.6);
const GAP = inch(0.125);
const IMB_GAP = Math.max(inch(0.04), IMB_ADDRESS_DISTANCE.min);

/**
 * Clears `area` on `page` and stamps the indicia, addresses and IMb in it. Lays everything out before
 * touching the page: throws AddressLayoutError (an address too long for the area) or ImbInputError first.
 */
export function stampAddressArea(
  page: PDFPage,
  font: PDFFont,
  area: Rect,
  options: AddressAreaOptions,
): AddressAreaLayout {
  const left = area.x + AREA_PADDING;
  const top = area.y + AREA_PADDING;
  const right = area.x + area.width - AREA_PADDING;
  const bottom = area.y + area.height - AREA_PADDING;

  const indiciaLines = options.indicia === false ? [] : [...(options.indicia ?? FIRST_CLASS_INDICIA)];
  let indicia: AddressAreaLayout['indicia'];
  if (indiciaLines.length > 0) {
    const width = Math.max(
      INDICIA_MIN_WIDTH,
      ...indiciaLines.map((line) => font.widthOfTextAtSize(line, INDICIA_SIZE) + 2 * INDICIA_PADDING),
    );
    const height = indiciaLines.length * INDICIA_SIZE * 1.25 + 2 * INDICIA_PADDING;
    indicia = { box: { x: right - width, y: top, width, height }, lines: indiciaLines };
  }
  const senderArea: Rect = {
    x: left,
    y: top,
    width: (indicia ? indicia.box.x - GAP : right) - left,
    height: SENDER_HEIGHT,
  };
  const sender = options.from
    ? layoutAddressBlock(font, options.from, senderArea, {
        originCountry: options.originCountry,
        joinNameAndCompany: true,
        maxSize: 9,
      })
    : undefined;
  const recipientTop = top + Math.max(SENDER_HEIGHT, indicia?.box.height ?? 0) + GAP;
  const recipientArea: Rect = {
    x: left,
    y: recipientTop,
    width: right - left,
    height: bottom - recipientTop,
  };
  const recipient = layoutAddressBlock(font, options.to, recipientArea, {
    originCountry: options.originCountry,
    maxSize: 11,
    reserveBelow: options.imb ? IMB_GAP + IMB_HEIGHT : 0,
  });

  fenceExistingContent(page);
  coverWhite(page, area);
  if (indicia) drawIndicia(page, font, indicia.box, indicia.lines);
  if (sender) drawAddressBlock(page, font, sender);
  drawAddressBlock(page, font, recipient);
  const imb = options.imb
    ? drawImb(page, options.imb, left, recipient.box.y + recipient.box.height + IMB_GAP)
    : undefined;
  return {
    area,
    recipient,
    ...(indicia ? { indicia } : {}),
    ...(sender ? { sender } : {}),
    ...(imb ? { imb } : {}),
  };
}

function drawIndicia(page: PDFPage, font: PDFFont, box: Rect, lines: string[]): void {
  page.drawRectangle({
    ...toUserSpace(page, box),
    borderColor: rgb(0, 0, 0),
    borderWidth: 0.75,
  });
  lines.forEach((line, index) => {
    const width = font.widthOfTextAtSize(line, INDICIA_SIZE);
    page.drawText(line, {
      x: userX(page, box.x + (box.width - width) / 2),
      y: baselineY(page, box.y + INDICIA_PADDING + INDICIA_SIZE * (0.8 + index * 1.25)),
      size: INDICIA_SIZE,
      font,
      color: rgb(0, 0, 0),
    });
  });
}
