import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_SERVICE_TYPE_CODES,
  impbTrackingNumber,
  isValidMod10,
  isValidS10,
  mod10Breakdown,
  mod10CheckDigit,
  s10CheckDigit,
  s10TrackingNumber,
} from '../../src/tracking/tracking-number.ts';
import { readJsonFixture } from '../support/fixtures.ts';

interface TrackingVectors {
  mod10_valid: string[];
  mod10_invalid: string[];
  mod10_worked_example: {
    number: string;
    odd_positions_from_right_sum: number;
    times_3: number;
    even_positions_sum: number;
    total: number;
    check: number;
  };
  s10_valid: string[];
  s10_invalid: string[];
}

const vectors = readJsonFixture('tracking-numbers.json') as TrackingVectors;

describe('Mod 10 vectors', () => {
  for (const num of vectors.mod10_valid) {
    it(`accepts ${num}`, () => {
      assert.equal(isValidMod10(num), true);
      assert.equal(mod10CheckDigit(num.slice(0, -1)), Number(num.slice(-1)));
    });
  }
  for (const num of vectors.mod10_invalid) {
    it(`rejects ${num}`, () => assert.equal(isValidMod10(num), false));
  }

  it('matches the worked example', () => {
    const ex = vectors.mod10_worked_example;
    const breakdown = mod10Breakdown(ex.number.slice(0, -1));
    assert.equal(breakdown.oddSum, ex.odd_positions_from_right_sum);
    assert.equal(breakdown.oddSum * 3, ex.times_3);
    assert.equal(breakdown.evenSum, ex.even_positions_sum);
    assert.equal(breakdown.total, ex.total);
    assert.equal(breakdown.check, ex.check);
    assert.equal(mod10CheckDigit(ex.number.slice(0, -1)), ex.check);
  });

  it('rejects non-digit input', () => {
    assert.equal(isValidMod10('94001112010808054830A6'), false);
    assert.equal(isValidMod10(''), false);
    assert.throws(() => mod10CheckDigit('12a'), RangeError);
  });
});

describe('S10 vectors', () => {
  for (const num of vectors.s10_valid) {
    it(`accepts ${num}`, () => {
      assert.equal(isValidS10(num), true);
      assert.equal(s10TrackingNumber(num.slice(0, 2), num.slice(2, 10), num.slice(11)), num);
    });
  }
  for (const num of vectors.s10_invalid) {
    it(`rejects ${num}`, () => assert.equal(isValidS10(num), false));
  }

  it('maps remainders 0 and 1 to check digits 5 and 0', () => {
    // 00000000: sum 0 → r = 0 → 5.  00000003: sum 21 → r = 10 → 1.  00000030: sum 27 → r = 5 → 6.
    assert.equal(s10CheckDigit('00000000'), 5);
    assert.equal(s10CheckDigit('00000003'), 1);
    assert.equal(s10CheckDigit('00000030'), 6);
    // 00000008: sum 56 → r = 1 → 0.
    assert.equal(s10CheckDigit('00000008'), 0);
  });

  it('defaults the country to US and validates its inputs', () => {
    assert.equal(s10TrackingNumber('RR', '12345678'), 'RR123456785US');
    assert.throws(() => s10TrackingNumber('R1', '12345678'), RangeError);
    assert.throws(() => s10TrackingNumber('RR', '1234567'), RangeError);
  });
});

describe('impbTrackingNumber', () => {
  it('builds a 22-digit channel-92 number for a 9-digit mailer ID', () => {
    const num = impbTrackingNumber({ serviceTypeCode: '001', mailerId: '903566414', serial: 3709219 });
    assert.equal(num, '9200190356641437092197');
  });

  it('builds a 22-digit channel-93 number for a 6-digit mailer ID', () => {
    const num = impbTrackingNumber({ serviceTypeCode: '612', mailerId: '898787', serial: 31763379n });
    assert.equal(num, '9361289878700317633795');
  });

  it('generates valid numbers for every default service type code', () => {
    for (const stc of Object.values(DEFAULT_SERVICE_TYPE_CODES)) {
      for (const [mailerId, channel] of [
        ['123456', '93'],
        ['912345678', '92'],
      ] as const) {
        for (const serial of [0, 1, 42, 9_999_999]) {
          const num = impbTrackingNumber({ serviceTypeCode: stc, mailerId, serial });
          assert.match(num, /^\d{22}$/);
          assert.ok(num.startsWith(`${channel}${stc}${mailerId}`));
          assert.equal(isValidMod10(num), true);
        }
      }
    }
  });

  it('rejects serials that do not fit and malformed fields', () => {
    assert.throws(() =>
      impbTrackingNumber({ serviceTypeCode: '001', mailerId: '912345678', serial: 10_000_000 }),
    );
    assert.throws(() =>
      impbTrackingNumber({ serviceTypeCode: '001', mailerId: '123456', serial: 10n ** 10n }),
    );
    assert.throws(() => impbTrackingNumber({ serviceTypeCode: '001', mailerId: '123456', serial: -1 }));
    assert.throws(() => impbTrackingNumber({ serviceTypeCode: '001', mailerId: '123456', serial: 1.5 }));
    assert.throws(() => impbTrackingNumber({ serviceTypeCode: '01', mailerId: '123456', serial: 1 }));
    assert.throws(() => impbTrackingNumber({ serviceTypeCode: '001', mailerId: '12345', serial: 1 }));
    assert.throws(() => impbTrackingNumber({ serviceTypeCode: '001', mailerId: '923456', serial: 1 }));
    assert.doesNotThrow(() =>
      impbTrackingNumber({ serviceTypeCode: '001', mailerId: '123456', serial: 9_999_999_999 }),
    );
  });
});
