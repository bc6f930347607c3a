import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  compareStates,
  foldImbStatuses,
  type IvmtrEvent,
  parseIvmtrEvent,
} from '../../src/tracking/scan-status.ts';
import { MAIL_PHASES, seededRng, simulateScans } from '../../src/tracking/usps-simulator.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { FEED_TOKEN, type ImbFields, imbEvents, imbState, mailedLetter, pushFeed } from './fixtures.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ USPS_FEED_TOKEN: FEED_TOKEN });
});
after(async () => {
  await t.close();
});

const ORIGIN_PHASES: readonly string[] = [MAIL_PHASES.originPrimary, MAIL_PHASES.originSecondary];

function shuffle<T>(items: readonly T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Pushes `events` in requests of 1–`max` events; returns the summed counters. */
async function pushInChunks(events: readonly IvmtrEvent[], rng: () => number, max: number) {
  const totals = { received: 0, matched: 0, unmatched: 0, duplicates: 0, invalid: 0 };
  for (let i = 0; i < events.length; ) {
    const size = 1 + Math.floor(rng() * max);
    const response = await pushFeed(t, { events: events.slice(i, i + size) });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += response.body[key];
    i += size;
  }
  return totals;
}

/** The timeline without what legitimately differs between two pieces (ids, barcode, arrival time). */
async function timeline(id: string) {
  const list = await t.api(`/letters/${id}/tracking_events`, { key: t.org.liveApiKey });
  assert.equal(list.status, 200);
  return list.body.data.map((e: Record<string, unknown>) => [
    e.scanDatetime,
    e.mailPhase,
    e.scanFacilityZip,
    e.imbStatus,
  ]);
}

/** Every imb event must be a strict improvement on the one before, and the last one the final state. */
async function assertEventsImprove(id: string, final: ImbFields) {
  const events = await imbEvents(t, id);
  assert.ok(events.length >= 1);
  const states = events.map((e) => ({
    status: e.data.imbStatus,
    date: new Date(e.data.imbDate),
    zip: e.data.imbZIPCode ?? null,
  }));
  for (let i = 1; i < states.length; i++) {
    assert.ok(
      compareStates(states[i]!, states[i - 1]!) < 0,
      `event ${i} of ${id} does not improve on the one before`,
    );
  }
  const last = events.at(-1)!.data;
  assert.deepEqual({ imbStatus: last.imbStatus, imbDate: last.imbDate, imbZIPCode: last.imbZIPCode }, final);
  return events.length;
}

describe('order independence (BRIEF §10)', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const returnToSender = seed % 3 === 0;
    test(`seed ${seed}${returnToSender ? ' (returned to sender)' : ''}: a shuffled feed with duplicates and late origin scans ends as the ordered feed`, async () => {
      const ordered = await mailedLetter(t, 1000 + seed * 2);
      const shuffled = await mailedLetter(t, 1001 + seed * 2);
      const story = (trackingCode: string) =>
        simulateScans({
          trackingCode,
          routingCode: '10001',
          mailedAt: new Date('2025-03-10T12:00:00Z'),
          destinationZip: '10001',
          originZip: '60607',
          returnToSender,
          rng: seededRng(seed),
          duplicate: false,
          lateOriginScan: false,
        }).events;

      // Ordered: in scan time, one scan per request.
      const inOrder = story(ordered.trackingCode);
      const orderedTotals = await pushInChunks(inOrder, () => 0, 1);

      // Shuffled: every scan once more, a few three times, all shuffled, then the origin scans last.
      const rng = seededRng(seed * 7919);
      const scans = story(shuffled.trackingCode);
      const withDuplicates = [...scans, ...scans, ...scans.filter(() => rng() < 0.3)];
      const mixed = shuffle(withDuplicates, rng);
      const lateOrigin = [
        ...mixed.filter((e) => !ORIGIN_PHASES.includes(e.mailPhase ?? '')),
        ...mixed.filter((e) => ORIGIN_PHASES.includes(e.mailPhase ?? '')),
      ];
      const shuffledTotals = await pushInChunks(lateOrigin, rng, 4);

      const expected = await imbState(t, ordered.id);
      assert.equal(expected.imbStatus, returnToSender ? 'returned_to_sender' : 'out_for_delivery');
      assert.deepEqual(await imbState(t, shuffled.id), expected);
      assert.deepEqual(await timeline(shuffled.id), await timeline(ordered.id));
      assert.equal(shuffledTotals.matched, orderedTotals.matched);
      assert.equal(orderedTotals.duplicates, 0);
      assert.equal(shuffledTotals.duplicates, withDuplicates.length - scans.length);
      assert.equal(shuffledTotals.unmatched + shuffledTotals.invalid, 0);
      await assertEventsImprove(ordered.id, expected);
      await assertEventsImprove(shuffled.id, expected);
    });
  }

  test('the same feed in one request, ordered or shuffled with duplicates: same state, one event each', async () => {
    const ordered = await mailedLetter(t, 2001);
    const shuffled = await mailedLetter(t, 2002);
    const story = (trackingCode: string) =>
      simulateScans({
        trackingCode,
        routingCode: '10001',
        mailedAt: new Date('2025-03-10T12:00:00Z'),
        destinationZip: '10001',
        returnToSender: false,
        rng: seededRng(99),
      }).events;
    await pushFeed(t, story(ordered.trackingCode));
    const scans = story(shuffled.trackingCode);
    await pushFeed(t, { events: shuffle([...scans, ...scans], seededRng(5)) });
    const expected = await imbState(t, ordered.id);
    assert.deepEqual(await imbState(t, shuffled.id), expected);
    assert.equal(await assertEventsImprove(ordered.id, expected), 1);
    assert.equal(await assertEventsImprove(shuffled.id, expected), 1);
  });
});

describe('concurrency', () => {
  test('concurrent requests touching the same orders lose no update', async () => {
    const orders = await Promise.all([3001, 3002, 3003].map((n) => mailedLetter(t, n)));
    const rng = seededRng(4242);
    const phases = [
      MAIL_PHASES.originPrimary,
      MAIL_PHASES.destinationPrimary,
      MAIL_PHASES.carrierSortation,
      MAIL_PHASES.pars,
    ];
    const start = Date.parse('2025-03-10T00:00:00Z');
    // Many distinct scans per order, returns rare, so the best state is contested until the end.
    const scans: IvmtrEvent[] = Array.from({ length: 300 }, () => {
      const order = orders[Math.floor(rng() * orders.length)]!;
      const phase = rng() < 0.02 ? MAIL_PHASES.pars : phases[Math.floor(rng() * 3)]!;
      return {
        imb: `${order.trackingCode}10001`,
        scanDatetime: new Date(start + Math.floor(rng() * 5 * 86_400) * 1000).toISOString(),
        mailPhase: phase,
        scanFacilityZip: String(10000 + Math.floor(rng() * 50)),
      };
    });
    // 12 overlapping requests, each a random third of the scans, sent at once.
    const requests = Array.from({ length: 12 }, () => shuffle(scans, rng).slice(0, 100));
    requests.push(scans);
    const responses = await Promise.all(requests.map((events) => pushFeed(t, events)));
    for (const response of responses) assert.equal(response.status, 200, JSON.stringify(response.body));
    const stored = responses.reduce((n, r) => n + r.body.matched, 0);
    const distinct = new Set(scans.map((s) => JSON.stringify(s))).size;
    assert.equal(stored, distinct);

    for (const order of orders) {
      const mine = scans
        .filter((s) => s.imb?.startsWith(order.trackingCode))
        .map((s) => {
          const parsed = parseIvmtrEvent(s);
          assert.ok(parsed.ok);
          return parsed.event;
        });
      const best = foldImbStatuses(null, mine)!;
      const expected = {
        imbStatus: best.status,
        imbDate: best.date.toISOString(),
        imbZIPCode: best.zip ?? undefined,
      };
      assert.deepEqual(await imbState(t, order.id), expected);
      await assertEventsImprove(order.id, expected);
    }
  });
});
