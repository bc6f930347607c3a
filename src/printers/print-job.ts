// What a printer receives for an order: the order as the API shows it, its content ready to print (every
// HTML face rendered with the order's merge variables and contacts, templates as they were when the order
// was made, PDFs by URL) and its Intelligent Mail barcode.
import { buildTemplateVariables, renderTemplate } from '../templates/render.ts';
import type { PrintJobRow } from './repo.ts';

export interface PrintJob {
  object: 'print_job';
  orderId: string;
  order: Record<string, unknown>;
  /** Rendered HTML by face (`html`, `frontHTML`, `insideHTML`…) and PDF URLs by field (`uploadedPDF`…). */
  content: Record<string, string>;
  imb: Record<string, unknown> | null;
  /** Until when the requesting printer holds the order; null when it does not hold it. */
  claimExpiresAt: string | null;
  failures: number;
}

/** `frontTemplate` prints as `frontHTML`, `template` as `html`. */
function faceOfTemplateField(field: string): string {
  return field === 'template' ? 'html' : field.replace(/Template$/, 'HTML');
}

/** Renders each face of an order; `snapshots` holds the HTML of the templates it names. */
export function renderContent(
  order: Record<string, unknown>,
  details: Record<string, unknown>,
  snapshots: Record<string, string>,
): Record<string, string> {
  const variables = buildTemplateVariables(
    order.to,
    order.from,
    order.mergeVariables as Record<string, unknown> | undefined,
  );
  const content: Record<string, string> = {};
  for (const [field, value] of Object.entries(details)) {
    if (typeof value !== 'string') continue;
    if (/html$/i.test(field)) content[field] = renderTemplate(value, variables);
    else if (/pdf$/i.test(field)) content[field] = value;
  }
  for (const [field, html] of Object.entries(snapshots)) {
    content[faceOfTemplateField(field)] = renderTemplate(html, variables);
  }
  return content;
}

export function printJob(
  row: PrintJobRow,
  snapshots: Record<string, string>,
  printerId: string,
  at: Date,
): PrintJob {
  const order = row.json;
  const held = row.printer_id === printerId && row.claimable_at !== null && row.claimable_at > at;
  return {
    object: 'print_job',
    orderId: order.id,
    order,
    content: renderContent(order, row.details, snapshots),
    imb: (order.imb as Record<string, unknown> | undefined) ?? null,
    claimExpiresAt: held ? row.claimable_at!.toISOString() : null,
    failures: row.failures,
  };
}
