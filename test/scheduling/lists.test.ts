// List filters of the pipeline's fields (issue 4 §9): status, imbStatus, extraService, sendDate range, slaBreached.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { letterSpec } from '../../src/letters/service.ts';
import { progressTestOrder } from '../../src/orders/progressions.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { auth, letterAt } from './support.ts';

let t: TestApp;
const ids: Record<string, string> = {};
before(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const scope = auth(t.org.organizationId, false);
  const step = (id: string, at: string) =>
    progressTestOrder(db, scope, letterSpec as never, id, t.config, new Date(at));
  const now = new Date();
  // ready, to be sent on a chosen day.
  ids.later = (await letterAt(db, scope, now, { sendDate: '2026-12-10T15:00:00Z' })).id;
  // printing now, certified: deadline ahead.
  ids.certified = (await letterAt(db, scope, now, { extraService: 'certified' })).id;
  await step(ids.certified, now.toISOString());
  // printing since March 2025 and still not mailed: breached.
  ids.late = (await letterAt(db, scope, new Date('2025-03-03T15:00:00Z'))).id;
  await step(ids.late, '2025-03-04T05:00:00Z');
  // Entered printing in March 2025 and mailed the next day, within the SLA: not breached, ever.
  ids.onTime = (await letterAt(db, scope, new Date('2025-03-03T15:00:00Z'))).id;
  await step(ids.onTime, '2025-03-04T05:00:00Z');
  await step(ids.onTime, '2025-03-05T15:00:00Z');
  // Mailed, and out for delivery according to USPS (as ingestion records it).
  ids.scanned = (await letterAt(db, scope, now)).id;
  await step(ids.scanned, now.toISOString());
  await step(ids.scanned, now.toISOString());
  await sql`update orders set imb_status = 'out_for_delivery', imb_date = now() where id = ${ids.scanned}`.execute(
    db,
  );
});
after(async () => {
  await t.close();
});

async function listed(query: string): Promise<string[]> {
  const response = await t.api(`/letters?limit=100&${query}`);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  assert.equal(response.body.totalCount, response.body.data.length);
  return response.body.data.map((o: { id: string }) => o.id).sort();
}

const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort();

test('status', async () => {
  assert.deepEqual(await listed('status=printing'), sorted('certified', 'late'));
  assert.deepEqual(await listed('status=processed_for_delivery'), sorted('onTime', 'scanned'));
  assert.deepEqual(await listed('status=ready'), sorted('later'));
});

test('imbStatus', async () => {
  assert.deepEqual(await listed('imbStatus=out_for_delivery'), sorted('scanned'));
  assert.deepEqual(await listed('imbStatus=returned_to_sender'), []);
});

test('extraService', async () => {
  assert.deepEqual(await listed('extraService=certified'), sorted('certified'));
  assert.deepEqual(await listed('extraService=registered'), []);
});

test('sendDate range', async () => {
  assert.deepEqual(
    await listed('sendDateFrom=2026-12-10T00:00:00Z&sendDateTo=2026-12-11T00:00:00Z'),
    sorted('later'),
  );
  assert.deepEqual(await listed('sendDateTo=2025-12-31T00:00:00Z'), sorted('late', 'onTime'));
});

test('slaBreached, visible on the order and filterable', async () => {
  assert.deepEqual(await listed('slaBreached=true'), sorted('late'));
  assert.deepEqual(await listed('slaBreached=false'), sorted('later', 'certified', 'onTime', 'scanned'));
  const late = await t.api(`/letters/${ids.late}`);
  assert.equal(late.body.slaBreached, true);
  assert.equal(late.body.slaDeadline, '2025-03-06T05:00:00.000Z');
  const onTime = await t.api(`/letters/${ids.onTime}`);
  assert.equal(onTime.body.slaBreached, false);
  assert.equal((await t.api(`/letters/${ids.later}`)).body.slaBreached, undefined);
});
