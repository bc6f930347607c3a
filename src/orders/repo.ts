import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ExtraService, OrderKind, OrderStatus } from '../db/schema.ts';

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
}

const orderJson = sql<OrderJson>`order_json(orders)`.as('json');

export async function insertOrder(db: Executor, order: NewOrder): Promise<OrderJson> {
  const row = await db
    .insertInto('orders')
    .values({
      id: order.id,
      kind: order.kind,
      organization_id: order.organizationId,
      live: order.live,
      to_contact: JSON.stringify(order.to),
      from_contact: order.from ? JSON.stringify(order.from) : null,
      send_date: order.sendDate,
      mailing_class: order.mailingClass,
      extra_service: order.extraService,
      description: order.description,
      metadata: order.metadata ? JSON.stringify(order.metadata) : null,
      merge_variables: order.mergeVariables ? JSON.stringify(order.mergeVariables) : null,
      details: JSON.stringify(order.details),
      search_text: order.searchText,
      event_seq: 1,
      imb: null,
      imb_status: null,
      imb_date: null,
      imb_zip: null,
      tracking_number: null,
      sla_deadline: null,
      cancellation: null,
      printing_at: null,
      processed_at: null,
      completed_at: null,
      cancelled_at: null,
    })
    .returning(orderJson)
    .executeTakeFirstOrThrow();
  return row.json;
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
  if (filters.text) query = query.where('search_text', 'ilike', `%${filters.text.replace(/[\\%_]/g, '\\$&')}%`);
  if (filters.metadata) query = query.where(sql<SqlBool>`metadata @> ${JSON.stringify(filters.metadata)}::jsonb`);
  const [rows, count] = await Promise.all([
    query
      .select(orderJson)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(page.skip)
      .limit(page.limit)
      .execute(),
    query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => r.json), totalCount: count.n };
}

function slaBreached(breached: boolean): Expression<SqlBool> {
  return breached
    ? sql<SqlBool>`sla_deadline is not null and coalesce(processed_at, now()) > sla_deadline`
    : sql<SqlBool>`(sla_deadline is null or coalesce(processed_at, now()) <= sla_deadline)`;
}
