// What a printer receives for an order: the order as the API shows it, its content ready to print (every
// HTML face rendered with the order's merge variables and contacts, templates as they were when the order
// was made, PDFs by URL) and its Intelligent Mail barcode.
import { ApiError } from '../errors.ts';
import { buildTemplateVariables, MissingVariableError, TemplateSyntaxError } from '../templates/render.ts';
import { RenderLimitError, renderInPool } from '../templates/render-pool.ts';
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

/**
 * Content accepted at create time renders again here: its CPU budget is stretched by this factor, so the
 * jitter of a busy thread cannot make an accepted order unprintable. The output cap stays as it was.
 */
const PRINT_TIME_FACTOR = 4;

/**
 * Renders each face of an order through the render pool, with the rendering limits; `snapshots` holds the
 * HTML of the templates it names. A face that cannot render (limits lowered since the order was made)
 * is a 422 naming the order and the face, never a 500.
 */
export async function renderContent(
  order: Record<string, unknown>,
  details: Record<string, unknown>,
  snapshots: Record<string, string>,
): Promise<Record<string, string>> {
  const variables = buildTemplateVariables(
    order.to,
    order.from,
    order.mergeVariables as Record<string, unknown> | undefined,
  );
  const render = async (face: string, html: string) => {
    try {
      return await renderInPool(html, variables, { timeFactor: PRINT_TIME_FACTOR });
    } catch (error) {
      if (
        error instanceof MissingVariableError ||
        error instanceof TemplateSyntaxError ||
        error instanceof RenderLimitError
      ) {
        throw new ApiError(
          'unprocessable_error',
          `Order ${String(order.id)}: ${face} cannot be rendered: ${error.message}`,
        );
      }
      throw error;
    }
  };
  const entries: [field: string, value: Promise<string> | string][] = [];
  for (const [field, value] of Object.entries(details)) {
    if (typeof value !== 'string') continue;
    if (/html$/i.test(field)) entries.push([field, render(field, value)]);
    else if (/pdf$/i.test(field)) entries.push([field, value]);
  }
  for (const [field, html] of Object.entries(snapshots)) {
    const face = faceOfTemplateField(field);
    entries.push([face, render(face, html)]);
  }
  const values = await Promise.all(entries.map(([, value]) => value));
  return Object.fromEntries(entries.map(([field], i) => [field, values[i]!]));
}

export async function printJob(
  row: PrintJobRow,
  snapshots: Record<string, string>,
  printerId: string,
  at: Date,
): Promise<PrintJob> {
  const order = row.json;
  const held = row.printer_id === printerId && row.claimable_at !== null && row.claimable_at > at;
  return {
    object: 'print_job',
    orderId: order.id,
    order,
    content: await renderContent(order, row.details, snapshots),
    imb: (order.imb as Record<string, unknown> | undefined) ?? null,
    claimExpiresAt: held ? row.claimable_at!.toISOString() : null,
    failures: row.failures,
  };
}
