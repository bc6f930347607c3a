import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { KeysetCursor } from '../http/csv-export.ts';

/**
 * The next `limit` rows of a filtered query after `cursor`, newest first (created_at, then id): the
 * keyset pages an export walks. The query is a table's filtered rows with nothing selected yet; every
 * table it is used on has `created_at` and `id`.
 */
export async function keysetPage<Row extends { id: string }>(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type "any table with created_at and id".
  query: SelectQueryBuilder<any, any, object>,
  columns: readonly string[],
  cursor: KeysetCursor | undefined,
  limit: number,
): Promise<{ row: Row; cursor: KeysetCursor }[]> {
  let page = query;
  if (cursor)
    page = page.where(sql<SqlBool>`(created_at, id) < (${cursor.createdAt}::timestamptz, ${cursor.id})`);
  const rows = (await page
    .select(columns as string[])
    // As text: a JS Date would drop the microseconds, and the next page would skip rows within them.
    .select(sql<string>`created_at::text`.as('cursor_created_at'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()) as (Row & { cursor_created_at: string })[];
  return rows.map(({ cursor_created_at, ...row }) => ({
    row: row as unknown as Row,
    cursor: { createdAt: cursor_created_at, id: row.id },
  }));
}
