import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject, PDFStream } from '@cantoo/pdf-lib';
import type { Size } from './geometry.ts';

/** What the upload checks need from a PDF's structure, read with pdf-lib (no content is interpreted). */
export type PdfStructure =
  | { readable: false; reason: string }
  | { readable: true; encrypted: true }
  | {
      readable: true;
      encrypted: false;
      /** Each page as it is seen and printed: its crop box, turned by its /Rotate. Points. */
      pages: Size[];
      /** Names of the fonts used without their glyphs in the file (subset prefixes removed), other than the base 14. */
      unembeddedFonts: string[];
    };

/** The standard 14 fonts every PDF reader and RIP carries, the only ones allowed without embedding. */
const BASE_14 = new Set([
  'Courier',
  'Courier-Bold',
  'Courier-Oblique',
  'Courier-BoldOblique',
  'Helvetica',
  'Helvetica-Bold',
  'Helvetica-Oblique',
  'Helvetica-BoldOblique',
  'Times-Roman',
  'Times-Bold',
  'Times-Italic',
  'Times-BoldItalic',
  'Symbol',
  'ZapfDingbats',
]);

const name = (value: string) => PDFName.of(value);

function dictOf(object: PDFObject | undefined): PDFDict | undefined {
  if (object instanceof PDFDict) return object;
  if (object instanceof PDFStream) return object.dict;
  return undefined;
}

/** The dictionary at `key`, references followed. */
function lookupDict(dict: PDFDict, key: string): PDFDict | undefined {
  return dictOf(dict.lookup(name(key)));
}

function fontName(font: PDFDict): string {
  const base = font.lookup(name('BaseFont'));
  const text = base instanceof PDFName ? base.decodeText() : '(unnamed)';
  // A subset's name is six capitals and a plus before the font's own name (ISO 32000 9.6.4).
  return text.replace(/^[A-Z]{6}\+/, '');
}

function embedded(descriptor: PDFDict | undefined): boolean {
  return (
    descriptor !== undefined &&
    ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.lookup(name(key)) !== undefined)
  );
}

/** Whether a font dictionary carries its glyphs; Type 3 fonts are drawn by the file's own content. */
function fontIsEmbedded(font: PDFDict): boolean {
  const subtype = font.lookup(name('Subtype'));
  const kind = subtype instanceof PDFName ? subtype.decodeText() : '';
  if (kind === 'Type3') return true;
  if (kind === 'Type0') {
    const descendants = font.lookup(name('DescendantFonts'));
    const descendant = descendants instanceof PDFArray ? dictOf(descendants.lookup(0)) : undefined;
    return descendant !== undefined && embedded(lookupDict(descendant, 'FontDescriptor'));
  }
  return embedded(lookupDict(font, 'FontDescriptor'));
}

/**
 * Every font reachable from the pages: their resources, the resources of the forms, patterns and Type 3
 * fonts they use, and their annotations' appearances. Fonts a page cannot reach are never printed.
 */
function collectUnembeddedFonts(document: PDFDocument): string[] {
  const seen = new Set<PDFDict>();
  const unembedded = new Set<string>();
  const pending: PDFDict[] = [];
  const visitResources = (resources: PDFDict | undefined) => {
    if (resources && !seen.has(resources)) {
      seen.add(resources);
      pending.push(resources);
    }
  };
  for (const page of document.getPages()) {
    visitResources(page.node.Resources());
    const annotations = page.node.lookup(name('Annots'));
    if (annotations instanceof PDFArray) {
      for (let n = 0; n < annotations.size(); n++) {
        const annotation = dictOf(annotations.lookup(n));
        const appearance = annotation && lookupDict(annotation, 'AP');
        for (const key of ['N', 'R', 'D']) {
          const entry = appearance?.lookup(name(key));
          if (entry instanceof PDFStream) visitResources(lookupDict(entry.dict, 'Resources'));
          else if (entry instanceof PDFDict) {
            for (const [, state] of entry.entries()) {
              const stream = document.context.lookup(state);
              if (stream instanceof PDFStream) visitResources(lookupDict(stream.dict, 'Resources'));
            }
          }
        }
      }
    }
  }
  while (pending.length > 0) {
    const resources = pending.pop()!;
    const fonts = lookupDict(resources, 'Font');
    for (const [, ref] of fonts?.entries() ?? []) {
      const font = dictOf(document.context.lookup(ref));
      if (!font || seen.has(font)) continue;
      seen.add(font);
      const base = fontName(font);
      if (!fontIsEmbedded(font) && !BASE_14.has(base)) unembedded.add(base);
      visitResources(lookupDict(font, 'Resources'));
    }
    for (const key of ['XObject', 'Pattern']) {
      for (const [, ref] of lookupDict(resources, key)?.entries() ?? []) {
        const object = dictOf(document.context.lookup(ref));
        if (object) visitResources(lookupDict(object, 'Resources'));
      }
    }
  }
  return [...unembedded].sort();
}

/**
 * Reads a PDF's structure with pdf-lib. pdf-lib's default parse yields to the event loop every hundred
 * objects, so a large file does not hold up other requests while it is read.
 */
export async function readPdfStructure(bytes: Uint8Array): Promise<PdfStructure> {
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
  } catch (error) {
    return { readable: false, reason: (error as Error).message.split('\n')[0]!.slice(0, 200) };
  }
  if (document.isEncrypted) return { readable: true, encrypted: true };
  try {
    const pages = document.getPages().map((page) => {
      const box = page.getCropBox();
      const turned = (((page.getRotation().angle % 360) + 360) % 360) % 180 === 90;
      return turned ? { width: box.height, height: box.width } : { width: box.width, height: box.height };
    });
    return { readable: true, encrypted: false, pages, unembeddedFonts: collectUnembeddedFonts(document) };
  } catch (error) {
    return { readable: false, reason: (error as Error).message.split('\n')[0]!.slice(0, 200) };
  }
}
