// The lifecycle on its own (BRIEF §5, §7), driven by an injected clock: nothing here waits for real time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { ingestScans } from '../../src/ingestion/service.ts';
import { letterSpec } from '../../src/letters/service.ts';
import { cancelOrder } from '../../src/orders/service.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { claimForPrinting, createPrinter, reportMailed } from '../../src/printers/service.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { auth, letterAt, orderEvents, orderRow, pipelineConfig } from './support.ts';

let database: TestDatabase;
let db: Db;
let organizationId: string;
before(async () => {
  database = await createTestDatabase();
  db = database.db;
  organizationId = (await createOrganization(db, 'Scheduler org')).organizationId;
});
after(async () => {
  await database.drop();
});

const production = pipelineConfig('production');
const at = (s: string) => new Date(s);
const ms = (d: Date, delta: number) => new Date(d.getTime() + delta);
const live = () => auth(organizationId, true);
const testMode = () => auth(organizationId, false);

/** Moves the orders still printing at `now` to processed_for_delivery through a printer, at `now`. */
async function mailEverything(now: Date, settings = production) {
  const printer = { ...(await createPrinter(db, `Printer ${now.toISOString()}`)), simulated: false };
  const ids = await claimForPrinting(db, settings, printer, 1000, now);
  return reportMailed(db, settings, printer, ids, now);
}

/** Ingestion receives a carrier-sortation (out_for_delivery) scan of the order's piece, made at `scannedAt`. */
async function outForDeliveryScan(orderId: string, scannedAt: string) {
  const { imb } = await orderRow(db, orderId);
  assert.ok(imb, 'the order has an IMb');
  const { trackingCode, routingCode } = imb;
  const result = await ingestScans(
    db,
    [
      {
        imb: trackingCode + routingCode,
        scanDatetime: scannedAt,
        mailPhase: 'Phase 3c - Destination Sequenced Carrier Sortation',
        scanFacilityZip: '10001',
      },
    ],
    { source: 'feed' },
  );
  assert.equal(result.matched, 1);
  assert.equal((await orderRow(db, orderId)).imb_status, 'out_for_delivery');
}

describe('production profile: the first midnight America/New_York after sendDate', () => {
  test('a live order enters printing at midnight ET, not a millisecond before, with one event', async () => {
    // Created Tuesday 2026-12-08 at 10:00 EST with the default sendDate (now).
    const order = await letterAt(db, live(), at('2026-12-08T15:00:00Z'));
    const midnight = at('2026-12-09T05:00:00Z');
    assert.equal((await runSchedulerTick(db, production, ms(midnight, -1))).printing, 0);
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    const tick = await runSchedulerTick(db, production, midnight);
    assert.equal(tick.printing, 1);
    const row = await orderRow(db, order.id);
    assert.equal(row.status, 'printing');
    assert.equal(row.printing_at?.toISOString(), midnight.toISOString());
    // Again, later: nothing moves twice.
    assert.equal((await runSchedulerTick(db, production, ms(midnight, 3_600_000))).printing, 0);
    const events = await orderEvents(db, order.id);
    assert.deepEqual(
      events.map((e) => [e.type, e.sequence, e.status]),
      [
        ['letter.created', 1, 'ready'],
        ['letter.updated', 2, 'printing'],
      ],
    );
    assert.deepEqual(events[1]!.updated_fields, ['status', 'slaDeadline']);
  });

  test('across the spring-forward change: midnight EDT is 04:00Z, the midnight before it 05:00Z', async () => {
    // Saturday 2026-03-07 20:00 EST → due Sunday 00:00 EST (05:00Z); Sunday noon EDT → Monday 00:00 EDT (04:00Z).
    const saturday = await letterAt(db, live(), at('2026-03-08T01:00:00Z'));
    const sunday = await letterAt(db, live(), at('2026-03-08T16:00:00Z'), { description: 'sunday' });
    await runSchedulerTick(db, production, at('2026-03-08T04:59:59.999Z'));
    assert.equal((await orderRow(db, saturday.id)).status, 'ready');
    await runSchedulerTick(db, production, at('2026-03-08T05:00:00Z'));
    assert.equal((await orderRow(db, saturday.id)).status, 'printing');
    await runSchedulerTick(db, production, at('2026-03-09T03:59:59.999Z'));
    assert.equal((await orderRow(db, sunday.id)).status, 'ready');
    await runSchedulerTick(db, production, at('2026-03-09T04:00:00Z'));
    assert.equal((await orderRow(db, sunday.id)).status, 'printing');
  });

  test('across the fall-back change: the 25-hour Sunday ends at 05:00Z', async () => {
    // 2026-11-01 01:30 EST (the repeated hour) → due Monday 00:00 EST = 05:00Z, not 04:00Z.
    const order = await letterAt(db, live(), at('2026-11-01T06:30:00Z'));
    await runSchedulerTick(db, production, at('2026-11-02T04:30:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    await runSchedulerTick(db, production, at('2026-11-02T05:00:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'printing');
  });

  test('a later sendDate waits for the midnight after it', async () => {
    const order = await letterAt(db, live(), at('2026-12-14T15:00:00Z'), {
      sendDate: '2026-12-20T12:00:00-05:00',
    });
    await runSchedulerTick(db, production, at('2026-12-21T04:59:59Z'));
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    await runSchedulerTick(db, production, at('2026-12-21T05:00:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'printing');
  });

  test('test orders go ready → completed at that moment, never printing; live ones print', async () => {
    const test_ = await letterAt(db, testMode(), at('2027-01-12T15:00:00Z'));
    const live_ = await letterAt(db, live(), at('2027-01-12T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-01-13T04:59:00Z'));
    assert.equal((await orderRow(db, test_.id)).status, 'ready');
    const tick = await runSchedulerTick(db, production, at('2027-01-13T05:00:00Z'));
    assert.ok(tick.testCompleted >= 1 && tick.printing >= 1);
    const row = await orderRow(db, test_.id);
    assert.equal(row.status, 'completed');
    assert.equal(row.completed_at?.toISOString(), '2027-01-13T05:00:00.000Z');
    assert.equal(row.printing_at, null);
    assert.equal(row.sla_deadline, null);
    assert.equal((await orderRow(db, live_.id)).status, 'printing');
    assert.deepEqual(
      (await orderEvents(db, test_.id)).map((e) => [e.sequence, e.status]),
      [
        [1, 'ready'],
        [2, 'completed'],
      ],
    );
  });

  test('cancelled orders are left alone', async () => {
    const order = await letterAt(db, live(), at('2027-01-19T15:00:00Z'));
    await cancelOrder(db, live(), letterSpec as never, order.id, {});
    await runSchedulerTick(db, production, at('2027-01-25T05:00:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'cancelled');
    assert.equal((await orderEvents(db, order.id)).length, 2);
  });

  test('many batches: every due order moves exactly once', async () => {
    const small = pipelineConfig('production', { PIPELINE_BATCH_SIZE: '7' });
    const created = [];
    for (let i = 0; i < 30; i++)
      created.push(await letterAt(db, i % 3 ? live() : testMode(), at('2027-02-02T15:00:00Z')));
    const tick = await runSchedulerTick(db, small, at('2027-02-03T05:00:00Z'));
    assert.equal(tick.printing, 20);
    assert.equal(tick.testCompleted, 10);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from events where order_id = any(${created.map((o) => o.id)}::text[])
        and type = 'letter.updated'`.execute(db);
    assert.equal(rows[0]!.n, 30);
  });
});

describe('printing SLA: two business days (BRIEF §5)', () => {
  test('due Wednesday before Thanksgiving: Wednesday and Friday count, deadline Saturday 00:00 ET', async () => {
    const order = await letterAt(db, live(), at('2026-11-24T20:00:00Z'));
    await runSchedulerTick(db, production, at('2026-11-25T05:00:00Z'));
    const row = await orderRow(db, order.id);
    assert.equal(row.sla_deadline?.toISOString(), '2026-11-28T05:00:00.000Z');
    const json = await sql<{
      j: Record<string, unknown>;
    }>`select order_json(o) as j from orders o where id = ${order.id}`.execute(db);
    assert.equal(json.rows[0]!.j.slaDeadline, '2026-11-28T05:00:00.000Z');
  });

  test('a late tick does not extend the deadline: it counts from the due midnight', async () => {
    // Due Friday 2027-03-05 00:00 EST; the workers were down until Saturday afternoon.
    const order = await letterAt(db, live(), at('2027-03-04T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-03-06T19:00:00Z'));
    const row = await orderRow(db, order.id);
    assert.equal(row.printing_at?.toISOString(), '2027-03-06T19:00:00.000Z');
    // Friday and Monday count: Tuesday 00:00 EST.
    assert.equal(row.sla_deadline?.toISOString(), '2027-03-09T05:00:00.000Z');
  });

  test('SLA_BUSINESS_DAYS changes the deadline', async () => {
    const three = pipelineConfig('production', { SLA_BUSINESS_DAYS: '3' });
    const order = await letterAt(db, live(), at('2027-04-05T15:00:00Z'));
    await runSchedulerTick(db, three, at('2027-04-06T04:00:00Z'));
    // Tuesday, Wednesday, Thursday → Friday 00:00 EDT.
    assert.equal((await orderRow(db, order.id)).sla_deadline?.toISOString(), '2027-04-09T04:00:00.000Z');
  });
});

describe('completed by the estimate (BRIEF §5)', () => {
  test('first class: 5 business days after processed_for_delivery, over Thanksgiving', async () => {
    const order = await letterAt(db, live(), at('2026-11-22T15:00:00Z'));
    await runSchedulerTick(db, production, at('2026-11-23T05:00:00Z'));
    // Mailed Monday 2026-11-23 10:00 EST.
    const mailedAt = at('2026-11-23T15:00:00Z');
    await mailEverything(mailedAt);
    const row = await orderRow(db, order.id);
    assert.equal(row.status, 'processed_for_delivery');
    // Tue, Wed, (Thanksgiving), Fri, Mon, Tue → Tuesday 2026-12-01 10:00 EST.
    assert.equal(row.complete_at?.toISOString(), '2026-12-01T15:00:00.000Z');
    await runSchedulerTick(db, production, at('2026-12-01T14:59:59.999Z'));
    assert.equal((await orderRow(db, order.id)).status, 'processed_for_delivery');
    const tick = await runSchedulerTick(db, production, at('2026-12-01T15:00:00Z'));
    assert.ok(tick.completed >= 1);
    assert.equal((await orderRow(db, order.id)).status, 'completed');
    assert.deepEqual(
      (await orderEvents(db, order.id)).map((e) => e.status),
      ['ready', 'printing', 'processed_for_delivery', 'completed'],
    );
  });

  test('standard class: 10 business days; DELIVERY_BUSINESS_DAYS overrides a class', async () => {
    const standard = await letterAt(db, live(), at('2027-05-02T15:00:00Z'), {
      mailingClass: 'standard_class',
    });
    const first = await letterAt(db, live(), at('2027-05-02T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-05-03T04:00:00Z'));
    // Mailed Monday 2027-05-03 10:00 EDT; Memorial Day is 2027-05-31, out of reach.
    await mailEverything(at('2027-05-03T14:00:00Z'));
    assert.equal((await orderRow(db, standard.id)).complete_at?.toISOString(), '2027-05-17T14:00:00.000Z');
    assert.equal((await orderRow(db, first.id)).complete_at?.toISOString(), '2027-05-10T14:00:00.000Z');

    const custom = pipelineConfig('production', { DELIVERY_BUSINESS_DAYS: 'first_class=3' });
    const other = await letterAt(db, live(), at('2027-06-06T15:00:00Z'));
    await runSchedulerTick(db, custom, at('2027-06-07T04:00:00Z'));
    await mailEverything(at('2027-06-07T14:00:00Z'), custom);
    assert.equal((await orderRow(db, other.id)).complete_at?.toISOString(), '2027-06-10T14:00:00.000Z');
  });

  test('an out_for_delivery scan brings completion forward to one business day after it', async () => {
    const order = await letterAt(db, live(), at('2027-07-11T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-07-12T04:00:00Z'));
    await mailEverything(at('2027-07-12T14:00:00Z'));
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-07-19T14:00:00.000Z');
    // Carrier sortation on Friday 2027-07-16 at 06:10 EDT.
    await outForDeliveryScan(order.id, '2027-07-16T10:10:00Z');
    const tick = await runSchedulerTick(db, production, at('2027-07-16T12:00:00Z'));
    assert.equal(tick.estimatesFromScans, 1);
    // One business day after Friday is Monday, same wall-clock time.
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-07-19T10:10:00.000Z');
    // Folded once: the next tick has nothing to fold.
    assert.equal((await runSchedulerTick(db, production, at('2027-07-16T12:00:01Z'))).estimatesFromScans, 0);
    await runSchedulerTick(db, production, at('2027-07-19T10:09:59Z'));
    assert.equal((await orderRow(db, order.id)).status, 'processed_for_delivery');
    await runSchedulerTick(db, production, at('2027-07-19T10:10:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'completed');
  });

  test('a late scan never pushes the estimate back', async () => {
    const order = await letterAt(db, live(), at('2027-08-01T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-08-02T04:00:00Z'));
    await mailEverything(at('2027-08-02T14:00:00Z'));
    // An out_for_delivery scan dated after the class estimate (Monday 2027-08-09 10:00 EDT).
    await outForDeliveryScan(order.id, '2027-08-12T10:00:00Z');
    await runSchedulerTick(db, production, at('2027-08-03T12:00:00Z'));
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-08-09T14:00:00.000Z');
  });

  test('the fold waits for no lock: an order ingestion holds is left for the next tick', async () => {
    const order = await letterAt(db, live(), at('2027-10-10T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-10-11T04:00:00Z'));
    await mailEverything(at('2027-10-11T14:00:00Z'));
    const classEstimate = (await orderRow(db, order.id)).complete_at?.toISOString();
    await outForDeliveryScan(order.id, '2027-10-13T11:00:00Z');
    const queued = async () =>
      (await sql`select 1 from pending_scan_estimates where order_id = ${order.id}`.execute(db)).rows.length;
    assert.equal(await queued(), 1);
    const within = <T>(promise: Promise<T>, what: string) =>
      Promise.race([
        promise,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} waited`)), 5000)),
      ]);
    // Another scan of the order being ingested: its transaction holds the order, then queues it again.
    const ingestion = await database.pool.connect();
    try {
      await ingestion.query('begin');
      await ingestion.query('select 1 from orders where id = $1 for no key update', [order.id]);
      await within(runSchedulerTick(db, production, at('2027-10-13T12:00:00Z')), 'the fold');
      assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), classEstimate);
      assert.equal(await queued(), 1, 'left for the next tick');
      await within(
        ingestion.query('insert into pending_scan_estimates values ($1) on conflict do nothing', [order.id]),
        'ingestion',
      );
      await ingestion.query('commit');
    } finally {
      await ingestion.query('rollback').catch(() => {});
      ingestion.release();
    }
    await runSchedulerTick(db, production, at('2027-10-13T12:00:01Z'));
    // One business day after Wednesday 2027-10-13 07:00 EDT.
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-10-14T11:00:00.000Z');
    assert.equal(await queued(), 0);
  });

  test('the fold leaves a queued order still printing without locking it, so a printer never finds it held', async () => {
    const order = await letterAt(db, live(), at('2027-10-20T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-10-21T04:00:00Z'));
    const printer = { ...(await createPrinter(db, 'Busy reporter')), simulated: false };
    await claimForPrinting(db, production, printer, 1000, at('2027-10-21T13:00:00Z'));
    await outForDeliveryScan(order.id, '2027-10-22T11:00:00Z');
    const queued = async () =>
      (await sql`select 1 from pending_scan_estimates where order_id = ${order.id}`.execute(db)).rows.length;
    assert.equal(await queued(), 1);
    // Another transaction holds the printing order: the fold still takes its queue row, since it does not
    // try to lock an order it has nothing to fold into.
    const holder = await database.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from orders where id = $1 for no key update', [order.id]);
      assert.equal(
        (await runSchedulerTick(db, production, at('2027-10-22T12:00:00Z'))).estimatesFromScans,
        1,
      );
      assert.equal(await queued(), 0);
      await holder.query('commit');
    } finally {
      await holder.query('rollback').catch(() => {});
      holder.release();
    }
    // moveMailed still takes the scan: one business day after Friday 2027-10-22 07:00 EDT is Monday.
    await reportMailed(db, production, printer, [order.id], at('2027-10-22T18:00:00Z'));
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-10-25T11:00:00.000Z');
  });

  test('an out_for_delivery scan that comes before the printer reports the piece mailed still counts', async () => {
    const order = await letterAt(db, live(), at('2027-09-05T15:00:00Z'));
    await runSchedulerTick(db, production, at('2027-09-06T04:00:00Z'));
    const printer = { ...(await createPrinter(db, 'Late reporter')), simulated: false };
    const ids = await claimForPrinting(db, production, printer, 1000, at('2027-09-07T13:00:00Z'));
    assert.ok(ids.includes(order.id));
    // The piece is scanned out for delivery on Thursday 2027-09-09 at 07:00 EDT; the printer reports it
    // mailed only that afternoon. Without the scan the estimate would be five business days after that.
    await outForDeliveryScan(order.id, '2027-09-09T11:00:00Z');
    await runSchedulerTick(db, production, at('2027-09-09T12:00:00Z'));
    assert.equal((await orderRow(db, order.id)).status, 'printing');
    await reportMailed(db, production, printer, [order.id], at('2027-09-09T18:00:00Z'));
    const row = await orderRow(db, order.id);
    assert.equal(row.status, 'processed_for_delivery');
    // One business day after the scan: Friday 2027-09-10 07:00 EDT.
    assert.equal(row.complete_at?.toISOString(), '2027-09-10T11:00:00.000Z');
  });
});

describe('demo profile: the same story in seconds', () => {
  const demo = pipelineConfig('demo');

  test('an order prints as soon as its sendDate has passed', async () => {
    const created = at('2027-09-14T15:00:00.000Z');
    const order = await letterAt(db, live(), created, { sendDate: '2027-09-14T15:00:05Z' });
    await runSchedulerTick(db, demo, at('2027-09-14T15:00:04.999Z'));
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    await runSchedulerTick(db, demo, at('2027-09-14T15:00:05.000Z'));
    const row = await orderRow(db, order.id);
    assert.equal(row.status, 'printing');
    // The SLA counts from the actual entry (10:00:05 EDT Tuesday): Wednesday, Thursday → Friday 00:00.
    assert.equal(row.sla_deadline?.toISOString(), '2027-09-17T04:00:00.000Z');
  });

  test('a test order keeps production timing: ready until the midnight ET after its sendDate', async () => {
    // PostGrid's test orders stay ready until their send date; here they completed the moment it passed.
    const created = at('2027-09-21T15:00:00.000Z');
    const order = await letterAt(db, testMode(), created);
    const liveOrder = await letterAt(db, live(), created);
    const soon = await runSchedulerTick(db, demo, at('2027-09-21T15:00:02.500Z'));
    assert.equal(soon.testCompleted, 0);
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    assert.equal((await orderRow(db, liveOrder.id)).status, 'printing', 'live orders keep the demo pace');
    await runSchedulerTick(db, demo, at('2027-09-22T03:59:59.999Z'));
    assert.equal((await orderRow(db, order.id)).status, 'ready');
    const midnight = await runSchedulerTick(db, demo, at('2027-09-22T04:00:00.000Z'));
    assert.equal(midnight.testCompleted, 1);
    const row = await orderRow(db, order.id);
    assert.equal(row.status, 'completed');
    assert.equal(row.completed_at?.toISOString(), '2027-09-22T04:00:00.000Z');
  });

  test('completed DEMO_COMPLETE_AFTER_PROCESSED after mailing, or sooner after an out_for_delivery scan', async () => {
    const slow = await letterAt(db, live(), at('2027-10-05T15:00:00Z'));
    const scanned = await letterAt(db, live(), at('2027-10-05T15:00:00Z'));
    await runSchedulerTick(db, demo, at('2027-10-05T15:00:01Z'));
    const mailedAt = at('2027-10-05T15:00:03Z');
    await mailEverything(mailedAt, demo);
    assert.equal((await orderRow(db, slow.id)).complete_at?.toISOString(), '2027-10-05T15:00:43.000Z');
    await outForDeliveryScan(scanned.id, '2027-10-05T15:00:20Z');
    await runSchedulerTick(db, demo, at('2027-10-05T15:00:24.999Z'));
    assert.equal((await orderRow(db, scanned.id)).status, 'processed_for_delivery');
    await runSchedulerTick(db, demo, at('2027-10-05T15:00:25Z'));
    assert.equal((await orderRow(db, scanned.id)).status, 'completed');
    assert.equal((await orderRow(db, slow.id)).status, 'processed_for_delivery');
    await runSchedulerTick(db, demo, at('2027-10-05T15:00:43Z'));
    assert.equal((await orderRow(db, slow.id)).status, 'completed');
  });

  test('the demo timings come from the configuration', async () => {
    const quick = pipelineConfig('demo', { DEMO_COMPLETE_AFTER_PROCESSED: '2s' });
    const order = await letterAt(db, live(), at('2027-11-09T15:00:00Z'));
    await runSchedulerTick(db, quick, at('2027-11-09T15:00:01Z'));
    await mailEverything(at('2027-11-09T15:00:02Z'), quick);
    assert.equal((await orderRow(db, order.id)).complete_at?.toISOString(), '2027-11-09T15:00:04.000Z');
  });
});

test('a cancel racing the move to printing has exactly one winner per order', async () => {
  const orders = [];
  for (let i = 0; i < 40; i++) orders.push(await letterAt(db, live(), at('2027-12-06T15:00:00Z')));
  const one = pipelineConfig('production', { PIPELINE_BATCH_SIZE: '5' });
  const outcomes = await Promise.allSettled([
    runSchedulerTick(db, one, at('2027-12-07T05:00:00Z')),
    ...orders.map((o) => cancelOrder(db, live(), letterSpec as never, o.id, {})),
  ]);
  assert.equal(outcomes[0]!.status, 'fulfilled');
  const cancels = outcomes.slice(1);
  for (const [i, order] of orders.entries()) {
    const row = await orderRow(db, order.id);
    const events = await orderEvents(db, order.id);
    assert.equal(events.length, 2, `${order.id}: one change`);
    assert.equal(events[1]!.status, row.status);
    if (row.status === 'cancelled') assert.equal(cancels[i]!.status, 'fulfilled');
    else {
      assert.equal(row.status, 'printing');
      assert.equal(cancels[i]!.status, 'rejected');
    }
  }
});
