import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { type Session, startSession } from '../sessions/service.ts';
import { authenticateUser, normalizeEmail } from '../users/service.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

/**
 * Checks the password and opens a fresh session; the same words for an unknown email and a wrong
 * password. Failures count against the caller's address and the email tried (`throttle`).
 */
export async function signIn(
  db: Db,
  throttle: SignInThrottle,
  address: string,
  credentials: { email: string; password: string },
  presentedToken: string | undefined,
): Promise<{ token: string; session: Session }> {
  // Per address and account: guessing one account is slowed down, while people sharing an address (a
  // proxy, an office) are not locked out by someone else's typos.
  const key = `${address} ${normalizeEmail(credentials.email)}`;
  throttle.check(key);
  const user = await authenticateUser(db, credentials.email, credentials.password);
  if (!user) {
    throttle.fail(key);
    throw new ApiError('missing_auth_error', 'Wrong email or password.');
  }
  throttle.succeed(key);
  return startSession(db, user, presentedToken);
}
