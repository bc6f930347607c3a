// When an order is due for its next automatic step (BRIEF §5, §7), as SQL expressions over `orders`, so
// the scheduler's set-based statements compute them per row. The business-day functions they call
// (migrations/0004_pipeline.sql) mirror src/scheduling/calendar.ts and are tested against it.
import { type RawBuilder, sql } from 'kysely';
import type { Config } from '../config/config.ts';
import { isStandardClass } from '../orders/mailing-class.ts';
import { mailingClasses } from '../orders/schemas.ts';

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
 * Whether a `ready` order of the given mode is due to leave `ready` at `now`: in production at the first
 * midnight America/New_York after its sendDate (the generated `print_at`), in the demo profile as soon as
 * its sendDate has passed. Each is a range on its own partial index.
 */
export function dueForPrinting(settings: PipelineSettings, live: boolean, now: Date) {
  return settings.profile === 'production'
    ? { where: sql`live = ${live} and print_at <= ${now}`, orderBy: sql`print_at` }
    : { where: sql`live = ${live} and send_date <= ${now}`, orderBy: sql`send_date` };
}

/**
 * SLA deadline of an order entering printing at `at`. In production it counts from the due midnight (the
 * moment the order was meant to enter printing, so a late tick does not extend the printer's time); in
 * the demo profile `print_at` is later than `at` and `at` counts.
 */
export function slaDeadlineSql(settings: PipelineSettings, at: Date): RawBuilder<Date> {
  return sql<Date>`business_sla_deadline(least(print_at, ${at}::timestamptz), ${settings.pipeline.slaBusinessDays}::int)`;
}

/**
 * Estimated completion of an order entering processed_for_delivery at `at`: its mailing class's typical
 * delivery time in business days (production), or a fixed delay (demo).
 */
export function completionEstimateSql(settings: PipelineSettings, at: Date): RawBuilder<Date> {
  if (settings.profile === 'demo') {
    return sql<Date>`${at}::timestamptz + ${settings.pipeline.demoCompleteAfterProcessedMs}::int * interval '1 millisecond'`;
  }
  const days = settings.pipeline.deliveryBusinessDays;
  // Every known class resolved in TS (one rule, deliveryBusinessDays), looked up per row in SQL.
  const byClass = Object.fromEntries(
    [...mailingClasses, ...Object.keys(days)].map((c) => [c, deliveryBusinessDays(c, days)]),
  );
  return sql<Date>`add_business_days(${at}::timestamptz, coalesce(
    (${JSON.stringify(byClass)}::jsonb ->> mailing_class)::int, ${deliveryBusinessDays('first_class', days)}::int))`;
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
