import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { type Session, startSession } from '../sessions/service.ts';
import { authenticateUser, normalizeEmail } from '../users/service.ts';
import type { SignInLimits } from './sign-in-throttle.ts';

/**
 * Checks the password and opens a fresh session; the same words for an unknown email and a wrong
 * password. Failures count against the caller's address, and the address with the email tried (`limits`).
 */
export async function signIn(
  db: Db,
  limits: SignInLimits,
  address: string,
  credentials: { email: string; password: string },
  presentedToken: string | undefined,
): Promise<{ token: string; session: Session }> {
  const user = await limits.attempt(address, normalizeEmail(credentials.email), () =>
    authenticateUser(db, credentials.email, credentials.password),
  );
  if (!user) throw new ApiError('missing_auth_error', 'Wrong email or password.');
  return startSession(db, user, presentedToken);
}
