import { sql } from 'kysely';
import { forgetCachedApiKeys, insertApiKey, rotateApiKey } from '../auth/api-keys.ts';
import type { KeyVault } from '../auth/key-vault.ts';
import type { Db, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import { generatePassword } from '../users/password.ts';
import { createUser } from '../users/service.ts';

export interface CreatedOrganization {
  organizationId: string;
  testApiKey: string;
  liveApiKey: string;
}

/**
 * Keys are shown here; the database keeps their hashes, and with a vault a sealed copy the dashboard can
 * reveal.
 */
export async function createOrganization(
  db: Db,
  name: string,
  vault?: KeyVault,
): Promise<CreatedOrganization> {
  return db.transaction().execute(async (tx) => {
    const organizationId = newId('org');
    await tx.insertInto('organizations').values({ id: organizationId, name }).execute();
    const testApiKey = await insertApiKey(tx, organizationId, false, vault);
    const liveApiKey = await insertApiKey(tx, organizationId, true, vault);
    return { organizationId, testApiKey, liveApiKey };
  });
}

// A fixed key for pg_try_advisory_xact_lock: only one process may create the default organization.
const BOOTSTRAP_LOCK = 7_246_002;

export const BOOTSTRAP_ADMIN_EMAIL = 'admin@mailstream.local';

export interface BootstrappedOrganization extends CreatedOrganization {
  /** The dashboard sign-in made with it, shown once. */
  admin: { email: string; password: string };
}

/**
 * On an empty database, creates the default organization and its first dashboard user, and hands them
 * to `show` before committing: if showing fails (or the process stops first), nothing was made and the
 * next start makes and shows them again. Returns them only to the process that made them.
 */
export async function bootstrapDefaultOrganization(
  db: Db,
  vault: KeyVault | undefined,
  show: (organization: BootstrappedOrganization) => Promise<void>,
): Promise<BootstrappedOrganization | null> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sqlLock(tx);
    if (!rows[0]?.locked) return null;
    const existing = await tx.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const organizationId = newId('org');
    await tx
      .insertInto('organizations')
      .values({ id: organizationId, name: 'Default organization' })
      .execute();
    const testApiKey = await insertApiKey(tx, organizationId, false, vault);
    const liveApiKey = await insertApiKey(tx, organizationId, true, vault);
    const admin = { email: BOOTSTRAP_ADMIN_EMAIL, password: generatePassword() };
    await createUser(tx, { organizationId, ...admin });
    const made = { organizationId, testApiKey, liveApiKey, admin };
    await show(made);
    return made;
  });
}

/**
 * New test and live keys for an organization, in one transaction: the old ones stop working when it
 * commits (another running process may accept them for up to API_KEY_CACHE_MS more).
 */
export async function rotateOrganizationKeys(
  db: Db,
  organizationId: string,
  vault?: KeyVault,
): Promise<CreatedOrganization> {
  const keys = await db.transaction().execute(async (tx) => {
    // Locked, as the dashboard's rotation locks it, so concurrent rotations leave one key per mode.
    const organization = await tx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!organization) throw notFound('Organization', organizationId);
    const testApiKey = await rotateApiKey(tx, organizationId, false, vault);
    const liveApiKey = await rotateApiKey(tx, organizationId, true, vault);
    return { organizationId, testApiKey, liveApiKey };
  });
  forgetCachedApiKeys();
  return keys;
}

function sqlLock(tx: Tx) {
  return sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${BOOTSTRAP_LOCK}) as locked`.execute(tx);
}
