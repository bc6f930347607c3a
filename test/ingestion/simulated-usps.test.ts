import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config/config.ts';
import type { SimulatedUspsConfig } from '../../src/config/simulated-usps.ts';
import { runSimulatedUspsTick, scheduleSimulatedScans } from '../../src/ingestion/simulated-usps.ts';
import { createLogger } from '../../src/logger.ts';
import { renderPendingOrders } from '../../src/rendering/render-queue.ts';
import { runPipelineTick } from '../../src/scheduling/loop.ts';
import { scanImbStatus } from '../../src/tracking/scan-status.ts';
import { seededRng } from '../../src/tracking/usps-simulator.ts';
import { startWorker } from '../../src/worker/runner.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { imbEvents, imbState, mailedLetter } from './fixtures.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const HOUR = 3_600_000;
const realTime: SimulatedUspsConfig = { timeScale: 1, returnRate: 0, batchSize: 1000 };

/** A mailed live letter the simulated printer handed over at `mailedAt`. */
async function simulatedPiece(n: number, mailedAt: Date, story: Record<string, unknown> = {}) {
  const order = await mailedLetter(t, n, { assignedAt: new Date(mailedAt.getTime() - HOUR) });
  await sql`update orders set processed_at = ${mailedAt}, tracking_story = ${JSON.stringify(story)}::jsonb
            where id = ${order.id}`.execute(t.database.db);
  return order;
}

async function pendingScans(orderId: string) {
  const { rows } = await sql<{ deliver_at: Date; event: Record<string, string> }>`
    select deliver_at, event from simulated_usps_scans where order_id = ${orderId} order by deliver_at, id`.execute(
    t.database.db,
  );
  return rows;
}

async function storedScans(orderId: string) {
  const { rows } = await sql<{ n: number; sources: string[] }>`
    select count(*)::int as n, array_agg(distinct source) as sources from usps_scans where order_id = ${orderId}`.execute(
    t.database.db,
  );
  return rows[0]!;
}

async function story(orderId: string) {
  const { rows } = await sql<{ tracking_story: Record<string, unknown> | null }>`
    select tracking_story from orders where id = ${orderId}`.execute(t.database.db);
  return rows[0]!.tracking_story;
}

describe('simulated USPS', () => {
  test('a mailed piece gets its story once, fed through ingestion at its delivery times', async () => {
    const mailedAt = new Date('2025-03-10T15:00:00Z');
    const order = await simulatedPiece(71, mailedAt);
    const first = await runSimulatedUspsTick(t.database.db, realTime, { now: mailedAt, rng: seededRng(1) });
    assert.ok(first.piecesScheduled >= 1);
    const pending = await pendingScans(order.id);
    // Origin, origin, destination ×2, carrier sortation ×2, plus one duplicate.
    assert.equal(pending.length, 7);
    for (const scan of pending) {
      assert.ok(
        scan.deliver_at.getTime() >= Date.parse(scan.event.scanDatetime!),
        'reported after it happened',
      );
    }
    assert.equal((await story(order.id))?.returnToSender, false);
    assert.equal(typeof (await story(order.id))?.scheduledAt, 'string');

    // Nothing is due yet: the first report comes hours after mailing.
    const early = await runSimulatedUspsTick(t.database.db, realTime, { now: mailedAt });
    assert.equal(early.delivered, null);
    assert.equal((await storedScans(order.id)).n, 0);

    // Play the journey hour by hour: the status only moves forward, to out_for_delivery.
    const seen: string[] = [];
    for (let hour = 1; hour <= 24 * 8; hour++) {
      const now = new Date(mailedAt.getTime() + hour * HOUR);
      const tick = await runSimulatedUspsTick(t.database.db, realTime, { now });
      assert.equal(tick.piecesScheduled, 0, 'a piece is never given a second story');
      const status = (await imbState(t, order.id)).imbStatus;
      if (status && seen.at(-1) !== status) seen.push(status);
    }
    assert.deepEqual(seen, ['entered_mail_stream', 'out_for_delivery']);
    assert.equal((await pendingScans(order.id)).length, 0);
    const stored = await storedScans(order.id);
    assert.equal(stored.n, 6, 'the duplicate was ignored');
    assert.deepEqual(stored.sources, ['simulator']);

    const carrier = pending.filter(
      (s) => scanImbStatus({ mailPhase: s.event.mailPhase ?? null } as never) === 'out_for_delivery',
    );
    const state = await imbState(t, order.id);
    assert.equal(state.imbDate, new Date(carrier[0]!.event.scanDatetime!).toISOString());
    assert.equal(state.imbZIPCode, '10199', 'the destination plant of ZIP 10001');
    const events = await imbEvents(t, order.id);
    assert.deepEqual(
      events.map((e) => e.data.imbStatus),
      ['entered_mail_stream', 'out_for_delivery'],
    );
    const timeline = await t.api(`/letters/${order.id}/tracking_events`, { key: t.org.liveApiKey });
    assert.equal(timeline.body.totalCount, 6);
    assert.ok(timeline.body.data.every((e: { source: string }) => e.source === 'simulator'));
  });

  test('with a return rate of 1 the story ends returned to sender', async () => {
    const mailedAt = new Date('2025-04-01T15:00:00Z');
    const order = await simulatedPiece(72, mailedAt);
    const config = { ...realTime, returnRate: 1 };
    await runSimulatedUspsTick(t.database.db, config, { now: mailedAt, rng: seededRng(2) });
    assert.equal((await story(order.id))?.returnToSender, true);
    await runSimulatedUspsTick(t.database.db, config, { now: new Date(mailedAt.getTime() + 30 * 24 * HOUR) });
    assert.equal((await imbState(t, order.id)).imbStatus, 'returned_to_sender');
  });

  test('demo profile: out_for_delivery within 20 s of mailing, at 1 s ticks', async () => {
    const demo = loadConfig({ MAILSTREAM_PROFILE: 'demo' }).simulatedUsps;
    const mailedAt = new Date('2025-05-01T15:00:00Z');
    const orders = [];
    for (let i = 0; i < 12; i++) orders.push(await simulatedPiece(7300 + i, mailedAt));
    await runSimulatedUspsTick(t.database.db, demo, { now: mailedAt, rng: seededRng(3) });
    let reachedAt: number | null = null;
    for (let second = 1; second <= 20 && reachedAt === null; second++) {
      await runSimulatedUspsTick(t.database.db, demo, { now: new Date(mailedAt.getTime() + second * 1000) });
      const states = await Promise.all(orders.map((o) => imbState(t, o.id)));
      if (states.every((s) => s.imbStatus === 'out_for_delivery' || s.imbStatus === 'returned_to_sender')) {
        reachedAt = second;
      }
    }
    assert.ok(reachedAt !== null, 'every piece out for delivery within 20 simulated seconds');
  });

  test('demo profile, whole pipeline on a stepped clock: out_for_delivery within 30 s of creation', async () => {
    const config = loadConfig({
      MAILSTREAM_PROFILE: 'demo',
      SIMULATED_USPS_RETURN_RATE: '0',
      LOG_LEVEL: 'silent',
    });
    const created = await t.api('/letters', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' },
    });
    assert.equal(created.status, 200);
    // The worker renders it first (as its render queue would).
    await renderPendingOrders({ db: t.database.db, config, logger: createLogger(config) });
    const start = Date.parse(created.body.createdAt);
    const seen: Record<string, number> = {};
    // The worker's two loops, one tick per simulated second: scheduler + simulated printer, then USPS.
    for (let second = 0; second <= 60 && seen.completed === undefined; second++) {
      const now = new Date(start + second * 1000);
      await runPipelineTick(t.database.db, config, now);
      await runSimulatedUspsTick(t.database.db, config.simulatedUsps, { now, rng: seededRng(8) });
      const order = (await t.api(`/letters/${created.body.id}`, { key: t.org.liveApiKey })).body;
      seen[order.status] ??= second;
      if (order.imbStatus) seen[`imb:${order.imbStatus}`] ??= second;
    }
    const report = JSON.stringify(seen);
    assert.ok(seen.processed_for_delivery !== undefined && seen.processed_for_delivery <= 10, report);
    assert.ok(seen['imb:out_for_delivery'] !== undefined && seen['imb:out_for_delivery'] <= 30, report);
    assert.ok(seen.completed !== undefined && seen.completed <= 60, report);
  });

  test('scheduleSimulatedScans tells a test order its story once; returnToSender is honoured', async () => {
    const order = await mailedLetter(t, 74, { key: t.org.testApiKey });
    const mailedAt = new Date('2025-06-02T15:00:00Z');
    await sql`update orders set processed_at = ${mailedAt} where id = ${order.id}`.execute(t.database.db);
    const scheduled = await t.database.db
      .transaction()
      .execute((tx) =>
        scheduleSimulatedScans(tx, order, { returnToSender: true, now: mailedAt, rng: seededRng(4) }),
      );
    assert.equal(scheduled, 9, 'the returned story has PARS and return scans, plus a duplicate');
    const again = await t.database.db
      .transaction()
      .execute((tx) => scheduleSimulatedScans(tx, order, { returnToSender: false, now: mailedAt }));
    assert.equal(again, 0);
    assert.equal((await story(order.id))?.returnToSender, true, 'the first story stands');

    // The default pace is the demo's: the whole story is in within two minutes.
    await runSimulatedUspsTick(t.database.db, realTime, { now: new Date(mailedAt.getTime() + 120_000) });
    assert.equal((await imbState(t, order.id, t.org.testApiKey)).imbStatus, 'returned_to_sender');
    const events = await imbEvents(t, order.id);
    assert.equal(events.length, 1, 'all scans came in one batch: one change');
    assert.equal(events[0]!.data.live, false);
  });

  test('scheduleSimulatedScans before mailing marks the order; the tick tells the story once it is mailed', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      key: t.org.testApiKey,
      json: {
        to: {
          firstName: 'A',
          addressLine1: '1 Main St',
          city: 'Boston',
          provinceOrState: 'MA',
          postalOrZip: '02110',
          countryCode: 'US',
        },
        from: {
          companyName: 'B',
          addressLine1: '2 Main St',
          city: 'Boston',
          provinceOrState: 'MA',
          postalOrZip: '02110',
          countryCode: 'US',
        },
        html: '<p>x</p>',
      },
    });
    const id: string = created.body.id;
    const now = new Date('2025-07-01T12:00:00Z');
    const scheduled = await t.database.db
      .transaction()
      .execute((tx) => scheduleSimulatedScans(tx, { id }, { returnToSender: false, now }));
    assert.equal(scheduled, 0);
    assert.deepEqual(await story(id), { returnToSender: false });
    assert.equal(
      (await runSimulatedUspsTick(t.database.db, realTime, { now })).piecesScheduled,
      0,
      'not mailed yet',
    );

    const code = '00270123456000000075';
    await sql`update orders set status = 'processed_for_delivery', processed_at = ${now},
              imb = ${JSON.stringify({ trackingCode: code, routingCode: '02110' })}::jsonb,
              imb_mailer_id = '123456', imb_serial = '000000075', imb_assigned_at = ${now}
              where id = ${id}`.execute(t.database.db);
    const tick = await runSimulatedUspsTick(t.database.db, realTime, { now, rng: seededRng(5) });
    assert.equal(tick.piecesScheduled, 1);
    assert.equal((await pendingScans(id)).length, 7);
  });

  test('concurrent ticks feed every scan exactly once', async () => {
    const mailedAt = new Date('2025-08-04T15:00:00Z');
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await simulatedPiece(7600 + i, mailedAt));
    const ticks = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        runSimulatedUspsTick(t.database.db, realTime, { now: mailedAt, rng: seededRng(60 + i) }),
      ),
    );
    assert.equal(
      ticks.reduce((n, r) => n + r.piecesScheduled, 0),
      20,
    );
    const later = new Date(mailedAt.getTime() + 30 * 24 * HOUR);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from simulated_usps_scans where deliver_at <= ${later}`.execute(
      t.database.db,
    );
    const due = rows[0]!.n;
    assert.ok(due >= 20 * 7);
    const deliveries = await Promise.all(
      Array.from({ length: 4 }, () =>
        runSimulatedUspsTick(t.database.db, { ...realTime, batchSize: 50 }, { now: later }),
      ),
    );
    // Each tick delivers one batch; finish the rest, then count.
    let received = deliveries.reduce((n, r) => n + (r.delivered?.received ?? 0), 0);
    for (let round = 0; round < 20 && received < due; round++) {
      received +=
        (await runSimulatedUspsTick(t.database.db, realTime, { now: later })).delivered?.received ?? 0;
    }
    assert.equal(received, due, 'each pending scan delivered once');
    for (const order of orders) {
      assert.equal((await imbState(t, order.id)).imbStatus, 'out_for_delivery');
      assert.equal((await storedScans(order.id)).n, 6, 'six distinct scans: the duplicate was ignored');
    }
  });

  test('the worker task plays the story on its own (graphile-worker, self-booked ticks)', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      MAILSTREAM_PROFILE: 'demo',
      PIPELINE_TICK_INTERVAL: '100ms',
      SIMULATED_USPS_SPEEDUP: '10000000',
      SIMULATED_USPS_RETURN_RATE: '0',
      SIMULATED_PRINTER: 'false',
    });
    const order = await simulatedPiece(77, new Date());
    const worker = await startWorker(
      { db: t.database.db, config, logger: createLogger(config) },
      t.database.pool,
    );
    try {
      const deadline = Date.now() + 30_000;
      let status: string | undefined;
      while (Date.now() < deadline) {
        status = (await imbState(t, order.id)).imbStatus;
        if (status === 'out_for_delivery') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(status, 'out_for_delivery');
    } finally {
      await worker.stop();
    }
  });
});
