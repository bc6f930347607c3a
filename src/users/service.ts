import type { Db, Executor } from '../db/database.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { revokeUserSessions } from '../sessions/repo.ts';
import {
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyAgainstDecoy,
  verifyPassword,
} from './password.ts';
import { findUserByEmail, insertUser, organizationExists, setPasswordHash } from './repo.ts';

export interface User {
  id: string;
  organizationId: string;
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(`password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw invalid(`password must be at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
}

/** A person who signs in to the dashboard of one organization. Emails are unique across the install. */
export async function createUser(
  db: Executor,
  input: { organizationId: string; email: string; password: string },
): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 320)
    throw invalid(`email "${input.email}" is not an email address.`);
  checkNewPassword(input.password);
  if (!(await organizationExists(db, input.organizationId)))
    throw notFound('Organization', input.organizationId);
  const user = { id: newId('user'), organization_id: input.organizationId, email };
  const inserted = await insertUser(db, { ...user, password_hash: await hashPassword(input.password) });
  if (!inserted) throw new ApiError('conflict_error', `A user with email ${email} already exists.`);
  return { id: user.id, organizationId: user.organization_id, email };
}

/** The user whose email and password match, or null; the two failures look and take the same. */
export async function authenticateUser(db: Executor, email: string, password: string): Promise<User | null> {
  const row = await findUserByEmail(db, normalizeEmail(email));
  const ok = row ? await verifyPassword(password, row.password_hash) : await verifyAgainstDecoy(password);
  return ok && row ? { id: row.id, organizationId: row.organization_id, email: row.email } : null;
}

/**
 * Gives the user with this email a new random password and ends their sessions, so whoever knew the old
 * one is signed out too. For `mailstream user reset-password`, on the machine that runs mailstream.
 */
export async function resetPassword(db: Db, email: string): Promise<{ user: User; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const row = await db.transaction().execute(async (tx) => {
    const updated = await setPasswordHash(tx, normalizeEmail(email), passwordHash);
    if (updated) await revokeUserSessions(tx, updated.id);
    return updated;
  });
  if (!row) throw new ApiError('not_found_error', `No user has the email ${normalizeEmail(email)}.`);
  return { user: { id: row.id, organizationId: row.organization_id, email: row.email }, password };
}
