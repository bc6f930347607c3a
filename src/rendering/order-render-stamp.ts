// The stamping pass of an order's render (BRIEF §13): the addresses at the envelope windows or in the
// ink-free area (stamp-letter.ts, stamp-postcard.ts, stamp-self-mailer.ts) and, for cheques, the cheque
// face with its MICR line (cheque-face.ts), which carries the letter on the pages after it.
//
// The IMb of live US mail is assigned just before the render (src/tracking/imb-assignment.ts, imbForRender)
// and drawn under the recipient here, so the print-ready PDF carries the same barcode as the order's `imb`
// and the print job's. Content reused across orders (order-render-cache.ts) is never stamped in place: each
// order's pass loads a copy and draws its own addresses and barcode.
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ChequeSize, LetterSize, PostcardSize, SelfMailerSize } from '../documents/geometry.ts';
import { bankAccountSignature } from '../documents/links.ts';
import type { DocumentStore } from '../documents/store.ts';
import type { MailAddress } from './address-lines.ts';
import { renderCheque } from './cheque-face.ts';
import type { ImbData } from './imb-bars.ts';
import { stampLetter } from './stamp-letter.ts';
import { stampPostcard } from './stamp-postcard.ts';
import { stampSelfMailer } from './stamp-self-mailer.ts';

export interface StampSource {
  order: Record<string, unknown> & { id: string; object: string };
  details: Record<string, unknown>;
  /** The order's IMb (live US mail), drawn under the recipient; none when absent. */
  imb?: ImbData | null;
}

export interface StampDeps {
  db: Executor;
  store: DocumentStore;
}

const address = (contact: unknown): MailAddress | undefined =>
  contact && typeof contact === 'object' ? (contact as MailAddress) : undefined;

interface BankRow {
  bank_name: string;
  bank_primary_line: string | null;
  bank_secondary_line: string | null;
  bank_country_code: string;
  account_number: string;
  routing_number: string | null;
  transit_number: string | null;
  route_number: string | null;
  signature_text: string | null;
}

/** The cheque's bank account as printed, even when the account was deleted since (its cheques still print). */
async function chequeBank(deps: StampDeps, bankAccountId: string) {
  const { rows } = await sql<BankRow>`
    select bank_name, bank_primary_line, bank_secondary_line, bank_country_code, account_number, routing_number,
           transit_number, route_number, signature_text
    from bank_accounts where id = ${bankAccountId}`.execute(deps.db);
  const row = rows[0];
  if (!row) throw new Error(`bank account ${bankAccountId} is missing`);
  const signature = await bankAccountSignature(deps.db, bankAccountId);
  return {
    bankName: row.bank_name,
    ...(row.bank_primary_line ? { bankPrimaryLine: row.bank_primary_line } : {}),
    ...(row.bank_secondary_line ? { bankSecondaryLine: row.bank_secondary_line } : {}),
    bankCountryCode: row.bank_country_code,
    accountNumber: row.account_number,
    ...(row.routing_number ? { routingNumber: row.routing_number } : {}),
    ...(row.transit_number ? { transitNumber: row.transit_number } : {}),
    ...(row.route_number ? { routeNumber: row.route_number } : {}),
    ...(row.signature_text ? { signatureText: row.signature_text } : {}),
    ...(signature ? { signatureImage: await deps.store.read(deps.db, signature) } : {}),
  };
}

/** Stamps `pdf` (the content; for a cheque the letter after it, or null) for the order's kind. */
export async function stampOrder(
  deps: StampDeps,
  source: StampSource,
  pdf: Uint8Array | null,
): Promise<{ pdf: Uint8Array; pageCount: number }> {
  const { order, details } = source;
  const to = address(order.to)!;
  const from = address(order.from);
  const sender = from ? { from } : {};
  const barcode = source.imb
    ? { imb: { trackingCode: source.imb.trackingCode, routingCode: source.imb.routingCode } }
    : {};
  switch (order.object) {
    case 'letter':
      return stampLetter(pdf!, {
        to,
        ...sender,
        ...barcode,
        addressPlacement: (details.addressPlacement as 'top_first_page' | undefined) ?? 'top_first_page',
        doubleSided: details.doubleSided === true,
        size: (details.size as LetterSize | undefined) ?? 'us_letter',
      });
    case 'postcard':
      return stampPostcard(pdf!, { to, ...sender, ...barcode, size: details.size as PostcardSize });
    case 'self_mailer':
      return stampSelfMailer(pdf!, { to, ...sender, ...barcode, size: details.size as SelfMailerSize });
    case 'cheque':
      return renderCheque({
        size: (details.size as ChequeSize | undefined) ?? 'us_letter',
        number: details.number as number,
        date: String(order.sendDate ?? order.createdAt),
        amount: details.amount as number,
        currencyCode: details.currencyCode as string | undefined,
        to,
        ...sender,
        ...barcode,
        bank: await chequeBank(deps, String(details.bankAccount)),
        ...(typeof details.memo === 'string' ? { memo: details.memo } : {}),
        ...(typeof details.message === 'string' ? { message: details.message } : {}),
        live: order.live === true,
        ...(pdf ? { letterPdf: pdf } : {}),
      });
    default:
      throw new Error(`orders of kind ${order.object} are not stamped`);
  }
}
