import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { keysetPage } from '../db/keyset-page.ts';
import type { CreatedAtRange } from '../http/created-range.ts';
import type { KeysetCursor } from '../http/csv-export.ts';

type Scope = { organizationId: string; live: boolean };

export interface ContactRow {
  id: string;
  live: boolean;
  body: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const columns = ['id', 'live', 'body', 'created_at', 'updated_at'] as const;

export interface NewContact {
  id: string;
  organizationId: string;
  live: boolean;
  fingerprint: string;
  body: object;
  searchText: string;
}

/**
 * Two common table expressions: `<name>_inserted`, the insert unless an identical contact exists, and
 * `<name>`, the stored contact either way (id, live, body, created_at, updated_at). Empty only when the
 * identical contact was committed by a concurrent request after the statement's snapshot.
 */
export function contactUpsertCtes(name: string, values: NewContact) {
  const inserted = sql.raw(`${name}_inserted`);
  return sql`${inserted} as (
      insert into contacts (id, organization_id, live, fingerprint, body, search_text)
      values (${values.id}, ${values.organizationId}, ${values.live}, ${values.fingerprint},
              ${JSON.stringify(values.body)}::jsonb, ${values.searchText})
      on conflict (fingerprint) where deleted_at is null do nothing
      returning id, live, body, created_at, updated_at
    ), ${sql.raw(name)} as (
      select * from ${inserted}
      union all
      -- The fingerprint alone: it names the organization and mode (migrations/0010), and with nothing
      -- else in the condition only the unique index can serve the lookup.
      select id, live, body, created_at, updated_at from contacts
      where fingerprint = ${values.fingerprint} and deleted_at is null
        and not exists (select 1 from ${inserted})
    )`;
}

/**
 * Inserts unless an identical contact exists; either way returns the stored one, in one statement in the
 * common case. Only when the identical contact was committed by a concurrent request after this
 * statement's snapshot does the fallback SELECT run.
 */
export async function upsertContact(db: Executor, values: NewContact): Promise<ContactRow> {
  const { rows } = await sql<ContactRow>`
    with ${contactUpsertCtes('contact', values)}
    select * from contact`.execute(db);
  if (rows[0]) return rows[0];
  return db
    .selectFrom('contacts')
    .select(columns)
    .where('fingerprint', '=', values.fingerprint)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
}

export async function findContact(db: Executor, organizationId: string, live: boolean, id: string) {
  return db
    .selectFrom('contacts')
    .select(columns)
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('live', '=', live)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export interface ContactFilters extends CreatedAtRange {
  text?: string;
  metadata?: Record<string, unknown>;
  addressStatus?: string;
}

/** The live contacts of one organization and mode that pass the filters (a list page, or an export). */
function filteredContacts(db: Executor, scope: Scope, filters: ContactFilters) {
  let query = db
    .selectFrom('contacts')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null);
  if (filters.text)
    query = query.where('search_text', 'ilike', `%${escapeLike(filters.text.toLowerCase())}%`);
  if (filters.metadata)
    query = query.where(sql<boolean>`body -> 'metadata' @> ${JSON.stringify(filters.metadata)}::jsonb`);
  if (filters.addressStatus)
    query = query.where(sql<string>`body ->> 'addressStatus'`, '=', filters.addressStatus);
  if (filters.createdAtFrom) query = query.where('created_at', '>=', filters.createdAtFrom);
  if (filters.createdAtTo) query = query.where('created_at', '<=', filters.createdAtTo);
  return query;
}

export async function listContacts(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number },
  filters: ContactFilters,
) {
  const query = filteredContacts(db, scope, filters);
  const [rows, count] = await Promise.all([
    query
      .select(columns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
}

/** The next `limit` matching contacts after `cursor`, newest first: keyset pages for an export. */
export async function contactsAfter(
  db: Executor,
  scope: Scope,
  filters: ContactFilters,
  cursor: KeysetCursor | undefined,
  limit: number,
): Promise<{ row: ContactRow; cursor: KeysetCursor }[]> {
  return keysetPage<ContactRow>(filteredContacts(db, scope, filters), columns, cursor, limit);
}

export async function softDeleteContact(db: Executor, organizationId: string, live: boolean, id: string) {
  const row = await db
    .updateTable('contacts')
    .set({ deleted_at: sql`now()` })
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('live', '=', live)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
