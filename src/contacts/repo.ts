import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface ContactRow {
  id: string;
  live: boolean;
  body: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

const columns = ['id', 'live', 'body', 'created_at', 'updated_at'] as const;

/** Inserts unless an identical contact exists; either way returns the stored one. */
export async function upsertContact(
  db: Executor,
  values: { id: string; organizationId: string; live: boolean; fingerprint: string; body: object; searchText: string },
): Promise<ContactRow> {
  const inserted = await db
    .insertInto('contacts')
    .values({
      id: values.id,
      organization_id: values.organizationId,
      live: values.live,
      fingerprint: values.fingerprint,
      body: JSON.stringify(values.body),
      search_text: values.searchText,
      deleted_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'live', 'fingerprint']).where('deleted_at', 'is', null).doNothing(),
    )
    .returning(columns)
    .executeTakeFirst();
  if (inserted) return inserted;
  return db
    .selectFrom('contacts')
    .select(columns)
    .where('organization_id', '=', values.organizationId)
    .where('live', '=', values.live)
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

export async function listContacts(
  db: Executor,
  scope: { organizationId: string; live: boolean },
  page: { skip: number; limit: number; text?: string; metadata?: Record<string, unknown> },
) {
  let query = db
    .selectFrom('contacts')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null);
  if (page.text) query = query.where('search_text', 'ilike', `%${escapeLike(page.text.toLowerCase())}%`);
  if (page.metadata) query = query.where(sql<boolean>`body -> 'metadata' @> ${JSON.stringify(page.metadata)}::jsonb`);
  const [rows, count] = await Promise.all([
    query.select(columns).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(page.skip).limit(page.limit).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
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
