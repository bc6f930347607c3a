/**
 * Sample customer PDFs for the rendering tests, made with pdf-lib so each test knows what is on the
 * page: full-bleed coloured artwork with a marker text per page, optionally drawn the way careless
 * producers do (a transformation left in force at the end of the content stream).
 */
import { concatTransformationMatrix, PDFDocument, rgb, StandardFonts } from '@cantoo/pdf-lib';

export interface SamplePdfOptions {
  /** Page size in points (default US letter). */
  size?: [number, number];
  /** Fill the whole page with this colour (default a mid blue), so covering it shows. */
  fill?: [number, number, number];
  /** End every page's content with a scale and shift never undone (no q … Q around it). */
  leaveTransform?: boolean;
}

/** `pages` pages, page n carrying the text `PAGE n` near its middle. */
export async function samplePdf(pages: number, options: SamplePdfOptions = {}): Promise<Uint8Array> {
  const [width, height] = options.size ?? [612, 792];
  const [r, g, b] = options.fill ?? [0.2, 0.4, 0.8];
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const page = document.addPage([width, height]);
    page.drawRectangle({ x: 0, y: 0, width, height, color: rgb(r, g, b) });
    page.drawText(`PAGE ${n}`, { x: width / 2 - 30, y: height / 2, size: 14, font, color: rgb(0, 0, 0) });
    if (options.leaveTransform) page.pushOperators(concatTransformationMatrix(0.5, 0, 0, 0.5, 100, 100));
  }
  return document.save();
}
