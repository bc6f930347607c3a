import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { neutralise } from '../imports/report.ts';

/** Where a newest-first export stopped: PostgreSQL's text of created_at (to the microsecond) and the id. */
export interface KeysetCursor {
  createdAt: string;
  id: string;
}

export type CsvColumn<T> = readonly [name: string, cell: (row: T) => unknown];

/** A cell's text: strings as they are, objects (metadata) as JSON, nothing as an empty cell. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Every row `nextPage` yields, page by page, as CSV with a header: written as it is read, so a large
 * export streams in constant memory. Cells a spreadsheet would run as formulas are neutralised, as the
 * order export does (a description "=HYPERLINK(…)" stays text).
 */
export function csvExport<T>(
  columns: readonly CsvColumn<T>[],
  nextPage: (cursor: KeysetCursor | undefined, limit: number) => Promise<{ row: T; cursor: KeysetCursor }[]>,
  pageSize = 1000,
): Readable {
  const out = stringify({ header: false });
  const write = async () => {
    out.write(columns.map(([name]) => name));
    let cursor: KeysetCursor | undefined;
    for (;;) {
      const page = await nextPage(cursor, pageSize);
      for (const { row } of page) {
        const record = columns.map(([, cell]) => neutralise(cellText(cell(row))));
        if (!out.write(record)) await new Promise((resolve) => out.once('drain', resolve));
      }
      if (page.length < pageSize) break;
      cursor = page[page.length - 1]!.cursor;
    }
    out.end();
  };
  write().catch((error) => out.destroy(error));
  return out;
}
