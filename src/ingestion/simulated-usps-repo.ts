import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { IvmtrEvent } from '../tracking/scan-status.ts';

/** A piece whose story the simulated postal service has just taken on. */
export interface ClaimedPiece {
  id: string;
  tracking_code: string;
  routing_code: string;
  destination_zip: string | null;
  mailed_at: Date | null;
  return_to_sender: boolean;
}

/**
 * Takes on the story of pieces waiting for one — `tracking_story` set, not yet `scheduledAt`, mailed with
 * an IMb — and marks them in the same UPDATE, so each piece gets its scans exactly once whatever the
 * number of workers (SKIP LOCKED: concurrent ticks take different pieces). `returnToSender` is decided
 * here and recorded: `force` if given, else what the story already says, else a draw at `returnRate`.
 */
export async function claimPieces(
  db: Executor,
  options: { limit: number; now: Date; returnRate: number; orderId?: string; force?: boolean },
): Promise<ClaimedPiece[]> {
  const only: RawBuilder<unknown> = options.orderId === undefined ? sql`` : sql`and id = ${options.orderId}`;
  // A named order waits for its lock (the caller means it); the tick skips what others hold.
  const lock = options.orderId === undefined ? sql`for update skip locked` : sql`for update`;
  const result = await sql<ClaimedPiece>`
    with candidates as (
      select id from orders
      where tracking_story is not null and not (tracking_story ? 'scheduledAt')
        and imb is not null and status in ('processed_for_delivery', 'completed') ${only}
      order by processed_at
      limit ${options.limit}
      ${lock}
    )
    update orders o
    set tracking_story = o.tracking_story || jsonb_build_object(
      'scheduledAt', iso_time(${options.now}),
      'returnToSender', coalesce(
        ${options.force ?? null}::boolean,
        case when jsonb_typeof(o.tracking_story -> 'returnToSender') = 'boolean'
             then (o.tracking_story ->> 'returnToSender')::boolean end,
        random() < ${options.returnRate}))
    from candidates c
    where o.id = c.id
    returning o.id, o.imb ->> 'trackingCode' as tracking_code, coalesce(o.imb ->> 'routingCode', '') as routing_code,
              o.to_contact ->> 'postalOrZip' as destination_zip, o.processed_at as mailed_at,
              (o.tracking_story ->> 'returnToSender')::boolean as return_to_sender`.execute(db);
  return result.rows;
}

/**
 * Marks an order as one whose story the simulated postal service plays (merging `returnToSender` when
 * given), unless its story is already under way. Returns whether the order exists.
 */
export async function markTrackingStory(
  db: Executor,
  orderId: string,
  returnToSender?: boolean,
): Promise<boolean> {
  const story = returnToSender === undefined ? {} : { returnToSender };
  const result = await sql<{ id: string }>`
    update orders
    set tracking_story = case when tracking_story ? 'scheduledAt' then tracking_story
                              else coalesce(tracking_story, '{}'::jsonb) || ${JSON.stringify(story)}::jsonb end
    where id = ${orderId}
    returning id`.execute(db);
  return result.rows.length > 0;
}

export interface PendingScan {
  orderId: string;
  deliverAt: Date;
  event: IvmtrEvent;
}

export async function insertPendingScans(db: Executor, scans: readonly PendingScan[]): Promise<void> {
  if (scans.length === 0) return;
  await sql`
    insert into simulated_usps_scans (order_id, deliver_at, event)
    select * from unnest(${scans.map((s) => s.orderId)}::text[], ${scans.map((s) => s.deliverAt.toISOString())}::timestamptz[],
                         ${scans.map((s) => JSON.stringify(s.event))}::jsonb[])`.execute(db);
}

/**
 * Removes and returns the scans due by `now`, in delivery order. The caller ingests them in the same
 * transaction, so a scan is fed exactly once: a rollback puts it back, a concurrent tick skips it.
 */
export async function takeDueScans(db: Executor, now: Date, limit: number): Promise<IvmtrEvent[]> {
  const result = await sql<{ event: IvmtrEvent; deliver_at: Date; id: number }>`
    with due as (
      select id from simulated_usps_scans
      where deliver_at <= ${now}
      order by deliver_at, id
      limit ${limit}
      for update skip locked
    )
    delete from simulated_usps_scans s using due
    where s.id = due.id
    returning s.id, s.deliver_at, s.event`.execute(db);
  return result.rows
    .sort((a, b) => a.deliver_at.getTime() - b.deliver_at.getTime() || Number(a.id) - Number(b.id))
    .map((row) => row.event);
}
