import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';
import { neutralise } from '../imports/report.ts';
import { type ExportCursor, type OrderFilters, ordersAfter } from './repo.ts';

const PAGE = 1000;

type Row = Record<string, unknown>;
const text = (value: unknown) =>
  value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
const contact = (order: Row, side: 'to' | 'from', field: string) =>
  text((order[side] as Row | undefined)?.[field]);

/** The columns every kind's export has, then the kind's own (a cheque's amount, number and memo). */
const common: [string, (order: Row) => string][] = [
  ['id', (o) => text(o.id)],
  ['status', (o) => text(o.status)],
  ['createdAt', (o) => text(o.createdAt)],
  ['sendDate', (o) => text(o.sendDate)],
  ['description', (o) => text(o.description)],
  ['metadata', (o) => (o.metadata ? JSON.stringify(o.metadata) : '')],
  ['toFirstName', (o) => contact(o, 'to', 'firstName')],
  ['toLastName', (o) => contact(o, 'to', 'lastName')],
  ['toCompanyName', (o) => contact(o, 'to', 'companyName')],
  ['toAddressLine1', (o) => contact(o, 'to', 'addressLine1')],
  ['toAddressLine2', (o) => contact(o, 'to', 'addressLine2')],
  ['toCity', (o) => contact(o, 'to', 'city')],
  ['toProvinceOrState', (o) => contact(o, 'to', 'provinceOrState')],
  ['toPostalOrZip', (o) => contact(o, 'to', 'postalOrZip')],
  ['toCountryCode', (o) => contact(o, 'to', 'countryCode')],
  ['fromName', (o) => contact(o, 'from', 'companyName') || contact(o, 'from', 'firstName')],
  ['size', (o) => text(o.size)],
  ['mailingClass', (o) => text(o.mailingClass)],
  ['extraService', (o) => text(o.extraService)],
  ['imbStatus', (o) => text(o.imbStatus)],
  ['trackingNumber', (o) => text(o.trackingNumber)],
  ['completedAt', (o) => text(o.completedAt)],
  ['cancelledAt', (o) => text(o.cancelledAt)],
];
const byKind: Partial<Record<OrderKind, [string, (order: Row) => string][]>> = {
  cheque: [
    ['amount', (o) => text(o.amount)],
    ['currencyCode', (o) => text(o.currencyCode)],
    ['number', (o) => text(o.number)],
    ['memo', (o) => text(o.memo)],
    ['bankAccount', (o) => text(o.bankAccount)],
  ],
};

/**
 * Every order of a kind that passes the list's filters, newest first, as CSV: read a page at a time by
 * keyset and written as it is read, so an export of a million orders streams in constant memory. Cells a
 * spreadsheet would run as formulas are neutralised (a description "=HYPERLINK(…)" stays text).
 */
export function exportOrders(
  db: Db,
  auth: ApiAuth,
  kind: OrderKind,
  filters: OrderFilters,
  pageSize = PAGE,
): Readable {
  const columns = [...common, ...(byKind[kind] ?? [])];
  const out = stringify({ header: false });
  const write = async () => {
    out.write(columns.map(([name]) => name));
    let cursor: ExportCursor | undefined;
    for (;;) {
      const rows = await ordersAfter(db, auth, kind, filters, cursor, pageSize);
      for (const row of rows) {
        const record = columns.map(([, cell]) => neutralise(cell(row.json)));
        if (!out.write(record)) await new Promise((resolve) => out.once('drain', resolve));
      }
      if (rows.length < pageSize) break;
      cursor = rows[rows.length - 1]!.cursor;
    }
    out.end();
  };
  write().catch((error) => out.destroy(error));
  return out;
}
