import type { Static } from '@sinclair/typebox';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { type AcceptedInput, acceptDocumentInput, storeAcceptedInput } from '../documents/inputs.ts';
import { linkBankAccountSignature } from '../documents/links.ts';
import { invalid, notFound } from '../errors.ts';
import { createdAtRangeOf } from '../http/created-range.ts';
import { listPage, parseSearch } from '../http/list.ts';
import { newId } from '../ids.ts';
import { presentFields } from '../orders/content-checks.ts';
import type { Scope } from '../orders/repo.ts';
import type { OrderDocumentsDeps } from '../orders/uploads.ts';
import {
  type BankAccountFilters,
  type BankAccountRow,
  findBankAccount,
  insertBankAccount,
  listBankAccounts,
  softDeleteBankAccount,
} from './repo.ts';
import {
  isValidAbaRoutingNumber,
  isValidCanadianRoute,
  isValidCanadianTransit,
  maskAccountNumber,
} from './routing-number.ts';
import type { BankAccountCreate, BankAccountListQuery } from './schemas.ts';

export type BankAccountInput = Static<typeof BankAccountCreate>;

/** The only shape a bank account leaves in: the account number cut to its last 4 digits. */
export function serializeBankAccount(row: BankAccountRow) {
  const optional = (key: string, value: string | null) => (value !== null ? { [key]: value } : {});
  return {
    id: row.id,
    object: 'bank_account' as const,
    live: row.live,
    bankName: row.bank_name,
    ...optional('bankPrimaryLine', row.bank_primary_line),
    ...optional('bankSecondaryLine', row.bank_secondary_line),
    bankCountryCode: row.bank_country_code,
    accountNumber: maskAccountNumber(row.account_number),
    ...optional('routingNumber', row.routing_number),
    ...optional('transitNumber', row.transit_number),
    ...optional('routeNumber', row.route_number),
    ...optional('caDesignationNumber', row.ca_designation_number),
    ...optional('signatureText', row.signature_text),
    ...optional('signatureImage', row.signature_image),
    ...optional('description', row.description),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// MICR account fields: US accounts run up to 17 digits (the ACH limit), Canadian ones 5 to 12.
const accountDigits = { US: { min: 4, max: 17 }, CA: { min: 5, max: 12 } } as const;

/** Messages never repeat the account number: it must not end up in client logs or ours. */
function normaliseAccountNumber(raw: string, country: 'US' | 'CA'): string {
  const digits = raw.replace(/[\s-]/g, '');
  const { min, max } = accountDigits[country];
  if (!/^\d+$/.test(digits) || digits.length < min || digits.length > max) {
    throw invalid(`accountNumber must be ${min} to ${max} digits for a ${country} bank account.`);
  }
  return digits;
}

function checkBankIdentifiers(input: BankAccountInput): void {
  if (input.bankCountryCode === 'US') {
    const canadian = presentFields(input, ['transitNumber', 'routeNumber', 'caDesignationNumber']);
    if (canadian.length > 0) {
      throw invalid(
        `${canadian.join(' and ')} ${canadian.length > 1 ? 'are' : 'is'} for CA bank accounts; a US account takes routingNumber.`,
      );
    }
    if (input.routingNumber === undefined) throw invalid('routingNumber is required for a US bank account.');
    if (!isValidAbaRoutingNumber(input.routingNumber)) {
      throw invalid('routingNumber is not a valid ABA routing number (9 digits, valid prefix and checksum).');
    }
    return;
  }
  if (input.routingNumber !== undefined) {
    throw invalid('routingNumber is for US bank accounts; a CA account takes routeNumber and transitNumber.');
  }
  if (input.routeNumber === undefined || !isValidCanadianRoute(input.routeNumber)) {
    throw invalid('routeNumber (the 3-digit institution number) is required for a CA bank account.');
  }
  if (input.transitNumber === undefined || !isValidCanadianTransit(input.transitNumber)) {
    throw invalid('transitNumber (the 5-digit branch transit number) is required for a CA bank account.');
  }
  if (input.caDesignationNumber !== undefined && !/^\d{3}$/.test(input.caDesignationNumber)) {
    throw invalid('caDesignationNumber must be the 3-digit designation number of the CA bank account.');
  }
}

function checkSignature(input: BankAccountInput): void {
  const given = [input.signatureText, input.signatureImage].filter((v) => v !== undefined);
  if (given.length !== 1) throw invalid('Exactly one of signatureText or signatureImage is required.');
  if (input.signatureImage !== undefined && !Buffer.isBuffer(input.signatureImage)) {
    let url: URL | undefined;
    try {
      url = new URL(input.signatureImage);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw invalid(
        'signatureImage must be a PNG or JPEG image: a file (multipart upload) or its http(s) URL.',
      );
    }
  }
}

export async function createBankAccount(
  db: Executor,
  auth: ApiAuth,
  input: BankAccountInput,
  documents?: OrderDocumentsDeps,
) {
  checkBankIdentifiers(input);
  checkSignature(input);
  // An uploaded signature is checked before anything is stored, then kept while the account exists.
  const image = input.signatureImage as string | Buffer | undefined;
  let signature: AcceptedInput | undefined;
  if (Buffer.isBuffer(image)) {
    if (!documents) throw new Error('this create was given no document store to keep its files in');
    signature = await acceptDocumentInput('signatureImage', { kind: 'signature_image' }, image, {
      config: documents.config,
    });
  }
  const accountNumber = normaliseAccountNumber(input.accountNumber, input.bankCountryCode);
  const id = newId('bank_account');
  const row = await insertBankAccount(db, auth, {
    id,
    bankName: input.bankName,
    bankPrimaryLine: input.bankPrimaryLine ?? null,
    bankSecondaryLine: input.bankSecondaryLine ?? null,
    bankCountryCode: input.bankCountryCode,
    accountNumber,
    routingNumber: input.routingNumber ?? null,
    transitNumber: input.transitNumber ?? null,
    routeNumber: input.routeNumber ?? null,
    caDesignationNumber: input.caDesignationNumber ?? null,
    signatureText: input.signatureText ?? null,
    signatureImage: signature ? null : (input.signatureImage ?? null),
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    searchText: [id, input.bankName, input.description ?? ''].join(' ').toLowerCase(),
  });
  if (signature) {
    const stored = await storeAcceptedInput(db, documents!.store, auth, signature);
    await linkBankAccountSignature(db, id, stored.id);
  }
  return serializeBankAccount(row);
}

export async function getBankAccount(db: Executor, auth: ApiAuth, id: string) {
  const row = await findBankAccount(db, auth, id);
  if (!row) throw notFound('Bank account', id);
  return serializeBankAccount(row);
}

export type BankAccountListParams = Static<typeof BankAccountListQuery>;

/** The list's filters from its query: PostGrid's search plus the created-at range. */
export function bankAccountFiltersOf(
  params: Omit<BankAccountListParams, 'skip' | 'limit'>,
): BankAccountFilters {
  const search = parseSearch(params.search, ['metadata']);
  return { text: search.text, metadata: search.metadata, ...createdAtRangeOf(params) };
}

export async function listBankAccountPage(db: Executor, auth: ApiAuth, params: BankAccountListParams) {
  const { rows, totalCount } = await listBankAccounts(db, auth, params, bankAccountFiltersOf(params));
  return listPage(params, totalCount, rows.map(serializeBankAccount));
}

export async function deleteBankAccount(db: Executor, auth: ApiAuth, id: string) {
  if (!(await softDeleteBankAccount(db, auth, id))) throw notFound('Bank account', id);
  return { id, object: 'bank_account' as const, deleted: true as const };
}

/** The account a cheque draws on, in the cheque's organization and mode; deleted accounts are gone. */
export async function bankAccountForCheque(db: Executor, scope: Scope, id: string) {
  const row = await findBankAccount(db, scope, id);
  if (!row) throw invalid(`bankAccount: bank account ${id} was not found.`);
  return { id: row.id, country: row.bank_country_code };
}
