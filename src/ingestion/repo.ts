import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newIds } from '../ids.ts';
import { changedWithEventIds } from '../orders/lifecycle.ts';
import type { ImbStatus, NormalizedScan } from '../tracking/scan-status.ts';

export type ScanSource = 'feed' | 'file' | 'simulator';

/** A validated scan ready to store: its id and what it signals on its own. */
export interface ScanRow {
  scan: NormalizedScan;
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
 * 1. `input`: the batch as a set (json_to_recordset), sorted by fingerprint so concurrent
 *    batches meet on the unique index in the same order (no deadlocks between overlapping feeds);
 * 2. `inserted`: each scan matched to the order with that Mailer ID + serial (live orders only, except for
 *    the simulator's scans) — the most recent use at the time of the scan (a serial may be reused after
 *    45 days, and a late scan belongs to the older piece), else the most recent use; duplicates (same
 *    fingerprint, in the table or earlier in the batch) are skipped by ON CONFLICT, unmatched scans are
 *    stored with order_id null;
 * 3. `best`: per order, the best new scan under the fold's total order (foldImbStatus): higher
 *    imb_status_rank, then earlier scan, then smaller ZIP (byte order, as JS compares strings);
 * 4. `locked`: those orders the best scan improves, locked in id order (no deadlocks), reading their
 *    latest committed state;
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
  // At most one event per order, and at most one order per scan.
  const eventIds = newIds('event', rows.length);
  // Test orders are never mailed: only the simulated postal service has scans of them.
  const includeTestOrders = source === 'simulator';
  // The batch goes as one JSON parameter: native to serialize and quick for the server to read, where
  // 17 text arrays cost more than the insert itself.
  const input = JSON.stringify(
    rows.map(({ scan: r, id, imbStatus }) => ({
      id,
      fingerprint: r.fingerprint,
      mailer_id: r.mailerId,
      serial: r.serial,
      tracking_code: r.trackingCode,
      routing_code: r.routingCode,
      service_type_id: r.serviceTypeId,
      scanned_at: r.scannedAt.toISOString(),
      imb_status: imbStatus,
      event_code: r.eventCode,
      facility_zip: r.facilityZip,
      facility_city: r.facilityCity,
      facility_state: r.facilityState,
      mail_phase: r.mailPhase,
      handling_event_type: r.handlingEventType,
      machine_name: r.machineName,
      predicted_delivery_date: r.predictedDeliveryDate,
    })),
  );
  // The batch's sets (the parsed input, the changed orders with their JSON, the trigger's transition
  // tables) take some 15 MB at 10,000 scans: with the default 4 MB they spill to temporary files.
  // Local to the transaction the caller gives us (ingestScans always runs this in one).
  await sql`select set_config('work_mem', '32MB', true)`.execute(db);
  const result = await sql<StoredBatch>`
    with input as (
      select * from json_to_recordset(${input}::json) as i(
        id text, fingerprint text, mailer_id text, serial text, tracking_code text, routing_code text,
        service_type_id text, scanned_at timestamptz, imb_status text, event_code text, facility_zip text,
        facility_city text, facility_state text, mail_phase text, handling_event_type text, machine_name text,
        predicted_delivery_date text)
    ), inserted as (
      insert into usps_scans (id, fingerprint, order_id, mailer_id, serial, tracking_code, routing_code,
                              service_type_id, scanned_at, imb_status, event_code, facility_zip, facility_city,
                              facility_state, mail_phase, handling_event_type, machine_name,
                              predicted_delivery_date, source, received_at)
      select i.id, decode(i.fingerprint, 'hex'),
             -- The use of the IMb at the time of the scan, else (a scan before any use) the latest.
             coalesce(
               (select o.id from orders o
                where o.imb_mailer_id = i.mailer_id and o.imb_serial = i.serial and (o.live or ${includeTestOrders})
                  -- A day of slack: feeds without a zone are read as UTC, which can put a scan hours early.
                  and o.imb_assigned_at <= i.scanned_at + interval '1 day'
                order by o.imb_assigned_at desc limit 1),
               (select o.id from orders o
                where o.imb_mailer_id = i.mailer_id and o.imb_serial = i.serial and (o.live or ${includeTestOrders})
                order by o.imb_assigned_at desc limit 1)),
             i.mailer_id, i.serial, i.tracking_code, i.routing_code,
             i.service_type_id, i.scanned_at, i.imb_status, i.event_code, i.facility_zip, i.facility_city,
             i.facility_state, i.mail_phase, i.handling_event_type, i.machine_name, i.predicted_delivery_date,
             ${source}, ${at}
      from input i
      order by i.fingerprint collate "C"
      on conflict do nothing
      returning order_id, imb_status, scanned_at, facility_zip
    ), best as (
      select distinct on (order_id) order_id, imb_status, scanned_at, facility_zip
      from inserted
      where order_id is not null
      order by order_id, imb_status_rank(imb_status) desc, scanned_at, facility_zip collate "C" nulls last
    ), locked as (
      select o.id, o.imb_status, o.imb_date, o.imb_zip
      from orders o join best b on b.order_id = o.id
      -- Only the orders this batch improves. The state only ever improves, so an order these scans do
      -- not beat now they never will; after waiting for a lock the condition is re-checked on the
      -- latest row version.
      where imb_state_beats(b.imb_status, b.scanned_at, b.facility_zip, o.imb_status, o.imb_date, o.imb_zip)
      order by o.id
      for no key update of o
    ), changed as (
      update orders o
      set imb_status = b.imb_status, imb_date = b.scanned_at, imb_zip = b.facility_zip,
          event_seq = o.event_seq + 1, updated_at = ${at}
      from locked l join best b on b.order_id = l.id
      where o.id = l.id
        and imb_state_beats(b.imb_status, b.scanned_at, b.facility_zip, l.imb_status, l.imb_date, l.imb_zip)
      returning o.id, o.organization_id, o.live, o.kind, o.event_seq, order_json(o) as data,
        to_jsonb(array_remove(array[
          case when l.imb_status is distinct from b.imb_status then 'imbStatus' end,
          case when l.imb_date is distinct from b.scanned_at then 'imbDate' end,
          case when l.imb_zip is distinct from b.facility_zip then 'imbZIPCode' end
        ], null)) as updated_fields
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      -- Ids made in JS: mailstream_id() costs more than the rest of an event's insert.
      select event_id, changed.organization_id, changed.live, changed.kind || '.updated', changed.id,
             changed.event_seq, changed.data, changed.updated_fields, ${at}
      from ${changedWithEventIds(eventIds)}
    )
    select (select count(*) from inserted)::int as inserted,
           (select count(*) from inserted where order_id is not null)::int as matched,
           (select count(*) from changed)::int as "ordersUpdated"`.execute(db);
  return result.rows[0]!;
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
