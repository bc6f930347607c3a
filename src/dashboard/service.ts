import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { type Session, startSession } from '../sessions/service.ts';
import { authenticateUser } from '../users/service.ts';

/** Checks the password and opens a fresh session; the same words for an unknown email and a wrong password. */
export async function signIn(
  db: Db,
  credentials: { email: string; password: string },
  presentedToken: string | undefined,
): Promise<{ token: string; session: Session }> {
  const user = await authenticateUser(db, credentials.email, credentials.password);
  if (!user) throw new ApiError('missing_auth_error', 'Wrong email or password.');
  return startSession(db, user, presentedToken);
}
