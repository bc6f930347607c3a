/**
 * PDFs and images for the document tests, made here with pdf-lib (and @napi-rs/canvas for JPEG and PNG
 * pixels), so every file a test feeds the checks is one whose content the test chose.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  beginText,
  degrees,
  endText,
  moveText,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  type PDFPage,
  type PDFRef,
  rgb,
  StandardFonts,
  setFontAndSize,
  showText,
} from '@cantoo/pdf-lib';
import { createCanvas } from '@napi-rs/canvas';

export const IN = 72;

/** A PDF with one page per size (points), each drawn by `draw` when given. */
export async function makePdf(
  sizes: Array<[number, number]>,
  draw?: (page: PDFPage, document: PDFDocument, index: number) => void | Promise<void>,
): Promise<Buffer> {
  const document = await PDFDocument.create();
  for (const [index, size] of sizes.entries()) {
    const page = document.addPage(size);
    await draw?.(page, document, index);
  }
  // pdf-lib adds a blank A4 page to a document without pages unless told not to.
  return Buffer.from(await document.save({ addDefaultPage: false }));
}

export const pages = (count: number, size: [number, number]): Array<[number, number]> =>
  Array.from({ length: count }, () => size);

const helvetica = new WeakMap<PDFDocument, Promise<PDFFont>>();

/** Text in Helvetica (a base-14 font, not embedded), its baseline at (x, y) inches from the page's top-left. */
export async function drawText(
  page: PDFPage,
  document: PDFDocument,
  text: string,
  x: number,
  y: number,
  size = 12,
) {
  // One font object per document, as PDF producers write it.
  if (!helvetica.has(document)) helvetica.set(document, document.embedFont(StandardFonts.Helvetica));
  const font = await helvetica.get(document)!;
  page.drawText(text, { x: x * IN, y: page.getHeight() - y * IN, size, font, color: rgb(0, 0, 0) });
}

/** A filled rectangle given in inches from the page's top-left. */
export function drawBox(page: PDFPage, x: number, y: number, width: number, height: number, white = false) {
  page.drawRectangle({
    x: x * IN,
    y: page.getHeight() - (y + height) * IN,
    width: width * IN,
    height: height * IN,
    color: white ? rgb(1, 1, 1) : rgb(0.2, 0.3, 0.8),
  });
}

export async function encryptedPdf(userPassword: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([612, 792]);
  await drawText(page, document, 'Secret', 1, 5);
  document.encrypt({
    userPassword,
    ownerPassword: 'owner-password',
    permissions: { printing: 'highResolution' },
  });
  return Buffer.from(await document.save());
}

const liberationSans = () =>
  readFileSync(
    path.join(
      path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
      'standard_fonts/LiberationSans-Regular.ttf',
    ),
  );

/**
 * A TrueType font dictionary named `baseFont`, its glyphs embedded (pdfjs-dist's Liberation Sans) or not,
 * registered in the document. pdf-lib embeds custom fonts only with fontkit, so the dictionary is built here.
 */
function trueTypeFont(document: PDFDocument, baseFont: string, embed: boolean): PDFRef {
  const context = document.context;
  const descriptor = context.obj({
    Type: 'FontDescriptor',
    FontName: baseFont,
    Flags: 32,
    FontBBox: [-200, -300, 1200, 1000],
    ItalicAngle: 0,
    Ascent: 905,
    Descent: -212,
    CapHeight: 716,
    StemV: 80,
  });
  if (embed) {
    const bytes = liberationSans();
    descriptor.set(
      PDFName.of('FontFile2'),
      context.register(context.stream(bytes, { Length1: bytes.length })),
    );
  }
  return context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'TrueType',
      BaseFont: baseFont,
      FirstChar: 32,
      LastChar: 126,
      Widths: Array.from({ length: 95 }, () => 556),
      Encoding: 'WinAnsiEncoding',
      FontDescriptor: context.register(descriptor),
    }),
  );
}

/** Writes `text` at (x, y) inches from the top-left with a TrueType font named `baseFont`. */
export function drawWithTrueType(
  page: PDFPage,
  document: PDFDocument,
  baseFont: string,
  embed: boolean,
  x = 1,
  y = 5,
) {
  const key = page.node.newFontDictionary('TT', trueTypeFont(document, baseFont, embed));
  page.pushOperators(
    beginText(),
    setFontAndSize(key, 12),
    moveText(x * IN, page.getHeight() - y * IN),
    showText(PDFHexString.fromText('Hello')),
    endText(),
  );
}

/** A us_letter page whose only text is set in an unembedded font, inside a form XObject drawn on the page. */
export async function unembeddedFontInForm(baseFont: string): Promise<Buffer> {
  const source = await PDFDocument.create();
  drawWithTrueType(source.addPage([612, 792]), source, baseFont, false);
  const document = await PDFDocument.create();
  const [form] = await document.embedPdf(await source.save());
  document.addPage([612, 792]).drawPage(form!, { x: 0, y: 0 });
  return Buffer.from(await document.save());
}

/** A landscape page turned upright by /Rotate 90: seen (and printed) as portrait. */
export async function rotatedLetter(): Promise<Buffer> {
  return makePdf([[792, 612]], (page) => {
    page.setRotation(degrees(90));
  });
}

/** PNG or JPEG pixels of a plain colour. */
export async function image(type: 'png' | 'jpeg', width: number, height: number): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#3366aa';
  context.fillRect(0, 0, width, height);
  return Buffer.from(type === 'png' ? await canvas.encode('png') : await canvas.encode('jpeg', 80));
}
