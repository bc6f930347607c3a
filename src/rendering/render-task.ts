// One order's render, as a worker runs it (src/rendering/render-queue.ts): idempotent steps, every
// attempt recorded in render_attempts.
//
// 1. The order is read; one no longer `rendering` (or no longer ready) is left alone.
// 2. A live US order gets its IMb, in a transaction of its own that locks the order (imbForRender): a
//    redo, or a second worker rendering it side by side, finds the barcode the first one gave it.
// 3. Its PDF is made (order-render.ts), the IMb stamped under the recipient, and its thumbnails drawn,
//    outside any transaction.
// 4. One transaction stores the PDF and thumbnails (content-addressed: a redo stores the same bytes
//    once), links them, moves render_status rendering → rendered with a conditional UPDATE that records
//    the `*.updated` event naming `render`, settles the price on the page count, and closes the attempt.
//    The UPDATE also requires the order's IMb to be the one stamped. When it matches nothing (another
//    worker finished the order first, after this one's lease ran out), the transaction is rolled back:
//    the render is applied exactly once, and the PDF applied carries the order's own barcode.
// A worker killed anywhere before 4 commits leaves nothing but an open attempt; the order's lease runs
// out and another worker renders it again from the start. While a worker renders, it renews the order's
// lease (every third of RENDER_LEASE), so a render that takes longer than the lease is not taken again
// by another worker (or by this one) and rendered twice side by side: a short lease only bounds how long
// a dead worker's orders wait.
import { type RawBuilder, sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { linkOrderDocuments, type OrderDocumentLink, orderDocuments } from '../documents/links.ts';
import type { Logger } from '../logger.ts';
import { settlePrice } from '../pricing/settle.ts';
import { findTemplateSnapshots } from '../printers/repo.ts';
import { type ImbSettings, imbForRender } from '../tracking/imb-assignment.ts';
import { OrderRenderFailure, type RenderDeps, type RenderSource, renderOrderPdf } from './order-render.ts';
import { renderThumbnails } from './thumbnails.ts';

/** The order was rendered (or cancelled) by someone else while this worker rendered it. */
class RenderLost extends Error {}

export type RenderOutcome = 'rendered' | 'failed' | 'retry' | 'skipped' | 'lost';

export interface RenderTaskDeps extends RenderDeps {
  db: Db;
  logger: Logger;
  /** Names this worker in render_attempts. */
  worker: string;
  maxAttempts: number;
  /** RENDER_LEASE: renewed while the order renders. */
  leaseMs: number;
  /** How long after a passing failure the order is tried again. */
  retryDelayMs: number;
  /** The Mailer ID and service type of the IMbs assigned at render (PIPELINE settings). */
  imb: ImbSettings;
}

interface OrderRow {
  json: RenderSource['order'];
  details: Record<string, unknown>;
  organization_id: string;
  live: boolean;
  render_status: string;
  status: string;
}

/** Set when render state changes: `render` in the order's JSON (order_json merges `details` in). */
function renderField(value: Record<string, unknown>): RawBuilder<unknown> {
  return sql`jsonb_build_object('render', ${JSON.stringify(value)}::jsonb)`;
}

/**
 * The conditional UPDATE of an order's render state with its `*.updated` event, in one statement (as
 * src/orders/lifecycle.ts moves status). Null when the order was no longer `rendering` and ready.
 */
async function changeRenderState(
  db: Db | Tx,
  orderId: string,
  set: {
    status: 'rendered' | 'failed';
    pageCount?: number;
    error?: Record<string, unknown>;
    /** The tracking code stamped on the PDF (null: none): the order's IMb must still be this one. */
    imbTrackingCode?: string | null;
  },
): Promise<{ id: string } | null> {
  const at = new Date();
  const render =
    set.status === 'rendered'
      ? { status: 'rendered', pageCount: set.pageCount, renderedAt: at.toISOString() }
      : { status: 'failed', error: set.error };
  const { rows } = await sql<{ id: string }>`
    with changed as (
      update orders set
        render_status = ${set.status},
        render_error = ${set.error ? JSON.stringify(set.error) : null}::jsonb,
        page_count = ${set.pageCount ?? null},
        rendered_at = ${set.status === 'rendered' ? at : null},
        render_lease_until = null,
        details = (details - 'render') || ${renderField(render)},
        event_seq = event_seq + 1,
        updated_at = ${at}
      where id = ${orderId} and render_status = 'rendering' and status = 'ready'
        and (${set.imbTrackingCode === undefined}::boolean
             or imb ->> 'trackingCode' is not distinct from ${set.imbTrackingCode ?? null}::text)
      returning id, organization_id, live, kind, event_seq, order_json(orders) as data
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      select mailstream_id('event'), organization_id, live, kind || '.updated', id, event_seq, data,
             '["render"]'::jsonb, ${at}
      from changed
    )
    select id from changed`.execute(db);
  return rows[0] ?? null;
}

async function startAttempt(db: Db, orderId: string, worker: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into render_attempts (order_id, worker) values (${orderId}, ${worker}) returning id`.execute(db);
  return Number(rows[0]!.id);
}

async function finishAttempt(
  db: Db | Tx,
  attemptId: number,
  outcome: Exclude<RenderOutcome, 'skipped'>,
  extra: { reused?: boolean; error?: Record<string, unknown> } = {},
): Promise<void> {
  await sql`
    update render_attempts set finished_at = now(), outcome = ${outcome}, reused = ${extra.reused ?? null},
           error = ${extra.error ? JSON.stringify(extra.error) : null}::jsonb
    where id = ${attemptId}`.execute(db);
}

async function readOrder(db: Db, orderId: string): Promise<OrderRow | null> {
  const { rows } = await sql<OrderRow>`
    select order_json(o) as json, o.details, o.organization_id, o.live, o.render_status, o.status
    from orders o where o.id = ${orderId}`.execute(db);
  return rows[0] ?? null;
}

/**
 * Keeps this worker's lease on the order until stopped. A renewal that fails (the database away) is only
 * logged: the next one tries again, and at worst the lease runs out and the render is redone elsewhere,
 * which the conditional UPDATE makes harmless.
 */
function holdLease(deps: RenderTaskDeps, orderId: string): () => Promise<void> {
  let pending: Promise<unknown> = Promise.resolve();
  const renew = () => {
    pending = sql`
      update orders set render_lease_until = now() + ${deps.leaseMs}::int * interval '1 millisecond'
      where id = ${orderId} and render_status = 'rendering'`
      .execute(deps.db)
      .catch((error) => deps.logger.warn({ err: error, orderId }, 'render lease could not be renewed'));
  };
  const timer = setInterval(renew, Math.max(100, Math.floor(deps.leaseMs / 3)));
  // Stopping waits for a renewal in flight, so none lands after the task's own last word on the lease.
  return async () => {
    clearInterval(timer);
    await pending;
  };
}

/** Renders one order the queue gave this worker. Never throws for the order's own content. */
export async function runRenderTask(deps: RenderTaskDeps, orderId: string): Promise<RenderOutcome> {
  const { db } = deps;
  const row = await readOrder(db, orderId);
  if (row?.render_status !== 'rendering' || row.status !== 'ready') return 'skipped';
  const stopHolding = holdLease(deps, orderId);
  try {
    return await renderHeld(deps, orderId, row, stopHolding);
  } finally {
    await stopHolding();
  }
}

async function renderHeld(
  deps: RenderTaskDeps,
  orderId: string,
  row: OrderRow,
  release: () => Promise<void>,
): Promise<RenderOutcome> {
  const { db } = deps;
  const attemptId = await startAttempt(db, orderId, deps.worker);
  try {
    const imb = await imbForRender(db, deps.imb, orderId);
    const source: RenderSource = {
      imb,
      order: row.json,
      details: row.details,
      snapshots: await findTemplateSnapshots(db, orderId),
      documents: (await orderDocuments(db, orderId)).filter(
        (d) => d.role === 'upload' || d.role === 'attachment',
      ),
    };
    const rendered = await renderOrderPdf(deps, source);
    const thumbnails = await renderThumbnails(rendered.pdf);
    const owner = { organizationId: row.organization_id, live: row.live };
    try {
      await db.transaction().execute(async (tx) => {
        const pdf = await deps.store.put(tx, {
          ...owner,
          origin: 'render',
          contentType: 'application/pdf',
          bytes: Buffer.from(rendered.pdf),
          pageCount: rendered.pageCount,
        });
        const links: OrderDocumentLink[] = [{ orderId, role: 'rendered', documentId: pdf.id }];
        for (const [index, set] of thumbnails.entries()) {
          for (const variant of ['small', 'medium', 'large'] as const) {
            const png = await deps.store.put(tx, {
              ...owner,
              origin: 'thumbnail',
              contentType: 'image/png',
              bytes: Buffer.from(set[variant]),
            });
            links.push({ orderId, role: 'thumbnail', page: index + 1, variant, documentId: png.id });
          }
        }
        await linkOrderDocuments(tx, links);
        const changed = await changeRenderState(tx, orderId, {
          status: 'rendered',
          pageCount: rendered.pageCount,
          imbTrackingCode: imb?.trackingCode ?? null,
        });
        // Rolls back the documents and links just written: the order is not this render's any more.
        if (!changed) throw new RenderLost();
        await settlePrice(tx, orderId, rendered.contentPages);
        await finishAttempt(tx, attemptId, 'rendered', { reused: rendered.reused });
      });
    } catch (error) {
      if (!(error instanceof RenderLost)) throw error;
      await finishAttempt(db, attemptId, 'lost');
      return 'lost';
    }
    return 'rendered';
  } catch (error) {
    if (error instanceof OrderRenderFailure) {
      const failure = { reason: error.reason, asset: error.asset, message: error.message };
      await changeRenderState(db, orderId, { status: 'failed', error: failure });
      await finishAttempt(db, attemptId, 'failed', { error: failure });
      deps.logger.info({ orderId, render: failure }, 'order render failed');
      return 'failed';
    }
    // The retry delay replaces the lease: no renewal may land after it.
    await release();
    return retryOrFail(deps, orderId, attemptId, error);
  }
}

/** A passing failure (a crash, no browser): tried again later, until RENDER_MAX_ATTEMPTS. */
async function retryOrFail(
  deps: RenderTaskDeps,
  orderId: string,
  attemptId: number,
  error: unknown,
): Promise<RenderOutcome> {
  const { db } = deps;
  const message = error instanceof Error ? error.message : String(error);
  const reason = (error as { reason?: unknown })?.reason;
  const detail = { reason: typeof reason === 'string' ? reason : 'error', message };
  await finishAttempt(db, attemptId, 'retry', { error: detail });
  const { rows } = await sql<{ attempts: number }>`
    select count(*)::int as attempts from render_attempts
    where order_id = ${orderId} and (outcome = 'retry' or outcome is null)`.execute(db);
  if (rows[0]!.attempts >= deps.maxAttempts) {
    const failure = { reason: detail.reason, asset: 'render', message };
    await changeRenderState(db, orderId, { status: 'failed', error: failure });
    deps.logger.warn({ orderId, render: failure }, 'order render failed after its last attempt');
    return 'failed';
  }
  await sql`
    update orders set render_lease_until = now() + ${deps.retryDelayMs}::int * interval '1 millisecond'
    where id = ${orderId} and render_status = 'rendering'`.execute(db);
  deps.logger.warn({ orderId, err: error }, 'order render will be tried again');
  return 'retry';
}
