import { forgetCachedApiKeys, rotateApiKey } from '../auth/api-keys.ts';
import type { KeyVault } from '../auth/key-vault.ts';
import type { Db, Executor } from '../db/database.ts';
import { ApiError, notFound } from '../errors.ts';

type Mode = 'test' | 'live';

const modeOf = (live: boolean): Mode => (live ? 'live' : 'test');

function activeKeys(db: Executor, organizationId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'live', 'key_hint', 'key_sealed', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null);
}

/** The organization's working keys, masked: prefix and last four characters only. */
export async function listApiKeys(db: Executor, organizationId: string) {
  const rows = await activeKeys(db, organizationId).orderBy('live').orderBy('created_at').execute();
  return {
    data: rows.map((row) => ({
      id: row.id,
      mode: modeOf(row.live),
      masked: `${modeOf(row.live)}_sk_${'•'.repeat(8)}${row.key_hint}`,
      revealable: row.key_sealed !== null,
      createdAt: row.created_at.toISOString(),
    })),
  };
}

export async function revealApiKey(db: Executor, vault: KeyVault, organizationId: string, keyId: string) {
  const row = await activeKeys(db, organizationId).where('id', '=', keyId).executeTakeFirst();
  if (!row) throw notFound('API key', keyId);
  const key = row.key_sealed ? vault.open(row.id, row.key_sealed) : null;
  if (!key) {
    throw new ApiError(
      'unprocessable_error',
      row.key_sealed
        ? `API key ${keyId} was stored under a different MAILSTREAM_SECRET and cannot be revealed; rotate it.`
        : `API key ${keyId} was created without a revealable copy; rotate it to get a key you can reveal.`,
    );
  }
  return { id: row.id, mode: modeOf(row.live), key };
}

/**
 * Replaces the key of one mode; the old key stops working at once. The organization row is locked so two
 * rotations at the same moment leave exactly one working key.
 */
export async function rotateKey(db: Db, vault: KeyVault, organizationId: string, mode: Mode) {
  const rotated = await db.transaction().execute(async (tx) => {
    await tx.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
    const key = await rotateApiKey(tx, organizationId, mode === 'live', vault);
    const row = await activeKeys(tx, organizationId)
      .where('live', '=', mode === 'live')
      .executeTakeFirstOrThrow();
    return { id: row.id, mode, key };
  });
  // Again after the commit: a request between rotateApiKey's emptying and the commit saw the old key valid.
  forgetCachedApiKeys();
  return rotated;
}
