// What an order prints, made into one PDF (BRIEF §13): its HTML faces merged with the order's variables
// (the template pool, as at create) and rendered by Chromium at the kind's page size, or its uploaded or
// fetched PDF, with the attached PDF before or after; then the stamping pass puts the addresses, IMb and
// (cheques) the cheque face on it. Identical HTML at the same size is rendered once
// (order-render-cache.ts) and stamped per recipient.
import { PDFDocument } from '@cantoo/pdf-lib';
import type { DocumentsConfig } from '../config/documents.ts';
import type { Executor } from '../db/database.ts';
import type { DocumentSpec } from '../documents/checks.ts';
import {
  CHEQUE_PAGE,
  type ChequeSize,
  LETTER_PAGE,
  type LetterSize,
  POSTCARDS,
  type PostcardSize,
  SELF_MAILERS,
  type SelfMailerSize,
  type Size,
} from '../documents/geometry.ts';
import { acceptDocumentInput } from '../documents/inputs.ts';
import type { LinkedDocument } from '../documents/links.ts';
import { DocumentRejected } from '../documents/rejections.ts';
import type { DocumentStore } from '../documents/store.ts';
import { buildTemplateVariables, MissingVariableError, TemplateSyntaxError } from '../templates/render.ts';
import { RenderLimitError, renderInPool } from '../templates/render-pool.ts';
import type { ImbData } from './imb-bars.ts';
import type { OrderRenderCache } from './order-render-cache.ts';
import { stampOrder } from './order-render-stamp.ts';
import { RenderError } from './render-error.ts';

/** Turns HTML into a PDF page (or pages) of exactly `width` × `height` points. */
export interface HtmlToPdf {
  render(request: { html: string; width: number; height: number }): Promise<Uint8Array>;
}

/**
 * A render that cannot succeed as the order stands (bad content): the order's render fails with this
 * reason and the asset (the field) that failed. Anything else thrown is passing (a crash) and retried.
 */
export class OrderRenderFailure extends Error {
  override name = 'OrderRenderFailure';

  constructor(
    readonly reason: string,
    readonly asset: string,
    message: string,
  ) {
    super(message);
  }
}

/** The order as stored, with what it was made from. */
export interface RenderSource {
  order: Record<string, unknown> & { id: string; object: string };
  details: Record<string, unknown>;
  /** HTML of the templates it was made from, by field (`template`, `frontTemplate`…). */
  snapshots: Record<string, string>;
  /** Its `upload` and `attachment` documents. */
  documents: LinkedDocument[];
  /** Its IMb, for live US mail (assigned before the render: src/tracking/imb-assignment.ts). */
  imb?: ImbData | null;
}

export interface RenderDeps {
  db: Executor;
  store: DocumentStore;
  documents: Pick<DocumentsConfig, 'maxBytes' | 'fetchTimeoutMs' | 'fetchAllowPrivateNetworks'>;
  html: HtmlToPdf;
  cache: OrderRenderCache;
}

export interface RenderedOrder {
  /** The print-ready PDF. */
  pdf: Uint8Array;
  /** Pages of the PDF (what prints). */
  pageCount: number;
  /** Pages of content before stamping (what the price counts; an inserted address page comes on top). */
  contentPages: number;
  /** Whether the content came from the cache of identical renders. */
  reused: boolean;
}

/** One HTML face of the piece: the request field that gave it and its HTML before merging. */
interface Face {
  field: string;
  html: string;
}

const templateFieldOf = (htmlField: string) =>
  htmlField === 'html' ? 'template' : htmlField.replace(/HTML$/, 'Template');

/** The face given as `htmlField` (inline) or through its template field (a snapshot). */
function face(source: RenderSource, htmlField: string): Face | null {
  const inline = source.details[htmlField];
  if (typeof inline === 'string') return { field: htmlField, html: inline };
  const templateField = templateFieldOf(htmlField);
  const snapshot = source.snapshots[templateField];
  return snapshot === undefined ? null : { field: templateField, html: snapshot };
}

async function mergeFace(source: RenderSource, f: Face): Promise<string> {
  const { order } = source;
  const variables = buildTemplateVariables(
    order.to,
    order.from,
    order.mergeVariables as Record<string, unknown> | undefined,
  );
  try {
    // The create already rendered it within the limits; a busy thread gets more time here.
    return await renderInPool(f.html, variables, { timeFactor: 4 });
  } catch (error) {
    if (error instanceof MissingVariableError || error instanceof TemplateSyntaxError) {
      throw new OrderRenderFailure('merge_failed', f.field, `${f.field}: ${error.message}`);
    }
    if (error instanceof RenderLimitError) {
      throw new OrderRenderFailure('render_limit', f.field, `${f.field}: ${error.message}`);
    }
    throw error;
  }
}

async function renderFace(
  deps: RenderDeps,
  source: RenderSource,
  f: Face,
  size: Size,
): Promise<{ pdf: Uint8Array; reused: boolean }> {
  const html = await mergeFace(source, f);
  try {
    return await deps.cache.render(html, size, () =>
      deps.html.render({ html, width: size.width, height: size.height }),
    );
  } catch (error) {
    // A page Chromium will not print, or that takes too long, fails the same way every time.
    if (error instanceof RenderError && ['invalid_request', 'timeout', 'failed'].includes(error.reason)) {
      throw new OrderRenderFailure(`html_${error.reason}`, f.field, `${f.field}: ${error.message}`);
    }
    throw error;
  }
}

/** A customer's PDF: the stored upload, or the URL fetched now, once, through the SSRF guard. */
async function customerPdf(
  deps: RenderDeps,
  source: RenderSource,
  role: 'upload' | 'attachment',
  url: unknown,
  field: string,
  spec: DocumentSpec,
): Promise<Uint8Array | null> {
  const stored = source.documents.find((d) => d.role === role && d.page === 0);
  if (stored) return deps.store.read(deps.db, stored.document);
  if (typeof url !== 'string') return null;
  try {
    const accepted = await acceptDocumentInput(field, spec, url, { config: deps.documents });
    return accepted.bytes;
  } catch (error) {
    if (error instanceof DocumentRejected) throw new OrderRenderFailure(error.code, field, error.message);
    throw error;
  }
}

/** Concatenates PDFs, page by page. */
async function joinPdfs(parts: Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 1) return parts[0]!;
  const joined = await PDFDocument.create();
  for (const part of parts) {
    const source = await PDFDocument.load(part);
    for (const page of await joined.copyPages(source, source.getPageIndices())) joined.addPage(page);
  }
  return joined.save();
}

async function pageCountOf(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** The content of the piece, unstamped, and whether any of it was reused. */
async function content(
  deps: RenderDeps,
  source: RenderSource,
): Promise<{ pdf: Uint8Array | null; reused: boolean }> {
  const { details } = source;
  const kind = source.order.object;
  const parts: Uint8Array[] = [];
  let reused = false;
  const html = async (f: Face, size: Size) => {
    const rendered = await renderFace(deps, source, f, size);
    reused ||= rendered.reused;
    parts.push(rendered.pdf);
  };
  const required = (f: Face | null, what: string): Face => {
    if (!f)
      throw new OrderRenderFailure('missing_content', what, `${what}: the order has no content to print`);
    return f;
  };
  if (kind === 'letter') {
    const size = (details.size as LetterSize | undefined) ?? 'us_letter';
    const doubleSided = details.doubleSided === true;
    const attachedPDF = details.attachedPDF as { file?: string; placement?: string } | undefined;
    const attachment = attachedPDF
      ? await customerPdf(deps, source, 'attachment', attachedPDF.file, 'attachedPDF.file', {
          kind: 'letter_attachment',
          size,
          doubleSided,
        })
      : null;
    if (attachment && attachedPDF?.placement === 'before_template') parts.push(attachment);
    const pdf = await customerPdf(deps, source, 'upload', details.uploadedPDF, 'pdf', {
      kind: 'letter',
      size,
      doubleSided,
      addressPlacement: (details.addressPlacement as 'top_first_page' | undefined) ?? 'top_first_page',
    });
    if (pdf) parts.push(pdf);
    else await html(required(face(source, 'html'), 'html'), LETTER_PAGE[size]);
    if (attachment && attachedPDF?.placement !== 'before_template') parts.push(attachment);
  } else if (kind === 'postcard' || kind === 'self_mailer') {
    const postcard = kind === 'postcard';
    const size = postcard
      ? POSTCARDS[details.size as PostcardSize].artwork
      : SELF_MAILERS[details.size as SelfMailerSize].flat;
    const spec: DocumentSpec = postcard
      ? { kind: 'postcard', size: details.size as PostcardSize }
      : { kind: 'self_mailer', size: details.size as SelfMailerSize };
    const pdf = await customerPdf(deps, source, 'upload', details.uploadedPDF, 'pdf', spec);
    if (pdf) parts.push(pdf);
    else {
      // The PDF's page order: postcards front then back (the address side), self-mailers outside then inside.
      const faces = postcard ? ['frontHTML', 'backHTML'] : ['outsideHTML', 'insideHTML'];
      for (const field of faces) await html(required(face(source, field), field), size);
    }
  } else if (kind === 'cheque') {
    // The cheque face is made by the stamping pass; the content is the letter after it, if any.
    const size = (details.size as ChequeSize | undefined) ?? 'us_letter';
    const letter = await customerPdf(deps, source, 'upload', details.letterUploadedPDF, 'letterPDF', {
      kind: 'cheque_letter',
      size,
    });
    if (letter) parts.push(letter);
    else {
      const f = face(source, 'letterHTML');
      if (f) await html(f, CHEQUE_PAGE[size]);
    }
  } else {
    throw new OrderRenderFailure('unknown_kind', 'object', `orders of kind ${kind} are not rendered`);
  }
  return { pdf: parts.length === 0 ? null : await joinPdfs(parts), reused };
}

/** The print-ready PDF of an order. OrderRenderFailure when its content cannot print. */
export async function renderOrderPdf(deps: RenderDeps, source: RenderSource): Promise<RenderedOrder> {
  const made = await content(deps, source);
  let stamped: { pdf: Uint8Array; pageCount: number };
  try {
    stamped = await stampOrder(deps, source, made.pdf);
  } catch (error) {
    // An address that does not fit its window, a page the stamping pass cannot read: the same every time.
    throw new OrderRenderFailure(
      'stamp_failed',
      'to',
      `the addresses could not be stamped: ${(error as Error).message}`,
    );
  }
  // A cheque's page is the cheque itself: it counts as the content.
  const contentPages =
    made.pdf && source.order.object !== 'cheque' ? await pageCountOf(made.pdf) : stamped.pageCount;
  return { pdf: stamped.pdf, pageCount: stamped.pageCount, contentPages, reused: made.reused };
}
