// The scheduler: moves due orders on their own (BRIEF §5, §7). Every step is a set-based statement over a
// batch of rows locked with FOR UPDATE SKIP LOCKED, so any number of worker processes may tick at once:
// they take disjoint rows, and each transition and its event happen exactly once.
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { transitionOrders } from '../orders/lifecycle.ts';
import {
  dueForPrinting,
  outForDeliveryEstimateSql,
  type PipelineSettings,
  slaDeadlines,
} from './estimates.ts';

export interface TickResult {
  /** Live orders moved ready → printing. */
  printing: number;
  /** Test orders moved ready → completed (test orders are never printed, BRIEF §7). */
  testCompleted: number;
  /** Orders whose completion estimate an out_for_delivery scan brought forward. */
  estimatesFromScans: number;
  /** Orders moved processed_for_delivery → completed. */
  completed: number;
  /** Live orders found due to print but not rendered, marked as having missed their print day for it. */
  printDelayed: number;
}

/** Runs `batch` until it moves fewer rows than a full batch; returns the total moved. */
async function drain(limit: number, batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await batch();
    total += moved;
    if (moved < limit) return total;
  }
}

/** ready → printing for live orders due at `now`, with their SLA deadline and open for printers to claim. */
export async function movePrintingBatch(
  db: Executor,
  settings: PipelineSettings,
  now: Date,
): Promise<number> {
  const due = dueForPrinting(settings, true, now);
  const sla = slaDeadlines(settings, now);
  const moved = await transitionOrders(db, {
    ...due,
    // Only an order whose print-ready PDF exists prints (src/rendering); the others wait for it.
    where: sql`${due.where} and render_status = 'rendered'`,
    limit: settings.pipeline.batchSize,
    to: 'printing',
    at: now,
    with: sla.with,
    set: { sla_deadline: sla.value, claimable_at: sql`${now}::timestamptz` },
    updatedFields: ['status', 'slaDeadline'],
  });
  return moved.length;
}

/** ready → completed for test orders due at `now`: at the moment a live order would enter printing. */
export async function moveTestCompletedBatch(
  db: Executor,
  settings: PipelineSettings,
  now: Date,
): Promise<number> {
  const due = dueForPrinting(settings, false, now);
  const moved = await transitionOrders(db, {
    ...due,
    // A test order "prints" when a live one would: after its render, and never when the render failed.
    where: sql`${due.where} and render_status = 'rendered'`,
    limit: settings.pipeline.batchSize,
    to: 'completed',
    from: ['ready'],
    at: now,
    updatedFields: ['status'],
  });
  return moved.length;
}

/**
 * Folds out_for_delivery scans into the completion estimate (one business day after the scan, BRIEF §5).
 * Ingestion sets imbStatus/imbDate and queues the order in pending_scan_estimates in the same statement;
 * this takes a batch off the queue and only ever brings the estimate forward. No status changes, no
 * event. Returns how many queued orders it took (the drain loop's measure).
 *
 * Nothing here waits for a lock. Ingestion holds an order's lock while it queues the order, and would
 * wait for a queue row this had deleted; had this then waited for that order, each would wait for the
 * other. So processed_for_delivery orders locked elsewhere are skipped, their queue rows left for the
 * next tick, and such a queue row is deleted only with its order locked.
 *
 * Any other order just leaves the queue, unlocked: one still printing gets its scan from moveMailed,
 * which reads imbStatus under its own lock (the queue row is visible, so the scan has committed), and a
 * completed or cancelled one needs no estimate. Not locking them keeps printers' reports and the
 * simulated printer's batches from finding them held by this.
 */
export async function foldScanEstimatesBatch(db: Executor, settings: PipelineSettings): Promise<number> {
  const result = await sql<{ taken: number }>`
    with picked as (
      select order_id from pending_scan_estimates
      limit ${settings.pipeline.batchSize} for update skip locked
    ), mailed as (
      select id from orders
      where id = any(array(select order_id from picked)) and status = 'processed_for_delivery'
    ), locked as (
      select id from orders
      where id = any(array(select id from mailed)) and status = 'processed_for_delivery'
      for no key update skip locked
    ), folded as (
      update orders set complete_at = least(complete_at, ${outForDeliveryEstimateSql(settings)})
      where id = any(array(select id from locked))
        and status = 'processed_for_delivery' and imb_status = 'out_for_delivery'
    ), taken as (
      delete from pending_scan_estimates
      where order_id = any(array(select order_id from picked))
        and (order_id = any(array(select id from locked)) or order_id <> all(array(select id from mailed)))
      returning order_id
    )
    select count(*)::int as taken from taken`.execute(db);
  return result.rows[0]!.taken;
}

/** processed_for_delivery → completed once the estimated delivery moment has come. */
export async function moveCompletedBatch(
  db: Executor,
  settings: PipelineSettings,
  now: Date,
): Promise<number> {
  const moved = await transitionOrders(db, {
    where: sql`complete_at <= ${now}`,
    orderBy: sql`complete_at`,
    limit: settings.pipeline.batchSize,
    to: 'completed',
    at: now,
    updatedFields: ['status'],
  });
  return moved.length;
}

/**
 * Live orders due to print whose render has not finished (or failed) wait; each is marked once, with its
 * `*.updated` event naming `render`: `render.printDelayed` says when it was due and why it did not print.
 * Returns how many were marked.
 */
export async function markPrintDelaysBatch(
  db: Executor,
  settings: PipelineSettings,
  now: Date,
): Promise<number> {
  const due = dueForPrinting(settings, true, now);
  const dueAt = settings.profile === 'production' ? sql`print_at` : sql`send_date`;
  const { rows } = await sql<{ n: number }>`
    with changed as (
      update orders set
        print_delayed_at = ${now},
        details = details || jsonb_build_object('render', coalesce(details -> 'render', '{}'::jsonb) ||
          jsonb_build_object('printDelayed', jsonb_build_object(
            'dueAt', iso_time(${dueAt}),
            'reason', case when render_status = 'failed' then 'render_failed' else 'render_pending' end))),
        event_seq = event_seq + 1,
        updated_at = ${now}
      where id = any(array(
        select id from orders
        where status = 'ready' and ${due.where} and render_status <> 'rendered' and print_delayed_at is null
        order by ${due.orderBy}
        limit ${settings.pipeline.batchSize} for update skip locked))
        and status = 'ready' and render_status <> 'rendered' and print_delayed_at is null
      returning id, organization_id, live, kind, event_seq, order_json(orders) as data
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      select mailstream_id('event'), organization_id, live, kind || '.updated', id, event_seq, data,
             '["render"]'::jsonb, ${now}
      from changed
    )
    select count(*)::int as n from changed`.execute(db);
  return rows[0]!.n;
}

/** One scheduler pass at `now` (the injectable clock): every due order moves, batch after batch. */
export async function runSchedulerTick(
  db: Executor,
  settings: PipelineSettings,
  now: Date,
): Promise<TickResult> {
  const limit = settings.pipeline.batchSize;
  return {
    printing: await drain(limit, () => movePrintingBatch(db, settings, now)),
    testCompleted: await drain(limit, () => moveTestCompletedBatch(db, settings, now)),
    estimatesFromScans: await drain(limit, () => foldScanEstimatesBatch(db, settings)),
    completed: await drain(limit, () => moveCompletedBatch(db, settings, now)),
    printDelayed: await drain(limit, () => markPrintDelaysBatch(db, settings, now)),
  };
}
