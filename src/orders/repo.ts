import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { NewContact } from '../contacts/repo.ts';
import { type Executor, prepared } from '../db/database.ts';
import type { ExtraService, OrderKind, OrderStatus } from '../db/schema.ts';
import { newIds } from '../ids.ts';
import type { Price } from '../pricing/price.ts';
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
  /** What the order costs (src/pricing), stored with it and shown as `price`. */
  price: Price;
  /**
   * The create's own clock reading, which `sendDate` defaults to: a scheduler that finds the order due at
   * its `now` then never stamps a status before the order's creation (now() at commit could be later).
   */
  createdAt: Date;
  /** Given for an order created cancelled (never mailed): status `cancelled`, cancelledAt its creation. */
  cancellation?: Record<string, unknown> | null;
}

const orderJson = sql<OrderJson>`order_json(orders)`.as('json');

/**
 * Serializes the inserted orders (`created`) and writes each one's `*.created` event (sequence 1) from the
 * same row: `eventId` is the event's id, read from `source`, in which `serialized` is `s`.
 */
const serializedWithEvents = (
  eventId: RawBuilder<unknown>,
  source: RawBuilder<unknown>,
) => sql`serialized as (
      select created.*, order_json(row(created.*)::orders) as json from created
    ), event as (
      insert into events (id, organization_id, live, type, order_id, sequence, data, created_at)
      select ${eventId}, s.organization_id, s.live, s.kind || '.created', s.id, 1, s.json, s.created_at
      from ${source}
    )`;

/**
 * Inserts the order and its `*.created` event (sequence 1) in one statement: one round trip, and the
 * event's data is the order exactly as stored.
 */
export async function insertOrder(db: Executor, order: NewOrder): Promise<OrderJson> {
  const cancellation = order.cancellation ?? null;
  const { rows } = await sql<{ json: OrderJson }>`
    with created as (
      insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                          extra_service, description, metadata, merge_variables, details, search_text, event_seq,
                          created_at, updated_at, status, cancellation, cancelled_at, price)
      values (${order.id}, ${order.kind}, ${order.organizationId}, ${order.live}, ${JSON.stringify(order.to)}::jsonb,
              ${order.from ? JSON.stringify(order.from) : null}::jsonb, ${order.sendDate}, ${order.mailingClass},
              ${order.extraService}, ${order.description},
              ${order.metadata ? JSON.stringify(order.metadata) : null}::jsonb,
              ${order.mergeVariables ? JSON.stringify(order.mergeVariables) : null}::jsonb,
              ${JSON.stringify(order.details)}::jsonb, ${order.searchText}, 1, ${order.createdAt}, ${order.createdAt},
              ${cancellation ? 'cancelled' : 'ready'}, ${cancellation ? JSON.stringify(cancellation) : null}::jsonb,
              ${cancellation ? order.createdAt : null}::timestamptz, ${JSON.stringify(order.price)}::jsonb)
      returning *
    ), ${serializedWithEvents(sql`mailstream_id('event')`, sql`serialized s`)}
    select json from serialized`.execute(db);
  return rows[0]!.json;
}

/** A stored contact (a row of `stored` below) as the API shows it: src/contacts/service.ts serializeContact. */
const contactJson = (alias: string) => {
  const c = sql.raw(alias);
  return sql`jsonb_build_object('id', ${c}.id, 'object', 'contact', 'live', ${c}.live) || ${c}.body ||
    jsonb_build_object('createdAt', iso_time(${c}.created_at), 'updatedAt', iso_time(${c}.updated_at))`;
};

/** An order whose contacts are given inline: what one create on the one-statement path inserts. */
export interface NewOrderWithContacts {
  order: Omit<NewOrder, 'to' | 'from'>;
  to: NewContact;
  from: NewContact | null;
}

/**
 * Whole creates of orders with inline contacts, any number in ONE statement (one round trip, no
 * transaction needed): every contact upserted once however many of the orders name it (deduplicated as
 * createContact does), the orders inserted with them, and their `*.created` events. Returns the orders
 * stored, by id. An order is missing, with nothing of it inserted but perhaps a contact, in the rare case
 * an identical contact was committed concurrently after the statement's snapshot; its caller then takes
 * the slow path. Several creates per statement is what makes concurrent creates cheap
 * (src/orders/create-batches.ts): the statement's fixed costs — the commit, the order-count and webhook
 * triggers — are paid once for all of them.
 */
export async function insertOrdersWithContacts(
  db: Executor,
  rows: readonly NewOrderWithContacts[],
): Promise<Map<string, OrderJson>> {
  const eventIds = newIds('event', rows.length);
  const input = JSON.stringify(
    rows.map(({ order: o, to, from }, i) => ({
      id: o.id,
      kind: o.kind,
      organization_id: o.organizationId,
      live: o.live,
      send_date: o.sendDate.toISOString(),
      mailing_class: o.mailingClass,
      extra_service: o.extraService,
      description: o.description,
      metadata: o.metadata,
      merge_variables: o.mergeVariables,
      details: o.details,
      search_text: o.searchText,
      price: o.price,
      created_at: o.createdAt.toISOString(),
      event_id: eventIds[i],
      to_id: to.id,
      to_fingerprint: to.fingerprint,
      to_body: to.body,
      to_search: to.searchText,
      from_id: from?.id ?? null,
      from_fingerprint: from?.fingerprint ?? null,
      from_body: from?.body ?? null,
      from_search: from?.searchText ?? null,
    })),
  );
  const { rows: created } = await sql<{ id: string; json: OrderJson }>`${prepared}
    with input as (
      select * from json_to_recordset(${input}::json) as i(
        id text, kind text, organization_id text, live boolean, send_date timestamptz, mailing_class text,
        extra_service text, description text, metadata jsonb, merge_variables jsonb, details jsonb,
        search_text text, price jsonb, created_at timestamptz, event_id text,
        to_id text, to_fingerprint text, to_body jsonb, to_search text,
        from_id text, from_fingerprint text, from_body jsonb, from_search text)
    ), wanted as (
      -- Each contact once, however many orders name it (the same sender on every order, to = from): two
      -- inserts of one fingerprint in one statement would conflict with each other.
      select distinct on (fingerprint) * from (
        select to_id as id, organization_id, live, to_fingerprint as fingerprint, to_body as body,
               to_search as search
        from input
        union all
        select from_id, organization_id, live, from_fingerprint, from_body, from_search
        from input where from_fingerprint is not null
      ) contact
      order by fingerprint
    ), inserted as (
      -- In fingerprint order, so concurrent statements inserting the same new contacts never wait on
      -- each other in a cycle.
      insert into contacts (id, organization_id, live, fingerprint, body, search_text)
      select id, organization_id, live, fingerprint, body, search from wanted order by fingerprint
      on conflict (fingerprint) where deleted_at is null do nothing
      returning id, live, body, created_at, updated_at, fingerprint
    ), stored as (
      select * from inserted
      union all
      select c.id, c.live, c.body, c.created_at, c.updated_at, c.fingerprint
      from wanted w
      -- One index probe per contact wanted. A plain join is planned from the generic estimate of a
      -- function's rows (100 orders, 200 contacts) as a hash join over every live contact of the
      -- table: milliseconds per statement at a thousand contacts, growing with the table.
      cross join lateral (
        select * from contacts c
        where c.fingerprint = w.fingerprint and c.deleted_at is null
        limit 1
      ) c
      where not exists (select 1 from inserted where inserted.fingerprint = w.fingerprint)
    ), created as (
      insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                          extra_service, description, metadata, merge_variables, details, search_text, event_seq,
                          created_at, updated_at, price)
      select i.id, i.kind, i.organization_id, i.live, ${contactJson('t')},
             case when i.from_fingerprint is null then null else ${contactJson('f')} end,
             i.send_date, i.mailing_class, i.extra_service, i.description, i.metadata, i.merge_variables,
             i.details, i.search_text, 1, i.created_at, i.created_at, i.price
      from input i
      join stored t on t.fingerprint = i.to_fingerprint
      left join stored f on f.fingerprint = i.from_fingerprint
      where i.from_fingerprint is null or f.fingerprint is not null
      returning *
    ), ${serializedWithEvents(sql`i.event_id`, sql`serialized s join input i on i.id = s.id`)}
    select id, json from serialized`.execute(db);
  return new Map(created.map((row) => [row.id, row.json]));
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
  createdAtFrom?: Date;
  createdAtTo?: Date;
  text?: string;
  metadata?: Record<string, unknown>;
  description?: string;
}

/** The orders of one kind and mode that pass the filters (a list page, or an export). */
function filteredOrders(db: Executor, scope: Scope, kind: OrderKind, filters: OrderFilters) {
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
  const text = filters.text ? textSearch(kind, filters.text) : undefined;
  if (filters.text && text) {
    const pattern = `%${filters.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
    // The index narrows the orders to those with the search's words (migrations/0016); the substring check
    // keeps the match what it was without it: the text, as typed, somewhere in search_text.
    const match = text.words
      ? sql<SqlBool>`(order_search_words(search_text) @@ order_search_query(${filters.text}) and search_text ilike ${pattern})`
      : sql<SqlBool>`search_text ilike ${pattern}`;
    // An order id is looked up by its primary key too: the fastest path.
    query = query.where(text.id ? sql<SqlBool>`(id = ${text.id} or ${match})` : match);
  }
  if (filters.metadata)
    query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(filters.metadata)}::jsonb`);
  if (filters.createdAtFrom) query = query.where('created_at', '>=', filters.createdAtFrom);
  if (filters.createdAtTo) query = query.where('created_at', '<=', filters.createdAtTo);
  return query;
}

export async function listOrders(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  page: { skip: number; limit: number },
  filters: OrderFilters,
) {
  const query = filteredOrders(db, scope, kind, filters);
  const text = filters.text ? textSearch(kind, filters.text) : undefined;
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
          .selectFrom(
            query
              .select(sql`1`.as('one'))
              .limit(text?.id || text?.words ? TEXT_SEARCH_COUNT_CAP : SEARCH_COUNT_CAP)
              .as('matching'),
          )
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
          .then((row) => row.n),
  ]);
  return { rows: rows.map((r) => r.json), totalCount };
}

/**
 * totalCount of a list narrowed by more than status (a metadata search, other filters) is exact up to this
 * many orders and is this many when more match: counting every match of a broad filter over millions of
 * orders would take seconds. Lists filtered by status only, or not at all, are always exact (./counts.ts).
 */
export const SEARCH_COUNT_CAP = 1000;

/**
 * A free-text search's totalCount is exact up to this many orders: its word index (migrations/0016) hands
 * the count exactly the orders of the list that hold the words, so a term in 1% of 10,000,000 orders
 * (33,600 of one organization's letters) is counted in a few heap visits per match. A word in more
 * orders than this (`new`, `main`) is counted this far.
 */
export const TEXT_SEARCH_COUNT_CAP = 100_000;

/**
 * How a free-text search is looked up: an order id of this kind by its primary key (the fastest path;
 * ids are in search_text too, so the result is the same), text with letters or digits by its words,
 * anything else (only punctuation) by the substring check alone.
 */
function textSearch(kind: OrderKind, text: string): { id?: string; words: boolean } {
  const id = new RegExp(`^${kind}_[0-9A-Za-z]{22}$`).test(text) ? text : undefined;
  return { id, words: /[\p{L}\p{N}]/u.test(text) };
}

export interface ExportCursor {
  /** PostgreSQL's text of the timestamp, to the microsecond. */
  createdAt: string;
  id: string;
}

/**
 * The next `limit` matching orders after `cursor` in list order (newest first), for an export that walks
 * every match: keyset pagination, so each page costs the same however deep the export is.
 */
export async function ordersAfter(
  db: Executor,
  scope: Scope,
  kind: OrderKind,
  filters: OrderFilters,
  cursor: ExportCursor | undefined,
  limit: number,
): Promise<{ json: OrderJson; cursor: ExportCursor }[]> {
  let query = filteredOrders(db, scope, kind, filters);
  if (cursor)
    query = query.where(sql<SqlBool>`(created_at, id) < (${cursor.createdAt}::timestamptz, ${cursor.id})`);
  const page = query
    .select(['id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .as('page');
  const rows = await db
    .selectFrom(page)
    .innerJoin('orders', 'orders.id', 'page.id')
    .select(orderJson)
    // As text: a JS Date would drop the microseconds, and the next page would skip orders within them.
    .select([sql<string>`page.created_at::text`.as('pageCreatedAt'), 'page.id as pageId'])
    .orderBy('page.created_at', 'desc')
    .orderBy('page.id', 'desc')
    .execute();
  return rows.map((r) => ({ json: r.json, cursor: { createdAt: r.pageCreatedAt, id: r.pageId } }));
}

function slaBreached(breached: boolean): Expression<SqlBool> {
  return breached
    ? sql<SqlBool>`sla_deadline is not null and coalesce(processed_at, now()) > sla_deadline`
    : sql<SqlBool>`(sla_deadline is null or coalesce(processed_at, now()) <= sla_deadline)`;
}
