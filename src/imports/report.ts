import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Db } from '../db/database.ts';
import { rowsAfter } from './repo.ts';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first: "=cmd|' /C calc'!A0")
 * is prefixed with an apostrophe, which spreadsheets show and never evaluate (OWASP's CSV injection advice).
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * The import's report as CSV: every row with its original columns, then status, errors and corrections;
 * read from the database a page at a time and written as it is read, so a million rows stream through.
 */
export function importReport(db: Db, importId: string, columns: string[]): Readable {
  const out = stringify({ header: false });
  const page = 5000;
  const write = async () => {
    out.write([...columns, 'rowNumber', 'status', 'errors', 'corrections'].map(neutralise));
    let after = 0;
    for (;;) {
      const rows = await rowsAfter(db, importId, after, page);
      for (const row of rows) {
        const values = columns.map((_c, i) => row.raw[i] ?? '');
        const corrections = (row.corrections ?? []) as { field: string; from: string; to: string }[];
        const record = [
          ...values,
          String(row.row_number),
          row.status,
          (row.errors ?? []).join('; '),
          corrections.map((c) => `${c.field}: ${c.from} -> ${c.to}`).join('; '),
        ].map(neutralise);
        if (!out.write(record)) await new Promise((resolve) => out.once('drain', resolve));
      }
      if (rows.length < page) break;
      after = rows[rows.length - 1]!.row_number;
    }
    out.end();
  };
  write().catch((error) => out.destroy(error));
  return out;
}
