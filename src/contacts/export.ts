import type { Readable } from 'node:stream';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import { type CsvColumn, csvExport } from '../http/csv-export.ts';
import { type ContactFilters, contactsAfter } from './repo.ts';
import { type ContactObject, serializeContact } from './service.ts';

const field = (name: string): CsvColumn<ContactObject> => [name, (c) => c[name]];

/** The list's columns and then the rest of the address, as the API names them. */
const columns: CsvColumn<ContactObject>[] = [
  field('id'),
  field('createdAt'),
  field('firstName'),
  field('lastName'),
  field('companyName'),
  field('email'),
  field('phoneNumber'),
  field('jobTitle'),
  field('addressLine1'),
  field('addressLine2'),
  field('city'),
  field('provinceOrState'),
  field('postalOrZip'),
  field('countryCode'),
  field('addressStatus'),
  field('description'),
  field('metadata'),
];

/** Every contact the list's filters match, newest first, as CSV (the dashboard's export). */
export function exportContacts(db: Db, auth: ApiAuth, filters: ContactFilters, pageSize?: number): Readable {
  return csvExport(
    columns,
    async (cursor, limit) =>
      (await contactsAfter(db, auth, filters, cursor, limit)).map(({ row, cursor }) => ({
        row: serializeContact(row),
        cursor,
      })),
    pageSize,
  );
}
