// Validation of bank identifiers printed on cheques (MICR line) and masking of account numbers.

// ABA routing numbers start with a two-digit prefix from a fixed set (American Bankers Association):
// 00 United States Government, 01–12 the Federal Reserve districts, 21–32 thrift institutions (district
// + 20), 61–72 electronic transactions (district + 60), 80 traveller's cheques. Anything else cannot be a
// real routing number even when the checksum happens to work.
function validAbaPrefix(prefix: number): boolean {
  return prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
}

/**
 * A US ABA routing transit number: 9 digits, a valid prefix, and
 * 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). All zeros is rejected.
 */
export function isValidAbaRoutingNumber(s: string): boolean {
  if (typeof s !== 'string' || !/^\d{9}$/.test(s) || s === '000000000') return false;
  if (!validAbaPrefix(Number(s.slice(0, 2)))) return false;
  const d = [...s].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

/** A Canadian branch transit number: exactly 5 digits. */
export function isValidCanadianTransit(transit: string): boolean {
  return typeof transit === 'string' && /^\d{5}$/.test(transit);
}

/** A Canadian financial institution number (the "route" on a cheque): exactly 3 digits. */
export function isValidCanadianRoute(route: string): boolean {
  return typeof route === 'string' && /^\d{3}$/.test(route);
}

/**
 * The last 4 characters of an account number, the only part ever shown back (spaces and hyphens are
 * ignored). A number of 4 characters or fewer is returned as is: there is nothing shorter to show.
 */
export function maskAccountNumber(n: string): string {
  return String(n).replace(/[\s-]/g, '').slice(-4);
}
