/**
 * A cheque, drawn with pdf-lib: the cheque is the top CHEQUE_HEIGHT (3.625 in) of a CHEQUE_PAGE page,
 * perforated below; the stub under it carries the `message`, and an optional letter PDF follows on the
 * next pages.
 *
 * The face, laid out like a voucher cheque for a #10 double-window envelope (BRIEF §13):
 * - the payer's name and address in the return window, the bank's name and address beside it, the
 *   cheque number top right and the date below it;
 * - the legal amount line ("PAY  One thousand … and 56/100 dollars") with the figures box at its right;
 * - the payee, uppercase as a mailing address, in the recipient window under "TO THE ORDER OF", with the
 *   IMb under it for live US mail;
 * - memo bottom left, the signature (text or a PNG/JPEG) over the signature line bottom right;
 * - the MICR line in its band (src/rendering/micr.ts);
 * - test cheques (live = false) print VOID across the face.
 */
import {
  degrees,
  PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFPage,
  rgb,
  StandardFonts,
} from '@cantoo/pdf-lib';
import {
  CHEQUE_HEIGHT,
  CHEQUE_PAGE,
  type ChequeSize,
  IMB_ADDRESS_DISTANCE,
  inch,
  LETTER_ENVELOPE,
  type Rect,
} from '../documents/geometry.ts';
import { type AddressBlockLayout, drawAddressBlock, layoutAddressBlock } from './address-block.ts';
import type { MailAddress } from './address-lines.ts';
import { amountInFigures, amountInWords } from './amount-words.ts';
import { drawImb, IMB_HEIGHT, type ImbData } from './imb-bars.ts';
import { drawMicrLine, type MicrCharacter, micrCharacters } from './micr.ts';
import { baselineY, toUserSpace, userX } from './page-space.ts';

/** The bank account a cheque is drawn on (the API's bank account, with its full account number). */
export interface ChequeBank {
  bankName: string;
  /** Printed under the bank's name. */
  bankPrimaryLine?: string;
  bankSecondaryLine?: string;
  /** `US` (default) or `CA`. */
  bankCountryCode?: string;
  accountNumber: string;
  /** US: the 9-digit ABA routing number. */
  routingNumber?: string;
  /** CA: the 5-digit transit number. */
  transitNumber?: string;
  /** CA: the 3-digit institution number (PostGrid's `routeNumber`). */
  routeNumber?: string;
  /** The signature as text (drawn in an italic face), or… */
  signatureText?: string;
  /** …as PNG or JPEG bytes (wins over the text). */
  signatureImage?: Uint8Array;
}

export interface ChequeFaceOptions {
  /** The page: us_letter (default) or us_legal. */
  size?: ChequeSize;
  /** The cheque number. */
  number: number | string;
  /** The date printed; a Date is written like "December 7, 2026" (UTC). */
  date: Date | string;
  /** In cents, as the API's `amount`. */
  amount: number;
  /** `USD` (default) or `CAD`: the figures are prefixed `$` either way and the words say "dollars". */
  currencyCode?: string;
  /** The payee (the order's `to`), printed as its mailing address in the recipient window. */
  to: MailAddress;
  /** The payer (the order's `from`), printed in the return window. */
  from?: MailAddress;
  bank: ChequeBank;
  /** Up to 40 characters. */
  memo?: string;
  /** Printed on the stub, under the perforation. */
  message?: string;
  /** false: a test cheque, printed VOID. */
  live: boolean;
  /** The IMb for live mail to the US. */
  imb?: ImbData;
  /** A letter (letterPDF, or the rendered letterHTML) to follow on the next pages. */
  letterPdf?: Uint8Array;
  /** The country mailed from (default US). */
  originCountry?: string;
}

/** Where things went, points from the top-left of page 1, y down. */
export interface ChequeLayout {
  payee: AddressBlockLayout;
  payer?: AddressBlockLayout;
  imb?: Rect;
  micr: MicrCharacter[];
  amountInWords: string;
  amountInFigures: string;
  /** The signature: the image's box, or the text's baseline box. */
  signature?: Rect;
}

export interface RenderedCheque {
  pdf: Uint8Array;
  pageCount: number;
  layout: ChequeLayout;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function formatDate(date: Date | string): string {
  if (typeof date === 'string') return date;
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

const BLACK = rgb(0, 0, 0);
const INK_GREY = rgb(0.35, 0.35, 0.35);
const WINDOW_INSET = inch(1 / 16);
const IMB_GAP = Math.max(inch(0.04), IMB_ADDRESS_DISTANCE.min);

/** The payer's area: the return window, inset. */
export const CHEQUE_PAYER_AREA: Rect = {
  x: LETTER_ENVELOPE.returnWindow.x + WINDOW_INSET,
  y: LETTER_ENVELOPE.returnWindow.y + WINDOW_INSET / 2,
  width: inch(3),
  height: LETTER_ENVELOPE.returnWindow.height - WINDOW_INSET,
};
/** The payee's area: the recipient window, inset, left of the figures box. */
export const CHEQUE_PAYEE_AREA: Rect = {
  x: LETTER_ENVELOPE.recipientWindow.x + WINDOW_INSET,
  y: LETTER_ENVELOPE.recipientWindow.y + WINDOW_INSET,
  width: LETTER_ENVELOPE.recipientWindow.width - 2 * WINDOW_INSET,
  height: LETTER_ENVELOPE.recipientWindow.height - 2 * WINDOW_INSET,
};
/** The legal amount line's baseline, above the recipient window. */
const WORDS_BASELINE = inch(1.52);
const FIGURES_BOX: Rect = { x: inch(6.35), y: inch(1.3), width: inch(1.6), height: inch(0.3) };
const SIGNATURE_LINE = { x: inch(5), y: inch(2.95), width: inch(3) };
const MEMO_BASELINE = inch(2.95);

function text(
  page: PDFPage,
  font: PDFFont,
  value: string,
  x: number,
  baseline: number,
  size: number,
  color = BLACK,
) {
  page.drawText(value, { x: userX(page, x), y: baselineY(page, baseline), size, font, color });
}

function line(page: PDFPage, x: number, y: number, width: number, thickness = 0.6) {
  page.drawLine({
    start: { x: userX(page, x), y: baselineY(page, y) },
    end: { x: userX(page, x + width), y: baselineY(page, y) },
    thickness,
    color: BLACK,
  });
}

/** The widest prefix of `value` that fits `width` at `size` (memo and words lines never wrap). */
function fitted(font: PDFFont, value: string, size: number, width: number): string {
  let out = value;
  while (out.length > 0 && font.widthOfTextAtSize(out, size) > width) out = out.slice(0, -1);
  return out;
}

function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8;
}

async function embedSignature(document: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  if (isPng(bytes)) return document.embedPng(bytes);
  if (isJpeg(bytes)) return document.embedJpg(bytes);
  throw new RangeError('a signature image is a PNG or a JPEG');
}

/** Greedy word wrap of `value` into lines of at most `width` points. */
function wrap(font: PDFFont, value: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of value.split(/\r?\n/)) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !current) current = next;
      else {
        lines.push(current);
        current = word;
      }
    }
    lines.push(current);
  }
  return lines;
}

/**
 * Draws a cheque (and appends `letterPdf`). Throws MicrFieldError for bank numbers that cannot be printed,
 * AddressLayoutError, ImbInputError, RangeError for a bad amount or signature image.
 */
export async function renderCheque(options: ChequeFaceOptions): Promise<RenderedCheque> {
  const pageSize = CHEQUE_PAGE[options.size ?? 'us_letter'];
  if (!pageSize) throw new RangeError(`no cheque size ${options.size}`);
  const words = amountInWords(options.amount);
  const figures = amountInFigures(options.amount);
  const micr = micrCharacters({
    countryCode: options.bank.bankCountryCode,
    routingNumber: options.bank.routingNumber,
    transitNumber: options.bank.transitNumber,
    institutionNumber: options.bank.routeNumber,
    accountNumber: options.bank.accountNumber,
    chequeNumber: options.number,
  });

  const document = await PDFDocument.create();
  const page = document.addPage([pageSize.width, pageSize.height]);
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const italic = await document.embedFont(StandardFonts.TimesRomanItalic);

  const payee = layoutAddressBlock(regular, options.to, CHEQUE_PAYEE_AREA, {
    originCountry: options.originCountry,
    maxSize: 10,
    reserveBelow: options.imb ? IMB_GAP + IMB_HEIGHT : 0,
  });
  const payer = options.from
    ? layoutAddressBlock(regular, options.from, CHEQUE_PAYER_AREA, {
        originCountry: options.originCountry,
        joinNameAndCompany: true,
        maxSize: 9,
      })
    : undefined;
  const signatureImage = options.bank.signatureImage
    ? await embedSignature(document, options.bank.signatureImage)
    : undefined;

  // Payer and bank.
  if (payer) drawAddressBlock(page, regular, payer);
  const bankX = inch(4.1);
  text(page, bold, fitted(bold, options.bank.bankName, 10, inch(2)), bankX, inch(0.62), 10);
  [options.bank.bankPrimaryLine, options.bank.bankSecondaryLine]
    .filter((value): value is string => Boolean(value?.trim()))
    .forEach((value, index) => {
      text(page, regular, fitted(regular, value, 7, inch(2)), bankX, inch(0.78 + index * 0.12), 7);
    });

  // Number and date, top right.
  const right = pageSize.width - inch(0.55);
  const number = String(options.number);
  text(page, bold, number, right - bold.widthOfTextAtSize(number, 12), inch(0.62), 12);
  const date = formatDate(options.date);
  text(page, regular, 'DATE', right - inch(1.9), inch(1.0), 6, INK_GREY);
  text(page, regular, date, right - inch(1.55), inch(1.0), 10);
  line(page, right - inch(1.6), inch(1.04), inch(1.6));

  // Legal amount line and the figures box.
  text(page, bold, 'PAY', inch(0.3), WORDS_BASELINE, 8);
  const wordsWidth = FIGURES_BOX.x - inch(0.2) - inch(0.75);
  const wordsSize = regular.widthOfTextAtSize(words, 10) <= wordsWidth ? 10 : 8;
  const wordsShown = `${fitted(regular, words, wordsSize, wordsWidth)}`;
  const stars = '*'.repeat(
    Math.max(
      0,
      Math.floor(
        (wordsWidth - regular.widthOfTextAtSize(wordsShown, wordsSize)) /
          regular.widthOfTextAtSize('*', wordsSize),
      ) - 1,
    ),
  );
  text(page, regular, `${wordsShown}${stars ? ` ${stars}` : ''}`, inch(0.75), WORDS_BASELINE, wordsSize);
  line(page, inch(0.75), WORDS_BASELINE + 3, wordsWidth);
  page.drawRectangle({ ...toUserSpace(page, FIGURES_BOX), borderColor: BLACK, borderWidth: 0.75 });
  const shownFigures = `$**${figures}`;
  text(
    page,
    bold,
    shownFigures,
    FIGURES_BOX.x + FIGURES_BOX.width - inch(0.1) - bold.widthOfTextAtSize(shownFigures, 11),
    FIGURES_BOX.y + FIGURES_BOX.height - inch(0.09),
    11,
  );

  // Payee.
  text(page, regular, 'TO THE', inch(0.22), CHEQUE_PAYEE_AREA.y + 6, 6, INK_GREY);
  text(page, regular, 'ORDER OF', inch(0.22), CHEQUE_PAYEE_AREA.y + 13, 6, INK_GREY);
  drawAddressBlock(page, regular, payee);
  const imb = options.imb
    ? drawImb(
        page,
        options.imb,
        LETTER_ENVELOPE.recipientWindow.x + LETTER_ENVELOPE.windowSideClearance,
        payee.box.y + payee.box.height + IMB_GAP,
      )
    : undefined;

  // Memo and signature.
  text(page, regular, 'MEMO', inch(0.3), MEMO_BASELINE, 6, INK_GREY);
  if (options.memo)
    text(
      page,
      regular,
      fitted(regular, options.memo.slice(0, 40), 9, inch(3.2)),
      inch(0.7),
      MEMO_BASELINE - 2,
      9,
    );
  line(page, inch(0.7), MEMO_BASELINE + 2, inch(3.3));
  line(page, SIGNATURE_LINE.x, SIGNATURE_LINE.y, SIGNATURE_LINE.width);
  text(page, regular, 'AUTHORIZED SIGNATURE', SIGNATURE_LINE.x, SIGNATURE_LINE.y + 8, 6, INK_GREY);
  let signature: Rect | undefined;
  if (signatureImage) {
    const box = { width: SIGNATURE_LINE.width - inch(0.2), height: inch(0.5) };
    const scale = Math.min(box.width / signatureImage.width, box.height / signatureImage.height);
    const width = signatureImage.width * scale;
    const height = signatureImage.height * scale;
    signature = { x: SIGNATURE_LINE.x + inch(0.1), y: SIGNATURE_LINE.y - 2 - height, width, height };
    page.drawImage(signatureImage, toUserSpace(page, signature));
  } else if (options.bank.signatureText) {
    const size = 18;
    const value = fitted(italic, options.bank.signatureText, size, SIGNATURE_LINE.width - inch(0.2));
    const width = italic.widthOfTextAtSize(value, size);
    signature = {
      x: SIGNATURE_LINE.x + inch(0.1),
      y: SIGNATURE_LINE.y - 4 - size * 0.7,
      width,
      height: size * 0.7,
    };
    text(page, italic, value, signature.x, SIGNATURE_LINE.y - 4, size);
  }

  // MICR line, perforation, VOID.
  drawMicrLine(page, micr);
  page.drawLine({
    start: { x: userX(page, 0), y: baselineY(page, CHEQUE_HEIGHT) },
    end: { x: userX(page, pageSize.width), y: baselineY(page, CHEQUE_HEIGHT) },
    thickness: 0.5,
    color: INK_GREY,
    dashArray: [3, 3],
  });
  if (!options.live) drawVoid(page, bold, pageSize.width);

  // The stub's message.
  if (options.message) {
    const size = 10;
    wrap(regular, options.message, size, pageSize.width - inch(1.5)).forEach((value, index) => {
      text(page, regular, value, inch(0.75), CHEQUE_HEIGHT + inch(0.6) + index * size * 1.3, size);
    });
  }

  if (options.letterPdf) {
    const letter = await PDFDocument.load(options.letterPdf, { updateMetadata: false });
    const pages = await document.copyPages(letter, letter.getPageIndices());
    for (const copied of pages) document.addPage(copied);
  }

  return {
    pdf: await document.save(),
    pageCount: document.getPageCount(),
    layout: {
      payee,
      ...(payer ? { payer } : {}),
      ...(imb ? { imb } : {}),
      micr,
      amountInWords: words,
      amountInFigures: figures,
      ...(signature ? { signature } : {}),
    },
  };
}

/** VOID, large and pale, across the cheque (under nothing: drawn last, but translucent red). */
function drawVoid(page: PDFPage, font: PDFFont, pageWidth: number) {
  const size = 96;
  const word = 'VOID';
  const width = font.widthOfTextAtSize(word, size);
  const angle = 12;
  const radians = (angle * Math.PI) / 180;
  // Centre the rotated word on the cheque's face, above the MICR band.
  const cx = pageWidth / 2;
  const cy = inch(1.6);
  const x = cx - (Math.cos(radians) * width) / 2 + (Math.sin(radians) * size * 0.35) / 2;
  const y = cy + (Math.sin(radians) * width) / 2 + (Math.cos(radians) * size * 0.35) / 2;
  page.drawText(word, {
    x: userX(page, x),
    y: baselineY(page, y),
    size,
    font,
    color: rgb(0.85, 0.1, 0.1),
    opacity: 0.35,
    rotate: degrees(angle),
  });
}
