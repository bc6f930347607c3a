import { type SqlBool, sql } from 'kysely';
import { escapeLike } from '../contacts/repo.ts';
import type { Executor } from '../db/database.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { CreatedAtRange } from '../http/created-range.ts';
import type { KeysetCursor } from '../http/csv-export.ts';
import type { Scope } from '../orders/repo.ts';

export interface NewBankAccount {
  id: string;
  bankName: string;
  bankPrimaryLine: string | null;
  bankSecondaryLine: string | null;
  bankCountryCode: 'US' | 'CA';
  accountNumber: string;
  routingNumber: string | null;
  transitNumber: string | null;
  routeNumber: string | null;
  caDesignationNumber: string | null;
  signatureText: string | null;
  signatureImage: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  searchText: string;
}

// Every read selects the full account number only to mask it in the serializer; nothing returns the row.
const columns = [
  'id',
  'live',
  'bank_name',
  'bank_primary_line',
  'bank_secondary_line',
  'bank_country_code',
  'account_number',
  'routing_number',
  'transit_number',
  'route_number',
  'ca_designation_number',
  'signature_text',
  'signature_image',
  'description',
  'metadata',
  'created_at',
  'updated_at',
] as const;

export async function insertBankAccount(db: Executor, scope: Scope, account: NewBankAccount) {
  return db
    .insertInto('bank_accounts')
    .values({
      id: account.id,
      organization_id: scope.organizationId,
      live: scope.live,
      bank_name: account.bankName,
      bank_primary_line: account.bankPrimaryLine,
      bank_secondary_line: account.bankSecondaryLine,
      bank_country_code: account.bankCountryCode,
      account_number: account.accountNumber,
      routing_number: account.routingNumber,
      transit_number: account.transitNumber,
      route_number: account.routeNumber,
      ca_designation_number: account.caDesignationNumber,
      signature_text: account.signatureText,
      signature_image: account.signatureImage,
      description: account.description,
      metadata: account.metadata ? JSON.stringify(account.metadata) : null,
      search_text: account.searchText,
      deleted_at: null,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findBankAccount(db: Executor, scope: Scope, id: string) {
  return db
    .selectFrom('bank_accounts')
    .select(columns)
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export type BankAccountRow = NonNullable<Awaited<ReturnType<typeof findBankAccount>>>;

export interface BankAccountFilters extends CreatedAtRange {
  text?: string;
  metadata?: Record<string, unknown>;
}

/** The bank accounts of one organization and mode that pass the filters (a list page, or an export). */
function filteredBankAccounts(db: Executor, scope: Scope, filters: BankAccountFilters) {
  let query = db
    .selectFrom('bank_accounts')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null);
  if (filters.text)
    query = query.where('search_text', 'ilike', `%${escapeLike(filters.text.toLowerCase())}%`);
  if (filters.metadata)
    query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(filters.metadata)}::jsonb`);
  if (filters.createdAtFrom) query = query.where('created_at', '>=', filters.createdAtFrom);
  if (filters.createdAtTo) query = query.where('created_at', '<=', filters.createdAtTo);
  return query;
}

export async function listBankAccounts(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number },
  filters: BankAccountFilters,
) {
  const query = filteredBankAccounts(db, scope, filters);
  const [rows, count] = await Promise.all([
    query
      .select(columns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
}

/** The next `limit` matching bank accounts after `cursor`, newest first: keyset pages for an export. */
export async function bankAccountsAfter(
  db: Executor,
  scope: Scope,
  filters: BankAccountFilters,
  cursor: KeysetCursor | undefined,
  limit: number,
): Promise<{ row: BankAccountRow; cursor: KeysetCursor }[]> {
  return keysetPage<BankAccountRow>(filteredBankAccounts(db, scope, filters), columns, cursor, limit);
}

/** Soft delete: cheques already ordered from the account still print from it. */
export async function softDeleteBankAccount(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const row = await db
    .updateTable('bank_accounts')
    .set({ deleted_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
