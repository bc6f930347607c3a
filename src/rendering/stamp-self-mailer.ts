/**
 * The stamping pass of a self-mailer: on the outside (the PDF's page 1) the ink-free area of the address
 * panel (SELF_MAILERS[size].inkFree: 4 × 2.375 in, 0.275 in from the panel's right and 0.25 in from its
 * bottom) is cleared and carries the indicia, return address, recipient and IMb
 * (src/rendering/address-area.ts). Pages are the flat sheet, no bleed.
 */
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { SELF_MAILERS, type SelfMailerSize } from '../documents/geometry.ts';
import { type AddressAreaLayout, type AddressAreaOptions, stampAddressArea } from './address-area.ts';
import { sameSize } from './stamp-postcard.ts';

export interface StampSelfMailerOptions extends AddressAreaOptions {
  /** 8.5x11_bifold, 8.5x11_trifold or 9.5x16_trifold. */
  size: SelfMailerSize;
}

export interface StampedSelfMailer {
  pdf: Uint8Array;
  /** Always 2: outside, inside. */
  pageCount: number;
  /** On page 1. */
  layout: AddressAreaLayout & { page: 1 };
}

/**
 * Stamps a 2-page self-mailer PDF. Throws RangeError for a PDF that is not two flat sheets of the size,
 * AddressLayoutError, ImbInputError, or pdf-lib's errors for a file it cannot read.
 */
export async function stampSelfMailer(
  pdf: Uint8Array,
  options: StampSelfMailerOptions,
): Promise<StampedSelfMailer> {
  const geometry = SELF_MAILERS[options.size];
  if (!geometry) throw new RangeError(`no self-mailer size ${options.size}`);
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  if (document.getPageCount() !== 2) {
    throw new RangeError(`a self-mailer PDF has 2 pages (outside, inside), not ${document.getPageCount()}`);
  }
  const outside = document.getPage(0);
  const size = outside.getCropBox();
  if (!sameSize(size, geometry.flat)) {
    throw new RangeError(
      `a ${options.size} self-mailer page is ${geometry.flat.width} × ${geometry.flat.height} pt, not ${size.width} × ${size.height}`,
    );
  }
  const font = await document.embedFont(StandardFonts.Helvetica);
  const layout = stampAddressArea(outside, font, geometry.inkFree, options);
  return { pdf: await document.save(), pageCount: 2, layout: { page: 1, ...layout } };
}
