import { type Expression, type SqlBool, sql } from 'kysely';
import { contactUpsertCtes, type NewContact } from '../contacts/repo.ts';
import { type Executor, prepared } from '../db/database.ts';
import type { ExtraService, OrderKind, OrderStatus } from '../db/schema.ts';
import { countOrders } from './counts.ts';

export type OrderJson = Record<string, unknown> & { id: string; status: OrderStatus };

export interface Scope {
  organizationId: string;
  live: boolean;
}

export interface NewOrder {
  id: string;
  kind: OrderKind;
  organizationId: string;
  live: boolean;
  to: Record<string, unknown>;
  from: Record<string, unknown> | null;
  sendDate: Date;
  mailingClass: string;
  extraService: ExtraService | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  mergeVariables: Record<string, unknown> | null;
  details: Record<string, unknown>;
  searchText: string;
  /**
   * The create's own clock reading, which `sendDate` defaults to: a scheduler that finds the order due at
   * its `now` then never stamps a status before the order's creation (now() at commit could be later).
   */
  createdAt: Date;
}

const orderJson = sql<OrderJson>`order_json(orders)`.as('json');

/** Serializes the inserted order and writes its `*.created` event (sequence 1) from the same row. */
const serializedWithEvent = sql`serialized as (
      select created.*, order_json(row(created.*)::orders) as json from created
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, created_at)
      select mailstream_id('event'), organization_id, live, kind || '.created', id, 1, json, created_at
      from serialized
    )`;

/**
 * Inserts the order and its `*.created` event (sequence 1) in one statement: one round trip, and the
 * event's data is the order exactly as stored.
 */
export async function insertOrder(db: Executor, order: NewOrder): Promise<OrderJson> {
  const { rows } = await sql<{ json: OrderJson }>`
    with created as (
      insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                          extra_service, description, metadata, merge_variables, details, search_text, event_seq,
                          created_at, updated_at)
      values (${order.id}, ${order.kind}, ${order.organizationId}, ${order.live}, ${JSON.stringify(order.to)}::jsonb,
              ${order.from ? JSON.stringify(order.from) : null}::jsonb, ${order.sendDate}, ${order.mailingClass},
              ${order.extraService}, ${order.description},
              ${order.metadata ? JSON.stringify(order.metadata) : null}::jsonb,
              ${order.mergeVariables ? JSON.stringify(order.mergeVariables) : null}::jsonb,
              ${JSON.stringify(order.details)}::jsonb, ${order.searchText}, 1, ${order.createdAt}, ${order.createdAt})
      returning *
    ), ${serializedWithEvent}
    select json from serialized`.execute(db);
  return rows[0]!.json;
}

/** A stored contact (a row of the `to`/`from` CTEs) as the API shows it: src/contacts/service.ts serializeContact. */
const contactJson = (alias: string) => {
  const c = sql.raw(alias);
  return sql`jsonb_build_object('id', ${c}.id, 'object', 'contact', 'live', ${c}.live) || ${c}.body ||
    jsonb_build_object('createdAt', iso_time(${c}.created_at), 'updatedAt', iso_time(${c}.updated_at))`;
};

/**
 * The whole create of an order with inline contacts in one statement (one round trip, no transaction
 * needed): both contacts upserted (deduplicated) as createContact does, the order inserted with them, and
 * its `*.created` event. Null, with nothing inserted but perhaps a contact, in the rare case an identical
 * contact was committed concurrently after the statement's snapshot; the caller then takes the slow path.
 */
export async function insertOrderWithContacts(
  db: Executor,
  order: Omit<NewOrder, 'to' | 'from'>,
  to: NewContact,
  from: NewContact | null,
): Promise<OrderJson | null> {
  // The same contact twice: one upsert (two would conflict with each other within the statement).
  const sameContact = from !== null && from.fingerprint === to.fingerprint;
  const ctes = [contactUpsertCtes('to_row', to)];
  if (from && !sameContact) ctes.push(contactUpsertCtes('from_row', from));
  const fromJson = from === null ? sql`null::jsonb` : contactJson(sameContact ? 'to_row' : 'from_row');
  const source = from && !sameContact ? sql`to_row cross join from_row` : sql`to_row`;
  const { rows } = await sql<{ json: OrderJson }>`${prepared}
    with ${sql.join(ctes)}, created as (
      insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                          extra_service, description, metadata, merge_variables, details, search_text, event_seq,
                          created_at, updated_at)
      select ${order.id}, ${order.kind}, ${order.organizationId}, ${order.live}, ${contactJson('to_row')},
             ${fromJson}, ${order.sendDate}::timestamptz, ${order.mailingClass},
             ${order.extraService}::text, ${order.description},
             ${order.metadata ? JSON.stringify(order.metadata) : null}::jsonb,
             ${order.mergeVariables ? JSON.stringify(order.mergeVariables) : null}::jsonb,
             ${JSON.stringify(order.details)}::jsonb, ${order.searchText}, 1,
             ${order.createdAt}::timestamptz, ${order.createdAt}::timestamptz
      from ${source}
      returning *
    ), ${serializedWithEvent}
    select json from serialized`.execute(db);
  return rows[0]?.json ?? null;
}

export async function findOrder(db: Executor, scope: Scope, kind: OrderKind, id: string) {
  const row = await db
    .selectFrom('orders')
    .select(orderJson)
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .executeTakeFirst();
  return row?.json;
}

export interface OrderFilters {
  status?: OrderStatus;
  imbStatus?: string;
  extraService?: string;
  slaBreached?: boolean;
  sendDateFrom?: Date;
  sendDateTo?: Date;
  text?: string;
  metadata?: Record<string, unknown>;
  description?: string;
}

export async function listOrders(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  page: { skip: number; limit: number },
  filters: OrderFilters,
) {
  let query = db
    .selectFrom('orders')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('kind', '=', kind);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.imbStatus) query = query.where('imb_status', '=', filters.imbStatus as 'entered_mail_stream');
  if (filters.extraService) query = query.where('extra_service', '=', filters.extraService as ExtraService);
  if (filters.sendDateFrom) query = query.where('send_date', '>=', filters.sendDateFrom);
  if (filters.sendDateTo) query = query.where('send_date', '<=', filters.sendDateTo);
  if (filters.description !== undefined) query = query.where('description', '=', filters.description);
  if (filters.slaBreached !== undefined) query = query.where(slaBreached(filters.slaBreached));
  if (filters.text)
    query = query.where('search_text', 'ilike', `%${filters.text.replace(/[\\%_]/g, '\\$&')}%`);
  if (filters.metadata)
    query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(filters.metadata)}::jsonb`);
  const byStatusOnly = Object.entries(filters).every(
    ([name, value]) => name === 'status' || value === undefined,
  );
  const [rows, totalCount] = await Promise.all([
    // Deferred join: the page's ids come from the list index alone and only the page's orders are read and
    // serialized, so a deep `skip` steps over index entries instead of serializing every skipped order.
    db
      .selectFrom(
        query
          .select(['id', 'created_at'])
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .offset(page.skip)
          .limit(page.limit)
          .as('page'),
      )
      .innerJoin('orders', 'orders.id', 'page.id')
      .select(orderJson)
      .orderBy('page.created_at', 'desc')
      .orderBy('page.id', 'desc')
      .execute(),
    byStatusOnly
      ? countOrders(db, scope, kind, filters.status)
      : db
          .selectFrom(query.select(sql`1`.as('one')).limit(SEARCH_COUNT_CAP).as('matching'))
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
          .then((row) => row.n),
  ]);
  return { rows: rows.map((r) => r.json), totalCount };
}

/**
 * totalCount of a list narrowed by more than status (search, other filters) is exact up to this many
 * orders and is this many when more match: counting every match of a broad search over millions of orders
 * would take seconds. Lists filtered by status only, or not at all, are always exact (./counts.ts).
 */
export const SEARCH_COUNT_CAP = 1000;

function slaBreached(breached: boolean): Expression<SqlBool> {
  return breached
    ? sql<SqlBool>`sla_deadline is not null and coalesce(processed_at, now()) > sla_deadline`
    : sql<SqlBool>`(sla_deadline is null or coalesce(processed_at, now()) <= sla_deadline)`;
}
