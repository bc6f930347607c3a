-- Webhooks (issue 5): subscriptions, the delivery queue that a trigger on `events` fills in the same
-- transaction as the change, and one row per delivery attempt.

create table webhooks (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  url text not null,
  enabled_events text[] not null,
  enabled boolean not null default true,
  description text,
  metadata jsonb,
  payload_format text not null default 'jwt' check (payload_format in ('jwt', 'json', 'standard')),
  -- Kept in clear: signing needs the secret itself, a hash would not do.
  secret text not null,
  -- After a rotation the old secret keeps signing (alongside the new one) until it expires.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- Start of the current run of failed attempts; null after any success. Five days of it disable the webhook.
  failing_since timestamptz,
  -- Why the platform disabled the webhook; null when enabled or disabled by the user.
  disabled_reason text check (disabled_reason in ('gone', 'failing')),
  -- Second key of the advisory lock a worker holds while it sends this webhook's deliveries (one worker
  -- at a time per webhook, so the concurrency cap is counted in that worker's memory).
  dispatch_lock integer generated always as identity unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index webhooks_list on webhooks (organization_id, live, created_at desc, id desc) where deleted_at is null;
create index webhooks_subscribed on webhooks (organization_id, live) where enabled and deleted_at is null;

-- The delivery queue: one row per (webhook, event) to send, and one more per resend or recovery.
-- One worker at a time sends a webhook's deliveries: the one holding the webhook's dispatch lock (a
-- session advisory lock). It keeps the rows it is sending in memory; if it dies, its lock goes with its
-- connection and the next worker sends whatever is still pending — possibly again (at least once).
-- The worker's bookkeeping commits with synchronous_commit off: a database crash can lose its last
-- instants, which only means an attempt is made again; events and queued deliveries, written by the
-- transactions that cause them, keep full durability.
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  webhook_id text not null references webhooks(id),
  event_id text not null references events(id),
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  -- Attempts recorded so far; the next one is attempts + 1.
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (webhook_id, next_attempt_at, id) where status = 'pending';
-- Resend and recovery look deliveries up by event; recovery starts from the failed ones.
create index webhook_deliveries_by_event on webhook_deliveries (webhook_id, event_id);
create index webhook_deliveries_failed on webhook_deliveries (webhook_id) where status = 'failed';

-- Every attempt, successful or not. `event_id` has no foreign key: test events are not stored events.
create table webhook_invocations (
  id text primary key,
  webhook_id text not null references webhooks(id),
  delivery_id bigint,
  event_id text not null,
  type text not null,
  order_id text,
  attempt integer not null,
  status_code integer not null,
  error_kind text check (error_kind in ('timeout', 'dns', 'connection', 'tls', 'http', 'ssrf')),
  error_message text,
  duration_ms integer not null,
  response_body text,
  next_attempt_at timestamptz,
  created_at timestamptz not null default now()
);
create index webhook_invocations_list on webhook_invocations (webhook_id, created_at desc, id desc);

-- Fan-out: every statement that inserts events (insertEvent, transitionOrder's CTE, set-based batches)
-- queues one delivery per matching enabled webhook in its own transaction, so a committed event always
-- has its deliveries and a rolled-back one never does. NOTIFY (sent on commit) wakes the workers; the
-- queue rows, not the notification, are what make delivery durable.
create function webhooks_fan_out() returns trigger language plpgsql as $$
declare
  hooks text[];
begin
  with queued as (
    insert into webhook_deliveries (webhook_id, event_id)
    select w.id, e.id
    from new_events e
    join webhooks w
      on w.organization_id = e.organization_id and w.live = e.live
     and w.enabled and w.deleted_at is null and e.type = any (w.enabled_events)
    -- Identity order follows event order, so a backlog goes out oldest first.
    order by e.created_at, e.order_id, e.sequence
    returning webhook_id
  )
  select array_agg(distinct webhook_id) into hooks from queued;
  if hooks is not null then
    perform pg_notify('mailstream_webhook_deliveries', hook) from unnest(hooks) as hook;
  end if;
  return null;
end
$$;

create trigger events_webhooks_fan_out
  after insert on events
  referencing new table as new_events
  for each statement execute function webhooks_fan_out();

-- One attempt as the worker reports it (see recordAttempts in src/webhooks/delivery-queue.ts).
create type webhook_attempt as (
  "invocationId" text, "deliveryId" bigint, "webhookId" text, "eventId" text, type text,
  "orderId" text, attempt integer, "statusCode" integer, "errorKind" text, "errorMessage" text,
  "durationMs" integer, "responseBody" text, outcome text, "nextAttemptAt" timestamptz, "attemptedAt" timestamptz
);

-- Records a batch of attempts (a JSON array of webhook_attempt) in one round trip: the invocations; each
-- delivery's new state, unless it is no longer pending (another worker, taking over from one that lost
-- its lock, got there first); and each webhook's failure clock — any success resets it, a 410 or
-- failures for p_disable_after disable the webhook. Returns the webhooks this batch disabled.
create function record_webhook_attempts(p_attempts json, p_disable_after interval)
returns table (webhook_id text, disabled_reason text)
language plpgsql volatile as $$
#variable_conflict use_column
begin
  perform set_config('synchronous_commit', 'off', true);
  -- One statement, so the batch is parsed once; each CTE touches its own table.
  return query
    with r as materialized (
      select * from json_populate_recordset(null::webhook_attempt, p_attempts)
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
          last_attempt_at = r."attemptedAt",
          completed_at = case when r.outcome = 'retry' then null else now() end
      from r
      where d.id = r."deliveryId" and d.status = 'pending'
    ), verdict as (
      select "webhookId" as hook,
             bool_or(outcome = 'gone') as gone,
             (array_agg(outcome = 'delivered' order by "attemptedAt" desc))[1] as last_ok,
             min("attemptedAt") filter (where outcome <> 'delivered') as first_failure,
             max("attemptedAt") as last_at
      from r
      group by "webhookId"
    ), judged as (
      select v.hook, v.gone, w.enabled as was_enabled,
             case when v.last_ok then null else coalesce(w.failing_since, v.first_failure) end as failing_since,
             not v.last_ok and coalesce(w.failing_since, v.first_failure) <= v.last_at - p_disable_after
               as failed_too_long
      from verdict v join webhooks w on w.id = v.hook
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
    where w.id = j.hook
      and (w.failing_since is distinct from j.failing_since or (w.enabled and (j.gone or j.failed_too_long)))
    returning w.id, case when j.was_enabled and not w.enabled then w.disabled_reason end;
end
$$;
