import type { DocumentSpec } from '../documents/checks.ts';
import { invalid } from '../errors.ts';
import { pdfUrl, presentFields } from '../orders/content-checks.ts';
import type { OrderKindContext } from '../orders/service.ts';
import { checkHtmlLength, checkMergeVariablesLength } from './input-limits.ts';
import { buildTemplateVariables, MissingVariableError, TemplateSyntaxError } from './render.ts';
import { checkRenders, RenderLimitError } from './render-pool.ts';
import { findTemplate, insertTemplateSnapshot } from './repo.ts';

/** One printable face of an order (a letter, a postcard's front…): inline HTML or a template id. */
export interface HtmlSource {
  /** Names of the two request fields, e.g. `frontHTML` and `frontTemplate`. */
  htmlField: string;
  templateField: string;
  html?: string;
  template?: string;
}

/**
 * The shared content path of every order kind. Resolves the HTML (a template is looked up in the caller's
 * organization and mode, and its HTML kept with the order), then renders it once with
 * `{to, from, ...mergeVariables}` so a missing merge variable or broken `{{…}}` is a validation error at
 * create time rather than a blank on paper. The render keeps to the rendering limits (a provably small one
 * inline, any other on a worker thread, src/templates/render-pool.ts), and a template that passes them is a
 * validation error too. Returns the fields to store in the order's `details`.
 */
export async function resolveHtmlSource(
  context: OrderKindContext,
  mergeVariables: Record<string, unknown> | undefined,
  source: HtmlSource,
): Promise<Record<string, string>> {
  checkMergeVariablesLength(mergeVariables);
  return resolveFace(context, mergeVariables, source);
}

async function resolveFace(
  context: OrderKindContext,
  mergeVariables: Record<string, unknown> | undefined,
  source: HtmlSource,
): Promise<Record<string, string>> {
  let html: string;
  let field: string;
  let stored: Record<string, string>;
  if (source.template !== undefined) {
    field = source.templateField;
    const template = await findTemplate(context.tx, context.auth, source.template);
    if (!template) throw invalid(`${field}: template ${source.template} was not found.`);
    html = template.html;
    await insertTemplateSnapshot(context.tx, { orderId: context.id, field, templateId: template.id, html });
    stored = { [field]: template.id };
  } else if (source.html !== undefined) {
    field = source.htmlField;
    html = source.html;
    checkHtmlLength(field, html);
    stored = { [field]: html };
  } else {
    throw invalid(`${source.htmlField} or ${source.templateField} is required.`);
  }
  await checkContentRenders(html, field, buildTemplateVariables(context.to, context.from, mergeVariables));
  return stored;
}

async function checkContentRenders(
  html: string,
  field: string,
  variables: Record<string, unknown>,
): Promise<void> {
  try {
    await checkRenders(html, variables);
  } catch (error) {
    if (error instanceof MissingVariableError) {
      throw invalid(
        `${field}: merge variable "${error.variable}" is missing; supply it in mergeVariables (to and from are the contacts).`,
      );
    }
    if (error instanceof TemplateSyntaxError || error instanceof RenderLimitError) {
      throw invalid(`${field}: ${error.message}`);
    }
    throw error;
  }
}

/**
 * Content of a two-faced piece (postcard front/back, self-mailer inside/outside): either a 2-page `pdf`
 * URL, or for every face its HTML or its template, never both.
 */
export async function resolveFaces(
  context: OrderKindContext,
  input: { mergeVariables?: Record<string, unknown>; pdf?: string } & Record<string, unknown>,
  faces: readonly (readonly [htmlField: string, templateField: string])[],
  /** What an uploaded `pdf` is checked against (its kind and size). */
  pdfSpec: DocumentSpec,
): Promise<Record<string, unknown>> {
  const faceFields = faces.flat();
  if (input.pdf !== undefined) {
    const mixed = presentFields(input, faceFields);
    if (mixed.length) throw invalid(`pdf cannot be combined with ${mixed.join(', ')}.`);
    const pdf = input.pdf as string | Buffer;
    if (Buffer.isBuffer(pdf)) {
      const accepted = await context.uploads.accept('pdf', pdfSpec, pdf, 'upload');
      return { uploadedPDFPages: accepted.pageCount };
    }
    return { uploadedPDF: pdfUrl(pdf, 'pdf') };
  }
  for (const [htmlField, templateField] of faces) {
    if (input[htmlField] !== undefined && input[templateField] !== undefined) {
      throw invalid(`Supply either ${htmlField} or ${templateField}, not both.`);
    }
    if (input[htmlField] === undefined && input[templateField] === undefined) {
      throw invalid(`${htmlField} or ${templateField} is required (or a 2-page pdf).`);
    }
  }
  checkMergeVariablesLength(input.mergeVariables);
  for (const [htmlField] of faces) {
    const html = input[htmlField];
    if (typeof html === 'string') checkHtmlLength(htmlField, html);
  }
  let stored: Record<string, string> = {};
  for (const [htmlField, templateField] of faces) {
    const face = await resolveFace(context, input.mergeVariables, {
      htmlField,
      templateField,
      html: input[htmlField] as string | undefined,
      template: input[templateField] as string | undefined,
    });
    stored = { ...stored, ...face };
  }
  return stored;
}
