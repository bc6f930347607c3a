// What PostGrid lets a letter carry besides its own content: an attached PDF (printed before or after
// it) and a plastic card. Both are checked like the letter's content and stored as given, so the order
// shows them and a printer's print job (its `order`) carries them; a card's templates are kept with the
// order like every template (src/templates/content.ts).
import type { Static } from '@sinclair/typebox';
import type { LetterSize } from '../documents/geometry.ts';
import { invalid } from '../errors.ts';
import { pdfUrl, presentFields } from '../orders/content-checks.ts';
import type { OrderKindContext } from '../orders/service.ts';
import { resolveHtmlSource } from '../templates/content.ts';
import type { AttachedPDF, PlasticCard } from './schemas.ts';

type AttachedPdfInput = Static<typeof AttachedPDF>;
type PlasticCardInput = Static<typeof PlasticCard>;

/** A URL is kept as given; an uploaded file is checked now and stored with the order (`attachment`). */
export async function attachedPdf(
  input: AttachedPdfInput,
  context: OrderKindContext,
  letter: { size: LetterSize; doubleSided: boolean },
): Promise<Record<string, unknown>> {
  const file = input.file as string | Buffer;
  if (Buffer.isBuffer(file)) {
    const accepted = await context.uploads.accept(
      'attachedPDF.file',
      { kind: 'letter_attachment', ...letter },
      file,
      'attachment',
    );
    return { placement: input.placement, pages: accepted.pageCount };
  }
  return { file: pdfUrl(file, 'attachedPDF.file'), placement: input.placement };
}

async function cardFace(
  context: OrderKindContext,
  mergeVariables: Record<string, unknown> | undefined,
  path: string,
  face: { htmlField: string; templateField: string; html?: string; template?: string },
): Promise<Record<string, string>> {
  const stored = await resolveHtmlSource(context, mergeVariables, {
    htmlField: `${path}.${face.htmlField}`,
    templateField: `${path}.${face.templateField}`,
    html: face.html,
    template: face.template,
  });
  // resolveHtmlSource names what it stores by its full path; the card keeps PostGrid's own field names.
  return Object.fromEntries(
    Object.entries(stored).map(([key, value]) => [key.slice(path.length + 1), value]),
  );
}

/**
 * A plastic card: exactly one of `singleSided` (html, template or pdf) and `doubleSided` (a 2-page pdf,
 * or a front and a back, each HTML or a template). HTML is rendered once with the letter's merge
 * variables so a missing variable is a 400 now, as for the letter itself.
 */
export async function plasticCard(
  input: PlasticCardInput,
  mergeVariables: Record<string, unknown> | undefined,
  context: OrderKindContext,
): Promise<PlasticCardInput> {
  const sides = presentFields(input, ['singleSided', 'doubleSided']);
  if (sides.length !== 1) {
    throw invalid('plasticCard takes exactly one of singleSided or doubleSided.');
  }
  if (input.singleSided) {
    const side = input.singleSided;
    const path = 'plasticCard.singleSided';
    const given = presentFields(side, ['html', 'template', 'pdf']);
    if (given.length !== 1) throw invalid(`${path} takes exactly one of html, template or pdf.`);
    if (side.pdf !== undefined) {
      return { size: input.size, singleSided: { pdf: pdfUrl(side.pdf, `${path}.pdf`) } };
    }
    const face = await cardFace(context, mergeVariables, path, {
      htmlField: 'html',
      templateField: 'template',
      html: side.html,
      template: side.template,
    });
    return { size: input.size, singleSided: face };
  }
  const side = input.doubleSided!;
  const path = 'plasticCard.doubleSided';
  const faceFields = ['frontHTML', 'frontTemplate', 'backHTML', 'backTemplate'] as const;
  if (side.pdf !== undefined) {
    const mixed = presentFields(side, faceFields);
    if (mixed.length > 0) throw invalid(`${path}.pdf cannot be combined with ${mixed.join(', ')}.`);
    return { size: input.size, doubleSided: { pdf: pdfUrl(side.pdf, `${path}.pdf`) } };
  }
  let stored: Record<string, string> = {};
  for (const face of ['front', 'back'] as const) {
    const htmlField = `${face}HTML` as const;
    const templateField = `${face}Template` as const;
    if (side[htmlField] !== undefined && side[templateField] !== undefined) {
      throw invalid(`Supply either ${path}.${htmlField} or ${path}.${templateField}, not both.`);
    }
    if (side[htmlField] === undefined && side[templateField] === undefined) {
      throw invalid(`${path}.${htmlField} or ${path}.${templateField} is required (or a 2-page pdf).`);
    }
    const resolved = await cardFace(context, mergeVariables, path, {
      htmlField,
      templateField,
      html: side[htmlField],
      template: side[templateField],
    });
    stored = { ...stored, ...resolved };
  }
  return { size: input.size, doubleSided: stored };
}
