import type { Executor } from '../db/database.ts';

export interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  password_hash: string;
}

/** Inserts unless the email is taken; returns whether it was inserted. */
export async function insertUser(db: Executor, user: UserRow): Promise<boolean> {
  const inserted = await db
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'organization_id', 'email', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** Replaces the password hash of the user with this email; the user, or undefined when there is none. */
export async function setPasswordHash(
  db: Executor,
  email: string,
  passwordHash: string,
): Promise<Omit<UserRow, 'password_hash'> | undefined> {
  return db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('email', '=', email)
    .returning(['id', 'organization_id', 'email'])
    .executeTakeFirst();
}

export async function organizationExists(db: Executor, organizationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  return row !== undefined;
}
