import { PDFDocument } from '@cantoo/pdf-lib';

/** How far a page may be from the size asked for and be left alone, in points. */
const EXACT = 0.01;

/** Each page's MediaBox as Chromium (Skia) writes it: `/MediaBox [0 0 w h]`. */
function mediaBoxes(pdf: Uint8Array): Array<[number, number]> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const boxes: Array<[number, number]> = [];
  for (const match of text.matchAll(
    /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g,
  )) {
    boxes.push([Number(match[3]) - Number(match[1]), Number(match[4]) - Number(match[2])]);
  }
  return boxes;
}

/**
 * Chromium sizes a printed page in whole device units, so some sizes come out a fraction of a point off:
 * A4 (595.28 × 841.89 pt) prints as 595.92 × 841.92. Printers check sizes, so such pages get the exact size
 * asked for: the MediaBox is set to it and the content moved down by the height difference, which keeps
 * everything where the HTML put it relative to the top-left corner (the few hundredths of a point lost
 * are at the right and bottom edges, inside the clearance every piece keeps there).
 * Sizes Chromium hits exactly (us_letter, postcards) cost only a scan of the MediaBoxes.
 */
export async function withExactPageSize(pdf: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const boxes = mediaBoxes(pdf);
  if (
    boxes.length > 0 &&
    boxes.every(([w, h]) => Math.abs(w - width) <= EXACT && Math.abs(h - height) <= EXACT)
  ) {
    return pdf;
  }
  const document = await PDFDocument.load(pdf);
  for (const page of document.getPages()) {
    const box = page.getMediaBox();
    page.translateContent(-box.x, height - (box.y + box.height));
    page.setMediaBox(0, 0, width, height);
    page.setCropBox(0, 0, width, height);
  }
  return document.save();
}
