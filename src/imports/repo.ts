import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { type DescribedChanges, describedAssignments, ownedRow } from '../db/owned-rows.ts';
import type { Scope } from '../orders/repo.ts';
import type { CsvRow } from './csv.ts';

export interface ImportRow {
  id: string;
  organization_id: string;
  live: boolean;
  status: 'validating' | 'completed' | 'changes_required';
  file: Record<string, unknown>;
  columns: string[];
  description: string | null;
  metadata: Record<string, unknown> | null;
  row_count: number;
  valid_row_count: number;
  invalid_row_count: number;
  receiver_status_count: Record<string, number>;
  sender_status_count: Record<string, number> | null;
  errors: { type: string; message: string }[];
  notes: { type: string; message: string }[];
  created_at: Date;
  updated_at: Date;
}

export async function insertImport(
  db: Executor,
  scope: Scope,
  row: { id: string; description?: string; metadata?: Record<string, unknown> },
) {
  await sql`
    insert into mailing_list_imports (id, organization_id, live, status, file, columns, description, metadata)
    values (${row.id}, ${scope.organizationId}, ${scope.live}, 'validating', '{}', '[]', ${row.description ?? null},
            ${row.metadata ? JSON.stringify(row.metadata) : null}::jsonb)`.execute(db);
}

/** A batch of records in one statement (json_to_recordset): what streams a file into the rows table. */
export async function insertRows(db: Executor, importId: string, rows: CsvRow[]): Promise<void> {
  const input = JSON.stringify(
    rows.map((r) => ({
      n: r.rowNumber,
      s: r.problem ? 'failed' : 'pending',
      raw: r.values,
      e: r.problem ? [`Row ${r.problem}`] : null,
    })),
  );
  await sql`
    insert into mailing_list_import_rows (import_id, row_number, status, raw, errors)
    select ${importId}, n, s, raw, e from json_to_recordset(${input}::json) as i(n int, s text, raw jsonb, e jsonb)`.execute(
    db,
  );
}

export async function finishUpload(
  db: Executor,
  id: string,
  fields: { file: Record<string, unknown>; columns: string[]; rowCount: number; notes: unknown[] },
) {
  await sql`
    update mailing_list_imports
    set file = ${JSON.stringify(fields.file)}::jsonb, columns = ${JSON.stringify(fields.columns)}::jsonb,
        row_count = ${fields.rowCount}, notes = ${JSON.stringify(fields.notes)}::jsonb, updated_at = now()
    where id = ${id}`.execute(db);
}

export async function findImport(db: Executor, scope: Scope, id: string): Promise<ImportRow | undefined> {
  const { rows } =
    await sql<ImportRow>`select * from mailing_list_imports where ${ownedRow(scope, id)}`.execute(db);
  return rows[0];
}

export async function updateImportFields(db: Executor, scope: Scope, id: string, changes: DescribedChanges) {
  const { rows } = await sql<ImportRow>`
    update mailing_list_imports set
      ${describedAssignments(changes)},
      updated_at = now()
    where ${ownedRow(scope, id)} returning *`.execute(db);
  return rows[0];
}

export async function softDeleteImport(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const { rows } = await sql`
    update mailing_list_imports set deleted_at = now(), updated_at = now() where ${ownedRow(scope, id)}
    returning id`.execute(db);
  return rows.length > 0;
}

export async function listImports(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number; text?: string },
) {
  const text = page.text ? `%${page.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
  const filter = sql`organization_id = ${scope.organizationId} and live = ${scope.live} and deleted_at is null
    and (${text}::text is null or lower(id || ' ' || coalesce(description, '')) like ${text})`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<ImportRow>`select * from mailing_list_imports where ${filter}
      order by created_at desc, id desc offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from mailing_list_imports where ${filter}`.execute(db),
  ]);
  return { rows, totalCount: count[0]!.n };
}

export interface StoredRow {
  row_number: number;
  status: 'pending' | 'valid' | 'failed';
  raw: string[];
  receiver: Record<string, unknown> | null;
  errors: string[] | null;
  corrections: unknown[] | null;
  address_status: string | null;
}

export async function listRows(
  db: Executor,
  importId: string,
  page: { skip: number; limit: number; status?: string },
) {
  const filter = sql`import_id = ${importId} and (${page.status ?? null}::text is null or status = ${page.status ?? null})`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<StoredRow>`select row_number, status, raw, receiver, errors, corrections, address_status
      from mailing_list_import_rows where ${filter}
      order by row_number offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from mailing_list_import_rows where ${filter}`.execute(db),
  ]);
  return { rows, totalCount: count[0]!.n };
}

/** Rows after `after`, in order, a page at a time: the CSV export reads the import this way. */
export async function rowsAfter(db: Executor, importId: string, after: number, limit: number) {
  const { rows } = await sql<StoredRow>`
    select row_number, status, raw, receiver, errors, corrections, address_status
    from mailing_list_import_rows where import_id = ${importId} and row_number > ${after}
    order by row_number limit ${limit}`.execute(db);
  return rows;
}
