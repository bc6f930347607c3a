import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface NewSession {
  id: string;
  token_hash: Buffer;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  expires_at: Date;
}

export interface LiveSession {
  id: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  email: string;
  organization_name: string;
  last_seen_at: Date;
}

export async function insertSession(db: Executor, session: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ ...session, revoked_at: null })
    .execute();
}

/** A session that is neither revoked, past its lifetime, nor idle for longer than `idleSeconds`. */
export async function findLiveSession(
  db: Executor,
  tokenHash: Buffer,
  idleSeconds: number,
): Promise<LiveSession | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('organizations', 'organizations.id', 'sessions.organization_id')
    .select([
      'sessions.id',
      'sessions.user_id',
      'sessions.organization_id',
      'sessions.csrf_token',
      'sessions.last_seen_at',
      'users.email',
      'organizations.name as organization_name',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('sessions.last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, id: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
}

export async function revokeSessionByTokenHash(db: Executor, tokenHash: Buffer): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every live session of a user (their password was reset). */
export async function revokeUserSessions(db: Executor, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Deletes sessions that can no longer sign anyone in: revoked, past their lifetime, or idle too long. */
export async function deleteEndedSessions(db: Executor, idleSeconds: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('revoked_at', 'is not', null),
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('last_seen_at', '<=', sql<Date>`now() - make_interval(secs => ${idleSeconds})`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
