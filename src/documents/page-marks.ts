import { createRequire } from 'node:module';
import path from 'node:path';
import type { Rect } from './geometry.ts';

/**
 * Where a PDF page puts ink, as rectangles (points, top-left of the page as it is seen, y down), read
 * with pdfjs-dist: its text (from the text content) and its images, filled or stroked paths and shadings
 * (from the operator list, following the transformation matrix and clipping boxes). Paths painted white
 * are left out (a white page background is no mark). The boxes are bounding boxes, so a mark is never
 * missed but may be reported a little larger than it is.
 */

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;
/** Loaded on first use: the library is large and most processes never read a PDF's content. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** An affine matrix [a, b, c, d, e, f] as PDF writes it. */
type Matrix = [number, number, number, number, number, number];
/** [x0, y0, x1, y1], x0 ≤ x1, y0 ≤ y1. */
type Box = [number, number, number, number];

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const EVERYWHERE: Box = [-Infinity, -Infinity, Infinity, Infinity];

/** m applied first, then n (the order of PDF's `cm`: the new matrix is m × CTM). */
function multiply(n: Matrix, m: Matrix): Matrix {
  return [
    n[0] * m[0] + n[2] * m[1],
    n[1] * m[0] + n[3] * m[1],
    n[0] * m[2] + n[2] * m[3],
    n[1] * m[2] + n[3] * m[3],
    n[0] * m[4] + n[2] * m[5] + n[4],
    n[1] * m[4] + n[3] * m[5] + n[5],
  ];
}

function transformBox(m: Matrix, [x0, y0, x1, y1]: Box): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ] as const) {
    xs.push(m[0] * x + m[2] * y + m[4]);
    ys.push(m[1] * x + m[3] * y + m[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function intersect(a: Box, b: Box): Box | null {
  const box: Box = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return box[0] <= box[2] && box[1] <= box[3] ? box : null;
}

interface GraphicsState {
  ctm: Matrix;
  clip: Box;
  fillWhite: boolean;
  strokeWhite: boolean;
}

const WHITE = '#ffffff';

/** Marks of the operator list, in the page's user space. */
function operatorMarks(OPS: PdfJs['OPS'], fnArray: number[], argsArray: unknown[][]): Box[] {
  const marks: Box[] = [];
  let state: GraphicsState = { ctm: IDENTITY, clip: EVERYWHERE, fillWhite: false, strokeWhite: false };
  const stack: GraphicsState[] = [];
  let pendingClip = false;
  const mark = (box: Box) => {
    const clipped = intersect(box, state.clip);
    if (clipped) marks.push(clipped);
  };
  const unitSquare = () => mark(transformBox(state.ctm, [0, 0, 1, 1]));
  const fills = new Set([OPS.fill, OPS.eoFill]);
  const strokes = new Set([OPS.stroke, OPS.closeStroke]);
  for (let n = 0; n < fnArray.length; n++) {
    const fn = fnArray[n]!;
    const args = argsArray[n] as unknown[] | null;
    switch (fn) {
      case OPS.save:
        stack.push(state);
        state = { ...state };
        break;
      case OPS.restore:
        state = stack.pop() ?? state;
        break;
      case OPS.transform:
        state.ctm = multiply(state.ctm, args as Matrix);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push(state);
        state = { ...state };
        const [matrix, bbox] = args as [Matrix | null, Box | null];
        if (matrix) state.ctm = multiply(state.ctm, matrix);
        if (bbox) state.clip = intersect(state.clip, transformBox(state.ctm, bbox)) ?? [0, 0, 0, 0];
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = stack.pop() ?? state;
        break;
      case OPS.setFillRGBColor:
        state.fillWhite = (args?.[0] as string | undefined)?.toLowerCase() === WHITE;
        break;
      case OPS.setStrokeRGBColor:
        state.strokeWhite = (args?.[0] as string | undefined)?.toLowerCase() === WHITE;
        break;
      case OPS.setFillColorN:
      case OPS.setFillTransparent:
        state.fillWhite = fn === OPS.setFillTransparent;
        break;
      case OPS.setStrokeColorN:
      case OPS.setStrokeTransparent:
        state.strokeWhite = fn === OPS.setStrokeTransparent;
        break;
      case OPS.clip:
      case OPS.eoClip:
        pendingClip = true;
        break;
      case OPS.constructPath: {
        const [paint, , minMax] = args as [number, unknown, ArrayLike<number> | null];
        const box: Box | null =
          minMax && Number.isFinite(minMax[0]!)
            ? transformBox(state.ctm, [minMax[0]!, minMax[1]!, minMax[2]!, minMax[3]!])
            : null;
        const invisible =
          paint === OPS.endPath ||
          (fills.has(paint) && state.fillWhite) ||
          (strokes.has(paint) && state.strokeWhite) ||
          (!fills.has(paint) && !strokes.has(paint) && state.fillWhite && state.strokeWhite);
        if (box && !invisible) mark(box);
        if (pendingClip) {
          state.clip = (box && intersect(state.clip, box)) ?? [0, 0, 0, 0];
          pendingClip = false;
        }
        break;
      }
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintSolidColorImageMask:
      case OPS.paintImageXObjectRepeat:
      case OPS.paintImageMaskXObjectRepeat:
      case OPS.paintInlineImageXObjectGroup:
      case OPS.paintImageMaskXObjectGroup:
        unitSquare();
        break;
      case OPS.shadingFill:
        // `sh` paints the whole clipping area.
        if (Number.isFinite(state.clip[0])) marks.push(state.clip);
        else marks.push([-1e6, -1e6, 1e6, 1e6]);
        break;
    }
  }
  return marks;
}

export interface PageMarks {
  /** 1-based. */
  page: number;
  /** The page as seen, points. */
  width: number;
  height: number;
  marks: Rect[];
}

/**
 * The marks of the given pages (1-based). Throws when pdfjs cannot read the file. pdfjs parses on this
 * thread ("fake worker"); only the pages asked for are interpreted.
 */
export async function readPageMarks(bytes: Uint8Array, pages: number[]): Promise<PageMarks[]> {
  const { getDocument, OPS, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    // pdfjs takes the buffer over (detaches it); it gets a copy.
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: VerbosityLevel.ERRORS,
    // No standardFontDataUrl: text positions of the base-14 fonts come from pdfjs's built-in metrics, and
    // loading their glyph programs (needed only to draw them) tripled the time of a page.
    cMapUrl: `${path.join(packageDir, 'cmaps')}/`,
    cMapPacked: true,
    // Like the printers' RIPs, recover from what can be recovered; a file that cannot be opened at all still throws.
    stopAtErrors: false,
  });
  try {
    const document = await task.promise;
    const result: PageMarks[] = [];
    for (const number of pages) {
      if (number > document.numPages) continue;
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const toView = ([x0, y0, x1, y1]: Box): Rect | null => {
        const [a, b, c, d] = viewport.convertToViewportRectangle([x0, y0, x1, y1]);
        const left = Math.max(0, Math.min(a, c));
        const top = Math.max(0, Math.min(b, d));
        const right = Math.min(viewport.width, Math.max(a, c));
        const bottom = Math.min(viewport.height, Math.max(b, d));
        return right >= left && bottom >= top
          ? { x: left, y: top, width: right - left, height: bottom - top }
          : null;
      };
      const boxes: Box[] = [];
      const text = await page.getTextContent();
      for (const item of text.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, c, d, e, f] = item.transform as Matrix;
        const along = Math.hypot(a, b) || 1;
        const up = Math.hypot(c, d) || 1;
        // The baseline runs `width` along (a, b); the glyphs rise `height` along (c, d) and descend a quarter of it.
        const dx = (a / along) * item.width;
        const dy = (b / along) * item.width;
        const ux = (c / up) * item.height;
        const uy = (d / up) * item.height;
        const points = [
          [e - ux / 4, f - uy / 4],
          [e + dx - ux / 4, f + dy - uy / 4],
          [e + ux, f + uy],
          [e + dx + ux, f + dy + uy],
        ];
        const xs = points.map((p) => p[0]!);
        const ys = points.map((p) => p[1]!);
        boxes.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
      }
      const operators = await page.getOperatorList();
      boxes.push(...operatorMarks(OPS, operators.fnArray, operators.argsArray));
      const marks = boxes.map(toView).filter((r): r is Rect => r !== null);
      result.push({ page: number, width: viewport.width, height: viewport.height, marks });
      page.cleanup();
    }
    return result;
  } finally {
    await task.destroy();
  }
}
