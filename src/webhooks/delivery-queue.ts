import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { WebhookErrorKind, WebhookPayloadFormat } from '../db/schema.ts';

/** NOTIFY channel the fan-out trigger (migration 0003) and resends wake the workers on. */
export const DELIVERY_CHANNEL = 'mailstream_webhook_deliveries';

/**
 * First key of the session advisory lock a worker holds while it sends one webhook's deliveries; the
 * second is the webhook's `dispatch_lock` number. One worker per webhook at a time keeps the concurrency
 * cap exact, and a dead worker's locks go with its connection. (7_246_001 and 7_246_002 are taken by
 * migrations and bootstrap.)
 */
export const DISPATCH_LOCK_CLASS = 7_246_004;

/** Takes a webhook's dispatch lock; run on the connection that is to hold it. No row if no such webhook. */
export const TRY_DISPATCH_LOCK = `
  select dispatch_lock, pg_try_advisory_lock(${DISPATCH_LOCK_CLASS}, dispatch_lock) as locked
  from webhooks where id = $1`;

export const DISPATCH_UNLOCK = `select pg_advisory_unlock(${DISPATCH_LOCK_CLASS}, $1::integer)`;

export interface DueDelivery {
  delivery_id: number;
  attempt: number;
  url: string;
  payload_format: WebhookPayloadFormat;
  secrets: string[];
  event_id: string;
  event_type: string;
  event_live: boolean;
  order_id: string | null;
  sequence: number;
  data: Record<string, unknown>;
  updated_fields: string[] | null;
  event_created_at: Date;
}

/**
 * Up to `max` due deliveries of one enabled webhook, oldest first, with what sending them needs, leaving
 * out those the caller is already handling. A plain read: the caller holds the webhook's dispatch lock,
 * so no other worker sends these rows meanwhile.
 */
export async function dueDeliveries(
  db: Executor,
  query: { webhookId: string; max: number; excluding: readonly number[] },
): Promise<DueDelivery[]> {
  const { rows } = await sql<DueDelivery>`
    select d.id as delivery_id, d.attempts + 1 as attempt, w.url, w.payload_format,
           case when w.previous_secret is not null and w.previous_secret_expires_at > now()
                then array[w.secret, w.previous_secret] else array[w.secret] end as secrets,
           e.id as event_id, e.type as event_type, e.live as event_live, e.order_id, e.sequence, e.data,
           e.updated_fields, e.created_at as event_created_at
    from webhook_deliveries d
    join webhooks w on w.id = d.webhook_id and w.enabled and w.deleted_at is null
    join events e on e.id = d.event_id
    where d.webhook_id = ${query.webhookId} and d.status = 'pending' and d.next_attempt_at <= clock_timestamp()
      and d.id <> all (${query.excluding}::bigint[])
    order by d.next_attempt_at, d.id
    limit ${query.max}`.execute(db);
  return rows;
}

export interface RecordedAttempt {
  invocationId: string;
  /** Null for test events, which have no delivery row. */
  deliveryId: number | null;
  webhookId: string;
  eventId: string;
  type: string;
  orderId: string | null;
  attempt: number;
  statusCode: number;
  errorKind: WebhookErrorKind | null;
  errorMessage: string | null;
  durationMs: number;
  responseBody: string | null;
  outcome: 'delivered' | 'retry' | 'failed' | 'gone';
  nextAttemptAt: Date | null;
  attemptedAt: Date;
}

/**
 * Writes a batch of attempts in one round trip (record_webhook_attempts in migration 0003): invocations,
 * delivery states, and each webhook's failure clock. Returns the webhooks the batch disabled (a 410, or
 * failures for `disableAfterMs`).
 */
export async function recordAttempts(
  db: Executor,
  attempts: readonly RecordedAttempt[],
  disableAfterMs: number,
): Promise<{ webhook_id: string; disabled_reason: string }[]> {
  if (attempts.length === 0) return [];
  const { rows } = await sql<{ webhook_id: string; disabled_reason: string | null }>`
    select * from record_webhook_attempts(${JSON.stringify(attempts)}::json,
      make_interval(secs => ${disableAfterMs / 1000}::double precision))`.execute(db);
  return rows.filter(
    (row): row is { webhook_id: string; disabled_reason: string } => row.disabled_reason !== null,
  );
}

/** Enabled webhooks with deliveries that are due. */
export async function webhooksWithDueDeliveries(db: Executor, limit: number): Promise<string[]> {
  // Per enabled webhook, so the backlog of a disabled one (kept for when it is enabled again) costs nothing.
  const { rows } = await sql<{ id: string }>`
    select w.id
    from webhooks w
    where w.enabled and w.deleted_at is null and exists (
      select 1 from webhook_deliveries d
      where d.webhook_id = w.id and d.status = 'pending' and d.next_attempt_at <= now())
    limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

/** Removes delivered and failed deliveries finished more than `days` ago (recovery looks no further back). */
export async function purgeFinishedDeliveries(db: Executor, days: number): Promise<number> {
  const result = await sql`
    delete from webhook_deliveries
    where status <> 'pending' and completed_at < now() - make_interval(days => ${days}::integer)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
