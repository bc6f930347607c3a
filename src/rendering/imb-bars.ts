/**
 * The Intelligent Mail barcode drawn as vector bars (pdf-lib rectangles), from the 65-bar string of
 * src/tracking/imb.ts (`F` full, `A` ascender, `D` descender, `T` tracker).
 *
 * Dimensions (USPS-B-3200 §2.3): bars 0.015–0.025 in wide, 20–24 bars per inch, the tracker 0.039–0.057
 * in tall, a full bar 0.125–0.165 in; an ascender is the tracker plus the part above it, a descender the
 * tracker plus the part below. We print values near the middle of every range, so a printer's
 * gain or a scanner's blur in either direction stays inside the specification. Clear zones: 0.125 in
 * left and right, 0.028 in above and below.
 */
import {
  fill,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
} from '@cantoo/pdf-lib';
import { inch, type Rect } from '../documents/geometry.ts';
import { encodeImb } from '../tracking/imb.ts';
import { appendOperators, toUserSpace } from './page-space.ts';

export const IMB_BARS = {
  barWidth: inch(0.02),
  /**
   * Bar start to bar start: 23 bars per inch (the range is 20–24). One more than the nominal 22 keeps the
   * barcode and its right clear zone inside the letter's 3.15 in white address box behind the window.
   */
  pitch: inch(1 / 23),
  trackerHeight: inch(0.048),
  /** How far an ascender rises above the tracker (and a descender falls below it). */
  extension: inch(0.049),
  /** Kept clear of ink left and right of the bars. */
  horizontalClearZone: inch(0.125),
  /** Kept clear of ink above and below the bars. */
  verticalClearZone: inch(0.028),
  bars: 65,
} as const;

/** Full bar height: 0.146 in. */
export const IMB_HEIGHT = IMB_BARS.trackerHeight + 2 * IMB_BARS.extension;
/** First bar's left edge to the last bar's right edge: 64 pitches and a bar, 2.803 in. */
export const IMB_LENGTH = (IMB_BARS.bars - 1) * IMB_BARS.pitch + IMB_BARS.barWidth;

/** The live-mail tracking data of one piece (BRIEF §9). */
export interface ImbData {
  /** 20 digits: barcode id, service type, Mailer ID, serial. */
  trackingCode: string;
  /** The destination ZIP: 0, 5, 9 or 11 digits. */
  routingCode: string;
}

/** To 1/1000 pt (1/72000 in): far finer than any printer, and short numbers in the content stream. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Where each state's bar lies, measured down from the top of the barcode. */
export function barExtent(state: string): { top: number; bottom: number } {
  const { extension, trackerHeight } = IMB_BARS;
  switch (state) {
    case 'F':
      return { top: 0, bottom: IMB_HEIGHT };
    case 'A':
      return { top: 0, bottom: extension + trackerHeight };
    case 'D':
      return { top: extension, bottom: IMB_HEIGHT };
    case 'T':
      return { top: extension, bottom: extension + trackerHeight };
    default:
      throw new RangeError(`an IMb bar is F, A, D or T, not ${JSON.stringify(state)}`);
  }
}

/**
 * Draws `bars` (65 of F/A/D/T) with the first bar's top-left corner at (`x`, `y`) (points, top-left of
 * the page as seen, y down). Returns the barcode's rectangle, in the same coordinates.
 */
export function drawImbBars(page: PDFPage, bars: string, x: number, y: number): Rect {
  if (bars.length !== IMB_BARS.bars) {
    throw new RangeError(`an IMb has ${IMB_BARS.bars} bars, not ${bars.length}`);
  }
  // One path of 65 rectangles filled once: a tenth of the operators of a drawRectangle per bar.
  const operators = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  // The page's box is looked up once: getCropBox walks the page tree's inherited attributes each time.
  const origin = toUserSpace(page, { x, y, width: 0, height: 0 });
  for (let index = 0; index < bars.length; index++) {
    const { top, bottom } = barExtent(bars[index]!);
    operators.push(
      rectangle(
        round(origin.x + index * IMB_BARS.pitch),
        round(origin.y - bottom),
        round(IMB_BARS.barWidth),
        round(bottom - top),
      ),
    );
  }
  operators.push(fill(), popGraphicsState());
  appendOperators(page, operators);
  return { x, y, width: IMB_LENGTH, height: IMB_HEIGHT };
}

/** Encodes `imb` (throws ImbInputError for a bad code) and draws it at (`x`, `y`) as drawImbBars does. */
export function drawImb(page: PDFPage, imb: ImbData, x: number, y: number): Rect {
  return drawImbBars(page, encodeImb(imb.trackingCode, imb.routingCode), x, y);
}
