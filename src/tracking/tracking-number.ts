// USPS tracking numbers: IMpb (Mod 10 check digit) and UPU S10 (Mod 11 check digit).

/**
 * IMpb service type codes (STC) used by default for each extra service. These are NOT verified against
 * an authoritative table: searching the reference library turned up no copy of the Publication 199 STC
 * appendix, only the USPS Labels API *extra service* codes (910 Certified Mail, 940 Registered Mail,
 * 955 Return Receipt, 957 Return Receipt Electronic), which are a different code set. The values below
 * follow the example prefixes USPS publishes for its tracking number formats (Certified Mail `9407 3…`,
 * Registered Mail `9208 8…`, Priority Mail `9205 5…`, Priority Mail Express `9270 1…`). Confirm them
 * against the current Pub 199 STC table for the Mailer ID's product before production use.
 */
export const DEFAULT_SERVICE_TYPE_CODES = {
  certified: '073',
  certified_return_receipt: '073',
  registered: '088',
  priority: '055',
  express: '701',
} as const;

function assertDigits(value: string, what: string): void {
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new RangeError(`${what} must be digits only`);
}

export interface Mod10Breakdown {
  /** Sum of the digits in odd positions counting from the right (these are weighted 3). */
  oddSum: number;
  evenSum: number;
  total: number;
  check: number;
}

export function mod10Breakdown(digitsWithoutCheck: string): Mod10Breakdown {
  assertDigits(digitsWithoutCheck, 'number');
  let oddSum = 0;
  let evenSum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = Number(digitsWithoutCheck[digitsWithoutCheck.length - 1 - i]);
    if (i % 2 === 0) oddSum += digit;
    else evenSum += digit;
  }
  const total = oddSum * 3 + evenSum;
  return { oddSum, evenSum, total, check: (10 - (total % 10)) % 10 };
}

export function mod10CheckDigit(digitsWithoutCheck: string): number {
  return mod10Breakdown(digitsWithoutCheck).check;
}

export function isValidMod10(num: string): boolean {
  if (typeof num !== 'string' || !/^\d{2,}$/.test(num)) return false;
  return mod10CheckDigit(num.slice(0, -1)) === Number(num.slice(-1));
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

export function s10CheckDigit(serial8: string): number {
  if (typeof serial8 !== 'string' || !/^\d{8}$/.test(serial8)) {
    throw new RangeError('S10 serial must be exactly 8 digits');
  }
  const sum = S10_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(serial8[i]), 0);
  const r = sum % 11;
  // 11 - r would be 11 or 10 for these remainders, which do not fit one digit.
  if (r === 0) return 5;
  if (r === 1) return 0;
  return 11 - r;
}

const S10_PATTERN = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

export function isValidS10(num: string): boolean {
  const match = typeof num === 'string' ? S10_PATTERN.exec(num) : null;
  return match !== null && s10CheckDigit(match[2]!) === Number(match[3]);
}

export function s10TrackingNumber(prefix2Letters: string, serial8digits: string, country = 'US'): string {
  if (!/^[A-Z]{2}$/.test(prefix2Letters)) throw new RangeError('S10 service indicator must be 2 letters A-Z');
  if (!/^[A-Z]{2}$/.test(country)) throw new RangeError('S10 country code must be 2 letters A-Z');
  return `${prefix2Letters}${serial8digits}${s10CheckDigit(serial8digits)}${country}`;
}

export interface ImpbInput {
  /** 3-digit IMpb service type code. */
  serviceTypeCode: string;
  /** 6-digit (starting 0-8) or 9-digit (starting 9) USPS Mailer ID. */
  mailerId: string;
  serial: number | bigint;
}

/** Builds a 22-digit IMpb tracking number: channel, STC, MID, serial, Mod 10 check digit. */
export function impbTrackingNumber({ serviceTypeCode, mailerId, serial }: ImpbInput): string {
  if (typeof serviceTypeCode !== 'string' || !/^\d{3}$/.test(serviceTypeCode)) {
    throw new RangeError('service type code must be exactly 3 digits');
  }
  if (!/^[0-8]\d{5}$|^9\d{8}$/.test(mailerId)) {
    throw new RangeError('mailer ID must be 6 digits starting 0-8 or 9 digits starting with 9');
  }
  const nineDigitMid = mailerId.length === 9;
  const channel = nineDigitMid ? '92' : '93';
  const serialLength = nineDigitMid ? 7 : 10;
  if (typeof serial === 'number' && !Number.isSafeInteger(serial)) {
    throw new RangeError('serial must be a safe integer');
  }
  const serialBig = BigInt(serial);
  if (serialBig < 0n || serialBig >= 10n ** BigInt(serialLength)) {
    throw new RangeError(
      `serial must be 0..${'9'.repeat(serialLength)} for a ${mailerId.length}-digit mailer ID`,
    );
  }
  const body = `${channel}${serviceTypeCode}${mailerId}${serialBig.toString().padStart(serialLength, '0')}`;
  return `${body}${mod10CheckDigit(body)}`;
}
