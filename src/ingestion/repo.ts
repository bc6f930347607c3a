import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newId } from '../ids.ts';
import type { ImbStatus, NormalizedScan } from '../tracking/scan-status.ts';

export type ScanSource = 'feed' | 'file' | 'simulator';

/** A validated scan ready to store: its id and what it signals on its own. */
export interface ScanRow extends NormalizedScan {
  id: string;
  imbStatus: ImbStatus;
}

export interface StoredBatch {
  /** Scans stored now (not seen before). */
  inserted: number;
  /** Of those, how many matched an order. */
  matched: number;
  /** Orders whose imbStatus / imbDate / imbZIPCode changed. */
  ordersUpdated: number;
}

/**
 * Stores a batch of scans and folds them into their orders, in ONE statement:
 * 1. `input`: the batch as a set (unnest of one array per column), sorted by fingerprint so concurrent
 *    batches meet on the unique index in the same order (no deadlocks between overlapping feeds);
 * 2. `inserted`: each scan matched to the order with that Mailer ID + serial (live orders only, except for
 *    the simulator's scans) — the most recent use at the time of the scan (a serial may be reused after
 *    45 days, and a late scan belongs to the older piece), else the most recent use; duplicates (same
 *    fingerprint, in the table or earlier in the batch) are skipped by ON CONFLICT, unmatched scans are
 *    stored with order_id null;
 * 3. `best`: per order, the best new scan under the fold's total order (foldImbStatus): higher
 *    imb_status_rank, then earlier scan, then smaller ZIP (byte order, as JS compares strings);
 * 4. `locked`: those orders locked in id order (no deadlocks), reading their latest committed state;
 * 5. `changed`: one conditional UPDATE, only where the best new scan beats the order's current state — so
 *    the status never moves backwards and of two concurrent batches neither loses the other's update;
 * 6. `event`: one `*.updated` event per changed order, naming the fields that changed.
 */
export async function storeScanBatch(
  db: Executor,
  rows: readonly ScanRow[],
  source: ScanSource,
  at: Date,
): Promise<StoredBatch> {
  const column = <T>(pick: (row: ScanRow) => T) => rows.map(pick);
  // At most one event per order, and at most one order per scan.
  const eventIds = rows.map(() => newId('event'));
  const explain = (globalThis as any).EXPLAIN_INGEST ? sql`explain (analyze, buffers off) ` : sql``;
  const result = await sql<StoredBatch>`${explain}
    with input as (
      select * from unnest(
        ${column((r) => r.id)}::text[],
        ${column((r) => r.fingerprint)}::text[],
        ${column((r) => r.mailerId)}::text[],
        ${column((r) => r.serial)}::text[],
        ${column((r) => r.trackingCode)}::text[],
        ${column((r) => r.routingCode)}::text[],
        ${column((r) => r.serviceTypeId)}::text[],
        ${column((r) => r.scannedAt.toISOString())}::timestamptz[],
        ${column((r) => r.imbStatus)}::text[],
        ${column((r) => r.eventCode)}::text[],
        ${column((r) => r.facilityZip)}::text[],
        ${column((r) => r.facilityCity)}::text[],
        ${column((r) => r.facilityState)}::text[],
        ${column((r) => r.mailPhase)}::text[],
        ${column((r) => r.handlingEventType)}::text[],
        ${column((r) => r.machineName)}::text[],
        ${column((r) => r.predictedDeliveryDate)}::text[]
      ) as i(id, fingerprint, mailer_id, serial, tracking_code, routing_code, service_type_id, scanned_at,
             imb_status, event_code, facility_zip, facility_city, facility_state, mail_phase,
             handling_event_type, machine_name, predicted_delivery_date)
    ), inserted as (
      insert into usps_scans (id, fingerprint, order_id, mailer_id, serial, tracking_code, routing_code,
                              service_type_id, scanned_at, imb_status, event_code, facility_zip, facility_city,
                              facility_state, mail_phase, handling_event_type, machine_name,
                              predicted_delivery_date, source, received_at)
      select i.id, i.fingerprint, m.id, i.mailer_id, i.serial, i.tracking_code, i.routing_code,
             i.service_type_id, i.scanned_at, i.imb_status, i.event_code, i.facility_zip, i.facility_city,
             i.facility_state, i.mail_phase, i.handling_event_type, i.machine_name, i.predicted_delivery_date,
             ${source}, ${at}
      from input i
      left join lateral (
        select o.id from orders o
        where o.imb_mailer_id = i.mailer_id and o.imb_serial = i.serial
          -- Test orders are never mailed: only the simulated postal service has scans of them.
          and (o.live or ${source} = 'simulator')
        -- A day of slack: feeds without a zone are read as UTC, which can put a scan hours early.
        order by o.imb_assigned_at <= i.scanned_at + interval '1 day' desc, o.imb_assigned_at desc
        limit 1
      ) m on true
      order by i.fingerprint
      on conflict (fingerprint) do nothing
      returning order_id, imb_status, scanned_at, facility_zip
    ), best as (
      select distinct on (order_id) order_id, imb_status, scanned_at, facility_zip,
             imb_status_rank(imb_status) as rank
      from inserted
      where order_id is not null
      order by order_id, imb_status_rank(imb_status) desc, scanned_at, facility_zip collate "C" nulls last
    ), locked as (
      select o.id, o.imb_status, o.imb_date, o.imb_zip
      from orders o
      where o.id in (select order_id from best)
      order by o.id
      for no key update of o
    ), changed as (
      update orders o
      set imb_status = b.imb_status, imb_date = b.scanned_at, imb_zip = b.facility_zip,
          event_seq = o.event_seq + 1, updated_at = ${at}
      from locked l join best b on b.order_id = l.id
      where o.id = l.id
        and (
          l.imb_status is null
          or b.rank > imb_status_rank(l.imb_status)
          or (b.rank = imb_status_rank(l.imb_status)
              and (b.scanned_at < l.imb_date
                   or (b.scanned_at = l.imb_date
                       and b.facility_zip is not null
                       and (l.imb_zip is null or b.facility_zip collate "C" < l.imb_zip collate "C"))))
        )
      returning o.id, o.organization_id, o.live, o.kind, o.event_seq, order_json(o) as data,
        to_jsonb(array_remove(array[
          case when l.imb_status is distinct from b.imb_status then 'imbStatus' end,
          case when l.imb_date is distinct from b.scanned_at then 'imbDate' end,
          case when l.imb_zip is distinct from b.facility_zip then 'imbZIPCode' end
        ], null)) as updated_fields
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      -- Ids made in JS: mailstream_id() costs more than the rest of an event's insert.
      select (${eventIds}::text[])[row_number() over ()], organization_id, live, kind || '.updated', id,
             event_seq, data, updated_fields, ${at}
      from changed
    )
    select (select count(*) from inserted)::int as inserted,
           (select count(*) from inserted where order_id is not null)::int as matched,
           (select count(*) from changed)::int as "ordersUpdated"`.execute(db);
  if ((globalThis as any).EXPLAIN_INGEST) { console.error(result.rows.map((r: any) => r['QUERY PLAN']).join('\n')); }
  return result.rows[0] ?? { inserted: 0, matched: 0, ordersUpdated: 0 };
}

export interface ScanRecord {
  id: string;
  mailer_id: string;
  serial: string;
  tracking_code: string | null;
  routing_code: string | null;
  service_type_id: string | null;
  scanned_at: Date;
  imb_status: ImbStatus;
  event_code: string | null;
  facility_zip: string | null;
  facility_city: string | null;
  facility_state: string | null;
  mail_phase: string | null;
  handling_event_type: string | null;
  machine_name: string | null;
  predicted_delivery_date: string | null;
  source: ScanSource;
  received_at: Date;
}

/** An order's scans in the order they happened (ties: the order they arrived). */
export async function listOrderScans(
  db: Executor,
  orderId: string,
  page: { skip: number; limit: number },
): Promise<{ rows: ScanRecord[]; totalCount: number }> {
  const [rows, count] = await Promise.all([
    sql<ScanRecord>`
      select id, mailer_id, serial, tracking_code, routing_code, service_type_id, scanned_at, imb_status,
             event_code, facility_zip, facility_city, facility_state, mail_phase, handling_event_type,
             machine_name, predicted_delivery_date, source, received_at
      from usps_scans
      where order_id = ${orderId}
      order by scanned_at, received_at, id
      offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from usps_scans where order_id = ${orderId}`.execute(db),
  ]);
  return { rows: rows.rows, totalCount: count.rows[0]!.n };
}
