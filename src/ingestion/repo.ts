import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newIds } from '../ids.ts';
import { changedWithEventIds } from '../orders/lifecycle.ts';
import type { ImbStatus, NormalizedScan } from '../tracking/scan-status.ts';

export type ScanSource = 'feed' | 'file' | 'simulator';

/**
 * Between the values of a column sent to PostgreSQL (storeScanBatch). Never in a stored scan: ingestion
 * refuses scans with control characters (src/ingestion/service.ts).
 */
const SEPARATOR = '\u001f';

/** A validated scan ready to store: its id and what it signals on its own. */
export interface ScanRow {
  scan: NormalizedScan;
  id: string;
  imbStatus: ImbStatus;
}

/** The columns a batch is sent as (storeScanBatch's `input`): name, value of a row, type if not text. */
const INPUT_COLUMNS: readonly { name: string; read: (row: ScanRow) => string | null; type?: string }[] = [
  { name: 'id', read: (r) => r.id },
  { name: 'fingerprint', read: (r) => r.scan.fingerprint },
  { name: 'mailer_id', read: (r) => r.scan.mailerId },
  { name: 'serial', read: (r) => r.scan.serial },
  { name: 'tracking_code', read: (r) => r.scan.trackingCode },
  { name: 'routing_code', read: (r) => r.scan.routingCode },
  { name: 'service_type_id', read: (r) => r.scan.serviceTypeId },
  { name: 'scanned_at', read: (r) => r.scan.scannedAt.toISOString(), type: 'timestamptz' },
  { name: 'imb_status', read: (r) => r.imbStatus },
  { name: 'event_code', read: (r) => r.scan.eventCode },
  { name: 'facility_zip', read: (r) => r.scan.facilityZip },
  { name: 'facility_city', read: (r) => r.scan.facilityCity },
  { name: 'facility_state', read: (r) => r.scan.facilityState },
  { name: 'mail_phase', read: (r) => r.scan.mailPhase },
  { name: 'handling_event_type', read: (r) => r.scan.handlingEventType },
  { name: 'machine_name', read: (r) => r.scan.machineName },
  { name: 'predicted_delivery_date', read: (r) => r.scan.predictedDeliveryDate },
];

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
 * 1. `input`: the batch as a set, each column sent as one text and split into rows;
 * 2. `matched`: each scan with the order that has that Mailer ID + serial (live orders only, except for
 *    the simulator's scans) — the most recent use at the time of the scan (a serial may be reused after
 *    45 days, and a late scan belongs to the older piece), else the most recent use — and that order's
 *    imbStatus / imbDate / imbZIPCode as this statement sees them;
 * 3. `inserted`: the scans, sorted by fingerprint so concurrent batches meet on the unique index in the
 *    same order (no deadlocks between overlapping feeds); duplicates (same fingerprint, in the table or
 *    earlier in the batch) are skipped by ON CONFLICT, unmatched scans are stored with order_id null;
 * 4. `best`: per order, the best new scan under the fold's total order (foldImbStatus): higher
 *    imb_status_rank, then earlier scan, then smaller ZIP (byte order, as JS compares strings) — among
 *    the scans that beat the order's state seen in `matched`. The state only ever improves, so a scan
 *    that does not beat it then never will, and most orders drop out here without another lookup;
 * 5. `locked`: the remaining orders, locked in id order (no deadlocks), re-checked on their latest
 *    committed state after waiting for a lock;
 * 6. `changed`: one conditional UPDATE, only where the best new scan beats the order's current state — so
 *    the status never moves backwards and of two concurrent batches neither loses the other's update.
 *    It changes no indexed column, so PostgreSQL can keep the new row version on its page without
 *    touching the orders' indexes (migration 0011);
 * 7. `event`: one `*.updated` event per changed order, naming the fields that changed; `estimate`: the
 *    orders now out_for_delivery, queued for the scheduler's completion estimate.
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
  // Each column goes as one text, its values joined by the unit separator (a control character, which
  // ingestion refuses in scans): PostgreSQL splits it in a fraction of the time it takes to read the same
  // rows as JSON, and joining costs less than JSON.stringify. Absent values are empty (Array.join writes
  // null as '') and come back null; no stored value is empty.
  const columns = INPUT_COLUMNS.map(({ read, type }) => {
    const values = sql`string_to_array(${rows.map(read).join(SEPARATOR)}::text, ${SEPARATOR}::text, '')`;
    return type ? sql`${values}::${sql.raw(type)}[]` : values;
  });
  const names = sql.raw(INPUT_COLUMNS.map((c) => c.name).join(', '));
  // The batch's sets (the parsed input, the changed orders with their JSON, the trigger's transition
  // tables) take some 15 MB at 10,000 scans: with the default 4 MB they spill to temporary files.
  // Local to the transaction the caller gives us (ingestScans always runs this in one).
  await sql`select set_config('work_mem', '32MB', true)`.execute(db);
  const result = await sql<StoredBatch>`
    with input as (
      select * from unnest(${sql.join(columns)}) as i(${names})
    ), matched as (
      select i.*, m.order_id, m.imb_status as order_imb_status, m.imb_date as order_imb_date,
             m.imb_zip as order_imb_zip
      from input i
      left join lateral (
        select o.id as order_id, o.imb_status, o.imb_date, o.imb_zip
        from orders o
        where o.imb_mailer_id = i.mailer_id and o.imb_serial = i.serial and (o.live or ${includeTestOrders})
        -- The use of the IMb at the time of the scan, else (a scan before any use) the latest. A day of
        -- slack: feeds without a zone are read as UTC, which can put a scan hours early.
        order by o.imb_assigned_at <= i.scanned_at + interval '1 day' desc, o.imb_assigned_at desc
        limit 1) m on true
    ), inserted as (
      insert into usps_scans (id, fingerprint, order_id, mailer_id, serial, tracking_code, routing_code,
                              service_type_id, scanned_at, imb_status, event_code, facility_zip, facility_city,
                              facility_state, mail_phase, handling_event_type, machine_name,
                              predicted_delivery_date, source, received_at)
      select id, decode(fingerprint, 'hex'), order_id, mailer_id, serial, tracking_code, routing_code,
             service_type_id, scanned_at, imb_status, event_code, facility_zip, facility_city,
             facility_state, mail_phase, handling_event_type, machine_name, predicted_delivery_date,
             ${source}, ${at}
      from matched
      order by fingerprint collate "C"
      on conflict do nothing
      returning id, order_id, imb_status, scanned_at, facility_zip
    ), best as (
      select distinct on (n.order_id) n.order_id, n.imb_status, n.scanned_at, n.facility_zip
      from inserted n join matched m on m.id = n.id
      where n.order_id is not null
        and imb_state_beats(n.imb_status, n.scanned_at, n.facility_zip,
                            m.order_imb_status, m.order_imb_date, m.order_imb_zip)
      order by n.order_id, imb_status_rank(n.imb_status) desc, n.scanned_at, n.facility_zip collate "C" nulls last
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
      returning o.id, o.organization_id, o.live, o.kind, o.event_seq, o.imb_status, order_json(o) as data,
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
    ), estimate as (
      insert into pending_scan_estimates (order_id)
      select id from changed where imb_status = 'out_for_delivery'
      on conflict do nothing
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

/**
 * An order's scans in the order they happened (ties: the order they arrived). They are found under the
 * order's IMb, the key's prefix (migration 0011); a serial reused after 45 days names another order's
 * scans too, hence the order_id condition.
 */
export async function listOrderScans(
  db: Executor,
  orderId: string,
  page: { skip: number; limit: number },
): Promise<{ rows: ScanRecord[]; totalCount: number }> {
  const ofOrder = sql`usps_scans s join orders o
    on s.mailer_id = o.imb_mailer_id and s.serial = o.imb_serial and s.order_id = o.id
    where o.id = ${orderId}`;
  const [rows, count] = await Promise.all([
    sql<ScanRecord>`
      select s.id, s.mailer_id, s.serial, s.tracking_code, s.routing_code, s.service_type_id, s.scanned_at,
             s.imb_status, s.event_code, s.facility_zip, s.facility_city, s.facility_state, s.mail_phase,
             s.handling_event_type, s.machine_name, s.predicted_delivery_date, s.source, s.received_at
      from ${ofOrder}
      order by s.scanned_at, s.received_at, s.id
      offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${ofOrder}`.execute(db),
  ]);
  return { rows: rows.rows, totalCount: count.rows[0]!.n };
}
