import type { Static } from '@sinclair/typebox';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db, Executor } from '../db/database.ts';
import type { ReturnEnvelopeOrderStatus } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { insertEvent } from '../events/repo.ts';
import { listPage, parseSearch } from '../http/list.ts';
import { newId } from '../ids.ts';
import type { Scope } from '../orders/repo.ts';
import {
  type EnvelopeOrderRow,
  findEnvelopeOrder,
  findReturnEnvelope,
  incrementAvailable,
  insertEnvelopeOrder,
  listEnvelopeOrders,
  transitionEnvelopeOrder,
} from './repo.ts';
import { envelopeOrderStatuses, type ReturnEnvelopeOrderCreate } from './schemas.ts';

export type EnvelopeOrderInput = Static<typeof ReturnEnvelopeOrderCreate>;
export type EnvelopeOrderJson = ReturnType<typeof serializeEnvelopeOrder>;

export function serializeEnvelopeOrder(row: EnvelopeOrderRow) {
  return {
    id: row.id,
    object: 'return_envelope_order' as const,
    live: row.live,
    returnEnvelope: row.return_envelope_id,
    quantityOrdered: row.quantity_ordered,
    ...(row.quantity_filled !== null ? { quantityFilled: row.quantity_filled } : {}),
    status: row.status,
    ...(row.cancellation !== null ? { cancellation: row.cancellation } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    ...(row.filled_at ? { filledAt: row.filled_at.toISOString() } : {}),
    ...(row.cancelled_at ? { cancelledAt: row.cancelled_at.toISOString() } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function recordEvent(
  db: Executor,
  scope: Scope,
  row: EnvelopeOrderRow,
  type: 'created' | 'updated',
  updatedFields: string[] | null,
) {
  const data = serializeEnvelopeOrder(row);
  await insertEvent(db, {
    organizationId: scope.organizationId,
    live: scope.live,
    type: `return_envelope_order.${type}`,
    orderId: row.id,
    sequence: row.event_seq,
    data,
    updatedFields,
  });
  return data;
}

/** Places an order for printed return envelopes, with its `return_envelope_order.created` event. */
export async function createEnvelopeOrder(
  db: Executor,
  auth: ApiAuth,
  envelopeId: string,
  input: EnvelopeOrderInput,
) {
  if (!(await findReturnEnvelope(db, auth, envelopeId))) throw notFound('Return envelope', envelopeId);
  const row = await insertEnvelopeOrder(db, auth, {
    id: newId('return_envelope_order'),
    returnEnvelopeId: envelopeId,
    quantityOrdered: input.quantityOrdered,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
  });
  return recordEvent(db, auth, row, 'created', null);
}

export async function getEnvelopeOrder(db: Executor, auth: ApiAuth, envelopeId: string, id: string) {
  const row = await findEnvelopeOrder(db, auth, envelopeId, id);
  if (!row) throw notFound('Return envelope order', id);
  return serializeEnvelopeOrder(row);
}

export async function listEnvelopeOrderPage(
  db: Executor,
  auth: ApiAuth,
  envelopeId: string,
  params: { skip: number; limit: number; search?: string; status?: ReturnEnvelopeOrderStatus },
) {
  if (!(await findReturnEnvelope(db, auth, envelopeId))) throw notFound('Return envelope', envelopeId);
  const search = parseSearch(params.search, ['metadata', 'status', 'description'], {
    status: envelopeOrderStatuses,
  });
  const { status, description } = search.fields;
  const { rows, totalCount } = await listEnvelopeOrders(db, auth, envelopeId, {
    skip: params.skip,
    limit: params.limit,
    status: params.status ?? (status as ReturnEnvelopeOrderStatus | undefined),
    text: search.text,
    description: description as string | undefined,
    metadata: search.metadata,
  });
  return listPage(params, totalCount, rows.map(serializeEnvelopeOrder));
}

/** Cancels while `placed`; a cancel racing a fill has exactly one winner. */
export async function cancelEnvelopeOrder(
  db: Db,
  auth: ApiAuth,
  envelopeId: string,
  id: string,
  note?: string,
) {
  return db.transaction().execute(async (tx) => {
    const cancellation = { reason: 'user_initiated', ...(note ? { note } : {}) };
    const row = await transitionEnvelopeOrder(tx, auth, {
      envelopeId,
      id,
      from: ['placed'],
      to: 'cancelled',
      cancellation,
    });
    if (row) return recordEvent(tx, auth, row, 'updated', ['status', 'cancellation']);
    const current = await findEnvelopeOrder(tx, auth, envelopeId, id);
    if (!current) throw notFound('Return envelope order', id);
    throw new ApiError(
      'order_not_cancellable_error',
      current.status === 'cancelled'
        ? `Return envelope order ${id} is already cancelled.`
        : `Return envelope order ${id} cannot be cancelled: it is ${current.status}; only placed orders can be cancelled.`,
    );
  });
}

/**
 * Marks a placed order filled and adds its envelopes to the stock, in one transaction. The API exposes
 * this in test mode only (`fillTestEnvelopeOrder`); live orders are filled by whoever prints them.
 */
export async function fillEnvelopeOrder(db: Db, scope: Scope, envelopeId: string, id: string) {
  return db.transaction().execute(async (tx) => {
    const row = await transitionEnvelopeOrder(tx, scope, { envelopeId, id, from: ['placed'], to: 'filled' });
    if (row) {
      await incrementAvailable(tx, envelopeId, row.quantity_filled ?? row.quantity_ordered);
      return recordEvent(tx, scope, row, 'updated', ['status', 'quantityFilled']);
    }
    const current = await findEnvelopeOrder(tx, scope, envelopeId, id);
    if (!current) throw notFound('Return envelope order', id);
    throw new ApiError(
      'invalid_progression_error',
      `Return envelope order ${id} cannot be filled: it is ${current.status}; only placed orders can be filled.`,
    );
  });
}

export async function fillTestEnvelopeOrder(db: Db, auth: ApiAuth, envelopeId: string, id: string) {
  // Another organization's or mode's order is a 404 like everywhere else; only the caller's own live
  // orders hear that fills are for test mode.
  if (!(await findEnvelopeOrder(db, auth, envelopeId, id))) throw notFound('Return envelope order', id);
  if (auth.live) {
    throw new ApiError(
      'permission_missing_error',
      'Return envelope orders can be filled through the API only in test mode; live orders are filled when printed.',
    );
  }
  return fillEnvelopeOrder(db, auth, envelopeId, id);
}
