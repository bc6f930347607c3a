/**
 * PDF pages → pixels, with pdfjs-dist (legacy build, for Node 20) drawing on @napi-rs/canvas. Used for
 * thumbnails (src/rendering/thumbnails.ts, on worker threads) and by tests that read a rendered piece back
 * pixel by pixel (the IMb bar by bar, the MICR line column by column).
 *
 * Everything here is CPU-bound and synchronous in long stretches: call it from a worker thread in a
 * server process (thumbnails.ts does), never on the API's event loop.
 *
 * Units: a `region` is in PDF points with the origin at the top-left of the page as seen (y down), like
 * src/documents/geometry.ts's `Rect`; pixel (0, 0) of the result is the region's top-left corner.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Rect } from '../documents/geometry.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Canvas = import('@napi-rs/canvas').Canvas;
type CanvasModule = typeof import('@napi-rs/canvas');

let pdfjs: Promise<PdfJs> | undefined;
let canvasModule: Promise<CanvasModule> | undefined;
/** Loaded on first use: both are large and most processes never draw a page. */
function load(): Promise<[PdfJs, CanvasModule]> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  canvasModule ??= import('@napi-rs/canvas');
  return Promise.all([pdfjs, canvasModule]);
}

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** How large to draw: `dpi` (pixels per inch), or `width` (pixels across the page or region). */
export type RasterScale = { dpi: number; width?: never } | { width: number; dpi?: never };

export interface RasterOptions {
  /** Only this part of the page (points, top-left origin, y down); the whole page when absent. */
  region?: Rect;
  /**
   * CSS colour painted before the page (default white, as paper). Pages without a background of their own
   * are transparent to pdfjs.
   */
  background?: string;
}

/** One page (or region of it) drawn as RGBA pixels, row by row from the top. */
export interface PageRaster {
  /** 1-based page number. */
  page: number;
  /** Pixels across and down. */
  width: number;
  height: number;
  /** Pixels per point: a point at (x, y) of the region is pixel (x × scale, y × scale). */
  scale: number;
  /** width × height × 4 bytes: R, G, B, A. */
  data: Uint8ClampedArray;
}

/** A page's size in points, as seen (rotation applied). */
export interface PageSize {
  width: number;
  height: number;
}

/** A PDF opened for drawing; close it when done (it holds pdfjs's parsed document). */
export interface RasterDocument {
  readonly pageCount: number;
  pageSize(page: number): Promise<PageSize>;
  /** Draws `page` (1-based) and returns its pixels. */
  raster(page: number, scale: RasterScale, options?: RasterOptions): Promise<PageRaster>;
  /** Draws `page` and encodes it as PNG. */
  png(page: number, scale: RasterScale, options?: RasterOptions): Promise<Uint8Array>;
  /**
   * Draws `page` once at the largest of `widths` (pixels across) and encodes a PNG at each width, the
   * smaller ones scaled down from the largest (a third of the work of drawing each).
   */
  pngs(page: number, widths: number[]): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

function pixelsPerPoint(scale: RasterScale, widthPoints: number): number {
  if (scale.dpi !== undefined) {
    if (!(scale.dpi > 0)) throw new RangeError(`dpi must be positive, not ${scale.dpi}`);
    return scale.dpi / 72;
  }
  if (!(scale.width > 0)) throw new RangeError(`width must be positive, not ${scale.width}`);
  return scale.width / widthPoints;
}

/** Opens `pdf` for drawing. Throws when pdfjs cannot read it. */
export async function openForRaster(pdf: Uint8Array): Promise<RasterDocument> {
  const [{ getDocument, VerbosityLevel }, { createCanvas }] = await load();
  const task = getDocument({
    // pdfjs takes the buffer over (detaches it); it gets a copy.
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    // No FontFace in Node: glyphs are drawn from their outlines as paths.
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: VerbosityLevel.ERRORS,
    // The base-14 fonts (Helvetica of the stamped addresses) are not embedded; pdfjs draws them with the
    // free substitutes it ships.
    standardFontDataUrl: `${path.join(packageDir, 'standard_fonts')}/`,
    cMapUrl: `${path.join(packageDir, 'cmaps')}/`,
    cMapPacked: true,
    stopAtErrors: false,
  });
  const document = await task.promise;

  async function draw(pageNumber: number, scale: RasterScale, options: RasterOptions = {}) {
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > document.numPages) {
      throw new RangeError(`page ${pageNumber} is not in a ${document.numPages}-page PDF`);
    }
    const page = await document.getPage(pageNumber);
    try {
      const base = page.getViewport({ scale: 1 });
      const region = options.region ?? { x: 0, y: 0, width: base.width, height: base.height };
      const ratio = pixelsPerPoint(scale, region.width);
      const viewport = page.getViewport({ scale: ratio });
      const width = Math.max(1, Math.round(region.width * ratio));
      const height = Math.max(1, Math.round(region.height * ratio));
      const canvas: Canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = options.background ?? '#ffffff';
      context.fillRect(0, 0, width, height);
      type RenderParameters = Parameters<typeof page.render>[0];
      await page.render({
        // @napi-rs/canvas implements the part of the DOM canvas pdfjs uses (pdfjs itself uses it in Node).
        canvas: canvas as unknown as RenderParameters['canvas'],
        canvasContext: context as unknown as RenderParameters['canvasContext'],
        viewport,
        // Shift the page so the region's top-left corner lands on pixel (0, 0).
        transform: [1, 0, 0, 1, -region.x * ratio, -region.y * ratio],
        background: 'rgba(0,0,0,0)',
      }).promise;
      return { canvas, context, width, height, ratio };
    } finally {
      page.cleanup();
    }
  }

  return {
    pageCount: document.numPages,
    async pageSize(pageNumber) {
      const page = await document.getPage(pageNumber);
      const { width, height } = page.getViewport({ scale: 1 });
      return { width, height };
    },
    async raster(pageNumber, scale, options) {
      const { context, width, height, ratio } = await draw(pageNumber, scale, options);
      const image = context.getImageData(0, 0, width, height);
      return { page: pageNumber, width, height, scale: ratio, data: image.data };
    },
    // PNGs are encoded synchronously (toBuffer), on the calling thread, not with the async `encode`, which
    // runs Skia on libuv's process-wide thread pool: with it, a render worker died with SIGSEGV inside
    // skia, on a libuv pool thread, after ~1,500 renders of a batch, twice (bench render-batch; gdb); with
    // toBuffer 2,500 ran through. Likely a thumbnail thread stopped (time budget, heap limit) with an encode
    // still in flight. The callers are worker threads already, so the event loop is not blocked.
    async png(pageNumber, scale, options) {
      const { canvas } = await draw(pageNumber, scale, options);
      return new Uint8Array(canvas.toBuffer('image/png'));
    },
    async pngs(pageNumber, widths) {
      const largest = Math.max(...widths);
      const { canvas, width, height } = await draw(pageNumber, { width: largest });
      return widths.map((target) => {
        if (target === width) return new Uint8Array(canvas.toBuffer('image/png'));
        const scaledHeight = Math.max(1, Math.round((height * target) / width));
        const scaled = createCanvas(target, scaledHeight);
        const context = scaled.getContext('2d');
        context.imageSmoothingEnabled = true;
        context.imageSmoothingQuality = 'high';
        context.drawImage(canvas, 0, 0, target, scaledHeight);
        return new Uint8Array(scaled.toBuffer('image/png'));
      });
    },
    async close() {
      await document.destroy();
    },
  };
}

/** Draws one page of `pdf` (1-based) as RGBA pixels. */
export async function rasterisePage(
  pdf: Uint8Array,
  page: number,
  scale: RasterScale,
  options?: RasterOptions,
): Promise<PageRaster> {
  const document = await openForRaster(pdf);
  try {
    return await document.raster(page, scale, options);
  } finally {
    await document.close();
  }
}

/** Draws one page of `pdf` (1-based) as a PNG. */
export async function pagePng(
  pdf: Uint8Array,
  page: number,
  scale: RasterScale,
  options?: RasterOptions,
): Promise<Uint8Array> {
  const document = await openForRaster(pdf);
  try {
    return await document.png(page, scale, options);
  } finally {
    await document.close();
  }
}

/**
 * Whether the pixel at (x, y) of `raster` carries ink: darker than `threshold` (0–255, on the mean of R, G
 * and B; default 128, so anti-aliased edges count as half).
 */
export function isInk(raster: PageRaster, x: number, y: number, threshold = 128): boolean {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return false;
  const at = (Math.floor(y) * raster.width + Math.floor(x)) * 4;
  const { data } = raster;
  return (data[at]! + data[at + 1]! + data[at + 2]!) / 3 < threshold;
}
