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
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index webhooks_list on webhooks (organization_id, live, created_at desc, id desc) where deleted_at is null;
create index webhooks_subscribed on webhooks (organization_id, live) where enabled and deleted_at is null;

-- The delivery queue: one row per (webhook, event) to send, and one more per resend or recovery.
-- A worker leases rows (lease_owner, lease_until) while it sends them; the owner number is held as a
-- session advisory lock by the worker, so a lease of a dead worker is recognised and freed at once.
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  webhook_id text not null references webhooks(id),
  event_id text not null references events(id),
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  -- Attempts recorded so far; the next one is attempts + 1.
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner integer,
  lease_until timestamptz,
  last_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  completed_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (webhook_id, next_attempt_at, id) where status = 'pending';
-- Small: only deliveries being sent. Serves the concurrency count and the search for dead workers' leases.
create index webhook_deliveries_leased on webhook_deliveries (webhook_id, lease_until) where lease_until is not null;
create index webhook_deliveries_lease_owner on webhook_deliveries (lease_owner) where lease_owner is not null;
create index webhook_deliveries_by_event on webhook_deliveries (webhook_id, event_id);

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

-- Leases up to p_max due deliveries of one webhook to worker p_owner, never letting the webhook have
-- more than p_cap leased at once. The webhook row lock serialises claimers of one webhook; the count
-- runs after it, in a statement of its own, so it sees the leases of a claimer that just committed.
-- FOR NO KEY UPDATE does not block the foreign-key checks of rows inserted for this webhook.
create function claim_webhook_deliveries(p_webhook text, p_owner integer, p_max integer, p_cap integer, p_lease interval)
returns table (
  delivery_id bigint,
  attempt integer,
  url text,
  payload_format text,
  secrets text[],
  event_id text,
  event_type text,
  event_live boolean,
  order_id text,
  sequence integer,
  data jsonb,
  updated_fields jsonb,
  event_created_at timestamptz
)
language plpgsql volatile as $$
#variable_conflict use_column
declare
  v_now timestamptz;
  v_busy integer;
begin
  perform 1 from webhooks where id = p_webhook and enabled and deleted_at is null for no key update;
  if not found then
    return;
  end if;
  v_now := clock_timestamp();
  select count(*) into v_busy
  from webhook_deliveries d
  where d.webhook_id = p_webhook and d.status = 'pending' and d.lease_until > v_now;
  return query
    with picked as (
      select d.id
      from webhook_deliveries d
      where d.webhook_id = p_webhook and d.status = 'pending' and d.next_attempt_at <= v_now
        and (d.lease_until is null or d.lease_until <= v_now)
      order by d.next_attempt_at, d.id
      limit greatest(0, least(p_max, p_cap - v_busy))
      for update skip locked
    )
    update webhook_deliveries d
    set lease_owner = p_owner, lease_until = v_now + p_lease
    from picked, events e, webhooks w
    where d.id = picked.id and e.id = d.event_id and w.id = d.webhook_id
    returning d.id, d.attempts + 1, w.url, w.payload_format,
      case when w.previous_secret is not null and w.previous_secret_expires_at > v_now
           then array[w.secret, w.previous_secret] else array[w.secret] end,
      e.id, e.type, e.live, e.order_id, e.sequence, e.data, e.updated_fields, e.created_at;
end
$$;
