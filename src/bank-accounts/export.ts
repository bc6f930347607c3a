import type { Readable } from 'node:stream';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import { type CsvColumn, csvExport } from '../http/csv-export.ts';
import { type BankAccountFilters, bankAccountsAfter } from './repo.ts';
import { serializeBankAccount } from './service.ts';

// The serializer leaves out the fields an account does not have, so its type names only the fixed ones.
type Account = Record<string, unknown>;
const field = (name: string): CsvColumn<Account> => [name, (a) => a[name]];

/**
 * The list's columns, from the API's view of an account: the account number is its last 4 digits there,
 * and so here (the full number never leaves the database but on a printed cheque).
 */
const columns: CsvColumn<Account>[] = [
  field('id'),
  field('createdAt'),
  field('bankName'),
  field('bankCountryCode'),
  field('accountNumber'),
  field('routingNumber'),
  field('transitNumber'),
  field('routeNumber'),
  field('caDesignationNumber'),
  field('description'),
  field('metadata'),
];

/** Every bank account the list's filters match, newest first, as CSV (the dashboard's export). */
export function exportBankAccounts(
  db: Db,
  auth: ApiAuth,
  filters: BankAccountFilters,
  pageSize?: number,
): Readable {
  return csvExport(
    columns,
    async (cursor, limit) =>
      (await bankAccountsAfter(db, auth, filters, cursor, limit)).map(({ row, cursor }) => ({
        row: serializeBankAccount(row),
        cursor,
      })),
    pageSize,
  );
}
