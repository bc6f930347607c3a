import { randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes are drawn from the CSPRNG a few kilobytes at a time (as crypto.randomUUID does): a call
 * per id cost 2% of a letter create. Bytes are used once and never leave the process otherwise.
 */
const POOL_BYTES = 8192;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomByte(): number {
  if (poolAt >= pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

/** Random base62 string; 22 characters carry ~131 bits, enough that collisions never matter. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const b = randomByte();
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

/** `count` ids at once, for set-based statements that create many rows: the same format as newId. */
export function newIds(prefix: IdPrefix, count: number): string[] {
  const ids: string[] = new Array(count);
  for (let n = 0; n < count; n++) ids[n] = newId(prefix);
  return ids;
}
