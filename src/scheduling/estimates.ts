// When an order is due for its next automatic step (BRIEF §5, §7), as SQL expressions over `orders`, so
// the scheduler's set-based statements compute them per row. The business-day functions they call
// (migrations/0004_pipeline.sql) mirror src/scheduling/calendar.ts and are tested against it.
import { type RawBuilder, sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { isStandardClass } from '../orders/mailing-class.ts';
import { mailingClasses } from '../orders/schemas.ts';
import { estimatedCompletion } from './calendar.ts';

/** What the pipeline's steps read from the configuration; a whole Config will do. */
export type PipelineSettings = Pick<Config, 'profile' | 'pipeline'>;

/** Typical delivery time of a mailing class in business days: its own setting, else its group's. */
export function deliveryBusinessDays(mailingClass: string, days: Record<string, number>): number {
  return (
    days[mailingClass] ??
    (isStandardClass(mailingClass) ? days.standard_class : undefined) ??
    days.first_class ??
    5
  );
}

/**
 * Whether a `ready` order of the given mode is due to leave `ready` at `now`: at the first midnight
 * America/New_York after its sendDate (the generated `print_at`); a live order in the demo profile as soon
 * as its sendDate has passed. Test orders keep that production timing in every profile, as PostGrid's stay
 * `ready` until their send date: an integration can cancel them or step them with `/progressions` (or
 * play `/tracking_story`) instead of finding them completed seconds after the create. Each is a range on
 * its own partial index.
 */
export function dueForPrinting(settings: PipelineSettings, live: boolean, now: Date) {
  return settings.profile === 'production' || !live
    ? { where: sql`live = ${live} and print_at <= ${now}`, orderBy: sql`print_at` }
    : { where: sql`live = ${live} and send_date <= ${now}`, orderBy: sql`send_date` };
}

/**
 * SLA deadlines of a batch entering printing at `at` (for `transitionOrders`): a CTE with one deadline per
 * distinct due time among the picked rows — a batch holds a handful of due midnights, so the business-day
 * lookup runs a handful of times, not once per order — and the per-row value that reads it. In production
 * the SLA counts from the due midnight (the moment the order was meant to enter printing, so a late tick
 * does not extend the printer's time); in the demo profile `print_at` is later than `at` and `at` counts.
 */
export function slaDeadlines(settings: PipelineSettings, at: Date) {
  return {
    with: sql`sla_deadlines as materialized (
      select due.print_at, business_sla_deadline(least(due.print_at, ${at}::timestamptz),
                                                 ${settings.pipeline.slaBusinessDays}::int) as deadline
      from (select distinct print_at from picked) due)`,
    value: sql<Date>`(select d.deadline from sla_deadlines d where d.print_at = orders.print_at)`,
  };
}

/**
 * Estimated completion of orders entering processed_for_delivery at `at`: their mailing class's typical
 * delivery time in business days (production), or a fixed delay (demo). `at` is one instant for the whole
 * batch, so every class's estimate is computed here with src/scheduling/calendar.ts and looked up per row.
 */
export function completionEstimateSql(settings: PipelineSettings, at: Date): RawBuilder<Date> {
  if (settings.profile === 'demo') {
    return sql<Date>`${new Date(at.getTime() + settings.pipeline.demoCompleteAfterProcessedMs)}::timestamptz`;
  }
  const days = settings.pipeline.deliveryBusinessDays;
  const estimate = (mailingClass: string) =>
    estimatedCompletion(at, deliveryBusinessDays(mailingClass, days)).toISOString();
  const byClass = Object.fromEntries([...mailingClasses, ...Object.keys(days)].map((c) => [c, estimate(c)]));
  return sql<Date>`coalesce((${JSON.stringify(byClass)}::jsonb ->> mailing_class)::timestamptz,
                            ${estimate('first_class')}::timestamptz)`;
}

/** Estimated completion from an out_for_delivery scan at `imb_date`: one business day later (demo: a delay). */
export function outForDeliveryEstimateSql(settings: PipelineSettings): RawBuilder<Date> {
  if (settings.profile === 'demo') {
    return sql<Date>`imb_date + ${settings.pipeline.demoCompleteAfterOutForDeliveryMs}::int * interval '1 millisecond'`;
  }
  // Test orders playing a tracking story keep the demo's pace in every profile (src/orders/progressions.ts).
  return sql<Date>`case when not live and tracking_story is not null
    then imb_date + ${settings.pipeline.demoCompleteAfterOutForDeliveryMs}::int * interval '1 millisecond'
    else add_business_days(imb_date, 1) end`;
}
