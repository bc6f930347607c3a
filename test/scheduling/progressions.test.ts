// Test mode (BRIEF §7): POST /{kind}/{id}/progressions, and the simulated tracking story beyond PostGrid.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { deliverDueScans } from '../../src/ingestion/simulated-usps.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { encodeImb } from '../../src/tracking/imb.ts';
import { isValidMod10 } from '../../src/tracking/tracking-number.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { specErrors } from '../support/postgrid-spec.ts';
import { orderEvents, orderRow } from './support.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ IMB_MAILER_ID: '901234567' });
});
after(async () => {
  await t.close();
});

async function letter(extra: Record<string, unknown> = {}, key?: string) {
  const created = await t.api('/letters', {
    method: 'POST',
    key,
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hi {{to.firstName}}</p>', ...extra },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  return created.body as { id: string };
}

async function trackingStory(id: string): Promise<unknown> {
  const { rows } = await sql<{ story: unknown }>`
    select tracking_story as story from orders where id = ${id}`.execute(t.database.db);
  return rows[0]!.story;
}

const progress = (path: string) => t.api(`${path}/progressions`, { method: 'POST' });

describe('POST /{kind}/{id}/progressions', () => {
  test('moves a test letter one step per call, giving what a live one gets at each step', async () => {
    const order = await letter({ extraService: 'certified' });

    const printing = await progress(`/letters/${order.id}`);
    assert.equal(printing.status, 200, JSON.stringify(printing.body));
    assert.equal(printing.body.status, 'printing');
    assert.ok(printing.body.slaDeadline);
    assert.equal(printing.body.slaBreached, false);
    // The IMb a printer would print: 9-digit MID, so a 6-digit serial; the ZIP as routing code.
    assert.match(printing.body.imb.trackingCode, /^00270901234567\d{6}$/);
    assert.equal(printing.body.imb.routingCode, '10001');
    assert.equal(printing.body.imb.barcode, encodeImb(printing.body.imb.trackingCode, '10001'));
    assert.deepEqual(specErrors('Letter', printing.body), []);

    const processed = await progress(`/letters/${order.id}`);
    assert.equal(processed.body.status, 'processed_for_delivery');
    assert.match(processed.body.trackingNumber, /^92073901234567\d{7}\d$/);
    assert.ok(isValidMod10(processed.body.trackingNumber));

    const completed = await progress(`/letters/${order.id}`);
    assert.equal(completed.body.status, 'completed');
    assert.equal(completed.body.trackingNumber, processed.body.trackingNumber);

    const beyond = await progress(`/letters/${order.id}`);
    assert.equal(beyond.status, 422);
    assert.equal(beyond.body.error.type, 'invalid_progression_error');
    assert.match(beyond.body.error.message, /completed/);

    const events = await orderEvents(t.database.db, order.id);
    assert.deepEqual(
      events.map((e) => [e.sequence, e.status, e.updated_fields]),
      [
        [1, 'ready', null],
        [2, 'printing', ['status', 'slaDeadline']],
        [3, 'processed_for_delivery', ['status', 'trackingNumber']],
        [4, 'completed', ['status']],
      ],
    );
    // The printing event already shows the barcode, as the order stood after the change.
    const data = await sql<{ imb: unknown }>`
      select data -> 'imb' as imb from events where order_id = ${order.id} and sequence = 2`.execute(
      t.database.db,
    );
    assert.deepEqual(data.rows[0]!.imb, printing.body.imb);
  });

  test("a test order progressed by hand is not completed by the scheduler behind the caller's back", async () => {
    const order = await letter();
    await progress(`/letters/${order.id}`);
    await progress(`/letters/${order.id}`);
    await runSchedulerTick(t.database.db, t.config, new Date(Date.now() + 30 * 86_400_000));
    assert.equal((await orderRow(t.database.db, order.id)).status, 'processed_for_delivery');
  });

  test('cancelled and live orders cannot be progressed; unknown ids are 404', async () => {
    const order = await letter();
    await t.api(`/letters/${order.id}`, { method: 'DELETE' });
    const cancelled = await progress(`/letters/${order.id}`);
    assert.equal(cancelled.status, 422);
    assert.equal(cancelled.body.error.type, 'invalid_progression_error');
    assert.match(cancelled.body.error.message, /cancelled/);

    const live = await letter({}, t.org.liveApiKey);
    const refused = await t.api(`/letters/${live.id}/progressions`, {
      method: 'POST',
      key: t.org.liveApiKey,
    });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.type, 'invalid_progression_error');
    assert.match(refused.body.error.message, /test orders only/);
    assert.equal((await orderRow(t.database.db, live.id)).status, 'ready');

    // A live order is invisible to the test key, as every object of the other mode.
    assert.equal((await progress(`/letters/${live.id}`)).status, 404);
    assert.equal((await progress('/letters/letter_nope')).status, 404);
  });

  test('every order kind has it: a postcard abroad moves without IMb or tracking number', async () => {
    const created = await t.api('/postcards', {
      method: 'POST',
      json: {
        to: {
          firstName: 'Jean',
          addressLine1: '1 Rue de Rivoli',
          city: 'Paris',
          postalOrZip: '75001',
          countryCode: 'FR',
        },
        from: senderAddress(),
        size: '6x4',
        frontHTML: '<p>front</p>',
        backHTML: '<p>back</p>',
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const printing = await progress(`/postcards/${created.body.id}`);
    assert.equal(printing.status, 200);
    assert.equal(printing.body.object, 'postcard');
    assert.equal(printing.body.status, 'printing');
    assert.equal(printing.body.imb, undefined);
    const processed = await progress(`/postcards/${created.body.id}`);
    assert.equal(processed.body.status, 'processed_for_delivery');
    assert.equal(processed.body.trackingNumber, undefined);
  });
});

describe('POST /{kind}/{id}/tracking_story (beyond PostGrid)', () => {
  test('a test letter is mailed now, gets its USPS scans, ends returned to sender and completes', async () => {
    const order = await letter({ extraService: 'certified' });
    const story = await t.api(`/letters/${order.id}/tracking_story`, {
      method: 'POST',
      json: { returnToSender: true },
    });
    assert.equal(story.status, 200, JSON.stringify(story.body));
    assert.equal(story.body.status, 'processed_for_delivery');
    assert.match(story.body.imb.trackingCode, /^00270901234567/);
    assert.ok(isValidMod10(story.body.trackingNumber));
    assert.deepEqual(
      (await orderEvents(t.database.db, order.id)).map((e) => e.status),
      ['ready', 'printing', 'processed_for_delivery'],
    );
    const pending = await sql<{ n: number }>`
      select count(*)::int as n from simulated_usps_scans where order_id = ${order.id}`.execute(
      t.database.db,
    );
    assert.ok(pending.rows[0]!.n >= 5, 'the simulated postal service has its scans');

    // Feed every scan (a day from now covers the demo-paced story), then let the scheduler run.
    const later = new Date(Date.now() + 86_400_000);
    await deliverDueScans(t.database.db, later, 1000);
    const scanned = await t.api(`/letters/${order.id}`);
    assert.equal(scanned.body.imbStatus, 'returned_to_sender');
    const timeline = await t.api(`/letters/${order.id}/tracking_events`);
    assert.ok(timeline.body.totalCount >= 5);
    await runSchedulerTick(t.database.db, t.config, later);
    assert.equal((await orderRow(t.database.db, order.id)).status, 'completed');
  });

  test('an already processed test order plays its story too; a second call is a 422 that changes nothing', async () => {
    const order = await letter();
    await progress(`/letters/${order.id}`);
    await progress(`/letters/${order.id}`);
    const first = await t.api(`/letters/${order.id}/tracking_story`, { method: 'POST', json: {} });
    assert.equal(first.status, 200);
    const count = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from simulated_usps_scans where order_id = ${order.id}`.execute(
          t.database.db,
        )
      ).rows[0]!.n;
    const story = async () => trackingStory(order.id);
    const scans = await count();
    assert.ok(scans >= 5);
    const told = await story();
    // Asking again, now for a return to sender, must not look as if it took effect.
    for (const body of [undefined, { returnToSender: true }]) {
      const second = await t.api(`/letters/${order.id}/tracking_story`, { method: 'POST', json: body });
      assert.equal(second.status, 422, JSON.stringify(second.body));
      assert.equal(second.body.error.type, 'invalid_progression_error');
      assert.match(
        second.body.error.message,
        /is already playing its tracking story \(ending delivered\); a story plays once, so this call's options were not applied/,
      );
    }
    assert.equal(await count(), scans);
    assert.deepEqual(await story(), told);
    // It completes by the estimate like live mail; then a story is refused as over.
    await runSchedulerTick(t.database.db, t.config, new Date(Date.now() + 86_400_000));
    assert.equal((await orderRow(t.database.db, order.id)).status, 'completed');
    const over = await t.api(`/letters/${order.id}/tracking_story`, { method: 'POST', json: {} });
    assert.equal(over.status, 422);
    assert.match(over.body.error.message, /is completed: its story is over/);
  });

  test('a completed test order has no story to play: 422, no scans', async () => {
    const order = await letter();
    for (let i = 0; i < 3; i++) assert.equal((await progress(`/letters/${order.id}`)).status, 200);
    const response = await t.api(`/letters/${order.id}/tracking_story`, {
      method: 'POST',
      json: { returnToSender: true },
    });
    assert.equal(response.status, 422);
    assert.equal(response.body.error.type, 'invalid_progression_error');
    assert.match(response.body.error.message, /is completed/);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from simulated_usps_scans where order_id = ${order.id}`.execute(
      t.database.db,
    );
    assert.equal(rows[0]!.n, 0);
    assert.equal(await trackingStory(order.id), null);
  });

  test('refused for mail abroad, cancelled orders and live orders', async () => {
    const abroad = await letter({
      to: {
        firstName: 'Jean',
        addressLine1: '1 Rue de Rivoli',
        city: 'Paris',
        postalOrZip: '75001',
        countryCode: 'FR',
      },
    });
    const a = await t.api(`/letters/${abroad.id}/tracking_story`, { method: 'POST', json: {} });
    assert.equal(a.status, 422);
    assert.match(a.body.error.message, /US destination/);
    assert.equal((await orderRow(t.database.db, abroad.id)).status, 'ready');

    const cancelled = await letter();
    await t.api(`/letters/${cancelled.id}`, { method: 'DELETE' });
    const c = await t.api(`/letters/${cancelled.id}/tracking_story`, { method: 'POST', json: {} });
    assert.equal(c.status, 422);
    assert.match(c.body.error.message, /is cancelled and will never be mailed/);

    const live = await letter({}, t.org.liveApiKey);
    const l = await t.api(`/letters/${live.id}/tracking_story`, {
      method: 'POST',
      json: {},
      key: t.org.liveApiKey,
    });
    assert.equal(l.status, 422);
    assert.equal(l.body.error.type, 'invalid_progression_error');
  });
});
