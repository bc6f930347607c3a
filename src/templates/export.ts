import type { Readable } from 'node:stream';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import { type CsvColumn, csvExport } from '../http/csv-export.ts';
import { type TemplateFilters, type TemplateRow, templatesAfter } from './repo.ts';

/**
 * The list's columns. The HTML is left out: a template may be up to 2 MB, a spreadsheet cell holds 32,767
 * characters, and the list is for finding templates; GET /templates/:id has the HTML.
 */
const columns: CsvColumn<TemplateRow>[] = [
  ['id', (t) => t.id],
  ['createdAt', (t) => t.created_at.toISOString()],
  ['updatedAt', (t) => t.updated_at.toISOString()],
  ['description', (t) => t.description],
  ['metadata', (t) => t.metadata],
];

/** Every template the list's filters match, newest first, as CSV (the dashboard's export). */
export function exportTemplates(
  db: Db,
  auth: ApiAuth,
  filters: TemplateFilters,
  pageSize?: number,
): Readable {
  return csvExport(columns, (cursor, limit) => templatesAfter(db, auth, filters, cursor, limit), pageSize);
}
