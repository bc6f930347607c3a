import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import type { OrderStatus } from '../db/schema.ts';
import { getCampaignRow } from './service.ts';

const statuses: OrderStatus[] = ['ready', 'printing', 'processed_for_delivery', 'completed', 'cancelled'];

/** Most points a series may ask for: a chart is a few hundred pixels wide. */
export const MAX_POINTS = 200;

type Counts = Record<OrderStatus, number>;

const zero = (): Counts => Object.fromEntries(statuses.map((s) => [s, 0])) as Counts;

/**
 * GET /campaigns/{id}/status_counts: the campaign's orders by status now, and at `points` evenly spaced
 * moments from its first order's creation to now. An order's status at a moment is read from the times
 * each status stamps when entered (printing_at, processed_at, completed_at, cancelled_at: see
 * src/orders/lifecycle.ts), so the history needs no event replay and costs one pass over the orders.
 */
export async function campaignStatusCounts(db: Executor, auth: ApiAuth, id: string, points: number) {
  const campaign = await getCampaignRow(db, auth, id);
  const { rows } = await sql<{ i: number; at: Date; status: OrderStatus | null; n: number }>`
    with o as (
      select o.status, o.created_at, o.printing_at, o.processed_at, o.completed_at, o.cancelled_at
      from campaign_orders c join orders o on o.id = c.order_id
      where c.campaign_id = ${id}
    ), span as (
      select coalesce(min(created_at), now()) as first, now() as last from o
    ), moments as (
      select i, case when ${points} = 1 then last
                     else first + (last - first) * i / (${points} - 1) end as at
      from span, generate_series(0, ${points} - 1) as i
    )
    select m.i, m.at, s.status, count(s.status)::int as n
    from moments m
    left join lateral (
      select case
        when cancelled_at <= m.at then 'cancelled'
        when completed_at <= m.at then 'completed'
        when processed_at <= m.at then 'processed_for_delivery'
        when printing_at <= m.at then 'printing'
        when created_at <= m.at then 'ready'
      end as status from o
    ) s on s.status is not null
    group by m.i, m.at, s.status
    order by m.i`.execute(db);
  const series = new Map<number, { at: string } & Counts>();
  for (const row of rows) {
    const point = series.get(row.i) ?? { at: row.at.toISOString(), ...zero() };
    if (row.status) point[row.status] = row.n;
    series.set(row.i, point);
  }
  const now = [...series.values()].at(-1);
  return {
    object: 'campaign_status_counts' as const,
    campaign: campaign.id,
    status: campaign.status,
    rowCount: campaign.row_count,
    createdCount: campaign.created_count,
    failedCount: campaign.failed_count,
    byStatus: now ? Object.fromEntries(statuses.map((s) => [s, now[s]])) : zero(),
    series: [...series.values()],
  };
}
