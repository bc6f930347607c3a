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

/**
 * `count` ids at once, for set-based statements that create many rows: the same format and randomness as
 * newId, from one randomBytes call instead of one per id (which dominates at 10,000 ids).
 */
export function newIds(prefix: IdPrefix, count: number): string[] {
  const ids: string[] = new Array(count);
  // 2 bytes per character on average is ample: rejection discards 8 of 256 byte values.
  let bytes = randomBytes(count * 24);
  let at = 0;
  for (let n = 0; n < count; n++) {
    let id = `${prefix}_`;
    for (let length = 0; length < 22; ) {
      if (at >= bytes.length) {
        bytes = randomBytes(1024);
        at = 0;
      }
      const b = bytes[at++]!;
      if (b < 248) {
        id += alphabet[b % 62];
        length++;
      }
    }
    ids[n] = id;
  }
  return ids;
}
