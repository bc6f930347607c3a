import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderKind, OrderStatus } from '../db/schema.ts';
import { newIds } from '../ids.ts';
import { countMoved } from '../metrics/process-metrics.ts';
import type { OrderJson, Scope } from './repo.ts';

/**
 * The rows of a statement's `changed` CTE, still named `changed`, each with one of `ids` as `event_id`:
 * paired by position through a join, since subscripting the array per row (ids[n]) walks it from the
 * start each time, quadratic in the batch. The ids (ours: letters, digits and `_`) go as one
 * comma-separated text: a text[] parameter is escaped element by element by pg and parsed so by
 * PostgreSQL, which cost an ingestion batch more than the split.
 */
export function changedWithEventIds(ids: readonly string[]): RawBuilder<unknown> {
  return sql`(select changed.*, row_number() over () as n from changed) changed
    join unnest(string_to_array(${ids.join(',')}::text, ',')) with ordinality as given(event_id, n)
      on given.n = changed.n`;
}

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

/** A move between statuses, whether of one order or of a batch. */
export interface Move {
  to: OrderStatus;
  /** Defaults to allowedFrom[to]; the scheduler's test-mode shortcut (ready → completed) passes it. */
  from?: OrderStatus[];
  /** Extra column assignments made in the same UPDATE, e.g. cancellation or tracking number. */
  set?: Record<string, RawBuilder<unknown> | string | number | boolean | null>;
  /**
   * API fields the event names; when they differ per order, an SQL jsonb expression over `changed` (the
   * moved order's id, organization_id, live, kind, event_seq and `data`, its order_json after the move).
   */
  updatedFields: string[] | RawBuilder<unknown>;
  at?: Date;
}

export interface Transition extends Move {
  id: string;
  kind: OrderKind;
  /** Omitted by internal callers (scheduler, printers) that act across organizations. */
  scope?: Scope;
}

/**
 * The one statement that changes status: a conditional UPDATE of the `target` rows still in an allowed
 * status, and the `*.updated` event of each changed order inserted by the same statement. `ctes` come
 * first (they may feed `target` and `set`); `result` is the final SELECT over `changed`.
 */
function moveStatement<R>(
  move: Move,
  parts: {
    ctes?: RawBuilder<unknown>;
    target: RawBuilder<unknown>;
    result: RawBuilder<unknown>;
    /** Ids for the events, at least one per row the statement can move; else made in SQL. */
    eventIds?: string[];
  },
) {
  const from = move.from ?? allowedFrom[move.to];
  const at = move.at ?? new Date();
  const assignments = [
    sql`status = ${move.to}`,
    sql`updated_at = ${at}`,
    sql`event_seq = orders.event_seq + 1`,
    ...(enteredAt[move.to] ? [sql`${sql.ref(enteredAt[move.to]!)} = ${at}`] : []),
    ...Object.entries(move.set ?? {}).map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
  ];
  const updatedFields = Array.isArray(move.updatedFields)
    ? sql`${JSON.stringify(move.updatedFields)}::jsonb`
    : move.updatedFields;
  // `updatedFields` expressions still see `changed` either way.
  const eventSource = parts.eventIds
    ? changedWithEventIds(parts.eventIds)
    : sql`(select changed.*, mailstream_id('event') as event_id from changed) changed`;
  return sql<R>`
    with ${parts.ctes ? sql`${parts.ctes},` : sql``} changed as (
      update orders set ${sql.join(assignments)}
      where status = any(${from}::text[]) and ${parts.target}
      -- The order as it stands after the change, serialized once for its event and the caller.
      returning id, organization_id, live, kind, event_seq, order_json(orders) as data
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
      select event_id, changed.organization_id, changed.live, changed.kind || '.updated', changed.id,
             changed.event_seq, changed.data,
             ${updatedFields}, ${at}
      from ${eventSource}
    )
    ${parts.result}`;
}

/**
 * Moves one order with a conditional UPDATE and writes its `*.updated` event in the same statement.
 * Returns the order after the change, or null when it was not in an allowed status: of two racing
 * transitions exactly one matches the WHERE clause, so a move is never applied twice.
 */
export async function transitionOrder(db: Executor, t: Transition): Promise<OrderJson | null> {
  const scope = t.scope
    ? sql`and organization_id = ${t.scope.organizationId} and live = ${t.scope.live}`
    : sql``;
  const result = await moveStatement<{ json: OrderJson }>(t, {
    target: sql`id = ${t.id} and kind = ${t.kind} ${scope}`,
    result: sql`select data as json from changed`,
  }).execute(db);
  const order = result.rows[0]?.json ?? null;
  if (order) countMoved(t.from ?? allowedFrom[t.to], t.to, 1);
  return order;
}

export interface BatchTransition extends Move {
  /** Which orders in an allowed status are due, as a condition over `orders`. */
  where: RawBuilder<unknown>;
  orderBy: RawBuilder<unknown>;
  limit: number;
  /**
   * Extra CTEs, after `picked` (the locked rows' id and print_at), for values computed once per batch rather
   * than once per row, e.g. one SLA deadline per distinct due time; `set` reads them with sub-selects.
   */
  with?: RawBuilder<unknown>;
  /**
   * `skip` (default): rows locked elsewhere are left for a later batch, so processes running the same batch
   * take disjoint rows. `wait`: for a move of named orders that must answer now (a printer's report); rows
   * are locked in `orderBy` order, which must then be `id`, the order every waiting locker of orders uses.
   */
  locked?: 'skip' | 'wait';
}

/**
 * Moves a batch of orders in one statement (the scheduler, printers): up to `limit` rows matching `where`
 * are locked with FOR UPDATE (SKIP LOCKED unless `locked: 'wait'`), and the conditional UPDATE applies
 * each move exactly once: after a wait the row is re-checked on its latest version. Returns the moved ids.
 */
export async function transitionOrders(db: Executor, batch: BatchTransition): Promise<string[]> {
  const from = batch.from ?? allowedFrom[batch.to];
  const picked = sql`picked as (
      select id, print_at from orders where status = any(${from}::text[]) and (${batch.where})
      order by ${batch.orderBy} limit ${batch.limit} for update ${batch.locked === 'wait' ? sql`` : sql`skip locked`})`;
  const result = await moveStatement<{ id: string }>(batch, {
    ctes: batch.with ? sql`${picked}, ${batch.with}` : picked,
    // An array, so the UPDATE finds its rows through the primary key whatever the table's size.
    target: sql`id = any(array(select id from picked))`,
    result: sql`select id from changed`,
    // Made in JS: mailstream_id() costs more than the rest of an event's insert.
    eventIds: newIds('event', batch.limit),
  }).execute(db);
  countMoved(from, batch.to, result.rows.length);
  return result.rows.map((row) => row.id);
}
