import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderKind, OrderStatus } from '../db/schema.ts';
import type { OrderJson, Scope } from './repo.ts';

/** The only moves an order can make (BRIEF §5). Anything else is refused by the conditional UPDATE. */
export const allowedFrom: Record<OrderStatus, OrderStatus[]> = {
  ready: [],
  printing: ['ready'],
  processed_for_delivery: ['printing'],
  completed: ['processed_for_delivery'],
  cancelled: ['ready'],
};

/** Column each status stamps when it is entered; the dashboard's timeline reads these. */
const enteredAt: Partial<Record<OrderStatus, string>> = {
  printing: 'printing_at',
  processed_for_delivery: 'processed_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
};

export interface Transition {
  id: string;
  kind: OrderKind;
  /** Omitted by internal callers (scheduler, printers) that act across organizations. */
  scope?: Scope;
  to: OrderStatus;
  /** Defaults to allowedFrom[to]; the scheduler's test-mode shortcut (ready → completed) passes it. */
  from?: OrderStatus[];
  /** Extra column assignments made in the same UPDATE, e.g. cancellation or tracking number. */
  set?: Record<string, RawBuilder<unknown> | string | number | boolean | null>;
  updatedFields: string[];
  at?: Date;
}

/**
 * Moves one order with a conditional UPDATE and writes its `*.updated` event in the same statement.
 * Returns the order after the change, or null when it was not in an allowed status: of two racing
 * transitions exactly one matches the WHERE clause, so a move is never applied twice.
 */
export async function transitionOrder(db: Executor, t: Transition): Promise<OrderJson | null> {
  const from = t.from ?? allowedFrom[t.to];
  const at = t.at ?? new Date();
  const assignments = [
    sql`status = ${t.to}`,
    sql`updated_at = ${at}`,
    sql`event_seq = orders.event_seq + 1`,
    ...(enteredAt[t.to] ? [sql`${sql.ref(enteredAt[t.to]!)} = ${at}`] : []),
    ...Object.entries(t.set ?? {}).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
  ];
  const scope = t.scope
    ? sql`and organization_id = ${t.scope.organizationId} and live = ${t.scope.live}`
    : sql``;
  const result = await sql<{ json: OrderJson }>`
    with changed as (
      update orders set ${sql.join(assignments)}
      where id = ${t.id} and kind = ${t.kind} and status = any(${from}::text[]) ${scope}
      returning *
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      select mailstream_id('event'), organization_id, live, kind || '.updated', id, event_seq,
             order_json(row(changed.*)::orders), ${JSON.stringify(t.updatedFields)}::jsonb, ${at}
      from changed
    )
    select order_json(row(changed.*)::orders) as json from changed`.execute(db);
  return result.rows[0]?.json ?? null;
}
