import { sql, type Updateable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { WebhookPayloadFormat, WebhooksTable } from '../db/schema.ts';
import { DELIVERY_CHANNEL, type RecordedAttempt } from './delivery-queue.ts';

export interface Scope {
  organizationId: string;
  live: boolean;
}

export type WebhookRow = Awaited<ReturnType<typeof findWebhook>> & {};

export interface NewWebhook {
  id: string;
  url: string;
  enabledEvents: string[];
  enabled: boolean;
  description: string | null;
  metadata: Record<string, unknown> | null;
  payloadFormat: WebhookPayloadFormat;
  secret: string;
}

export async function insertWebhook(db: Executor, scope: Scope, hook: NewWebhook) {
  return db
    .insertInto('webhooks')
    .values({
      id: hook.id,
      organization_id: scope.organizationId,
      live: scope.live,
      url: hook.url,
      enabled_events: hook.enabledEvents,
      enabled: hook.enabled,
      description: hook.description,
      metadata: hook.metadata ? JSON.stringify(hook.metadata) : null,
      payload_format: hook.payloadFormat,
      secret: hook.secret,
      previous_secret: null,
      previous_secret_expires_at: null,
      failing_since: null,
      disabled_reason: null,
      deleted_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A webhook of this organization and mode; other scopes see nothing (404, not 403). */
export async function findWebhook(db: Executor, scope: Scope, id: string) {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function listWebhooks(db: Executor, scope: Scope, page: { skip: number; limit: number }) {
  const query = db
    .selectFrom('webhooks')
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null);
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

type WebhookChanges = Omit<
  Updateable<WebhooksTable>,
  'id' | 'organization_id' | 'live' | 'created_at' | 'updated_at'
>;

export async function updateWebhookRow(db: Executor, scope: Scope, id: string, changes: WebhookChanges) {
  return db
    .updateTable('webhooks')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('organization_id', '=', scope.organizationId)
    .where('live', '=', scope.live)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Deliveries of a deleted webhook will never be sent. */
export async function failPendingDeliveries(db: Executor, webhookId: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', completed_at: sql`now()` })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'pending')
    .execute();
}

/** Tells the delivery workers (on commit) that this webhook has deliveries to send. */
export async function notifyDeliveries(db: Executor, webhookId: string): Promise<void> {
  await sql`select pg_notify(${DELIVERY_CHANNEL}, ${webhookId})`.execute(db);
}

export async function queueDelivery(db: Executor, webhookId: string, eventId: string) {
  return db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: webhookId,
      event_id: eventId,
      last_attempt_at: null,
      completed_at: null,
    })
    .returning(['created_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Queues once more every event whose delivery to this webhook failed for good, for events created at
 * or after `since`, unless a later delivery of it is already pending or done.
 */
export async function queueFailedSince(db: Executor, webhookId: string, since: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with candidates as (
      select distinct d.event_id, e.created_at
      from webhook_deliveries d
      join events e on e.id = d.event_id
      where d.webhook_id = ${webhookId} and d.status = 'failed' and e.created_at >= ${since}
        and not exists (
          select 1 from webhook_deliveries o
          where o.webhook_id = d.webhook_id and o.event_id = d.event_id and o.status <> 'failed')
    ), queued as (
      insert into webhook_deliveries (webhook_id, event_id)
      select ${webhookId}, event_id from candidates order by created_at
      returning 1
    )
    select count(*) as n from queued`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function listInvocations(
  db: Executor,
  webhookId: string,
  page: { skip: number; limit: number; event?: string },
) {
  let query = db.selectFrom('webhook_invocations').where('webhook_id', '=', webhookId);
  if (page.event) query = query.where('event_id', '=', page.event);
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

export type InvocationRow = Awaited<ReturnType<typeof listInvocations>>['rows'][number];

/** An attempt that belongs to no delivery (a test event): it changes no delivery or webhook state. */
export async function insertInvocation(db: Executor, attempt: RecordedAttempt): Promise<InvocationRow> {
  return db
    .insertInto('webhook_invocations')
    .values({
      id: attempt.invocationId,
      webhook_id: attempt.webhookId,
      delivery_id: attempt.deliveryId,
      event_id: attempt.eventId,
      type: attempt.type,
      order_id: attempt.orderId,
      attempt: attempt.attempt,
      status_code: attempt.statusCode,
      error_kind: attempt.errorKind,
      error_message: attempt.errorMessage,
      duration_ms: attempt.durationMs,
      response_body: attempt.responseBody,
      next_attempt_at: attempt.nextAttemptAt,
      created_at: attempt.attemptedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
