// The numbers of GET /stats computed the plain way: GROUP BY over `orders` (and webhook_invocations) of the
// organization, mode and period, with exact percentiles. Tests check the rollups against it; bench/stats.ts
// measures it as the floor the rollups must beat.
import type pg from 'pg';

export interface FloorStats {
  orders: { day: string; kind: string; status: string; n: number }[];
  cost: { day: string; amount: number }[];
  funnel: {
    mailed: number;
    enteredMailStream: number;
    outForDelivery: number;
    completed: number;
    returnedToSender: number;
  };
  mailed: { count: number; p50: number | null; p90: number | null };
  completed: { count: number; p50: number | null; p90: number | null };
  sla: { missed: number; open: number; met: number };
  webhooks: { delivered: number; retried: number; failed: number };
}

type Query = Pick<pg.Pool, 'query'>;

/** Each query of the floor, in the order the API runs its rollup reads (all at once). */
export async function floorStats(
  db: Query,
  scope: { organizationId: string; live: boolean },
  period: { from: string; to: string },
): Promise<FloorStats> {
  const args = [scope.organizationId, scope.live, period.from, period.to];
  const inPeriod = (column: string) =>
    `${column} >= $3::date::timestamp at time zone 'UTC' and ${column} < ($4::date + 1)::timestamp at time zone 'UTC'`;
  const scoped = `organization_id = $1 and live = $2`;
  const [orders, funnel, mailed, completed, sla, hooks] = await Promise.all([
    db.query(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, kind, status, count(*)::int as n,
              sum(coalesce((price ->> 'total')::bigint, 0))::bigint as amount
       from orders where ${scoped} and ${inPeriod('created_at')}
       group by 1, 2, 3 order by 1, 2, 3`,
      args,
    ),
    db.query(
      `select count(*)::int as mailed,
              count(*) filter (where imb_status is not null)::int as "enteredMailStream",
              count(*) filter (where imb_status = 'out_for_delivery')::int as "outForDelivery",
              count(*) filter (where status = 'completed' and imb_status is distinct from 'returned_to_sender')::int as completed,
              count(*) filter (where imb_status = 'returned_to_sender')::int as "returnedToSender"
       from orders where ${scoped} and ${inPeriod('processed_at')}`,
      args,
    ),
    db.query(
      `select count(*)::int as count,
              percentile_cont(0.5) within group (order by extract(epoch from processed_at - created_at)) as p50,
              percentile_cont(0.9) within group (order by extract(epoch from processed_at - created_at)) as p90
       from orders where ${scoped} and ${inPeriod('processed_at')}`,
      args,
    ),
    db.query(
      `select count(*)::int as count,
              percentile_cont(0.5) within group (order by extract(epoch from completed_at - created_at)) as p50,
              percentile_cont(0.9) within group (order by extract(epoch from completed_at - created_at)) as p90
       from orders where ${scoped} and ${inPeriod('completed_at')}`,
      args,
    ),
    db.query(
      `select count(*) filter (where processed_at > sla_deadline)::int as missed,
              count(*) filter (where processed_at is null)::int as open,
              count(*) filter (where processed_at <= sla_deadline)::int as met
       from orders where ${scoped} and ${inPeriod('sla_deadline')} and sla_deadline <= now()`,
      args,
    ),
    db.query(
      `select count(*) filter (where i.status_code between 200 and 299)::int as delivered,
              count(*) filter (where not i.status_code between 200 and 299 and i.next_attempt_at is not null)::int as retried,
              count(*) filter (where not i.status_code between 200 and 299 and i.next_attempt_at is null)::int as failed
       from webhook_invocations i join webhooks w on w.id = i.webhook_id
       where w.organization_id = $1 and w.live = $2 and i.delivery_id is not null and ${inPeriod('i.created_at')}`,
      args,
    ),
  ]);
  const cost = new Map<string, number>();
  for (const row of orders.rows) cost.set(row.day, (cost.get(row.day) ?? 0) + Number(row.amount));
  return {
    orders: orders.rows.map(({ day, kind, status, n }) => ({ day, kind, status, n })),
    cost: [...cost.entries()].map(([day, amount]) => ({ day, amount })),
    funnel: funnel.rows[0],
    mailed: mailed.rows[0],
    completed: completed.rows[0],
    sla: sla.rows[0],
    webhooks: hooks.rows[0],
  };
}
