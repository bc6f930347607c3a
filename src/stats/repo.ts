// Reads of the rollups (migrations/0041): every query is a range of one organization, mode and days over a
// rollup's primary key, summed over its slots.
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Scope } from '../orders/repo.ts';

export interface Period {
  from: string;
  to: string;
}

export interface OrderRollupRow {
  day: string;
  kind: string;
  status: string;
  extra_service: string;
  n: number;
  amount: number;
}

const day = (column: string) => sql.raw(`to_char(${column}, 'YYYY-MM-DD')`);

export async function orderRollup(db: Executor, scope: Scope, period: Period): Promise<OrderRollupRow[]> {
  const { rows } = await sql<OrderRollupRow>`
    select ${day('day')} as day, kind, status, extra_service, sum(n)::bigint as n, sum(amount)::bigint as amount
    from stats_orders
    where organization_id = ${scope.organizationId} and live = ${scope.live}
      and day between ${period.from}::date and ${period.to}::date
    group by day, kind, status, extra_service
    having sum(n) <> 0 or sum(amount) <> 0
    order by day, kind, status, extra_service`.execute(db);
  return rows;
}

export async function mailedRollup(db: Executor, scope: Scope, period: Period) {
  const { rows } = await sql<{ imb_status: string; completed: boolean; n: number }>`
    select imb_status, completed, sum(n)::bigint as n
    from stats_mailed
    where organization_id = ${scope.organizationId} and live = ${scope.live}
      and day between ${period.from}::date and ${period.to}::date
    group by imb_status, completed`.execute(db);
  return rows;
}

export async function durationRollup(db: Executor, scope: Scope, period: Period) {
  const { rows } = await sql<{ day: string; stage: 'mailed' | 'completed'; bucket: number; n: number }>`
    select ${day('day')} as day, stage, bucket, sum(n)::bigint as n
    from stats_durations
    where organization_id = ${scope.organizationId} and live = ${scope.live}
      and day between ${period.from}::date and ${period.to}::date
    group by day, stage, bucket
    having sum(n) <> 0`.execute(db);
  return rows;
}

/** SLA deadlines that fell in the period (UTC days) and have passed, by state. */
export async function slaRollup(db: Executor, scope: Scope, period: Period) {
  const { rows } = await sql<{ day: string; state: 'open' | 'met' | 'missed'; n: number }>`
    select ${day("(deadline at time zone 'UTC')")} as day, state, sum(n)::bigint as n
    from stats_sla
    where organization_id = ${scope.organizationId} and live = ${scope.live}
      and deadline >= ${period.from}::date::timestamp at time zone 'UTC'
      and deadline < (${period.to}::date + 1)::timestamp at time zone 'UTC'
      and deadline <= now()
    group by 1, state
    having sum(n) <> 0`.execute(db);
  return rows;
}

export async function webhookRollup(db: Executor, scope: Scope, period: Period) {
  const { rows } = await sql<{ day: string; outcome: 'delivered' | 'retried' | 'failed'; n: number }>`
    select ${day('day')} as day, outcome, sum(n)::bigint as n
    from stats_webhook_attempts
    where organization_id = ${scope.organizationId} and live = ${scope.live}
      and day between ${period.from}::date and ${period.to}::date
    group by day, outcome
    having sum(n) <> 0`.execute(db);
  return rows;
}

/** Deliveries waiting now for this scope's webhooks: through each webhook's pending-deliveries index. */
export async function webhookBacklog(db: Executor, scope: Scope) {
  const { rows } = await sql<{ pending: number; oldest: number | null }>`
    select count(*)::bigint as pending, extract(epoch from now() - min(d.created_at))::float8 as oldest
    from webhooks w join webhook_deliveries d on d.webhook_id = w.id and d.status = 'pending'
    where w.organization_id = ${scope.organizationId} and w.live = ${scope.live} and w.deleted_at is null`.execute(
    db,
  );
  return rows[0] ?? { pending: 0, oldest: null };
}
