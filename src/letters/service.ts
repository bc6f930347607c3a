import type { Static } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import { pdfUrl, presentFields } from '../orders/content-checks.ts';
import type { OrderKindSpec } from '../orders/service.ts';
import { takeReturnEnvelope } from '../return-envelopes/service.ts';
import { resolveHtmlSource } from '../templates/content.ts';
import { attachedPdf, plasticCard } from './enclosures.ts';
import type { LetterCreate } from './schemas.ts';

export type LetterInput = Static<typeof LetterCreate>;

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
    const content =
      input.pdf !== undefined
        ? { uploadedPDF: pdfUrl(input.pdf, 'pdf') }
        : await resolveHtmlSource(context, input.mergeVariables, {
            htmlField: 'html',
            templateField: 'template',
            html: input.html,
            template: input.template,
          });
    const attached = input.attachedPDF !== undefined ? attachedPdf(input.attachedPDF) : undefined;
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
      size: input.size ?? 'us_letter',
      color: input.color ?? false,
      doubleSided: input.doubleSided ?? false,
      addressPlacement: input.addressPlacement ?? 'top_first_page',
      envelope: input.envelope ?? 'standard',
      ...(input.perforatedPage !== undefined ? { perforatedPage: input.perforatedPage } : {}),
      ...(returnEnvelope ? { returnEnvelope } : {}),
      ...(attached ? { attachedPDF: attached } : {}),
      ...(card ? { plasticCard: card } : {}),
    };
  },
};
