// Migration 0011 moves the completion estimate's search for out_for_delivery scans to a queue and re-keys
// usps_scans under the piece's IMb: what was stored before it must still be found after it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { migrate } from '../../src/db/migrate.ts';
import { listOrderScans } from '../../src/ingestion/repo.ts';
import { ingestScans } from '../../src/ingestion/service.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { foldScanEstimatesBatch } from '../../src/scheduling/scheduler.ts';
import { parseIvmtrEvent } from '../../src/tracking/scan-status.ts';
import { pipelineConfig } from '../scheduling/support.ts';
import { createDatabaseMigratedThrough } from '../support/database.ts';
import { MID, scanEvent, trackingCode } from './fixtures.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('scans and pending completion estimates from before migration 0011 are still found after it', async () => {
  const database = await createDatabaseMigratedThrough(10);
  cleanups.push(() => database.drop());
  const { db } = database;
  const { organizationId } = await createOrganization(db, 'Before 0011');
  const order = (n: number, status: string, basis: string | null) => sql`
    insert into orders (id, kind, organization_id, live, status, to_contact, send_date, mailing_class, imb,
                        imb_mailer_id, imb_serial, imb_assigned_at, imb_status, imb_date, complete_at,
                        completion_basis)
    values (${`letter_m${n}`}, 'letter', ${organizationId}, true, ${status},
            '{"postalOrZip": "10001", "countryCode": "US"}'::jsonb, now(), 'first_class',
            ${JSON.stringify({ trackingCode: trackingCode(n), routingCode: '10001' })}::jsonb, ${MID},
            ${trackingCode(n).slice(11)}, '2027-07-01T00:00:00Z', 'out_for_delivery', '2027-07-16T10:10:00Z',
            '2027-07-30T14:00:00Z', ${basis})`;
  // Out for delivery, not yet folded into the estimate; already folded; not yet mailed.
  await order(1, 'processed_for_delivery', null).execute(db);
  await order(2, 'processed_for_delivery', '2027-07-16T10:10:00Z').execute(db);
  await order(3, 'printing', null).execute(db);
  // A scan of order 1 as the code before 0011 stored it.
  const event = scanEvent(trackingCode(1), { scanDatetime: '2027-07-16T10:10:00Z' });
  const parsed = parseIvmtrEvent(event);
  assert.ok(parsed.ok);
  await sql`
    insert into usps_scans (fingerprint, id, order_id, mailer_id, serial, tracking_code, routing_code, scanned_at,
                            imb_status, mail_phase, source)
    values (decode(${parsed.event.fingerprint}, 'hex'), 'scan_before', 'letter_m1', ${MID},
            ${parsed.event.serial}, ${trackingCode(1)}, '10001', '2027-07-16T10:10:00Z', 'entered_mail_stream',
            ${parsed.event.mailPhase}, 'feed')`.execute(db);

  await migrate(database.url, pino({ level: 'silent' }));

  const { rows: queued } = await sql<{ order_id: string }>`
    select order_id from pending_scan_estimates order by order_id`.execute(db);
  assert.deepEqual(
    queued.map((r) => r.order_id),
    ['letter_m1'],
  );
  const timeline = await listOrderScans(db, 'letter_m1', { skip: 0, limit: 10 });
  assert.deepEqual(
    timeline.rows.map((s) => s.id),
    ['scan_before'],
  );
  assert.equal(timeline.totalCount, 1);
  const again = await ingestScans(db, [event], { source: 'feed' });
  assert.equal(again.duplicates, 1, 'the stored scan is still recognised');

  assert.equal(await foldScanEstimatesBatch(db, pipelineConfig('production')), 1);
  const { rows } = await sql<{ complete_at: Date }>`
    select complete_at from orders where id = 'letter_m1'`.execute(db);
  // One business day after Friday 2027-07-16 06:10 EDT.
  assert.equal(rows[0]!.complete_at.toISOString(), '2027-07-19T10:10:00.000Z');
});
