/** Reads a rendered PDF back with pdfjs-dist, as a printer's RIP would: page sizes and text positions. */
import { getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfText {
  str: string;
  /** Left end of the baseline, points from the page's left edge. */
  x: number;
  /** The baseline, points from the page's top edge. */
  baseline: number;
  /** Font size in points (the glyphs' scale). */
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  /** The MediaBox's origin, which a page made for printing keeps at (0, 0). */
  origin: [number, number];
  texts: PdfText[];
  /** Fill colours the page's content sets, as pdfjs reports them (`#rrggbb`). */
  fills: string[];
}

export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  const document = await task.promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const texts: PdfText[] = [];
      for (const item of (await page.getTextContent()).items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a, b, , , e, f] = item.transform as number[];
        texts.push({ str: item.str, x: e! - x0, baseline: y1 - f!, size: Math.hypot(a!, b!) });
      }
      const fills: string[] = [];
      const operators = await page.getOperatorList();
      operators.fnArray.forEach((fn, index) => {
        if (fn === OPS.setFillRGBColor) fills.push(String(operators.argsArray[index]?.[0]));
      });
      pages.push({ width: x1 - x0, height: y1 - y0, origin: [x0, y0], texts, fills });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** The text item that contains `needle`, or a failure that lists what the page has. */
export function findText(page: PdfPage, needle: string): PdfText {
  const found = page.texts.find((t) => t.str.includes(needle));
  if (!found)
    throw new Error(`"${needle}" is not on the page; it has ${JSON.stringify(page.texts.map((t) => t.str))}`);
  return found;
}
