import type { Static } from '@sinclair/typebox';
import type { ApiAuth } from '../auth/api-keys.ts';
import { resolveContact } from '../contacts/service.ts';
import type { Executor } from '../db/database.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { type ListParams, listPage, parseSearch } from '../http/list.ts';
import { newId } from '../ids.ts';
import type { Scope } from '../orders/repo.ts';
import {
  decrementAvailable,
  findEnvelopeIdForContact,
  findReturnEnvelope,
  insertReturnEnvelope,
  listReturnEnvelopes,
  type ReturnEnvelopeRow,
} from './repo.ts';
import type { ReturnEnvelopeCreate } from './schemas.ts';

export type ReturnEnvelopeInput = Static<typeof ReturnEnvelopeCreate>;

export function serializeReturnEnvelope(row: ReturnEnvelopeRow) {
  return {
    id: row.id,
    object: 'return_envelope' as const,
    live: row.live,
    to: row.to_contact,
    available: row.available,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const contactSearchFields = ['firstName', 'lastName', 'companyName', 'addressLine1', 'city', 'postalOrZip'];

/** A return envelope is printed with one return address, so there is one per `to` contact. */
export async function createReturnEnvelope(db: Executor, auth: ApiAuth, input: ReturnEnvelopeInput) {
  const to = await resolveContact(db, auth, input.to, 'to');
  const id = newId('return_envelope');
  const searchText = [id, input.description ?? '', ...contactSearchFields.map((f) => String(to[f] ?? ''))]
    .join(' ')
    .toLowerCase();
  const row = await insertReturnEnvelope(db, auth, {
    id,
    to,
    description: input.description ?? null,
    metadata: input.metadata ?? null,
    searchText,
  });
  if (!row) {
    const existing = await findEnvelopeIdForContact(db, auth, to.id);
    throw invalid(
      `to: contact ${to.id} already has return envelope ${existing}; there is one return envelope per contact.`,
    );
  }
  return serializeReturnEnvelope(row);
}

export async function getReturnEnvelope(db: Executor, auth: ApiAuth, id: string) {
  const row = await findReturnEnvelope(db, auth, id);
  if (!row) throw notFound('Return envelope', id);
  return serializeReturnEnvelope(row);
}

export async function listReturnEnvelopePage(db: Executor, auth: ApiAuth, params: ListParams) {
  const search = parseSearch(params.search, ['metadata']);
  const { rows, totalCount } = await listReturnEnvelopes(db, auth, {
    skip: params.skip,
    limit: params.limit,
    text: search.text,
    metadata: search.metadata,
  });
  return listPage(params, totalCount, rows.map(serializeReturnEnvelope));
}

/**
 * A letter or cheque sent with a return envelope takes one from stock, inside the order's transaction:
 * if the order fails, the envelope is back. Returns the envelope id to store on the order.
 */
export async function takeReturnEnvelope(db: Executor, scope: Scope, id: string): Promise<string> {
  if (await decrementAvailable(db, scope, id)) return id;
  if (!(await findReturnEnvelope(db, scope, id))) {
    throw invalid(`returnEnvelope: return envelope ${id} was not found.`);
  }
  throw new ApiError(
    'unprocessable_error',
    `returnEnvelope: return envelope ${id} has none available; order more with POST /return_envelopes/${id}/orders.`,
  );
}
