import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newId, randomBase62 } from '../ids.ts';
import type { KeyVault } from './key-vault.ts';

export interface ApiAuth {
  organizationId: string;
  live: boolean;
  keyId: string;
}

const KEY_PATTERN = /^(test|live)_sk_[0-9A-Za-z]{32}$/;

export function generateApiKey(live: boolean): string {
  return `${live ? 'live' : 'test'}_sk_${randomBase62(32)}`;
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** With a vault, a sealed copy is kept too, so the dashboard can reveal the key later. */
export async function insertApiKey(
  db: Executor,
  organizationId: string,
  live: boolean,
  vault?: KeyVault,
): Promise<string> {
  const key = generateApiKey(live);
  const id = newId('key');
  await db
    .insertInto('api_keys')
    .values({
      id,
      organization_id: organizationId,
      live,
      key_hash: hashApiKey(key),
      key_hint: key.slice(-4),
      revoked_at: null,
      key_sealed: vault ? vault.seal(id, key) : null,
    })
    .execute();
  return key;
}

/**
 * Keys this process has seen valid, by hash, for a few seconds: the lookup was a round trip on every
 * request, a sixth of a letter create's. Only hits are kept (a new key works at once), the cache is
 * bounded, and a rotation in this process empties it; another process may accept a rotated-out key for
 * at most API_KEY_CACHE_MS.
 */
export const API_KEY_CACHE_MS = 5000;
const API_KEY_CACHE_SIZE = 10_000;
const validKeys = new Map<string, { auth: ApiAuth; until: number }>();

/** Empties the cache of valid keys; called when a key of this process's database is rotated. */
export function forgetCachedApiKeys(): void {
  validKeys.clear();
}

/** Mode comes from the stored key, never from the client; a malformed key never reaches the database. */
export async function authenticateApiKey(db: Executor, key: string | undefined): Promise<ApiAuth | null> {
  if (!key || !KEY_PATTERN.test(key)) return null;
  const hash = hashApiKey(key);
  const cacheKey = hash.toString('base64');
  const cached = validKeys.get(cacheKey);
  const now = Date.now();
  if (cached && cached.until > now) return cached.auth;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'organization_id', 'live'])
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    validKeys.delete(cacheKey);
    return null;
  }
  const auth = { organizationId: row.organization_id, live: row.live, keyId: row.id };
  validKeys.delete(cacheKey);
  if (validKeys.size >= API_KEY_CACHE_SIZE) validKeys.delete(validKeys.keys().next().value!);
  validKeys.set(cacheKey, { auth, until: now + API_KEY_CACHE_MS });
  return auth;
}

/** Replaces the organization's key for one mode: the old key stops working in the same transaction. */
export async function rotateApiKey(
  db: Executor,
  organizationId: string,
  live: boolean,
  vault?: KeyVault,
): Promise<string> {
  forgetCachedApiKeys();
  await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('organization_id', '=', organizationId)
    .where('live', '=', live)
    .where('revoked_at', 'is', null)
    .execute();
  return insertApiKey(db, organizationId, live, vault);
}
