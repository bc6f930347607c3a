import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderKind, OrderStatus } from '../db/schema.ts';
import type { Scope } from './repo.ts';

/**
 * The exact number of orders of a kind in a scope (in one status, or in all), read from the counters the
 * triggers of migrations/0008 keep in the same transaction as every change of `orders`: at most a few
 * hundred small rows, however many orders there are. Exact in the reader's snapshot, like count(*).
 */
export async function countOrders(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  status?: OrderStatus,
): Promise<number> {
  let query = db
    .selectFrom('order_counts')
    .select(sql<number>`coalesce(sum(n), 0)::bigint`.as('n'))
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('kind', '=', kind);
  if (status) query = query.where('status', '=', status);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}
