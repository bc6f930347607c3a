import { sql } from 'kysely';
import { createDb } from '../src/db/database.ts';
import { ingestScans, MAX_BATCH_EVENTS } from '../src/ingestion/service.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { type IvmtrEvent, parseIvmtrEvent } from '../src/tracking/scan-status.ts';
import { seededRng, simulateScans } from '../src/tracking/usps-simulator.ts';
import { type BenchContext, type BenchResult, besideFloor } from './context.ts';

const MID = '123456';
const HOUR = 3_600_000;

const serial = (n: number) => String(n).padStart(9, '0');

/**
 * The feed of `pieces` pieces mailed over a day, as the simulated postal service tells it (origin,
 * destination and carrier-sortation scans, 3% returned to sender, one redelivered scan and one late origin
 * scan per piece), plus 5% of scans for pieces nobody here mailed; all in arrival order.
 */
function feed(pieces: number): IvmtrEvent[] {
  const rng = seededRng(7);
  const start = Date.parse('2025-03-10T00:00:00Z');
  const arrivals: { at: number; event: IvmtrEvent }[] = [];
  const unmatched = Math.round(pieces * 0.05);
  for (let n = 1; n <= pieces + unmatched; n++) {
    const mailedAt = new Date(start + Math.floor(rng() * 24 * HOUR));
    const story = simulateScans({
      trackingCode: `00270${MID}${serial(n)}`,
      routingCode: '10001',
      mailedAt,
      destinationZip: '10001',
      returnToSender: rng() < 0.03,
      rng,
    });
    story.events.forEach((event, i) => {
      arrivals.push({ at: mailedAt.getTime() + story.deliverAt[i]!, event });
    });
  }
  return arrivals.sort((a, b) => a.at - b.at).map((a) => a.event);
}

/** The plain table of the floors: the scan columns, nothing else (no key, no index). */
const FLOOR_COLUMNS = `id text, fingerprint text, mailer_id text, serial text, tracking_code text, routing_code text,
  service_type_id text, scanned_at timestamptz, event_code text, facility_zip text, facility_city text,
  facility_state text, mail_phase text, machine_name text, predicted_delivery_date text`;

/**
 * Scans ingested per second through ingestScans (the service behind POST /usps/v1/ivmtr), batches of
 * 10,000, beside the floor: the same rows INSERTed 10,000 per statement into a plain table (no key, no
 * index, no matching, no fold, no events), same database, same run. Two floors are measured and the
 * faster one is the floor: the rows already parsed, sent as typed arrays (unnest) or as JSON
 * (json_to_recordset). Each batch is timed right after the same batch's floors, so a
 * machine busy with other work slows both alike.
 */
export async function benchIngestion(
  context: Pick<BenchContext, 'quick' | 'createDatabase' | 'log'>,
): Promise<BenchResult> {
  // --quick: about 15,000 scans, still two batches.
  const pieces = context.quick ? 2000 : 100_000;
  const url = await context.createDatabase();
  const { db } = createDb(url, 4);
  try {
    const org = await createOrganization(db, 'Bench');
    context.log(`ingestion: ${pieces} mailed letters with an IMb`);
    await sql`
      insert into orders (id, kind, organization_id, live, status, to_contact, send_date, mailing_class, event_seq,
                          imb, imb_mailer_id, imb_serial, imb_assigned_at, processed_at)
      select 'letter_bench' || lpad(g::text, 10, '0'), 'letter', ${org.organizationId}, true,
             'processed_for_delivery', '{"postalOrZip": "10001", "countryCode": "US"}'::jsonb, now(), 'first_class', 1,
             jsonb_build_object('trackingCode', '00270' || ${MID} || lpad(g::text, 9, '0'), 'routingCode', '10001'),
             ${MID}, lpad(g::text, 9, '0'), '2025-03-09T00:00:00Z', '2025-03-10T00:00:00Z'
      from generate_series(1, ${pieces}) g`.execute(db);
    await sql`vacuum analyze orders`.execute(db);
    await sql.raw(`create table bench_floor_typed (${FLOOR_COLUMNS})`).execute(db);
    await sql.raw(`create table bench_floor_json (${FLOOR_COLUMNS})`).execute(db);

    const events = feed(pieces);
    const batches: IvmtrEvent[][] = [];
    for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS)
      batches.push(events.slice(i, i + MAX_BATCH_EVENTS));

    context.log(
      `ingestion: ${events.length} scans in batches of ${MAX_BATCH_EVENTS}, each beside its floors`,
    );
    let matched = 0;
    let duplicates = 0;
    let serviceMs = 0;
    let typedMs = 0;
    let jsonMs = 0;
    for (const [b, batch] of batches.entries()) {
      const rows = batch.map((raw, i) => {
        const result = parseIvmtrEvent(raw);
        if (!result.ok) throw new Error(`bench feed event ${i} is invalid: ${result.reason}`);
        return result.event;
      });
      const col = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
      let t = performance.now();
      await sql`
        insert into bench_floor_typed
        select * from unnest(
          ${rows.map((_, j) => `scan_${b}_${j}`)}::text[], ${col((r) => r.fingerprint)}::text[],
          ${col((r) => r.mailerId)}::text[], ${col((r) => r.serial)}::text[], ${col((r) => r.trackingCode)}::text[],
          ${col((r) => r.routingCode)}::text[], ${col((r) => r.serviceTypeId)}::text[],
          ${col((r) => r.scannedAt.toISOString())}::timestamptz[], ${col((r) => r.eventCode)}::text[],
          ${col((r) => r.facilityZip)}::text[], ${col((r) => r.facilityCity)}::text[],
          ${col((r) => r.facilityState)}::text[], ${col((r) => r.mailPhase)}::text[],
          ${col((r) => r.machineName)}::text[], ${col((r) => r.predictedDeliveryDate)}::text[])`.execute(db);
      typedMs += performance.now() - t;

      t = performance.now();
      await sql`
        insert into bench_floor_json
        select * from json_to_recordset(${JSON.stringify(
          rows.map((r, j) => ({
            id: `scan_${b}_${j}`,
            fingerprint: r.fingerprint,
            mailer_id: r.mailerId,
            serial: r.serial,
            tracking_code: r.trackingCode,
            routing_code: r.routingCode,
            service_type_id: r.serviceTypeId,
            scanned_at: r.scannedAt.toISOString(),
            event_code: r.eventCode,
            facility_zip: r.facilityZip,
            facility_city: r.facilityCity,
            facility_state: r.facilityState,
            mail_phase: r.mailPhase,
            machine_name: r.machineName,
            predicted_delivery_date: r.predictedDeliveryDate,
          })),
        )}::json) as e(${sql.raw(FLOOR_COLUMNS)})`.execute(db);
      jsonMs += performance.now() - t;

      t = performance.now();
      const result = await ingestScans(db, batch, { source: 'file' });
      serviceMs += performance.now() - t;
      matched += result.matched;
      duplicates += result.duplicates;
    }
    const { rows: changes } = await sql<{ n: number }>`
      select count(*)::int as n from events where type = 'letter.updated'`.execute(db);

    const rate = events.length / (serviceMs / 1000);
    const typedRate = events.length / (typedMs / 1000);
    const jsonRate = events.length / (jsonMs / 1000);
    const floorRate = Math.max(typedRate, jsonRate);
    const n = (x: number) => Math.round(x).toLocaleString('en-US');
    const row = {
      group: 'Tracking pipeline (issue 4)',
      name: 'USPS scans ingested per second (batches of 10,000)',
      value: rate,
      unit: 'scans/s',
      ...besideFloor(rate, floorRate, 0.3),
      note:
        `${n(events.length)} scans of ${n(pieces)} pieces in arrival order (simulated USPS: late, duplicated, ` +
        `5% unmatched): ${n(matched)} matched, ${n(duplicates)} duplicates, ` +
        `${n(changes[0]!.n)} imbStatus changes with their events; floor: the faster of the same rows INSERTed ` +
        `10,000 per statement into a plain table as typed arrays (${n(typedRate)}/s) or as JSON ` +
        `(${n(jsonRate)}/s)`,
    };
    return {
      rows: [row],
      points: [
        {
          chart: 'throughput',
          series: 'USPS scans ingested',
          x: events.length,
          y: rate,
          floor: floorRate,
          unit: 'scans/s',
        },
      ],
    };
  } finally {
    await db.destroy();
  }
}
