import { sql } from 'kysely';
import { insertApiKey } from '../auth/api-keys.ts';
import type { Db, Tx } from '../db/database.ts';
import { newId } from '../ids.ts';

export interface CreatedOrganization {
  organizationId: string;
  testApiKey: string;
  liveApiKey: string;
}

/** Keys are shown only here: the database keeps their hashes. */
export async function createOrganization(db: Db, name: string): Promise<CreatedOrganization> {
  return db.transaction().execute(async (tx) => {
    const organizationId = newId('org');
    await tx.insertInto('organizations').values({ id: organizationId, name }).execute();
    const testApiKey = await insertApiKey(tx, organizationId, false);
    const liveApiKey = await insertApiKey(tx, organizationId, true);
    return { organizationId, testApiKey, liveApiKey };
  });
}

// A fixed key for pg_try_advisory_xact_lock: only one process may create the default organization.
const BOOTSTRAP_LOCK = 7_246_002;

/** On an empty database, creates the default organization; returns it only to the process that did. */
export async function bootstrapDefaultOrganization(db: Db): Promise<CreatedOrganization | null> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sqlLock(tx);
    if (!rows[0]?.locked) return null;
    const existing = await tx.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const organizationId = newId('org');
    await tx.insertInto('organizations').values({ id: organizationId, name: 'Default organization' }).execute();
    const testApiKey = await insertApiKey(tx, organizationId, false);
    const liveApiKey = await insertApiKey(tx, organizationId, true);
    return { organizationId, testApiKey, liveApiKey };
  });
}

function sqlLock(tx: Tx) {
  return sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${BOOTSTRAP_LOCK}) as locked`.execute(tx);
}
