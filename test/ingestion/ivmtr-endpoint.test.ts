import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createFeedToken, revokeFeedToken } from '../../src/ingestion/feed-tokens.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  FEED_TOKEN,
  imbEvents,
  imbState,
  mailedLetter,
  pushFeed,
  scanEvent,
  trackingCode,
} from './fixtures.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ USPS_FEED_TOKEN: FEED_TOKEN });
});
after(async () => {
  await t.close();
});

async function scanCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from usps_scans`.execute(t.database.db);
  return rows[0]!.n;
}

const ORIGIN = 'Phase 1a - Origin Primary Processing';
const CARRIER = 'Phase 3c - Destination Sequenced Carrier Sortation';

describe('POST /usps/v1/ivmtr authentication', () => {
  test('without an Authorization header: 401 missing_auth_error, nothing stored', async () => {
    const before = await scanCount();
    const response = await pushFeed(t, [scanEvent(trackingCode(900))], null);
    assert.equal(response.status, 401);
    assert.equal(response.body.error.type, 'missing_auth_error');
    assert.match(response.body.error.message, /Bearer/);
    assert.equal(await scanCount(), before);
  });

  test('a wrong token, or an organization API key, is refused with 401', async () => {
    for (const token of ['not-the-feed-token-at-all', t.org.liveApiKey, `${FEED_TOKEN}x`]) {
      const response = await pushFeed(t, [scanEvent(trackingCode(901))], token);
      assert.equal(response.status, 401, token);
      assert.equal(response.body.error.type, 'missing_auth_error');
    }
    const viaApiKey = await fetch(`${t.baseUrl}/usps/v1/ivmtr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': t.org.liveApiKey },
      body: '[]',
    });
    assert.equal(viaApiKey.status, 401);
  });

  test('a token made with the CLI service works until revoked', async () => {
    const made = await createFeedToken(t.database.db, 'tests');
    assert.match(made.token, /^usps_ft_[0-9A-Za-z]{32}$/);
    const ok = await pushFeed(t, [], made.token);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, {
      received: 0,
      matched: 0,
      unmatched: 0,
      duplicates: 0,
      invalid: 0,
      errors: [],
    });
    assert.equal(await revokeFeedToken(t.database.db, made.id), true);
    const revoked = await pushFeed(t, [], made.token);
    assert.equal(revoked.status, 401);
  });
});

describe('POST /usps/v1/ivmtr batches', () => {
  test('10,001 events are refused whole with a validation_error naming the limit', async () => {
    const before = await scanCount();
    const events = Array.from({ length: 10_001 }, (_, i) => scanEvent(trackingCode(100_000 + i)));
    const response = await pushFeed(t, { events });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /at most 10000 events.*10001/);
    assert.equal(await scanCount(), before);
  });

  test('10,000 events in one request are all stored', async () => {
    const before = await scanCount();
    const events = Array.from({ length: 10_000 }, (_, i) => scanEvent(trackingCode(200_000 + i)));
    const response = await pushFeed(t, { events });
    assert.equal(response.status, 200);
    assert.equal(response.body.received, 10_000);
    assert.equal(response.body.unmatched, 10_000);
    assert.equal(await scanCount(), before + 10_000);
  });

  test('a body that is neither {events: [...]} nor an array is a validation_error', async () => {
    for (const body of [{ scans: [] }, { events: 'x' }, 'text', 42]) {
      const response = await pushFeed(t, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.type, 'validation_error');
      assert.match(response.body.error.message, /events/);
    }
  });

  test('unmatched scans are counted and kept with no order', async () => {
    const code = trackingCode(777_777);
    const response = await pushFeed(t, [
      scanEvent(code),
      scanEvent(code, { scanDatetime: '2025-03-10T18:00:00Z' }),
    ]);
    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      received: 2,
      matched: 0,
      unmatched: 2,
      duplicates: 0,
      invalid: 0,
      errors: [],
    });
    const { rows } = await sql<{
      order_id: string | null;
      mailer_id: string;
      serial: string;
      source: string;
    }>`
      select order_id, mailer_id, serial, source from usps_scans where tracking_code = ${code}`.execute(
      t.database.db,
    );
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.order_id, null);
      assert.equal(row.mailer_id, '123456');
      assert.equal(row.serial, '000777777');
      assert.equal(row.source, 'feed');
    }
  });

  test('duplicates — within a request, across requests, and in another spelling — are counted once', async () => {
    const order = await mailedLetter(t, 31);
    const scan = scanEvent(order.trackingCode);
    const first = await pushFeed(t, { events: [scan, { ...scan }] });
    assert.deepEqual(first.body, {
      received: 2,
      matched: 1,
      unmatched: 0,
      duplicates: 1,
      invalid: 0,
      errors: [],
    });
    // The same scan identified by MID + serial instead of the barcode, with the serial's zeros dropped.
    const respelled = { ...scan, imb: undefined, imbMid: '123456', imbSerialNumber: '31' };
    const again = await pushFeed(t, [scan, respelled]);
    assert.deepEqual(again.body, {
      received: 2,
      matched: 0,
      unmatched: 0,
      duplicates: 2,
      invalid: 0,
      errors: [],
    });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from usps_scans where order_id = ${order.id}`.execute(t.database.db);
    assert.equal(rows[0]!.n, 1);
    assert.equal((await imbEvents(t, order.id)).length, 1);
  });

  test('invalid events are counted and named by index; the valid ones are stored', async () => {
    const order = await mailedLetter(t, 32);
    const response = await pushFeed(t, {
      events: [
        scanEvent(order.trackingCode),
        { imb: order.trackingCode },
        'not an event',
        scanEvent(order.trackingCode, { scanDatetime: 'yesterday' }),
        scanEvent(order.trackingCode, { scanFacilityCity: 'NUL\u0000CITY' }),
        scanEvent(order.trackingCode, { machineName: 'half \ud800 a character' }),
        scanEvent(order.trackingCode, { scanFacilityCity: 'UNIT\u001fSEPARATOR' }),
        scanEvent(order.trackingCode, { mailPhase: 'Phase 1a\t- Origin' }),
      ],
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.received, 8);
    assert.equal(response.body.matched, 1);
    assert.equal(response.body.invalid, 7);
    assert.deepEqual(
      response.body.errors.map((e: { index: number }) => e.index),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.match(response.body.errors[0].message, /scanDatetime is missing/);
    assert.match(response.body.errors[1].message, /JSON object/);
    assert.match(response.body.errors[2].message, /scanDatetime "yesterday"/);
    assert.match(response.body.errors[3].message, /control character/);
    assert.match(response.body.errors[4].message, /Unicode/);
    assert.match(response.body.errors[5].message, /control character/);
    assert.match(response.body.errors[6].message, /control character/);
    assert.equal((await imbState(t, order.id)).imbStatus, 'entered_mail_stream');
  });

  test('a scan matches the most recent use of a reused serial at the time of the scan', async () => {
    const older = await mailedLetter(t, 33, { assignedAt: new Date('2025-01-02T10:00:00Z') });
    const newer = await mailedLetter(t, 33, { assignedAt: new Date('2025-03-01T10:00:00Z') });
    const late = await pushFeed(t, [scanEvent(older.trackingCode, { scanDatetime: '2025-01-04T10:00:00Z' })]);
    assert.equal(late.body.matched, 1);
    const current = await pushFeed(t, [
      scanEvent(older.trackingCode, { scanDatetime: '2025-03-02T10:00:00Z' }),
    ]);
    assert.equal(current.body.matched, 1);
    assert.equal((await imbState(t, older.id)).imbDate, '2025-01-04T10:00:00.000Z');
    assert.equal((await imbState(t, newer.id)).imbDate, '2025-03-02T10:00:00.000Z');
  });
});

describe('imbStatus derivation', () => {
  test('each change is one *.updated event; duplicates and late origin scans change nothing', async () => {
    const order = await mailedLetter(t, 41);
    const origin = scanEvent(order.trackingCode, {
      scanDatetime: '2025-03-10T14:00:00Z',
      scanFacilityZip: '10199',
    });
    const carrier = scanEvent(order.trackingCode, {
      scanDatetime: '2025-03-12T06:00:00Z',
      scanFacilityZip: '10001',
      scanEventCode: '919',
      mailPhase: CARRIER,
    });
    await pushFeed(t, [origin]);
    let events = await imbEvents(t, order.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.data.imbStatus, 'entered_mail_stream');
    assert.deepEqual(events[0]!.updated_fields, ['imbStatus', 'imbDate', 'imbZIPCode']);
    assert.equal(events[0]!.data.object, 'letter');

    await pushFeed(t, [origin]);
    assert.equal((await imbEvents(t, order.id)).length, 1, 'a duplicate adds no event');

    await pushFeed(t, [carrier]);
    events = await imbEvents(t, order.id);
    assert.equal(events.length, 2);
    assert.equal(events[1]!.data.imbStatus, 'out_for_delivery');
    assert.equal(events[1]!.data.imbDate, '2025-03-12T06:00:00.000Z');
    assert.equal(events[1]!.data.imbZIPCode, '10001');
    assert.ok(events[1]!.sequence > events[0]!.sequence);

    // A late origin scan from before anything else: the status does not move back, no event.
    await pushFeed(t, [
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-10T09:00:00Z', mailPhase: ORIGIN }),
    ]);
    assert.equal((await imbEvents(t, order.id)).length, 2);
    assert.deepEqual(await imbState(t, order.id), {
      imbStatus: 'out_for_delivery',
      imbDate: '2025-03-12T06:00:00.000Z',
      imbZIPCode: '10001',
    });

    // A return follows anything.
    await pushFeed(t, [
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-13T08:00:00Z', mailPhase: 'PARS Processing' }),
    ]);
    events = await imbEvents(t, order.id);
    assert.equal(events.length, 3);
    assert.equal(events[2]!.data.imbStatus, 'returned_to_sender');
    assert.equal(
      events[2]!.data.status,
      'processed_for_delivery',
      'the order status is not the feed’s to change',
    );
  });

  test('an earlier scan of the current status corrects imbDate and imbZIPCode, with an event naming them', async () => {
    const order = await mailedLetter(t, 42);
    await pushFeed(t, [
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-11T10:00:00Z', scanFacilityZip: '20066' }),
    ]);
    await pushFeed(t, [
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-10T10:00:00Z', scanFacilityZip: '10199' }),
    ]);
    const events = await imbEvents(t, order.id);
    assert.equal(events.length, 2);
    assert.deepEqual(events[1]!.updated_fields, ['imbDate', 'imbZIPCode']);
    assert.deepEqual(await imbState(t, order.id), {
      imbStatus: 'entered_mail_stream',
      imbDate: '2025-03-10T10:00:00.000Z',
      imbZIPCode: '10199',
    });
  });
});

describe('GET /{kind}/{id}/tracking_events', () => {
  test('lists the scans in scan-time order with their IV-MTR fields', async () => {
    const order = await mailedLetter(t, 51);
    await pushFeed(t, [
      scanEvent(order.trackingCode, {
        scanDatetime: '2025-03-12T06:00:00Z',
        mailPhase: CARRIER,
        scanEventCode: '918',
      }),
      scanEvent(order.trackingCode, {
        scanDatetime: '2025-03-10T14:00:00Z',
        predictedDeliveryDate: '2025-03-12',
      }),
    ]);
    const list = await t.api(`/letters/${order.id}/tracking_events`, { key: t.org.liveApiKey });
    assert.equal(list.status, 200);
    assert.equal(list.body.object, 'list');
    assert.equal(list.body.totalCount, 2);
    assert.deepEqual(
      list.body.data.map((e: { scanDatetime: string }) => e.scanDatetime),
      ['2025-03-10T14:00:00.000Z', '2025-03-12T06:00:00.000Z'],
    );
    const [first, second] = list.body.data;
    assert.match(first.id, /^scan_[0-9A-Za-z]{22}$/);
    assert.equal(first.object, 'tracking_event');
    assert.equal(first.imbStatus, 'entered_mail_stream');
    assert.equal(first.imb, `${order.trackingCode}10001`);
    assert.equal(first.imbMid, '123456');
    assert.equal(first.imbSerialNumber, '000000051');
    assert.equal(first.imbStid, '270');
    assert.equal(first.mailPhase, ORIGIN);
    assert.equal(first.scanFacilityZip, '10199');
    assert.equal(first.scanFacilityCity, 'NEW YORK');
    assert.equal(first.scanFacilityState, 'NY');
    assert.equal(first.scanEventCode, '271');
    assert.equal(first.machineName, 'DIOSS-001');
    assert.equal(first.predictedDeliveryDate, '2025-03-12');
    assert.equal(first.source, 'feed');
    assert.equal(second.imbStatus, 'out_for_delivery');
    assert.equal(second.predictedDeliveryDate, undefined);

    const paged = await t.api(`/letters/${order.id}/tracking_events?skip=1&limit=1`, {
      key: t.org.liveApiKey,
    });
    assert.equal(paged.body.data.length, 1);
    assert.equal(paged.body.data[0].id, second.id);
  });

  test('an order without scans has an empty timeline', async () => {
    const order = await mailedLetter(t, 52);
    const list = await t.api(`/letters/${order.id}/tracking_events`, { key: t.org.liveApiKey });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data, []);
    assert.equal(list.body.totalCount, 0);
  });

  test("another organization's order, the other mode's, or an unknown id is not_found_error", async () => {
    const order = await mailedLetter(t, 53);
    await pushFeed(t, [scanEvent(order.trackingCode)]);
    const other = await createOrganization(t.database.db, 'Other org');
    const foreign = await t.api(`/letters/${order.id}/tracking_events`, { key: other.liveApiKey });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.type, 'not_found_error');
    const otherMode = await t.api(`/letters/${order.id}/tracking_events`, { key: t.org.testApiKey });
    assert.equal(otherMode.status, 404);
    const unknown = await t.api('/letters/letter_doesnotexist/tracking_events', { key: t.org.liveApiKey });
    assert.equal(unknown.status, 404);
    const noKey = await t.api(`/letters/${order.id}/tracking_events`, { key: null });
    assert.equal(noKey.status, 401);
  });
});
