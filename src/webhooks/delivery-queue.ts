import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { WebhookErrorKind, WebhookPayloadFormat } from '../db/schema.ts';

/** NOTIFY channel the fan-out trigger (migration 0003) and resends wake the workers on. */
export const DELIVERY_CHANNEL = 'mailstream_webhook_deliveries';

/**
 * First key of the session advisory lock a delivery worker holds for its life; the second key is its
 * owner number, written on the deliveries it leases. A lease whose owner lock is gone belongs to a dead
 * worker. (7_246_001 and 7_246_002 are taken by migrations and bootstrap.)
 */
export const WORKER_LOCK_CLASS = 7_246_003;

export interface ClaimedDelivery {
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

/** Leases up to `max` due deliveries of one webhook, within its concurrency cap (see the SQL function). */
export async function claimDeliveries(
  db: Executor,
  claim: { webhookId: string; owner: number; max: number; cap: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    select * from claim_webhook_deliveries(
      ${claim.webhookId}, ${claim.owner}::integer, ${claim.max}::integer, ${claim.cap}::integer,
      make_interval(secs => ${claim.leaseMs / 1000}::double precision))`.execute(db);
  return rows;
}

export interface RecordedAttempt {
  invocationId: string;
  /** Null for test events, which have no delivery row. */
  deliveryId: number | null;
  owner: number | null;
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
 * Writes a batch of attempts in one statement: the invocations, the deliveries' new state (only where
 * this worker still holds the lease — if it lost it, another worker owns the delivery now), and each
 * webhook's failure clock: any success resets it; a 410, or failures for `disableAfterMs`, disable the
 * webhook. Returns the webhooks this batch disabled.
 */
export async function recordAttempts(
  db: Executor,
  attempts: readonly RecordedAttempt[],
  disableAfterMs: number,
): Promise<{ id: string; disabled_reason: string }[]> {
  if (attempts.length === 0) return [];
  const { rows } = await sql<{ id: string; disabled_reason: string; enabled: boolean }>`
    with r as (
      select * from json_to_recordset(${JSON.stringify(attempts)}::json) as r(
        "invocationId" text, "deliveryId" bigint, owner integer, "webhookId" text, "eventId" text, type text,
        "orderId" text, attempt integer, "statusCode" integer, "errorKind" text, "errorMessage" text,
        "durationMs" integer, "responseBody" text, outcome text, "nextAttemptAt" timestamptz, "attemptedAt" timestamptz)
    ), invocations as (
      insert into webhook_invocations (id, webhook_id, delivery_id, event_id, type, order_id, attempt, status_code,
        error_kind, error_message, duration_ms, response_body, next_attempt_at, created_at)
      select "invocationId", "webhookId", "deliveryId", "eventId", type, "orderId", attempt, "statusCode",
        "errorKind", "errorMessage", "durationMs", "responseBody", "nextAttemptAt", "attemptedAt"
      from r
    ), deliveries as (
      update webhook_deliveries d
      set status = case r.outcome when 'delivered' then 'delivered' when 'retry' then 'pending' else 'failed' end,
          attempts = r.attempt,
          next_attempt_at = coalesce(r."nextAttemptAt", d.next_attempt_at),
          lease_owner = null,
          lease_until = null,
          last_attempt_at = r."attemptedAt",
          completed_at = case when r.outcome = 'retry' then null else now() end
      from r
      where d.id = r."deliveryId" and d.lease_owner = r.owner and d.status = 'pending'
    ), verdict as (
      select "webhookId" as webhook_id,
             bool_or(outcome = 'gone') as gone,
             (array_agg(outcome = 'delivered' order by "attemptedAt" desc))[1] as last_ok,
             min("attemptedAt") filter (where outcome <> 'delivered') as first_failure,
             max("attemptedAt") as last_at
      from r group by "webhookId"
    ), judged as (
      select v.webhook_id, v.gone,
             case when v.last_ok then null else coalesce(w.failing_since, v.first_failure) end as failing_since,
             not v.last_ok
               and coalesce(w.failing_since, v.first_failure) <= v.last_at - make_interval(secs => ${disableAfterMs / 1000}::double precision)
               as failed_too_long
      from verdict v join webhooks w on w.id = v.webhook_id
    )
    update webhooks w
    set failing_since = j.failing_since,
        enabled = w.enabled and not (j.gone or j.failed_too_long),
        disabled_reason = case
          when not w.enabled then w.disabled_reason
          when j.gone then 'gone'
          when j.failed_too_long then 'failing'
          else w.disabled_reason end,
        updated_at = case when w.enabled and (j.gone or j.failed_too_long) then now() else w.updated_at end
    from judged j
    where w.id = j.webhook_id
      and (w.failing_since is distinct from j.failing_since or (w.enabled and (j.gone or j.failed_too_long)))
    returning w.id, w.enabled, w.disabled_reason`.execute(db);
  return rows.filter((row) => !row.enabled && row.disabled_reason !== null);
}

/**
 * Frees leases whose owner's advisory lock is no longer held (the worker died or lost its connection),
 * so their deliveries are sent again now instead of when the lease runs out.
 */
export async function freeOrphanedLeases(db: Executor): Promise<number> {
  const result = await sql`
    update webhook_deliveries
    set lease_owner = null, lease_until = null
    where lease_owner is not null and status = 'pending'
      and lease_owner not in (
        select l.objid::bigint from pg_locks l
        where l.locktype = 'advisory' and l.classid = ${WORKER_LOCK_CLASS}::integer::oid and l.objsubid = 2 and l.granted
          and l.database = (select oid from pg_database where datname = current_database()))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Webhooks with deliveries that are due and not leased. */
export async function webhooksWithDueDeliveries(db: Executor, limit: number): Promise<string[]> {
  // Per enabled webhook, so the backlog of a disabled one (kept for when it is enabled again) costs nothing.
  const { rows } = await sql<{ id: string }>`
    select w.id
    from webhooks w
    where w.enabled and w.deleted_at is null and exists (
      select 1 from webhook_deliveries d
      where d.webhook_id = w.id and d.status = 'pending' and d.next_attempt_at <= now()
        and (d.lease_until is null or d.lease_until <= now()))
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
