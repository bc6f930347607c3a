import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { newId, randomBase62 } from '../ids.ts';
import type { User } from '../users/service.ts';
import {
  deleteEndedSessions,
  findLiveSession,
  insertSession,
  revokeSessionByTokenHash,
  touchSession,
} from './repo.ts';

/** A session ends 7 days after sign-in, or after 24 hours without a request, whichever comes first. */
export const SESSION_LIFETIME_SECONDS = 7 * 24 * 3600;
export const SESSION_IDLE_SECONDS = 24 * 3600;
// last_seen_at is written at most this often, so polling pages do not write on every request.
const TOUCH_EVERY_MS = 60_000;

const TOKEN = /^[0-9A-Za-z]{43}$/;

export interface Session {
  id: string;
  userId: string;
  organizationId: string;
  organizationName: string;
  email: string;
  csrfToken: string;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Signs a user in with a brand-new session: new token, new CSRF token. A session the browser already
 * presented (an earlier sign-in, or a value planted by someone else) is revoked, never reused, so a known
 * session id can never become an authenticated one (session fixation).
 */
export async function startSession(
  db: Db,
  user: User,
  presentedToken: string | undefined,
): Promise<{ token: string; session: Session }> {
  const token = randomBase62(43);
  const session = {
    id: newId('session'),
    userId: user.id,
    organizationId: user.organizationId,
    organizationName: '',
    email: user.email,
    csrfToken: randomBase62(43),
  };
  await db.transaction().execute(async (tx) => {
    if (presentedToken && TOKEN.test(presentedToken))
      await revokeSessionByTokenHash(tx, hashToken(presentedToken));
    await insertSession(tx, {
      id: session.id,
      token_hash: hashToken(token),
      user_id: user.id,
      organization_id: user.organizationId,
      csrf_token: session.csrfToken,
      expires_at: new Date(Date.now() + SESSION_LIFETIME_SECONDS * 1000),
    });
    const org = await tx
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', user.organizationId)
      .executeTakeFirstOrThrow();
    session.organizationName = org.name;
  });
  return { token, session };
}

/** The live session a cookie value stands for, or null; a malformed value never reaches the database. */
export async function resolveSession(db: Db, token: string | undefined): Promise<Session | null> {
  if (!token || !TOKEN.test(token)) return null;
  const row = await findLiveSession(db, hashToken(token), SESSION_IDLE_SECONDS);
  if (!row) return null;
  if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) await touchSession(db, row.id);
  return {
    id: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    email: row.email,
    csrfToken: row.csrf_token,
  };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token && TOKEN.test(token)) await revokeSessionByTokenHash(db, hashToken(token));
}

/** The x-csrf-token header must equal the token minted with this session (compared in constant time). */
export function csrfMatches(session: Session, header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Housekeeping (worker cron): ended sessions are only dead weight. */
export async function purgeEndedSessions(db: Db): Promise<number> {
  return deleteEndedSessions(db, SESSION_IDLE_SECONDS);
}
