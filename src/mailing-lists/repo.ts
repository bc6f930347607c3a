import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { type DescribedChanges, describedAssignments, ownedRow } from '../db/owned-rows.ts';
import type { Scope } from '../orders/repo.ts';

export interface JobRequest {
  addMailingListImports?: string[];
  removeMailingListImports?: string[];
  addContacts?: string[];
  removeContacts?: string[];
}

export interface ListRow {
  id: string;
  organization_id: string;
  live: boolean;
  status: 'creating_contacts' | 'removing_contacts' | 'completed';
  description: string | null;
  metadata: Record<string, unknown> | null;
  errors: { type: string; message: string }[];
  job: JobRequest | null;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

export async function insertList(
  db: Executor,
  scope: Scope,
  row: { id: string; description?: string; metadata?: Record<string, unknown> },
): Promise<ListRow> {
  const { rows } = await sql<ListRow>`
    insert into mailing_lists (id, organization_id, live, status, description, metadata)
    values (${row.id}, ${scope.organizationId}, ${scope.live}, 'completed', ${row.description ?? null},
            ${row.metadata ? JSON.stringify(row.metadata) : null}::jsonb)
    returning *`.execute(db);
  return rows[0]!;
}

export async function findList(db: Executor, scope: Scope, id: string, forUpdate = false) {
  const { rows } = await sql<ListRow>`select * from mailing_lists where ${ownedRow(scope, id)}
    ${forUpdate ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

export async function updateListFields(db: Executor, scope: Scope, id: string, changes: DescribedChanges) {
  const { rows } = await sql<ListRow>`
    update mailing_lists set
      ${describedAssignments(changes)},
      updated_at = now()
    where ${ownedRow(scope, id)} returning *`.execute(db);
  return rows[0];
}

/** Starts a job: only on a list with none running (the conditional UPDATE makes one of two racing win). */
export async function startJob(db: Executor, scope: Scope, id: string, job: JobRequest, status: string) {
  const { rows } = await sql<ListRow>`
    update mailing_lists set job = ${JSON.stringify(job)}::jsonb, status = ${status}, errors = '[]',
      updated_at = now()
    where ${ownedRow(scope, id)} and job is null returning *`.execute(db);
  return rows[0];
}

export async function softDeleteList(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const { rows } = await sql`update mailing_lists set deleted_at = now(), updated_at = now()
    where ${ownedRow(scope, id)} returning id`.execute(db);
  return rows.length > 0;
}

export async function listLists(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number; text?: string },
) {
  const text = page.text ? `%${page.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
  const filter = sql`organization_id = ${scope.organizationId} and live = ${scope.live} and deleted_at is null
    and (${text}::text is null or lower(id || ' ' || coalesce(description, '')) like ${text})`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<ListRow>`select * from mailing_lists where ${filter}
      order by created_at desc, id desc offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from mailing_lists where ${filter}`.execute(db),
  ]);
  return { rows, totalCount: count[0]!.n };
}
