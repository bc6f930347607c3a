import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  foldImbStatus,
  foldImbStatuses,
  type ImbState,
  parseIvmtrEvent,
} from '../../src/tracking/scan-status.ts';
import {
  MAIL_PHASES,
  type SimulateScansOptions,
  seededRng,
  simulateScans,
} from '../../src/tracking/usps-simulator.ts';

const DAY = 86_400_000;
const mailedAt = new Date('2024-03-15T14:00:00Z');

function options(seed: number, extra: Partial<SimulateScansOptions> = {}): SimulateScansOptions {
  return {
    trackingCode: '00270123456000000001',
    routingCode: '021101234',
    mailedAt,
    destinationZip: '02110',
    originZip: '60607',
    returnToSender: false,
    rng: seededRng(seed),
    ...extra,
  };
}

function parseAll(events: unknown[]) {
  return events.map((raw) => {
    const result = parseIvmtrEvent(raw);
    if (!result.ok) assert.fail(result.reason);
    return result.event;
  });
}

/** Feeds the scans in arrival order and records every state change. */
function feed(events: unknown[], deliverAt: number[]) {
  const scans = parseAll(events);
  const order = scans.map((_, i) => i).sort((a, b) => deliverAt[a]! - deliverAt[b]! || a - b);
  const seen = new Set<string>();
  const changes: ImbState[] = [];
  let state: ImbState | null = null;
  for (const i of order) {
    const scan = scans[i]!;
    if (seen.has(scan.fingerprint)) continue; // what the pipeline does with duplicates
    seen.add(scan.fingerprint);
    const next = foldImbStatus(state, scan);
    if (next) changes.push(next);
    state = next ?? state;
  }
  return { state, changes, scans, order };
}

describe('simulateScans', () => {
  it('produces scans that parse and describe one piece', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { events } = simulateScans(options(seed));
      const scans = parseAll(events);
      for (const s of scans) {
        assert.equal(s.trackingCode, '00270123456000000001');
        assert.equal(s.routingCode, '021101234');
        assert.equal(s.mailerId, '123456');
        assert.match(s.facilityZip ?? '', /^\d{5}$/);
        assert.ok(s.eventCode && s.machineName && s.mailPhase && s.predictedDeliveryDate);
      }
      assert.equal(scans[0]!.facilityZip, '60607', 'origin plant follows originZip');
      assert.ok(
        scans.some((s) => s.facilityZip === '02205'),
        'destination plant follows destinationZip',
      );
    }
  });

  it('tells the story in increasing time over 1–4 days', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { events } = simulateScans(options(seed, { duplicate: false }));
      const times = events.map((e) => Date.parse(e.scanDatetime));
      for (let i = 1; i < times.length; i++) assert.ok(times[i]! > times[i - 1]!, `seed ${seed}: time ${i}`);
      assert.ok(times[0]! > mailedAt.getTime());
      const sortation = events.findIndex((e) => e.mailPhase === MAIL_PHASES.carrierSortation);
      const transit = times[sortation]! - mailedAt.getTime();
      assert.ok(
        transit >= 1 * DAY && transit <= 4 * DAY + 12 * 3_600_000,
        `seed ${seed}: transit ${transit}`,
      );
      assert.deepEqual(
        [...new Set(events.map((e) => e.mailPhase))],
        [
          MAIL_PHASES.originPrimary,
          MAIL_PHASES.originSecondary,
          MAIL_PHASES.destinationPrimary,
          MAIL_PHASES.destinationSecondary,
          MAIL_PHASES.carrierSortation,
        ],
      );
    }
  });

  it('folds to out_for_delivery in arrival order, never regressing', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { events, deliverAt } = simulateScans(options(seed));
      const { state, changes, scans } = feed(events, deliverAt);
      assert.equal(state?.status, 'out_for_delivery');
      // imbDate is the first carrier-sortation scan and, whatever the arrival order, final.
      const firstSort = scans.find((s) => s.mailPhase === MAIL_PHASES.carrierSortation)!;
      assert.deepEqual(state?.date, firstSort.scannedAt);
      assert.equal(state?.zip, '02205');
      const rank = { entered_mail_stream: 1, out_for_delivery: 2, returned_to_sender: 3 } as const;
      for (let i = 1; i < changes.length; i++)
        assert.ok(rank[changes[i]!.status] >= rank[changes[i - 1]!.status]);
      // Same result in story order.
      assert.deepEqual(foldImbStatuses(null, scans), state);
    }
  });

  it('folds to returned_to_sender when asked', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const { events, deliverAt } = simulateScans(options(seed, { returnToSender: true }));
      const { state, scans } = feed(events, deliverAt);
      assert.equal(state?.status, 'returned_to_sender');
      const pars = scans.find((s) => s.mailPhase === MAIL_PHASES.pars)!;
      assert.deepEqual(state?.date, pars.scannedAt);
      // The piece is sorted for delivery before it comes back, and scanned again on its way back.
      const sortIdx = scans.findIndex((s) => s.mailPhase === MAIL_PHASES.carrierSortation);
      const parsIdx = scans.indexOf(pars);
      assert.ok(sortIdx < parsIdx && parsIdx < scans.length - 1);
    }
  });

  it('delivers late and duplicated scans', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const { events, deliverAt } = simulateScans(options(seed));
      assert.equal(deliverAt.length, events.length);
      events.forEach((e, i) => {
        assert.ok(deliverAt[i]! >= Date.parse(e.scanDatetime) - mailedAt.getTime(), 'never before the scan');
      });
      // The first origin scan arrives after carrier sortation was reported: out of order.
      const firstSort = events.findIndex((e) => e.mailPhase === MAIL_PHASES.carrierSortation);
      assert.ok(deliverAt[0]! > deliverAt[firstSort]!);
      // Exactly one duplicate.
      const fingerprints = parseAll(events).map((s) => s.fingerprint);
      // The late origin scan arrives after every other scan.
      assert.ok(deliverAt[0]! > Math.max(...deliverAt.slice(1)), `seed ${seed}: origin scan is last`);
      assert.equal(new Set(fingerprints).size, fingerprints.length - 1);
    }
  });

  it('can leave out the anomalies', () => {
    const { events, deliverAt } = simulateScans(options(7, { duplicate: false, lateOriginScan: false }));
    const fingerprints = parseAll(events).map((s) => s.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    assert.ok(deliverAt[0]! < 12 * 3_600_000);
  });

  it('is deterministic for a seed and compresses time with timeScale', () => {
    assert.deepEqual(simulateScans(options(42)), simulateScans(options(42)));
    assert.notDeepEqual(simulateScans(options(42)), simulateScans(options(43)));
    const fast = simulateScans(options(42, { timeScale: 1 / 8640, returnToSender: true }));
    const last = Math.max(...fast.deliverAt);
    assert.ok(last < 2 * 60_000, `everything within two minutes, got ${last} ms`);
    const { state } = feed(fast.events, fast.deliverAt);
    assert.equal(state?.status, 'returned_to_sender');
  });

  it('uses a random plant when there is no origin ZIP and omits an empty routing code', () => {
    const { events } = simulateScans(options(3, { originZip: undefined, routingCode: '' }));
    const first = parseAll(events)[0]!;
    assert.match(first.facilityZip ?? '', /^\d{5}$/);
    assert.equal(first.routingCode, null);
    assert.equal(events[0]!.imbRoutingCode, undefined);
  });
});
