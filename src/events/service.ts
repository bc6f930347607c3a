import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { listPage } from '../http/list.ts';
import { findEvent, listEvents } from './repo.ts';

type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;

export function serializeEvent(row: EventRow) {
  return {
    id: row.id,
    object: 'event' as const,
    type: row.type,
    live: row.live,
    ...(row.order_id ? { orderId: row.order_id } : {}),
    sequence: row.sequence,
    data: row.data,
    ...(row.updated_fields ? { updatedFields: row.updated_fields } : {}),
    createdAt: row.created_at.toISOString(),
  };
}

export async function listEventPage(
  db: Executor,
  auth: ApiAuth,
  params: { skip: number; limit: number; type?: string; orderId?: string },
) {
  const { rows, totalCount } = await listEvents(db, auth, params);
  return listPage(params, totalCount, rows.map(serializeEvent));
}

export async function getEvent(db: Executor, auth: ApiAuth, id: string) {
  const row = await findEvent(db, auth, id);
  if (!row) throw notFound('Event', id);
  return serializeEvent(row);
}
