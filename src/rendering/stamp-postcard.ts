/**
 * The stamping pass of a postcard: on its back (the PDF's page 2, the address side) the ink-free area
 * (POSTCARDS[size].inkFree, 0.275 in from the right and 0.25 in from the bottom of the trim) is cleared
 * and carries the indicia, the return address, the recipient and the IMb (src/rendering/address-area.ts).
 *
 * Pages may be the artwork size (trim plus 1/8 in bleed, as uploads and the HTML renderer make them) or
 * the bare trim size; the area is placed on the trim either way.
 */
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import {
  onArtwork,
  PAGE_SIZE_TOLERANCE,
  POSTCARDS,
  type PostcardSize,
  type Size,
} from '../documents/geometry.ts';
import { type AddressAreaLayout, type AddressAreaOptions, stampAddressArea } from './address-area.ts';

export interface StampPostcardOptions extends AddressAreaOptions {
  /** PostGrid's size name: 6x4, 9x6 or 11x6. */
  size: PostcardSize;
}

export interface StampedPostcard {
  pdf: Uint8Array;
  /** Always 2: front, back. */
  pageCount: number;
  /** On page 2. */
  layout: AddressAreaLayout & { page: 2 };
}

/** Whether `actual` is `expected` to PAGE_SIZE_TOLERANCE. */
export function sameSize(actual: Size, expected: Size): boolean {
  return (
    Math.abs(actual.width - expected.width) <= PAGE_SIZE_TOLERANCE &&
    Math.abs(actual.height - expected.height) <= PAGE_SIZE_TOLERANCE
  );
}

/**
 * Stamps a 2-page postcard PDF. Throws RangeError for a PDF that is not two pages of the size's artwork
 * (or trim), AddressLayoutError, ImbInputError, or pdf-lib's errors for a file it cannot read.
 */
export async function stampPostcard(
  pdf: Uint8Array,
  options: StampPostcardOptions,
): Promise<StampedPostcard> {
  const geometry = POSTCARDS[options.size];
  if (!geometry) throw new RangeError(`no postcard size ${options.size}`);
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  if (document.getPageCount() !== 2) {
    throw new RangeError(`a postcard PDF has 2 pages (front, back), not ${document.getPageCount()}`);
  }
  const back = document.getPage(1);
  const size = back.getCropBox();
  let bleed: number;
  if (sameSize(size, geometry.artwork)) bleed = geometry.bleed;
  else if (sameSize(size, geometry.trim)) bleed = 0;
  else {
    throw new RangeError(
      `a ${options.size} postcard page is ${geometry.artwork.width} × ${geometry.artwork.height} pt, not ${size.width} × ${size.height}`,
    );
  }
  const font = await document.embedFont(StandardFonts.Helvetica);
  const layout = stampAddressArea(back, font, onArtwork(geometry.inkFree, bleed), options);
  return { pdf: await document.save(), pageCount: 2, layout: { page: 2, ...layout } };
}
