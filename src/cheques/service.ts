import type { Static } from '@sinclair/typebox';
import { bankAccountForCheque } from '../bank-accounts/service.ts';
import { resolveContact } from '../contacts/service.ts';
import { invalid } from '../errors.ts';
import { pdfUrl, presentFields } from '../orders/content-checks.ts';
import type { OrderKindContext, OrderKindSpec } from '../orders/service.ts';
import { takeReturnEnvelope } from '../return-envelopes/service.ts';
import { resolveHtmlSource } from '../templates/content.ts';
import { claimChequeNumber, takeChequeNumber } from './repo.ts';
import type { ChequeCreate } from './schemas.ts';

export type ChequeInput = Static<typeof ChequeCreate>;

function httpUrl(value: string, field: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw invalid(`${field} must be an http(s) URL.`);
  return value;
}

/** The optional letter sent with the cheque: HTML, a template or a PDF, at most one. */
async function attachedLetter(
  input: ChequeInput,
  context: OrderKindContext,
): Promise<Record<string, unknown>> {
  const given = presentFields(input, ['letterHTML', 'letterTemplate', 'letterPDF']);
  if (given.length > 1)
    throw invalid(
      `Supply at most one of letterHTML, letterTemplate or letterPDF, not ${given.join(' and ')}.`,
    );
  const pdf = input.letterPDF as string | Buffer | undefined;
  if (Buffer.isBuffer(pdf)) {
    const accepted = await context.uploads.accept(
      'letterPDF',
      { kind: 'cheque_letter', size: input.size ?? 'us_letter' },
      pdf,
      'upload',
    );
    return { letterUploadedPDFPages: accepted.pageCount };
  }
  if (pdf !== undefined) return { letterUploadedPDF: pdfUrl(pdf, 'letterPDF') };
  if (given.length === 0) return {};
  return resolveHtmlSource(context, input.mergeVariables, {
    htmlField: 'letterHTML',
    templateField: 'letterTemplate',
    html: input.letterHTML,
    template: input.letterTemplate,
  });
}

async function chequeNumber(input: ChequeInput, context: OrderKindContext): Promise<number> {
  if (input.number === undefined) return takeChequeNumber(context.tx, context.auth);
  const holder = await claimChequeNumber(context.tx, context.auth, input.number);
  if (holder) throw invalid(`number ${input.number} is already used by cheque ${holder}.`);
  return input.number;
}

/**
 * PostGrid's digital-only cheque is never mailed: it is created cancelled (reason `digital_only`) for
 * its owner to send or print. Whatever only matters to a mailed piece is refused rather than ignored.
 */
function checkDigitalOnly(input: ChequeInput): void {
  if (input.digitalOnly === undefined) return;
  const mailedOnly = presentFields(input, ['extraService', 'returnEnvelope', 'redirectTo']);
  if (mailedOnly.length > 0) {
    throw invalid(
      `${mailedOnly.join(', ')} cannot be used with digitalOnly: a digital-only cheque is not mailed.`,
    );
  }
}

export const chequeSpec: OrderKindSpec<ChequeInput> = {
  kind: 'cheque',
  label: 'Cheque',
  idPrefix: 'cheque',
  allowsExtraService: true,
  fromRequired: true,
  createdCancellation: (input) => (input.digitalOnly ? { reason: 'digital_only' } : undefined),
  details: async (input, context) => {
    checkDigitalOnly(input);
    const bank = await bankAccountForCheque(context.tx, context.auth, input.bankAccount);
    const letter = await attachedLetter(input, context);
    const logoURL = input.logoURL !== undefined ? httpUrl(input.logoURL, 'logoURL') : undefined;
    const redirectTo =
      input.redirectTo !== undefined
        ? await resolveContact(context.tx, context.auth, input.redirectTo, 'redirectTo')
        : undefined;
    // Row locks last, envelope before number (the same order everywhere), held until the cheque commits.
    const returnEnvelope =
      input.returnEnvelope !== undefined
        ? await takeReturnEnvelope(context.tx, context.auth, input.returnEnvelope)
        : undefined;
    const number = await chequeNumber(input, context);
    return {
      bankAccount: bank.id,
      amount: input.amount,
      // PostGrid: defaults to the bank account's currency; either may be drawn from either country.
      currencyCode: input.currencyCode ?? (bank.country === 'CA' ? 'CAD' : 'USD'),
      number,
      ...(input.memo !== undefined ? { memo: input.memo } : {}),
      ...(input.message !== undefined ? { message: input.message } : {}),
      ...(logoURL !== undefined ? { logoURL } : {}),
      size: input.size ?? 'us_letter',
      envelope: input.envelope ?? 'standard',
      ...(redirectTo ? { redirectTo } : {}),
      ...letter,
      ...(returnEnvelope ? { returnEnvelope } : {}),
      ...(input.digitalOnly ? { digitalOnly: { watermark: input.digitalOnly.watermark } } : {}),
    };
  },
};
