import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string; 22 characters carry ~131 bits, enough that collisions never matter. */
export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + randomBase62(length - out.length);
    const b = bytes[i]!;
    // Rejection sampling keeps the distribution uniform (248 = 4 * 62).
    if (b < 248) out += alphabet[b % 62];
  }
  return out;
}

export type IdPrefix =
  | 'org'
  | 'key'
  | 'contact'
  | 'letter'
  | 'postcard'
  | 'cheque'
  | 'self_mailer'
  | 'template'
  | 'bank_account'
  | 'return_envelope'
  | 'return_envelope_order'
  | 'webhook'
  | 'webhook_invocation'
  | 'event'
  | 'printer'
  | 'scan'
  | 'feed_token'
  | 'user'
  | 'session';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase62(22)}`;
}
