import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newId, randomBase62 } from '../ids.ts';

/**
 * Bearer tokens of the USPS feed endpoint. Either the one token in USPS_FEED_TOKEN, or tokens made with
 * `mailstream ivmtr token create`, stored as SHA-256 hashes (random 32-character secrets, as API keys).
 * They are not organization keys: a feed carries scans of every organization's mail.
 */
const TOKEN_PATTERN = /^usps_ft_[0-9A-Za-z]{32}$/;

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface CreatedFeedToken {
  id: string;
  token: string;
}

export async function createFeedToken(db: Executor, description: string | null): Promise<CreatedFeedToken> {
  const token = `usps_ft_${randomBase62(32)}`;
  const id = newId('feed_token');
  await sql`
    insert into usps_feed_tokens (id, token_hash, token_hint, description)
    values (${id}, ${hashToken(token)}, ${token.slice(-4)}, ${description})`.execute(db);
  return { id, token };
}

/** Returns whether a token was revoked (false: unknown or already revoked). */
export async function revokeFeedToken(db: Executor, id: string): Promise<boolean> {
  const result = await sql`
    update usps_feed_tokens set revoked_at = now() where id = ${id} and revoked_at is null`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Whether `token` may push scans: equal to the configured token, or a stored token not revoked. */
export async function verifyFeedToken(
  db: Executor,
  configured: string | undefined,
  token: string,
): Promise<boolean> {
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  if (configured && timingSafeEqual(hashToken(configured), hashToken(token))) return true;
  if (!TOKEN_PATTERN.test(token)) return false;
  const row = await sql<{ id: string }>`
    select id from usps_feed_tokens where token_hash = ${hashToken(token)} and revoked_at is null`.execute(
    db,
  );
  return row.rows.length > 0;
}
