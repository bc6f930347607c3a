import { sql } from 'kysely';
import { createDb } from '../src/db/database.ts';
import { MAX_BATCH_EVENTS, ingestScans } from '../src/ingestion/service.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { type IvmtrEvent, parseIvmtrEvent } from '../src/tracking/scan-status.ts';
import { MAIL_PHASES, seededRng } from '../src/tracking/usps-simulator.ts';
import type { BenchContext, BenchRow } from './context.ts';

const MID = '123456';
const HOUR = 3_600_000;
const STEPS = [
  { phase: MAIL_PHASES.originPrimary, code: '271', zip: '60607', at: 3 * HOUR },
  { phase: MAIL_PHASES.originSecondary, code: '281', zip: '60607', at: 5 * HOUR },
  { phase: MAIL_PHASES.destinationPrimary, code: '331', zip: '10199', at: 30 * HOUR },
  { phase: MAIL_PHASES.carrierSortation, code: '918', zip: '10199', at: 50 * HOUR },
  { phase: MAIL_PHASES.carrierSortation, code: '919', zip: '10199', at: 52 * HOUR },
];

const serial = (n: number) => String(n).padStart(9, '0');
const imb = (n: number) => `00270${MID}${serial(n)}10001`;

/**
 * A day's feed for `pieces` pieces mailed over 24 hours: five scans each, in scan-time order across
 * pieces (as IV-MTR reports them), plus 5% scans of pieces nobody here mailed and 3% redeliveries.
 */
function feed(pieces: number): IvmtrEvent[] {
  const rng = seededRng(7);
  const start = Date.parse('2025-03-10T00:00:00Z');
  const scans: { at: number; event: IvmtrEvent }[] = [];
  const scan = (n: number, step: (typeof STEPS)[number], mailedAt: number) => {
    const at = mailedAt + step.at + Math.floor(rng() * HOUR);
    scans.push({
      at,
      event: {
        imb: imb(n),
        scanDatetime: new Date(at).toISOString(),
        scanEventCode: step.code,
        scanFacilityZip: step.zip,
        scanFacilityCity: step.zip === '10199' ? 'NEW YORK' : 'CHICAGO',
        scanFacilityState: step.zip === '10199' ? 'NY' : 'IL',
        mailPhase: step.phase,
        machineName: `DBCS-${String(1 + Math.floor(rng() * 24)).padStart(3, '0')}`,
        predictedDeliveryDate: new Date(mailedAt + 72 * HOUR).toISOString().slice(0, 10),
      },
    });
  };
  for (let n = 1; n <= pieces; n++) {
    const mailedAt = start + Math.floor(rng() * 24 * HOUR);
    for (const step of STEPS) scan(n, step, mailedAt);
  }
  const unmatched = Math.round(scans.length * 0.05);
  for (let i = 0; i < unmatched; i++) scan(pieces + 1 + i, STEPS[i % STEPS.length]!, start);
  const redelivered = Math.round(scans.length * 0.03);
  for (let i = 0; i < redelivered; i++) {
    const original = scans[Math.floor(rng() * scans.length)]!;
    scans.push({ at: original.at + 2 * HOUR, event: { ...original.event } });
  }
  return scans.sort((a, b) => a.at - b.at).map((s) => s.event);
}

/**
 * Scans ingested per second through ingestScans (the service behind POST /usps/v1/ivmtr), batches of
 * 10,000, beside the floor: the same rows, already parsed, INSERTed in batches of 10,000 into a plain
 * table with the same columns (no index, no matching, no fold, no events), same database, same run.
 */
export async function benchIngestion(context: Pick<BenchContext, 'quick' | 'createDatabase' | 'log'>): Promise<BenchRow[]> {
  const pieces = context.quick ? 20_000 : 100_000;
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

    const events = feed(pieces);
    const batches: IvmtrEvent[][] = [];
    for (let i = 0; i < events.length; i += MAX_BATCH_EVENTS) batches.push(events.slice(i, i + MAX_BATCH_EVENTS));

    context.log(`ingestion: ${events.length} scans through ingestScans in batches of ${MAX_BATCH_EVENTS}`);
    let matched = 0;
    let duplicates = 0;
    const t0 = performance.now();
    for (const [bi, batch] of batches.entries()) {
      (globalThis as any).EXPLAIN_INGEST = bi === 4 && process.env.EXPLAIN_INGEST;
      const p0 = performance.now();
      for (const e of batch) parseIvmtrEvent(e);
      if (bi === 4) console.error('parse ms', performance.now() - p0);
      const b0 = performance.now();
      const result = await ingestScans(db, batch, { source: 'file' });
      matched += result.matched;
      duplicates += result.duplicates;
      console.error('batch', bi, Math.round(performance.now() - b0));
    }
    const serviceSeconds = (performance.now() - t0) / 1000;
    const { rows: changes } = await sql<{ n: number }>`
      select count(*)::int as n from events where type = 'letter.updated'`.execute(db);

    context.log('ingestion: the floor, the same rows INSERTed into a plain table');
    await sql`
      create table bench_scans_floor (
        id text, fingerprint text, mailer_id text, serial text, tracking_code text, routing_code text,
        service_type_id text, scanned_at timestamptz, event_code text, facility_zip text, facility_city text,
        facility_state text, mail_phase text, machine_name text, predicted_delivery_date text)`.execute(db);
    const parsed = events.map((raw, i) => {
      const result = parseIvmtrEvent(raw);
      if (!result.ok) throw new Error(`bench feed event ${i} is invalid: ${result.reason}`);
      return result.event;
    });
    const f0 = performance.now();
    for (let i = 0; i < parsed.length; i += MAX_BATCH_EVENTS) {
      const rows = parsed.slice(i, i + MAX_BATCH_EVENTS);
      const col = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
      await sql`
        insert into bench_scans_floor
        select * from unnest(
          ${rows.map((_, j) => `scan_${i + j}`)}::text[], ${col((r) => r.fingerprint)}::text[],
          ${col((r) => r.mailerId)}::text[], ${col((r) => r.serial)}::text[], ${col((r) => r.trackingCode)}::text[],
          ${col((r) => r.routingCode)}::text[], ${col((r) => r.serviceTypeId)}::text[],
          ${col((r) => r.scannedAt.toISOString())}::timestamptz[], ${col((r) => r.eventCode)}::text[],
          ${col((r) => r.facilityZip)}::text[], ${col((r) => r.facilityCity)}::text[],
          ${col((r) => r.facilityState)}::text[], ${col((r) => r.mailPhase)}::text[],
          ${col((r) => r.machineName)}::text[], ${col((r) => r.predictedDeliveryDate)}::text[])`.execute(db);
    }
    const floorSeconds = (performance.now() - f0) / 1000;

    const rate = events.length / serviceSeconds;
    const floorRate = events.length / floorSeconds;
    return [
      {
        group: 'Tracking pipeline (issue 4)',
        name: 'USPS scans ingested per second (batches of 10,000)',
        value: rate,
        unit: 'scans/s',
        floor: floorRate,
        ratio: rate / floorRate,
        target: '≥ 0.3 of floor',
        note:
          `${events.length.toLocaleString('en-US')} scans of ${pieces.toLocaleString('en-US')} pieces: ` +
          `${matched.toLocaleString('en-US')} matched, ${duplicates.toLocaleString('en-US')} duplicates, ` +
          `${changes[0]!.n.toLocaleString('en-US')} imbStatus changes with their events; ` +
          'floor: the same rows INSERTed (unnest, 10,000 per statement) into a plain table',
      },
    ];
  } finally {
    await db.destroy();
  }
}
