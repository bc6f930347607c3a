// What a printer receives for an order: the order as the API shows it, less its content (no HTML, no
// customer URLs), the reference of its print-ready PDF (rendered by mailstream, src/rendering) to fetch
// from GET /printer/v1/orders/{id}/pdf and check against its sha256, and its Intelligent Mail barcode.
import { PRINTER_PREFIX_PATH } from './paths.ts';
import type { PrintJobRow } from './repo.ts';

/** The print-ready PDF of a print job. */
export interface PrintDocument {
  object: 'document';
  documentId: string;
  contentType: string;
  /** Hex; the printer checks the bytes it fetched against it. */
  sha256: string;
  size: number;
  pageCount: number;
  /** Where to fetch it (with the printer key), relative to the server. */
  url: string;
}

export interface PrintJob {
  object: 'print_job';
  orderId: string;
  order: Record<string, unknown>;
  /** The document to print; null only for an order printing from before rendering existed. */
  content: PrintDocument | null;
  imb: Record<string, unknown> | null;
  /** Until when the requesting printer holds the order; null when it does not hold it. */
  claimExpiresAt: string | null;
  failures: number;
}

/**
 * Fields of the order that are its content, as the customer gave it: HTML, template ids and URLs. A
 * printer prints the rendered PDF, never these.
 */
function isContentField(field: string): boolean {
  return (
    /html$/i.test(field) ||
    /template$/i.test(field) ||
    /pdf$/i.test(field) ||
    field === 'mergeVariables' ||
    field === 'plasticCard'
  );
}

/** The order as a printer sees it: content fields removed, an attachedPDF's URL too. */
export function printOrder(order: Record<string, unknown>): Record<string, unknown> {
  const shown = Object.fromEntries(Object.entries(order).filter(([field]) => !isContentField(field)));
  const attached = order.attachedPDF as { placement?: string } | undefined;
  if (attached) shown.attachedPDF = { placement: attached.placement };
  return shown;
}

export function printJob(row: PrintJobRow, printerId: string, at: Date): PrintJob {
  const order = row.json;
  const held = row.printer_id === printerId && row.claimable_at !== null && row.claimable_at > at;
  const document = row.document;
  return {
    object: 'print_job',
    orderId: order.id,
    order: printOrder(order),
    content: document
      ? {
          object: 'document',
          documentId: document.id,
          contentType: document.content_type,
          sha256: document.sha256.toString('hex'),
          size: Number(document.size),
          pageCount: document.page_count,
          url: `${PRINTER_PREFIX_PATH}/orders/${order.id}/pdf`,
        }
      : null,
    imb: (order.imb as Record<string, unknown> | undefined) ?? null,
    claimExpiresAt: held ? row.claimable_at!.toISOString() : null,
    failures: row.failures,
  };
}
