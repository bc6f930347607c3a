import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';

export interface Scope {
  organizationId: string;
  live: boolean;
}

export interface ProfileRow {
  id: string;
  kind: OrderKind;
  live: boolean;
  body: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export async function insertProfile(
  db: Executor,
  scope: Scope,
  row: { id: string; kind: OrderKind; body: Record<string, unknown> },
): Promise<ProfileRow> {
  const { rows } = await sql<ProfileRow>`
    insert into order_profiles (id, organization_id, live, kind, body)
    values (${row.id}, ${scope.organizationId}, ${scope.live}, ${row.kind}, ${JSON.stringify(row.body)}::jsonb)
    returning id, kind, live, body, created_at, updated_at`.execute(db);
  return rows[0]!;
}

export async function findProfile(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  id: string,
  forUpdate = false,
): Promise<ProfileRow | undefined> {
  const { rows } = await sql<ProfileRow>`
    select id, kind, live, body, created_at, updated_at from order_profiles
    where id = ${id} and kind = ${kind} and organization_id = ${scope.organizationId} and live = ${scope.live}
      and deleted_at is null
    ${forUpdate ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

export async function updateProfileBody(
  db: Executor,
  id: string,
  body: Record<string, unknown>,
): Promise<ProfileRow> {
  const { rows } = await sql<ProfileRow>`
    update order_profiles set body = ${JSON.stringify(body)}::jsonb, updated_at = now()
    where id = ${id}
    returning id, kind, live, body, created_at, updated_at`.execute(db);
  return rows[0]!;
}

export async function softDeleteProfile(db: Executor, scope: Scope, kind: OrderKind, id: string) {
  const { rows } = await sql<{ id: string }>`
    update order_profiles set deleted_at = now(), updated_at = now()
    where id = ${id} and kind = ${kind} and organization_id = ${scope.organizationId} and live = ${scope.live}
      and deleted_at is null
    returning id`.execute(db);
  return rows.length > 0;
}

export async function listProfiles(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  page: { skip: number; limit: number; text?: string },
) {
  const text = page.text ? `%${page.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
  const where = sql`organization_id = ${scope.organizationId} and live = ${scope.live} and kind = ${kind}
    and deleted_at is null and (${text}::text is null or lower(id || ' ' || body::text) like ${text})`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<ProfileRow>`
      select id, kind, live, body, created_at, updated_at from order_profiles where ${where}
      order by created_at desc, id desc offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from order_profiles where ${where}`.execute(db),
  ]);
  return { rows, totalCount: count[0]!.n };
}
