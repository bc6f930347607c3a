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
 * each status stamps when entered (created_at, printing_at, processed_at, completed_at, cancelled_at: see
 * src/orders/lifecycle.ts), so the history needs no event replay. Each stamp is a step, +1 to the status
 * entered and -1 to the one left, placed at the first moment at or after it; the counts at each moment
 * are the running sums. One pass over the orders, whatever the number of points: the page polls this
 * while a campaign of a million rows creates its orders.
 */
export async function campaignStatusCounts(db: Executor, auth: ApiAuth, id: string, points: number) {
  const campaign = await getCampaignRow(db, auth, id);
  const { rows } = await sql<{
    first: Date;
    last: Date;
    i: number | null;
    status: OrderStatus | null;
    n: number;
  }>`
    with o as (
      select o.id, o.created_at, o.printing_at, o.processed_at, o.completed_at, o.cancelled_at
      from campaign_orders c join orders o on o.id = c.order_id
      where c.campaign_id = ${id}
    ), span as (
      select coalesce(min(created_at), now()) as first, now() as last from o
    ), stamps as (
      select s.at, s.status, lag(s.status) over (partition by o.id order by s.at, s.rank) as left_status
      from o cross join lateral (values
        (o.created_at, 'ready', 0), (o.printing_at, 'printing', 1),
        (o.processed_at, 'processed_for_delivery', 2), (o.completed_at, 'completed', 3),
        (o.cancelled_at, 'cancelled', 4)
      ) as s(at, status, rank)
      where s.at is not null
    ), steps as (
      select at, status, 1 as delta from stamps
      union all
      select at, left_status, -1 from stamps where left_status is not null
    ), placed as (
      select least(${points} - 1, greatest(0, case
          when ${points} = 1 or span.last <= span.first then 0
          else ceil(extract(epoch from steps.at - span.first) / extract(epoch from span.last - span.first)
                    * (${points} - 1))::int
        end)) as i, steps.status, steps.delta
      from steps, span
    )
    select span.first, span.last, p.i, p.status, coalesce(sum(p.delta), 0)::int as n
    from span left join placed p on true
    group by span.first, span.last, p.i, p.status`.execute(db);
  const first = rows[0]!.first.getTime();
  const last = rows[0]!.last.getTime();
  const change = new Map<number, Counts>();
  for (const row of rows) {
    if (row.i === null || row.status === null) continue;
    const at = change.get(row.i) ?? zero();
    at[row.status] += row.n;
    change.set(row.i, at);
  }
  const running = zero();
  const series = Array.from({ length: points }, (_, i) => {
    for (const s of statuses) running[s] += change.get(i)?.[s] ?? 0;
    const at = points === 1 ? last : first + ((last - first) * i) / (points - 1);
    return { at: new Date(at).toISOString(), ...running };
  });
  return {
    object: 'campaign_status_counts' as const,
    campaign: campaign.id,
    status: campaign.status,
    rowCount: campaign.row_count,
    createdCount: campaign.created_count,
    failedCount: campaign.failed_count,
    byStatus: { ...running },
    series,
  };
}
