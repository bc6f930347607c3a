import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeImb,
  ImbInputError,
  imbBinary,
  imbBinaryHex,
  imbCodewords,
  imbFcs,
  parseTrackingCode,
} from '../../src/tracking/imb.ts';
import { readJsonFixture } from '../support/fixtures.ts';

interface ImbVector {
  tracking: string;
  routing: string;
  binary?: string;
  fcs?: string;
  codewords?: number[];
  bars: string;
}

interface ImbInvalid {
  tracking: string;
  routing: string;
  why: string;
}

interface ImbVectors {
  vectors: ImbVector[];
  invalid: ImbInvalid[];
}

const vectors = readJsonFixture('imb.json') as ImbVectors;

describe('encodeImb vectors', () => {
  assert.ok(vectors.vectors.length > 0);
  for (const v of vectors.vectors) {
    const label = `${v.tracking} / '${v.routing}'`;
    it(`bars for ${label}`, () => {
      const bars = encodeImb(v.tracking, v.routing);
      assert.equal(bars.length, 65);
      assert.equal(bars, v.bars);
    });
    if (v.binary !== undefined) {
      const binary = v.binary;
      it(`binary for ${label}`, () => {
        assert.equal(imbBinaryHex(v.tracking, v.routing), binary.toUpperCase());
        assert.equal(imbBinary(v.tracking, v.routing), BigInt(`0x${binary}`));
      });
    }
    if (v.fcs !== undefined) {
      const fcs = Number(v.fcs);
      it(`fcs for ${label}`, () => assert.equal(imbFcs(v.tracking, v.routing), fcs));
    }
    if (v.codewords !== undefined) {
      const codewords = v.codewords;
      it(`codewords for ${label}`, () => assert.deepEqual(imbCodewords(v.tracking, v.routing), codewords));
    }
  }
});

// This vector's barcode identifier is '01', whose second digit (1) is within 0-4, so USPS-B-3200 accepts
// it despite its 'why'. It is pinned here so a corrected vector file makes this test fail loudly.
const MISLABELLED_INVALID = new Set(['01534567094987654321']);

describe('encodeImb invalid input', () => {
  assert.ok(vectors.invalid.length > 0);
  for (const v of vectors.invalid) {
    if (MISLABELLED_INVALID.has(v.tracking)) {
      it(`accepts ${v.tracking} (vector mislabelled: barcode id ${v.tracking.slice(0, 2)} is valid)`, () => {
        assert.equal(encodeImb(v.tracking, v.routing).length, 65);
      });
      continue;
    }
    it(`rejects ${v.tracking} / '${v.routing}' (${v.why})`, () => {
      assert.throws(() => encodeImb(v.tracking, v.routing), ImbInputError);
    });
  }

  it('rejects a barcode identifier whose second digit is above 4', () => {
    for (const tracking of ['05234567094987654321', '09234567094987654321']) {
      assert.throws(() => encodeImb(tracking), {
        name: 'ImbInputError',
        message: /second digit of the barcode identifier must be 0-4/,
      });
    }
  });

  it('rejects non-digit routing codes and names the problem', () => {
    assert.throws(() => encodeImb('01234567094987654321', '0123A'), {
      name: 'ImbInputError',
      message: /routing code must contain digits only/,
    });
  });

  it('uses an empty routing code by default', () => {
    assert.equal(encodeImb('01234567094987654321'), encodeImb('01234567094987654321', ''));
  });
});

describe('parseTrackingCode', () => {
  it('splits a 6-digit mailer ID with a 9-digit serial', () => {
    assert.deepEqual(parseTrackingCode('01234567094987654321'), {
      barcodeId: '01',
      serviceTypeId: '234',
      mailerId: '567094',
      serial: '987654321',
    });
  });

  it('splits a 9-digit mailer ID (leading 9) with a 6-digit serial', () => {
    assert.deepEqual(parseTrackingCode('00270912345678123456'), {
      barcodeId: '00',
      serviceTypeId: '270',
      mailerId: '912345678',
      serial: '123456',
    });
  });

  it('rejects invalid tracking codes', () => {
    assert.throws(() => parseTrackingCode('0123'), ImbInputError);
    assert.throws(() => parseTrackingCode('05234567094987654321'), ImbInputError);
  });
});
