// The stamping pass of an order's render: addresses at the envelope windows, the IMb, the cheque face
// (src/rendering/stamp*.ts, cheque*.ts). Until those land on this branch the content prints as it is:
// the PDF passes through and its pages are counted.
import { PDFDocument } from '@cantoo/pdf-lib';

export interface StampSource {
  order: Record<string, unknown> & { id: string; object: string };
  details: Record<string, unknown>;
}

export async function stampOrder(
  _source: StampSource,
  pdf: Uint8Array,
): Promise<{ pdf: Uint8Array; pageCount: number }> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  return { pdf, pageCount: document.getPageCount() };
}
