import { type SqlBool, sql } from 'kysely';
import { escapeLike } from '../contacts/repo.ts';
import type { Executor } from '../db/database.ts';
import type { ReturnEnvelopeOrderStatus } from '../db/schema.ts';
import type { Scope } from '../orders/repo.ts';

const envelopeColumns = [
  'id',
  'live',
  'to_contact',
  'available',
  'description',
  'metadata',
  'created_at',
  'updated_at',
] as const;

/** Inserts unless the contact already has an envelope; returns undefined in that case. */
export async function insertReturnEnvelope(
  db: Executor,
  scope: Scope,
  values: {
    id: string;
    to: Record<string, unknown> & { id: string };
    description: string | null;
    metadata: Record<string, unknown> | null;
    searchText: string;
  },
) {
  return db
    .insertInto('return_envelopes')
    .values({
      id: values.id,
      organization_id: scope.organizationId,
      live: scope.live,
      to_contact_id: values.to.id,
      to_contact: JSON.stringify(values.to),
      description: values.description,
      metadata: values.metadata ? JSON.stringify(values.metadata) : null,
      search_text: values.searchText,
    })
    .onConflict((oc) => oc.columns(['organization_id', 'live', 'to_contact_id']).doNothing())
    .returning(envelopeColumns)
    .executeTakeFirst();
}

export async function findReturnEnvelope(db: Executor, scope: Scope, id: string) {
  return db
    .selectFrom('return_envelopes')
    .select(envelopeColumns)
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .executeTakeFirst();
}

export type ReturnEnvelopeRow = NonNullable<Awaited<ReturnType<typeof findReturnEnvelope>>>;

export async function findEnvelopeIdForContact(db: Executor, scope: Scope, contactId: string) {
  const row = await db
    .selectFrom('return_envelopes')
    .select('id')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('to_contact_id', '=', contactId)
    .executeTakeFirst();
  return row?.id;
}

export async function listReturnEnvelopes(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number; text?: string; metadata?: Record<string, unknown> },
) {
  let query = db
    .selectFrom('return_envelopes')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live);
  if (page.text) query = query.where('search_text', 'ilike', `%${escapeLike(page.text.toLowerCase())}%`);
  if (page.metadata) query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(page.metadata)}::jsonb`);
  const [rows, count] = await Promise.all([
    query
      .select(envelopeColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
}

/**
 * Takes one envelope from stock. The conditional UPDATE is the whole guard: concurrent takers queue on
 * the row lock and each re-checks `available > 0`, so stock never goes negative and exactly `available`
 * of them succeed. Returns false when the envelope has none left (or does not exist in this scope).
 */
export async function decrementAvailable(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const row = await db
    .updateTable('return_envelopes')
    .set({ available: sql`available - 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('available', '>', 0)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function incrementAvailable(db: Executor, id: string, quantity: number): Promise<void> {
  await db
    .updateTable('return_envelopes')
    .set({ available: sql`available + ${quantity}`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

const orderColumns = [
  'id',
  'live',
  'return_envelope_id',
  'status',
  'quantity_ordered',
  'quantity_filled',
  'description',
  'metadata',
  'cancellation',
  'event_seq',
  'filled_at',
  'cancelled_at',
  'created_at',
  'updated_at',
] as const;

export async function insertEnvelopeOrder(
  db: Executor,
  scope: Scope,
  values: {
    id: string;
    returnEnvelopeId: string;
    quantityOrdered: number;
    description: string | null;
    metadata: Record<string, unknown> | null;
  },
) {
  return db
    .insertInto('return_envelope_orders')
    .values({
      id: values.id,
      organization_id: scope.organizationId,
      live: scope.live,
      return_envelope_id: values.returnEnvelopeId,
      quantity_ordered: values.quantityOrdered,
      description: values.description,
      metadata: values.metadata ? JSON.stringify(values.metadata) : null,
      cancellation: null,
      filled_at: null,
      cancelled_at: null,
    })
    .returning(orderColumns)
    .executeTakeFirstOrThrow();
}

export async function findEnvelopeOrder(db: Executor, scope: Scope, envelopeId: string, id: string) {
  return db
    .selectFrom('return_envelope_orders')
    .select(orderColumns)
    .where('id', '=', id)
    .where('return_envelope_id', '=', envelopeId)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .executeTakeFirst();
}

export type EnvelopeOrderRow = NonNullable<Awaited<ReturnType<typeof findEnvelopeOrder>>>;

export async function listEnvelopeOrders(
  db: Executor,
  scope: Scope,
  envelopeId: string,
  page: {
    skip: number;
    limit: number;
    status?: ReturnEnvelopeOrderStatus;
    text?: string;
    description?: string;
    metadata?: Record<string, unknown>;
  },
) {
  let query = db
    .selectFrom('return_envelope_orders')
    .where('return_envelope_id', '=', envelopeId)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live);
  if (page.status) query = query.where('status', '=', page.status);
  if (page.description !== undefined) query = query.where('description', '=', page.description);
  if (page.text) {
    const pattern = `%${escapeLike(page.text.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([eb('id', 'ilike', pattern), eb(sql`lower(coalesce(description, ''))`, 'like', pattern)]),
    );
  }
  if (page.metadata) query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(page.metadata)}::jsonb`);
  const [rows, count] = await Promise.all([
    query
      .select(orderColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
}

/**
 * The only way a return envelope order changes status: a conditional UPDATE that matches only from the
 * allowed statuses, so of two racing changes exactly one wins. Returns undefined for the loser.
 */
export async function transitionEnvelopeOrder(
  db: Executor,
  scope: Scope,
  change: {
    envelopeId: string;
    id: string;
    from: ReturnEnvelopeOrderStatus[];
    to: ReturnEnvelopeOrderStatus;
    cancellation?: Record<string, unknown>;
  },
) {
  // A fill delivers what was ordered: the order records it (quantityFilled) and the caller adds it to stock.
  return db
    .updateTable('return_envelope_orders')
    .set({
      status: change.to,
      updated_at: sql`now()`,
      event_seq: sql`event_seq + 1`,
      ...(change.to === 'filled' ? { filled_at: sql`now()`, quantity_filled: sql`quantity_ordered` } : {}),
      ...(change.to === 'cancelled' ? { cancelled_at: sql`now()` } : {}),
      ...(change.cancellation ? { cancellation: JSON.stringify(change.cancellation) } : {}),
    })
    .where('id', '=', change.id)
    .where('return_envelope_id', '=', change.envelopeId)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('status', 'in', change.from)
    .returning(orderColumns)
    .executeTakeFirst();
}
