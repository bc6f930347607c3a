import type { Static } from '@sinclair/typebox';
import { invalid } from '../errors.ts';
import type { OrderKindSpec } from '../orders/service.ts';
import type { LetterCreate } from './schemas.ts';

export type LetterInput = Static<typeof LetterCreate>;

function validPdfUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export const letterSpec: OrderKindSpec<LetterInput> = {
  kind: 'letter',
  label: 'Letter',
  idPrefix: 'letter',
  allowsExtraService: true,
  fromRequired: true,
  details: async (input) => {
    const sources = [input.html, input.pdf].filter((v) => v !== undefined);
    if (sources.length !== 1) throw invalid('Exactly one of html or pdf is required.');
    if (input.pdf !== undefined && !validPdfUrl(input.pdf)) throw invalid('pdf must be an http(s) URL of a PDF.');
    return {
      ...(input.html !== undefined ? { html: input.html } : {}),
      ...(input.pdf !== undefined ? { uploadedPDF: input.pdf } : {}),
      size: input.size ?? 'us_letter',
      color: input.color ?? false,
      doubleSided: input.doubleSided ?? false,
      addressPlacement: input.addressPlacement ?? 'top_first_page',
      envelope: input.envelope ?? 'standard',
      ...(input.perforatedPage !== undefined ? { perforatedPage: input.perforatedPage } : {}),
    };
  },
};
