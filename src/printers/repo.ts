import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderJson } from '../orders/repo.ts';

export interface Printer {
  id: string;
  name: string;
  simulated: boolean;
}

export async function insertPrinter(
  db: Executor,
  printer: Printer & { keyHash: Buffer; keyHint: string },
): Promise<void> {
  await db
    .insertInto('printers')
    .values({
      id: printer.id,
      name: printer.name,
      key_hash: printer.keyHash,
      key_hint: printer.keyHint,
      simulated: printer.simulated,
      last_seen_at: null,
      revoked_at: null,
    })
    .execute();
}

export async function findPrinterByKeyHash(db: Executor, keyHash: Buffer): Promise<Printer | undefined> {
  return db
    .selectFrom('printers')
    .select(['id', 'name', 'simulated'])
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function findSimulatedPrinter(db: Executor): Promise<Printer | undefined> {
  return db
    .selectFrom('printers')
    .select(['id', 'name', 'simulated'])
    .where('simulated', '=', true)
    .executeTakeFirst();
}

export async function touchPrinter(db: Executor, printerId: string, at: Date): Promise<void> {
  await db.updateTable('printers').set({ last_seen_at: at }).where('id', '=', printerId).execute();
}

/**
 * Claims up to `limit` live printing orders nobody holds (never claimed, or the claim expired or was given
 * back) for `printerId` until `until`. One statement; SKIP LOCKED lets printers claim side by side.
 */
export async function claimOrders(
  db: Executor,
  claim: { printerId: string; limit: number; at: Date; until: Date },
): Promise<string[]> {
  const result = await sql<{ id: string }>`
    update orders set printer_id = ${claim.printerId}, claimed_at = ${claim.at}, claimable_at = ${claim.until}
    where id = any(array(
      select id from orders
      -- Printing orders are rendered (the scheduler moves no other); said again here, as the gate of claims.
      where status = 'printing' and live and claimable_at <= ${claim.at} and render_status = 'rendered'
      order by claimable_at
      limit ${claim.limit} for update skip locked))
      and status = 'printing'
    returning id`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Orders `printerId` holds that it claimed at or before `claimedBefore` (the simulated printer's queue). */
export async function claimedOrderIds(
  db: Executor,
  printerId: string,
  claimedBefore: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'printing')
    .where('printer_id', '=', printerId)
    .where('claimed_at', '<=', claimedBefore)
    .orderBy('claimed_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface PrintJobRow {
  json: OrderJson;
  claimable_at: Date | null;
  printer_id: string | null;
  failures: number;
  /** The print-ready PDF (order_documents role 'rendered'). */
  document: {
    id: string;
    content_type: string;
    sha256: Buffer;
    size: string | number;
    page_count: number;
  } | null;
}

/** The orders behind print jobs, with what a printer needs beyond the API representation. */
export async function findPrintJobRows(db: Executor, orderIds: string[]): Promise<PrintJobRow[]> {
  if (orderIds.length === 0) return [];
  const result = await sql<PrintJobRow>`
    select order_json(o) as json, o.claimable_at, o.printer_id,
           (select count(*)::int from print_failures f where f.order_id = o.id) as failures,
           (select jsonb_build_object('id', d.id, 'content_type', d.content_type, 'sha256', encode(d.sha256, 'hex'),
                                      'size', d.size, 'page_count', d.page_count)
            from order_documents l join documents d on d.id = l.document_id
            where l.order_id = o.id and l.role = 'rendered' and l.page = 0 and l.variant = '') as document
    from orders o where o.id = any(${orderIds}::text[]) and o.live
    order by o.claimed_at, o.id`.execute(db);
  // jsonb carries the sha256 as hex.
  return result.rows.map((row) => ({
    ...row,
    document: row.document
      ? { ...row.document, sha256: Buffer.from(row.document.sha256 as unknown as string, 'hex') }
      : null,
  }));
}

/** Ids of the orders `printerId` currently holds. */
export async function heldOrderIds(
  db: Executor,
  printerId: string,
  at: Date,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'printing')
    .where('printer_id', '=', printerId)
    .where('claimable_at', '>', at)
    .orderBy('claimed_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** HTML of the templates an order was created from, by the order field that named them. */
export async function findTemplateSnapshots(db: Executor, orderId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('order_template_snapshots')
    .select(['field', 'html'])
    .where('order_id', '=', orderId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.field, r.html]));
}

/**
 * Records a failure `printerId` reported and gives the order back (claimable again at once), in one
 * statement; returns false when the order is not printing under this printer's claim.
 */
export async function recordFailure(
  db: Executor,
  failure: { orderId: string; printerId: string; reason: string; at: Date },
): Promise<boolean> {
  const result = await sql<{ id: string }>`
    with released as (
      update orders set claimable_at = ${failure.at}, printer_id = null, claimed_at = null
      where id = ${failure.orderId} and status = 'printing' and printer_id = ${failure.printerId}
      returning id
    )
    insert into print_failures (order_id, printer_id, reason, created_at)
    select id, ${failure.printerId}, ${failure.reason}, ${failure.at} from released
    returning order_id as id`.execute(db);
  return result.rows.length > 0;
}
