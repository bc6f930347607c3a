import { type SqlBool, sql } from 'kysely';
import { escapeLike } from '../contacts/repo.ts';
import type { Executor } from '../db/database.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { CreatedAtRange } from '../http/created-range.ts';
import type { KeysetCursor } from '../http/csv-export.ts';
import type { Scope } from '../orders/repo.ts';

const columns = ['id', 'live', 'html', 'description', 'metadata', 'created_at', 'updated_at'] as const;

export interface TemplateFields {
  html: string;
  description: string | null;
  metadata: Record<string, unknown> | null;
  searchText: string;
}

export async function insertTemplate(db: Executor, scope: Scope, id: string, fields: TemplateFields) {
  return db
    .insertInto('templates')
    .values({
      id,
      organization_id: scope.organizationId,
      live: scope.live,
      html: fields.html,
      description: fields.description,
      metadata: fields.metadata ? JSON.stringify(fields.metadata) : null,
      search_text: fields.searchText,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export async function findTemplate(db: Executor, scope: Scope, id: string) {
  return db
    .selectFrom('templates')
    .select(columns)
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .executeTakeFirst();
}

export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

/** Changes only the fields given; returns the row after the change, or undefined when not found. */
export async function updateTemplate(
  db: Executor,
  scope: Scope,
  id: string,
  fields: Partial<TemplateFields>,
) {
  return db
    .updateTable('templates')
    .set({
      ...(fields.html !== undefined ? { html: fields.html } : {}),
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      ...(fields.metadata !== undefined
        ? { metadata: fields.metadata ? JSON.stringify(fields.metadata) : null }
        : {}),
      ...(fields.searchText !== undefined ? { search_text: fields.searchText } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .returning(columns)
    .executeTakeFirst();
}

export async function deleteTemplateRow(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('templates')
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface TemplateFilters extends CreatedAtRange {
  text?: string;
  metadata?: Record<string, unknown>;
}

/** The templates of one organization and mode that pass the filters (a list page, or an export). */
function filteredTemplates(db: Executor, scope: Scope, filters: TemplateFilters) {
  let query = db
    .selectFrom('templates')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live);
  if (filters.text)
    query = query.where('search_text', 'ilike', `%${escapeLike(filters.text.toLowerCase())}%`);
  if (filters.metadata)
    query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(filters.metadata)}::jsonb`);
  if (filters.createdAtFrom) query = query.where('created_at', '>=', filters.createdAtFrom);
  if (filters.createdAtTo) query = query.where('created_at', '<=', filters.createdAtTo);
  return query;
}

export async function listTemplates(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number },
  filters: TemplateFilters,
) {
  const query = filteredTemplates(db, scope, filters);
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

/** The next `limit` matching templates after `cursor`, newest first: keyset pages for an export. */
export async function templatesAfter(
  db: Executor,
  scope: Scope,
  filters: TemplateFilters,
  cursor: KeysetCursor | undefined,
  limit: number,
): Promise<{ row: TemplateRow; cursor: KeysetCursor }[]> {
  return keysetPage<TemplateRow>(filteredTemplates(db, scope, filters), columns, cursor, limit);
}

/** Keeps the HTML a template had when an order was made from it (see migrations/0002). */
export async function insertTemplateSnapshot(
  db: Executor,
  snapshot: { orderId: string; field: string; templateId: string; html: string },
) {
  await db
    .insertInto('order_template_snapshots')
    .values({
      order_id: snapshot.orderId,
      field: snapshot.field,
      template_id: snapshot.templateId,
      html: snapshot.html,
    })
    .execute();
}

export async function findTemplateSnapshots(db: Executor, orderId: string) {
  return db
    .selectFrom('order_template_snapshots')
    .select(['field', 'template_id', 'html'])
    .where('order_id', '=', orderId)
    .orderBy('field')
    .execute();
}
