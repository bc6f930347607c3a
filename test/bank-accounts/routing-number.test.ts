import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isValidAbaRoutingNumber,
  isValidCanadianRoute,
  isValidCanadianTransit,
  maskAccountNumber,
} from '../../src/bank-accounts/routing-number.ts';

describe('isValidAbaRoutingNumber', () => {
  it('accepts published routing numbers', () => {
    for (const rtn of [
      '011000015', // Federal Reserve Bank of Boston
      '021000021', // JPMorgan Chase, New York
      '121000358', // Bank of America, California
      '026009593', // Bank of America, New York
      '121000248', // Wells Fargo, California
      '322271627', // Chase, California (thrift prefix 32)
      '011401533', // Citizens Bank
    ]) {
      assert.equal(isValidAbaRoutingNumber(rtn), true, rtn);
    }
  });

  it('rejects a bad checksum', () => {
    assert.equal(isValidAbaRoutingNumber('123456789'), false);
    assert.equal(isValidAbaRoutingNumber('021000022'), false);
    assert.equal(isValidAbaRoutingNumber('121000357'), false);
  });

  it('rejects wrong lengths and non-digits', () => {
    for (const bad of ['', '02100002', '0210000210', '02100002a', ' 21000021', '021-000-021', '٠٢١٠٠٠٠٢١']) {
      assert.equal(isValidAbaRoutingNumber(bad), false, JSON.stringify(bad));
    }
  });

  it('rejects prefixes no routing number uses, and all zeros', () => {
    // 130000006 and 500000005 pass the checksum but their prefixes (13, 50) are not assigned.
    assert.equal(isValidAbaRoutingNumber('130000006'), false);
    assert.equal(isValidAbaRoutingNumber('500000005'), false);
    assert.equal(isValidAbaRoutingNumber('000000000'), false);
  });
});

describe('Canadian identifiers', () => {
  it('transit numbers are 5 digits', () => {
    assert.equal(isValidCanadianTransit('00011'), true);
    assert.equal(isValidCanadianTransit('12345'), true);
    for (const bad of ['1234', '123456', '1234a', '', ' 1234'])
      assert.equal(isValidCanadianTransit(bad), false, bad);
  });

  it('institution (route) numbers are 3 digits', () => {
    for (const ok of ['001', '003', '004', '815']) assert.equal(isValidCanadianRoute(ok), true, ok);
    for (const bad of ['01', '0001', 'ab1', '']) assert.equal(isValidCanadianRoute(bad), false, bad);
  });
});

describe('maskAccountNumber', () => {
  it('keeps the last 4 only', () => {
    assert.equal(maskAccountNumber('000123456789'), '6789');
    assert.equal(maskAccountNumber('1234-5678 90'), '7890');
    assert.equal(maskAccountNumber('123'), '123');
  });
});
