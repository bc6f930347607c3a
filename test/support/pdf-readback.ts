/**
 * Reading a rendered piece back as a reader (or a scanner) sees it: the text pdfjs-dist finds with its
 * position and size, page sizes, and the IMb read off the pixels bar by bar. Positions are points from
 * the top-left of the page as seen, y down (src/documents/geometry.ts's convention).
 */
import type { Rect } from '../../src/documents/geometry.ts';
import { isInk, type PageRaster, rasterisePage } from '../../src/rendering/rasterise.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

export interface TextRun {
  str: string;
  /** Left edge and baseline. */
  x: number;
  baseline: number;
  width: number;
  /** The font size as drawn (the text matrix's vertical scale). */
  size: number;
}

export interface ReadPage {
  width: number;
  height: number;
  text: TextRun[];
}

/** Every page's size and text runs. */
export async function readPdf(pdf: Uint8Array): Promise<ReadPage[]> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  const { getDocument, VerbosityLevel } = await pdfjs;
  const document = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: VerbosityLevel.ERRORS,
  }).promise;
  try {
    const pages: ReadPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const { width, height } = page.getViewport({ scale: 1 });
      const [x0, y0] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const text: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , c, d, e, f] = item.transform as number[];
        text.push({
          str: item.str,
          x: e! - x0,
          baseline: height - (f! - y0),
          width: item.width,
          size: Math.hypot(c!, d!),
        });
      }
      pages.push({ width, height, text });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/**
 * The box a run's glyphs can occupy: from the ascent of the tallest capital (0.75 em above the baseline,
 * above Helvetica's 0.718) to the lowest descender (0.25 em below).
 */
export function runBox(run: TextRun): Rect {
  return { x: run.x, y: run.baseline - 0.75 * run.size, width: run.width, height: run.size };
}

/** Whether `inner` lies inside `outer` (to 0.01 pt). */
export function inside(inner: Rect, outer: Rect): boolean {
  const e = 0.01;
  return (
    inner.x >= outer.x - e &&
    inner.y >= outer.y - e &&
    inner.x + inner.width <= outer.x + outer.width + e &&
    inner.y + inner.height <= outer.y + outer.height + e
  );
}

/** Runs whose box lies inside `rect`, joined per baseline, top to bottom. */
export function linesIn(page: ReadPage, rect: Rect): { lines: string[]; runs: TextRun[] } {
  const runs = page.text.filter((run) => inside(runBox(run), rect));
  const byBaseline = new Map<number, TextRun[]>();
  for (const run of runs) {
    const key = Math.round(run.baseline * 10);
    byBaseline.set(key, [...(byBaseline.get(key) ?? []), run]);
  }
  const lines = [...byBaseline.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) =>
      row
        .sort((a, b) => a.x - b.x)
        .map((run) => run.str)
        .join('')
        // pdfjs collapses the two spaces USPS style puts before the ZIP.
        .replace(/\s+/g, ' '),
    );
  return { lines, runs };
}

/** The overlap of two rectangles. */
export const intersect = (a: Rect, b: Rect): Rect => {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.min(a.x + a.width, b.x + b.width) - x,
    height: Math.min(a.y + a.height, b.y + b.height) - y,
  };
};
export interface ReadBars {
  /** F/A/D/T per bar, left to right. */
  bars: string;
  /** The barcode's bounding box on the page (points). */
  box: Rect;
  /** Bar pitch measured from the pixels (points). */
  pitch: number;
}

/**
 * Reads the lowest 4-state barcode in `region` of a page from its pixels at `dpi`: the lowest band of
 * rows with ink (separated from the text above by blank rows), then its bars (runs of inked columns),
 * each classified by where its ink is: an ascender reaches the top fifth of the band, a descender the
 * bottom fifth, a full bar both and a tracker neither.
 */
export async function readBarcode(pdf: Uint8Array, page: number, region: Rect, dpi = 600): Promise<ReadBars> {
  const raster = await rasterisePage(pdf, page, { dpi }, { region });
  const rowInk = (y: number) => {
    let count = 0;
    for (let x = 0; x < raster.width; x++) if (isInk(raster, x, y)) count++;
    return count;
  };
  let bottom = raster.height - 1;
  while (bottom >= 0 && rowInk(bottom) === 0) bottom--;
  if (bottom < 0) throw new Error('no ink in the region');
  let top = bottom;
  while (top > 0 && rowInk(top - 1) > 0) top--;
  const bars = columnsRuns(raster, top, bottom);
  const height = bottom - top + 1;
  const states = bars.map(({ from, to }) => {
    const x = Math.round((from + to) / 2);
    let first = -1;
    let last = -1;
    for (let y = top; y <= bottom; y++) {
      if (isInk(raster, x, y)) {
        if (first < 0) first = y;
        last = y;
      }
    }
    const ascender = first - top < height / 5;
    const descender = bottom - last < height / 5;
    return ascender && descender ? 'F' : ascender ? 'A' : descender ? 'D' : 'T';
  });
  const scale = raster.scale;
  const first = bars[0]!;
  const last = bars[bars.length - 1]!;
  return {
    bars: states.join(''),
    box: {
      x: region.x + first.from / scale,
      y: region.y + top / scale,
      width: (last.to + 1 - first.from) / scale,
      height: height / scale,
    },
    pitch:
      bars.length > 1
        ? ((last.from + last.to) / 2 - (first.from + first.to) / 2) / (bars.length - 1) / scale
        : 0,
  };
}

/** Runs of columns with ink between rows `top` and `bottom`. */
export function columnsRuns(
  raster: PageRaster,
  top: number,
  bottom: number,
): Array<{ from: number; to: number }> {
  const runs: Array<{ from: number; to: number }> = [];
  let start = -1;
  for (let x = 0; x <= raster.width; x++) {
    let ink = false;
    if (x < raster.width) {
      for (let y = top; y <= bottom && !ink; y++) ink = isInk(raster, x, y);
    }
    if (ink && start < 0) start = x;
    if (!ink && start >= 0) {
      runs.push({ from: start, to: x - 1 });
      start = -1;
    }
  }
  return runs;
}
