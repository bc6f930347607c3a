import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { newId } from '../ids.ts';

export interface NewEvent {
  organizationId: string;
  live: boolean;
  type: string;
  orderId: string | null;
  sequence: number;
  data: Record<string, unknown>;
  updatedFields: string[] | null;
}

/**
 * The single way an event is written. Callers pass their transaction, so the event commits or vanishes
 * with the change it describes; webhook fan-out hangs off this table.
 */
export async function insertEvent(db: Executor, event: NewEvent): Promise<string> {
  const id = newId('event');
  await db
    .insertInto('events')
    .values({
      id,
      organization_id: event.organizationId,
      live: event.live,
      type: event.type,
      order_id: event.orderId,
      sequence: event.sequence,
      data: JSON.stringify(event.data),
      updated_fields: event.updatedFields ? JSON.stringify(event.updatedFields) : null,
    })
    .execute();
  return id;
}

export async function listEvents(
  db: Executor,
  scope: { organizationId: string; live: boolean },
  page: { skip: number; limit: number; type?: string; orderId?: string },
) {
  let query = db
    .selectFrom('events')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live);
  if (page.type) query = query.where('type', '=', page.type);
  if (page.orderId) query = query.where('order_id', '=', page.orderId);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, totalCount: count.n };
}

export async function findEvent(db: Executor, scope: { organizationId: string; live: boolean }, id: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .executeTakeFirst();
}
