import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Scope } from '../orders/repo.ts';

/**
 * Locks the organization's cheque-number row for the rest of the transaction (creating it on first use)
 * and returns the lowest number automatic numbering may consider. Every cheque create takes this lock
 * first, so number checks and choices below are serialised per organization and mode.
 */
async function lockCounter(db: Executor, scope: Scope): Promise<number> {
  const row = await db
    .insertInto('cheque_numbers')
    .values({ organization_id: scope.organizationId, live: scope.live, next_number: 1 })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'live']).doUpdateSet({ next_number: sql`cheque_numbers.next_number` }),
    )
    .returning('next_number')
    .executeTakeFirstOrThrow();
  return Number(row.next_number);
}

/** The cheque that already carries `number` in this organization and mode, if any. */
export async function chequeWithNumber(
  db: Executor,
  scope: Scope,
  number: number,
): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select id from orders
    where kind = 'cheque' and organization_id = ${scope.organizationId} and live = ${scope.live}
      and ((details ->> 'number')::bigint) = ${number}`.execute(db);
  return rows[0]?.id;
}

/**
 * The next automatic number: the smallest unused number from the counter on (numbers given explicitly
 * are skipped, not collided with), then the counter moves past it. Consecutive under concurrency because
 * the counter row stays locked until the cheque commits.
 */
export async function takeChequeNumber(db: Executor, scope: Scope): Promise<number> {
  const from = await lockCounter(db, scope);
  // The smallest free number ≥ `from` is `from` itself or follows a used one.
  const { rows } = await sql<{ n: string }>`
    with used as (
      select ((details ->> 'number')::bigint) as n from orders
      where kind = 'cheque' and organization_id = ${scope.organizationId} and live = ${scope.live}
        and ((details ->> 'number')::bigint) >= ${from}
    )
    select min(c.n)::text as n
    from (select ${from}::bigint as n union all select n + 1 from used) c
    where not exists (select 1 from used where used.n = c.n)`.execute(db);
  const number = Number(rows[0]!.n);
  await db
    .updateTable('cheque_numbers')
    .set({ next_number: number + 1 })
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .execute();
  return number;
}

/** Serialises an explicit number with automatic ones (same lock), then reports who holds it, if anyone. */
export async function claimChequeNumber(
  db: Executor,
  scope: Scope,
  number: number,
): Promise<string | undefined> {
  await lockCounter(db, scope);
  return chequeWithNumber(db, scope, number);
}
