import type { Static } from '@sinclair/typebox';
import type { DocumentSpec } from '../documents/checks.ts';
import { invalid } from '../errors.ts';
import { pdfUrl, presentFields } from '../orders/content-checks.ts';
import type { OrderKindContext, OrderKindSpec } from '../orders/service.ts';
import { takeReturnEnvelope } from '../return-envelopes/service.ts';
import { resolveHtmlSource } from '../templates/content.ts';
import { attachedPdf, plasticCard } from './enclosures.ts';
import type { LetterCreate } from './schemas.ts';

export type LetterInput = Static<typeof LetterCreate>;

/**
 * An uploaded file as a kind's content: checked now (a 400 with Lob's code), stored with the order.
 * Its details say only that the content is the upload; the file is the order's `upload` document.
 */
export async function uploaded(
  context: OrderKindContext,
  field: string,
  spec: DocumentSpec,
  bytes: Buffer,
): Promise<Record<string, unknown>> {
  const accepted = await context.uploads.accept(field, spec, bytes, 'upload');
  return { uploadedPDFPages: accepted.pageCount };
}

export const letterSpec: OrderKindSpec<LetterInput> = {
  kind: 'letter',
  label: 'Letter',
  idPrefix: 'letter',
  allowsExtraService: true,
  fromRequired: true,
  details: async (input, context) => {
    if (presentFields(input, ['html', 'template', 'pdf']).length !== 1) {
      throw invalid('Exactly one of template, html or pdf is required.');
    }
    const size = input.size ?? 'us_letter';
    const doubleSided = input.doubleSided ?? false;
    const addressPlacement = input.addressPlacement ?? 'top_first_page';
    const pdf = input.pdf as string | Buffer | undefined;
    const content = Buffer.isBuffer(pdf)
      ? await uploaded(context, 'pdf', { kind: 'letter', size, doubleSided, addressPlacement }, pdf)
      : pdf !== undefined
        ? { uploadedPDF: pdfUrl(pdf, 'pdf') }
        : await resolveHtmlSource(context, input.mergeVariables, {
            htmlField: 'html',
            templateField: 'template',
            html: input.html,
            template: input.template,
          });
    const attached =
      input.attachedPDF !== undefined
        ? await attachedPdf(input.attachedPDF, context, { size, doubleSided })
        : undefined;
    const card =
      input.plasticCard !== undefined
        ? await plasticCard(input.plasticCard, input.mergeVariables, context)
        : undefined;
    // Last, after every other check: it takes a row lock on the envelope until the order commits.
    const returnEnvelope =
      input.returnEnvelope !== undefined
        ? await takeReturnEnvelope(context.tx, context.auth, input.returnEnvelope)
        : null;
    return {
      ...content,
      size,
      color: input.color ?? false,
      doubleSided,
      addressPlacement,
      envelope: input.envelope ?? 'standard',
      ...(input.perforatedPage !== undefined ? { perforatedPage: input.perforatedPage } : {}),
      ...(returnEnvelope ? { returnEnvelope } : {}),
      ...(attached ? { attachedPDF: attached } : {}),
      ...(card ? { plasticCard: card } : {}),
    };
  },
};
