import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compareStates,
  foldImbStatus,
  foldImbStatuses,
  type ImbState,
  type NormalizedScan,
  parseIvmtrEvent,
  parseScanDatetime,
  type ScanSignal,
  scanImbStatus,
} from '../../src/tracking/scan-status.ts';

// 00 270 123456 000000001: barcode id 00, STID 270, 6-digit MID 123456, serial 000000001.
const TRACKING = '00270123456000000001';
const TRACKING_9 = '00270912345678000042'; // 9-digit MID 912345678, serial 000042

function parsed(raw: unknown): NormalizedScan {
  const result = parseIvmtrEvent(raw);
  if (!result.ok) assert.fail(`expected ok, got: ${result.reason}`);
  return result.event;
}

function reason(raw: unknown): string {
  const result = parseIvmtrEvent(raw);
  if (result.ok) assert.fail('expected a rejection');
  return result.reason;
}

function scan(mailPhase: string, iso: string, zip: string | null = '02205', extra: Partial<ScanSignal> = {}) {
  return {
    mailPhase,
    scannedAt: new Date(iso),
    facilityZip: zip,
    handlingEventType: null,
    eventCode: null,
    ...extra,
  };
}

const ORIGIN = 'Phase 1a - Origin Primary Processing';
const DEST = 'Phase 2c - Destination Primary Processing';
const CARRIER = 'Phase 3c - Destination Sequenced Carrier Sortation';
const PARS = 'PARS Processing';

describe('parseIvmtrEvent', () => {
  it('normalizes a full imb with routing code', () => {
    const e = parsed({
      imb: `${TRACKING}021101234`,
      scanDatetime: '2024-03-15T12:00:00Z',
      scanEventCode: '919',
      scanFacilityZip: '02205',
      scanFacilityCity: 'BOSTON',
      scanFacilityState: 'MA',
      mailPhase: CARRIER,
      handlingEventType: '',
      machineName: 'DBCS-012',
      predictedDeliveryDate: '2024-03-16',
    });
    assert.equal(e.trackingCode, TRACKING);
    assert.equal(e.routingCode, '021101234');
    assert.equal(e.mailerId, '123456');
    assert.equal(e.serial, '000000001');
    assert.equal(e.serviceTypeId, '270');
    assert.equal(e.scannedAt.toISOString(), '2024-03-15T12:00:00.000Z');
    assert.equal(e.eventCode, '919');
    assert.equal(e.handlingEventType, null);
    assert.equal(e.machineName, 'DBCS-012');
    assert.match(e.fingerprint, /^[0-9a-f]{64}$/);
  });

  it('accepts every imb length and splits routing', () => {
    for (const routing of ['', '02110', '021101234', '02110123456']) {
      const e = parsed({ imb: TRACKING + routing, scanDatetime: '2024-03-15T12:00:00Z' });
      assert.equal(e.trackingCode, TRACKING);
      assert.equal(e.routingCode, routing || null);
    }
  });

  it('derives a 9-digit Mailer ID when it starts with 9', () => {
    const e = parsed({
      imbTrackingCode: TRACKING_9,
      imbRoutingCode: '94105',
      scanDatetime: '2024-03-15 08:30:00',
    });
    assert.equal(e.mailerId, '912345678');
    assert.equal(e.serial, '000042');
    assert.equal(e.routingCode, '94105');
    // No zone: read as UTC.
    assert.equal(e.scannedAt.toISOString(), '2024-03-15T08:30:00.000Z');
  });

  it('accepts MID + serial alone and pads the serial', () => {
    const e = parsed({ imbMid: '123456', imbSerialNumber: '1', scanDatetime: '2024-03-15T12:00:00-05:00' });
    assert.equal(e.mailerId, '123456');
    assert.equal(e.serial, '000000001');
    assert.equal(e.trackingCode, null);
    assert.equal(e.scannedAt.toISOString(), '2024-03-15T17:00:00.000Z');
    const n = parsed({ imbMid: 912345678, imbSerialNumber: 42, scanDatetime: '2024-03-15T12:00:00Z' });
    assert.equal(n.serial, '000042');
  });

  it('gives the same fingerprint to the same scan in another shape, and a different one otherwise', () => {
    const base = {
      scanDatetime: '2024-03-15T12:00:00Z',
      scanEventCode: '919',
      scanFacilityZip: '02205',
      mailPhase: CARRIER,
    };
    const a = parsed({ ...base, imb: `${TRACKING}02110` });
    const b = parsed({
      ...base,
      imbMid: '123456',
      imbSerialNumber: '1',
      scanDatetime: '2024-03-15T07:00:00-05:00',
    });
    const c = parsed({ ...base, imb: TRACKING, machineName: 'other machine' });
    assert.equal(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, c.fingerprint);
    assert.notEqual(a.fingerprint, parsed({ ...base, imb: TRACKING, scanEventCode: '918' }).fingerprint);
    assert.notEqual(
      a.fingerprint,
      parsed({ ...base, imb: TRACKING, scanDatetime: '2024-03-15T12:00:01Z' }).fingerprint,
    );
  });

  it('names what is wrong', () => {
    assert.match(reason(null), /object/);
    assert.match(reason([]), /object/);
    assert.match(reason({ imb: TRACKING }), /scanDatetime is missing/);
    assert.match(reason({ imb: TRACKING, scanDatetime: 'yesterday' }), /scanDatetime "yesterday"/);
    assert.match(reason({ imb: TRACKING, scanDatetime: '2024-02-30T10:00:00Z' }), /scanDatetime/);
    assert.match(reason({ imb: TRACKING, scanDatetime: '2024-03-15T24:00:00Z' }), /scanDatetime/);
    assert.match(reason({ scanDatetime: '2024-03-15T12:00:00Z' }), /piece identity is missing/);
    assert.match(
      reason({ imb: '123', scanDatetime: '2024-03-15T12:00:00Z' }),
      /imb must be 20, 25, 29 or 31 digits/,
    );
    assert.match(reason({ imb: `${TRACKING}0211`, scanDatetime: '2024-03-15T12:00:00Z' }), /got 24/);
    assert.match(reason({ imb: 'x'.repeat(20), scanDatetime: '2024-03-15T12:00:00Z' }), /digits only/);
    assert.match(
      reason({ imb: `05${TRACKING.slice(2)}`, scanDatetime: '2024-03-15T12:00:00Z' }),
      /^imb: .*0-4/,
    );
    assert.match(reason({ imbTrackingCode: '123', scanDatetime: '2024-03-15T12:00:00Z' }), /imbTrackingCode/);
    assert.match(
      reason({ imbTrackingCode: TRACKING, imbRoutingCode: '1234', scanDatetime: '2024-03-15T12:00:00Z' }),
      /imbRoutingCode/,
    );
    assert.match(
      reason({ imbMid: '12345', imbSerialNumber: '1', scanDatetime: '2024-03-15T12:00:00Z' }),
      /imbMid/,
    );
    assert.match(
      reason({ imbMid: '123456', imbSerialNumber: '1234567890', scanDatetime: '2024-03-15T12:00:00Z' }),
      /imbSerialNumber must be at most 9 digits/,
    );
    assert.match(
      reason({ imb: TRACKING, imbMid: '654321', scanDatetime: '2024-03-15T12:00:00Z' }),
      /imbMid 654321/,
    );
    assert.match(
      reason({ imb: TRACKING, mailPhase: true, scanDatetime: '2024-03-15T12:00:00Z' }),
      /^mailPhase/,
    );
    assert.match(
      reason({ imb: TRACKING, scanFacilityZip: {}, scanDatetime: '2024-03-15T12:00:00Z' }),
      /scanFacilityZip/,
    );
  });
});

describe('parseScanDatetime', () => {
  it('reads ISO-like forms and rejects the rest', () => {
    assert.equal(parseScanDatetime('2024-03-15T12:00')?.toISOString(), '2024-03-15T12:00:00.000Z');
    assert.equal(
      parseScanDatetime('2024-03-15 12:00:00.1234+0530')?.toISOString(),
      '2024-03-15T06:30:00.123Z',
    );
    assert.equal(parseScanDatetime('2024-02-29T00:00:00Z')?.toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseScanDatetime('2023-02-29T00:00:00Z'), null);
    assert.equal(parseScanDatetime('03/15/2024 12:00:00'), null);
    assert.equal(parseScanDatetime('2024-03-15'), null);
  });
});

describe('scanImbStatus', () => {
  it('classifies mail phases', () => {
    const s = (mailPhase: string | null, extra: Partial<ScanSignal> = {}) =>
      scanImbStatus({ mailPhase, handlingEventType: null, eventCode: null, ...extra });
    assert.equal(s('Phase 0 - Origin Processing Cancellation of Postage'), 'entered_mail_stream');
    assert.equal(s(ORIGIN), 'entered_mail_stream');
    assert.equal(s(DEST), 'entered_mail_stream');
    assert.equal(s(null), 'entered_mail_stream');
    assert.equal(s(CARRIER), 'out_for_delivery');
    assert.equal(s('Phase 3c- Destination Sequenced Carrier Sortation'), 'out_for_delivery');
    assert.equal(s('Phase 4c - Delivery'), 'out_for_delivery');
    assert.equal(s('Phase 3a - Destination Secondary Processing'), 'entered_mail_stream');
    assert.equal(s(PARS), 'returned_to_sender');
    assert.equal(s('FPARS Processing'), 'returned_to_sender');
    assert.equal(s('Return to Sender'), 'returned_to_sender');
    assert.equal(s(CARRIER, { handlingEventType: 'rts' }), 'returned_to_sender');
    assert.equal(s(CARRIER, { eventCode: 'UAA' }), 'returned_to_sender');
  });
});

describe('foldImbStatus', () => {
  it('starts from the first scan and keeps the first qualifying scan', () => {
    const s1 = foldImbStatus(null, scan(ORIGIN, '2024-03-15T10:00:00Z', '60607'));
    assert.deepEqual(s1, {
      status: 'entered_mail_stream',
      date: new Date('2024-03-15T10:00:00Z'),
      zip: '60607',
    });
    assert.equal(foldImbStatus(s1, scan(DEST, '2024-03-16T10:00:00Z', '02205')), null);
  });

  it('a late origin scan does not undo out_for_delivery', () => {
    const ofd = foldImbStatus(null, scan(CARRIER, '2024-03-17T04:00:00Z', '02205'));
    assert.equal(ofd?.status, 'out_for_delivery');
    assert.equal(foldImbStatus(ofd, scan(ORIGIN, '2024-03-15T10:00:00Z', '60607')), null);
  });

  it('an earlier scan of the same rank arriving late moves imbDate back', () => {
    const later = foldImbStatus(null, scan(CARRIER, '2024-03-17T06:00:00Z', '02206'));
    const earlier = foldImbStatus(later, scan('Phase 4c - Delivery', '2024-03-17T04:00:00Z', '02205'));
    assert.deepEqual(earlier, {
      status: 'out_for_delivery',
      date: new Date('2024-03-17T04:00:00Z'),
      zip: '02205',
    });
  });

  it('returned_to_sender follows out_for_delivery and sticks', () => {
    const ofd = foldImbStatus(null, scan(CARRIER, '2024-03-17T04:00:00Z'));
    const rts = foldImbStatus(ofd, scan(PARS, '2024-03-18T09:00:00Z', '02205'));
    assert.deepEqual(rts, {
      status: 'returned_to_sender',
      date: new Date('2024-03-18T09:00:00Z'),
      zip: '02205',
    });
    assert.equal(foldImbStatus(rts, scan(CARRIER, '2024-03-20T04:00:00Z', '60607')), null);
    assert.equal(foldImbStatus(rts, scan(ORIGIN, '2024-03-19T04:00:00Z', '02205')), null);
  });

  it('duplicates change nothing', () => {
    const s = scan(DEST, '2024-03-16T10:00:00Z');
    const state = foldImbStatus(null, s);
    assert.equal(foldImbStatus(state, s), null);
  });

  it('ties at the same instant break on the ZIP, a ZIP beating none', () => {
    const a = foldImbStatus(null, scan(CARRIER, '2024-03-17T04:00:00Z', null));
    const b = foldImbStatus(a, scan(CARRIER, '2024-03-17T04:00:00Z', '02206'));
    assert.equal(b?.zip, '02206');
    assert.equal(foldImbStatus(b, scan(CARRIER, '2024-03-17T04:00:00Z', '02207')), null);
    assert.equal(foldImbStatus(b, scan(CARRIER, '2024-03-17T04:00:00Z', '02205'))?.zip, '02205');
  });

  const phaseArb = fc.constantFrom(
    'Phase 0 - Origin Processing Cancellation of Postage',
    ORIGIN,
    'Phase 1b - Origin Secondary Processing',
    DEST,
    CARRIER,
    'Phase 4c - Delivery',
    PARS,
    'Miscellaneous',
  );
  // Few distinct instants and ZIPs, so ties are common.
  const scanArb = fc.record({
    mailPhase: fc.option(phaseArb, { nil: null }),
    scannedAt: fc.integer({ min: 0, max: 6 }).map((h) => new Date(Date.UTC(2024, 2, 15, h))),
    facilityZip: fc.option(fc.constantFrom('02205', '10199', '60607'), { nil: null }),
    handlingEventType: fc.constantFrom(null, 'L', 'R'),
    eventCode: fc.constantFrom(null, '919', '271', 'RTS'),
  });

  it('ends in the same state for any arrival order and duplicates (property)', () => {
    const arb = fc.array(scanArb, { minLength: 1, maxLength: 15 }).chain((scans) =>
      fc.tuple(
        fc.constant(scans),
        fc.shuffledSubarray([...scans, ...scans], {
          minLength: scans.length * 2,
          maxLength: scans.length * 2,
        }),
        fc.array(fc.nat({ max: scans.length - 1 }), { maxLength: 10 }),
        fc.option(scanArb, { nil: null }),
      ),
    );
    fc.assert(
      fc.property(arb, ([scans, shuffledTwice, dupIndexes, initialScan]) => {
        const initial = initialScan ? foldImbStatus(null, initialScan) : null;
        const reordered = [...shuffledTwice, ...dupIndexes.map((i) => scans[i]!)];
        const a = foldImbStatuses(initial, scans);
        const b = foldImbStatuses(initial, reordered);
        const c = foldImbStatuses(initial, [...scans].reverse());
        assert.deepEqual(b, a);
        assert.deepEqual(c, a);
        // And it is the best state of all scans: highest rank, then earliest, then smallest ZIP.
        const states = [...(initialScan ? [initialScan] : []), ...scans].map((s) => foldImbStatus(null, s)!);
        const best = states.reduce((x, y) => (compareStates(y, x) < 0 ? y : x));
        assert.deepEqual(a, best);
      }),
      { numRuns: 500 },
    );
  });

  it('never moves the status backwards along the way (property)', () => {
    const rank = { entered_mail_stream: 1, out_for_delivery: 2, returned_to_sender: 3 } as const;
    fc.assert(
      fc.property(fc.array(scanArb, { maxLength: 20 }), (scans) => {
        let state: ImbState | null = null;
        for (const s of scans) {
          const next = foldImbStatus(state, s);
          if (next && state) assert.ok(rank[next.status] >= rank[state.status]);
          state = next ?? state;
        }
      }),
    );
  });
});
