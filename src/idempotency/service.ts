import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { auth } from '../auth/plugin.ts';
import type { Db, Tx } from '../db/database.ts';
import { ApiError, invalid } from '../errors.ts';

export interface IdempotentResult {
  status: number;
  body: unknown;
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Hash of the body with keys sorted, so the same request in another key order is still the same. */
function requestHash(body: unknown): string {
  const stable = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(stable);
    if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
      );
    }
    return Buffer.isBuffer(value) ? createHash('sha256').update(value).digest('hex') : value;
  };
  return createHash('sha256')
    .update(JSON.stringify(stable(body ?? null)))
    .digest('hex');
}

class Replay extends Error {}

/**
 * Runs a create in a transaction (or as `options.withoutKey` says when no key is sent). With an `Idempotency-Key`, the key row is inserted in that same
 * transaction: a concurrent request with the same key blocks on the unique index until the first commits,
 * then replays its stored response; if the first failed and rolled back, the next one runs instead.
 * Keys live 24 hours per organization, mode and resource.
 */
export async function idempotent(
  db: Db,
  request: FastifyRequest,
  resource: string,
  create: (tx: Tx) => Promise<unknown>,
  options: {
    status?: number;
    /**
     * Without a key, this runs instead of `create`, on the database itself: for creates that are one
     * statement in the common case and open a transaction only when they need one (orders).
     */
    withoutKey?: (db: Db) => Promise<unknown>;
  } = {},
): Promise<IdempotentResult> {
  const status = options.status ?? 200;
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    const body = options.withoutKey ? await options.withoutKey(db) : await db.transaction().execute(create);
    return { status, body, replayed: false };
  }
  if (!KEY_PATTERN.test(key)) throw invalid('Idempotency-Key must be 1 to 255 printable ASCII characters.');
  const { organizationId, live } = auth(request);
  const hash = requestHash(request.body);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const body = await db.transaction().execute(async (tx) => {
        const claimed = await tx
          .insertInto('idempotency_keys')
          .values({
            organization_id: organizationId,
            live,
            resource,
            key,
            request_hash: hash,
            response_body: 'null',
          })
          .onConflict((oc) => oc.doNothing())
          .returning('key')
          .executeTakeFirst();
        if (!claimed) throw new Replay();
        const created = await create(tx);
        await tx
          .updateTable('idempotency_keys')
          .set({ response_status: status, response_body: JSON.stringify(created) })
          .where('organization_id', '=', organizationId)
          .where('live', '=', live)
          .where('resource', '=', resource)
          .where('key', '=', key)
          .execute();
        return created;
      });
      return { status, body, replayed: false };
    } catch (error) {
      if (!(error instanceof Replay)) throw error;
    }
    const stored = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('live', '=', live)
      .where('resource', '=', resource)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!stored) continue;
    if (stored.created_at.getTime() < Date.now() - 24 * 3600_000) {
      // Expired: forget it and claim the key afresh.
      await db
        .deleteFrom('idempotency_keys')
        .where('organization_id', '=', organizationId)
        .where('live', '=', live)
        .where('resource', '=', resource)
        .where('key', '=', key)
        .where('created_at', '=', stored.created_at)
        .execute();
      continue;
    }
    if (stored.request_hash !== hash) {
      throw new ApiError(
        'idempotency_key_reused_error',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    return { status: stored.response_status ?? status, body: stored.response_body, replayed: true };
  }
  throw new ApiError('conflict_error', 'Could not settle the Idempotency-Key; retry the request.');
}

/** Removes keys past their 24 hours; run by the worker's cron. */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - interval '24 hours'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
