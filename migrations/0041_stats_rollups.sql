-- Rollups for GET /print-mail/v1/stats and /usage and the dashboard's overview (issue 19), kept by triggers
-- in the same transaction as every change of `orders` and every recorded webhook attempt, like
-- order_counts (0008): a 90-day overview reads a few thousand small rows, never the orders themselves.
--
-- Each rollup counts the rows of `orders` as they stand, by a key made from the row (a day, kind, status…):
-- a statement adds +1 per key for the rows it leaves (`added`) and -1 for the rows it replaced
-- (`removed`), aggregated, so rows whose key did not change net to zero and cost no write. The same 64
-- slots per key as order_counts (the writer's pid modulo 64) keep concurrent creates off one hot row; a
-- read sums the slots. Days are UTC days.
--
-- stats_orders:       orders by the day they were created, kind, status and extra service, with the sum
--                     of their prices (cents): orders per day by kind and status, cost per day, usage.
-- stats_mailed:       orders mailed (processed_for_delivery or later), by the day they were mailed, their
--                     imbStatus and whether they completed: the IMb funnel of each day's mail.
-- stats_durations:    create → mailed and create → completed, by the day of the step, in eighth-of-an-octave
--                     buckets of seconds (bucket b holds [2^(b/8), 2^((b+1)/8)) s): p50 and p90.
-- stats_sla:          orders with an SLA deadline, by deadline and state: open (still printing), met,
--                     missed (mailed after it). Breaches are the missed and the open past their deadline.
-- stats_webhook_attempts: delivery attempts of real events (not test events) by day and outcome.
create table stats_orders (
  organization_id text not null,
  live boolean not null,
  day date not null,
  kind text not null,
  status text not null,
  extra_service text not null, -- '' for none
  slot smallint not null,
  n bigint not null,
  amount bigint not null,
  primary key (organization_id, live, day, kind, status, extra_service, slot)
) with (fillfactor = 50);

create table stats_mailed (
  organization_id text not null,
  live boolean not null,
  day date not null,
  imb_status text not null, -- '' for no scan yet
  completed boolean not null,
  slot smallint not null,
  n bigint not null,
  primary key (organization_id, live, day, imb_status, completed, slot)
) with (fillfactor = 50);

create table stats_durations (
  organization_id text not null,
  live boolean not null,
  day date not null,
  stage text not null check (stage in ('mailed', 'completed')),
  bucket smallint not null,
  slot smallint not null,
  n bigint not null,
  primary key (organization_id, live, day, stage, bucket, slot)
) with (fillfactor = 50);

create table stats_sla (
  organization_id text not null,
  live boolean not null,
  deadline timestamptz not null,
  state text not null check (state in ('open', 'met', 'missed')),
  slot smallint not null,
  n bigint not null,
  primary key (organization_id, live, deadline, state, slot)
) with (fillfactor = 50);

create table stats_webhook_attempts (
  organization_id text not null,
  live boolean not null,
  day date not null,
  outcome text not null check (outcome in ('delivered', 'retried', 'failed')),
  slot smallint not null,
  n bigint not null,
  primary key (organization_id, live, day, outcome, slot)
) with (fillfactor = 50);

-- Bucket of a duration in seconds; mirrored by src/stats/buckets.ts, which reads the percentiles back.
create function stats_bucket(seconds double precision) returns smallint language sql immutable parallel safe as $$
  select greatest(0, least(400, floor(8 * ln(greatest(seconds, 1)) / ln(2))))::smallint
$$;

create function stats_day(t timestamptz) returns date language sql immutable parallel safe as $$
  select (t at time zone 'UTC')::date
$$;

-- The triggers' bodies, made from one template for each kind of statement: `changes` holds the
-- statement's rows, +1 for those it leaves (`added`) and -1 for those it replaced (`removed`), read once.
-- Each rollup is then one INSERT … ON CONFLICT of each key's net change, keys taken in one order, so
-- concurrent single-statement writers never wait on each other in a cycle. Creates only ever add rows
-- that are ready, with no mailing, deadline or scan yet, so their statements write the orders rollup
-- alone (the hot path of every API process); rows inserted further along (imports, SQL by hand) get all.
do $migration$
declare
  orders_rollup constant text := $sql$
    insert into stats_orders as s (organization_id, live, day, kind, status, extra_service, slot, n, amount)
    select organization_id, live, stats_day(created_at), kind, status, coalesce(extra_service, ''),
           mod(pg_backend_pid(), 64), sum(d), sum(d * amount)
    from changes
    group by 1, 2, 3, 4, 5, 6 having sum(d) <> 0 or sum(d * amount) <> 0 order by 1, 2, 3, 4, 5, 6
    on conflict (organization_id, live, day, kind, status, extra_service, slot)
      do update set n = s.n + excluded.n, amount = s.amount + excluded.amount
  $sql$;
  others constant text := $sql$
    , mailed_rollup as (
      insert into stats_mailed as s (organization_id, live, day, imb_status, completed, slot, n)
      select organization_id, live, stats_day(processed_at), coalesce(imb_status, ''), status = 'completed',
             mod(pg_backend_pid(), 64), sum(d)
      from changes where processed_at is not null
      group by 1, 2, 3, 4, 5 having sum(d) <> 0 order by 1, 2, 3, 4, 5
      on conflict (organization_id, live, day, imb_status, completed, slot) do update set n = s.n + excluded.n
    ), durations_rollup as (
      insert into stats_durations as s (organization_id, live, day, stage, bucket, slot, n)
      select organization_id, live, day, stage, bucket, mod(pg_backend_pid(), 64), sum(d)
      from (
        select organization_id, live, stats_day(processed_at) as day, 'mailed' as stage,
               stats_bucket(extract(epoch from processed_at - created_at)) as bucket, d
        from changes where processed_at is not null
        union all
        select organization_id, live, stats_day(completed_at), 'completed',
               stats_bucket(extract(epoch from completed_at - created_at)), d
        from changes where completed_at is not null
      ) steps
      group by 1, 2, 3, 4, 5 having sum(d) <> 0 order by 1, 2, 3, 4, 5
      on conflict (organization_id, live, day, stage, bucket, slot) do update set n = s.n + excluded.n
    )
    insert into stats_sla as s (organization_id, live, deadline, state, slot, n)
    select organization_id, live, sla_deadline,
           case when processed_at is null then 'open' when processed_at > sla_deadline then 'missed' else 'met' end,
           mod(pg_backend_pid(), 64), sum(d)
    from changes where sla_deadline is not null
    group by 1, 2, 3, 4 having sum(d) <> 0 order by 1, 2, 3, 4
    on conflict (organization_id, live, deadline, state, slot) do update set n = s.n + excluded.n
  $sql$;
  columns constant text := $sql$organization_id, live, kind, status, extra_service, created_at, processed_at,
    completed_at, sla_deadline, imb_status, coalesce((price ->> 'total')::bigint, 0) as amount$sql$;
  added_rows constant text := format('select %s, 1 as d from added', columns);
  removed_rows constant text := format('select %s, -1 as d from removed', columns);
  everything constant text := 'with changes as materialized (%s), orders_rollup as (' || orders_rollup || ')' || others;
begin
  execute format($f$
    create function stats_orders_inserted() returns trigger language plpgsql as $body$
    begin
      if not exists (select 1 from added where processed_at is not null or sla_deadline is not null) then
        with changes as (%s) %s;
      else
        %s;
      end if;
      return null;
    end
    $body$$f$, added_rows, orders_rollup, format(everything, added_rows));
  execute format($f$
    create function stats_orders_updated() returns trigger language plpgsql as $body$
    begin
      %s;
      return null;
    end
    $body$$f$, format(everything, added_rows || ' union all ' || removed_rows));
  execute format($f$
    create function stats_orders_deleted() returns trigger language plpgsql as $body$
    begin
      %s;
      return null;
    end
    $body$$f$, format(everything, removed_rows));
end
$migration$;

create function stats_orders_truncated() returns trigger language plpgsql as $$
begin
  delete from stats_orders;
  delete from stats_mailed;
  delete from stats_durations;
  delete from stats_sla;
  return null;
end
$$;

-- Creating the triggers locks `orders` against writes until this migration commits, so the rollups built
-- below are exactly those of the rows already there.
create trigger stats_orders_insert after insert on orders
  referencing new table as added for each statement execute function stats_orders_inserted();
create trigger stats_orders_update after update on orders
  referencing old table as removed new table as added for each statement execute function stats_orders_updated();
create trigger stats_orders_delete after delete on orders
  referencing old table as removed for each statement execute function stats_orders_deleted();
create trigger stats_orders_truncate after truncate on orders
  for each statement execute function stats_orders_truncated();

-- Attempts, by the webhook's organization and mode: delivered (2xx), retried (another attempt is due),
-- failed (no attempt follows). Test events (no delivery row) are left out: they are not traffic.
create function stats_webhook_attempts_added() returns trigger language plpgsql as $$
begin
  insert into stats_webhook_attempts as s (organization_id, live, day, outcome, slot, n)
  select w.organization_id, w.live, stats_day(i.created_at),
         case when i.status_code between 200 and 299 then 'delivered'
              when i.next_attempt_at is not null then 'retried' else 'failed' end,
         pg_backend_pid() % 64, count(*)
  from added i join webhooks w on w.id = i.webhook_id
  where i.delivery_id is not null
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (organization_id, live, day, outcome, slot) do update set n = s.n + excluded.n;
  return null;
end
$$;
create trigger stats_webhook_attempts_insert after insert on webhook_invocations
  referencing new table as added for each statement execute function stats_webhook_attempts_added();

-- What is already there.
insert into stats_orders (organization_id, live, day, kind, status, extra_service, slot, n, amount)
select organization_id, live, stats_day(created_at), kind, status, coalesce(extra_service, ''), 0, count(*),
       sum(coalesce((price ->> 'total')::bigint, 0))
from orders group by 1, 2, 3, 4, 5, 6;
insert into stats_mailed (organization_id, live, day, imb_status, completed, slot, n)
select organization_id, live, stats_day(processed_at), coalesce(imb_status, ''), status = 'completed', 0, count(*)
from orders where processed_at is not null group by 1, 2, 3, 4, 5;
insert into stats_durations (organization_id, live, day, stage, bucket, slot, n)
select organization_id, live, day, stage, bucket, 0, count(*)
from (
  select organization_id, live, stats_day(processed_at) as day, 'mailed' as stage,
         stats_bucket(extract(epoch from processed_at - created_at)) as bucket
  from orders where processed_at is not null
  union all
  select organization_id, live, stats_day(completed_at), 'completed',
         stats_bucket(extract(epoch from completed_at - created_at))
  from orders where completed_at is not null
) steps
group by 1, 2, 3, 4, 5;
insert into stats_sla (organization_id, live, deadline, state, slot, n)
select organization_id, live, sla_deadline,
       case when processed_at is null then 'open' when processed_at > sla_deadline then 'missed' else 'met' end,
       0, count(*)
from orders where sla_deadline is not null group by 1, 2, 3, 4;
insert into stats_webhook_attempts (organization_id, live, day, outcome, slot, n)
select w.organization_id, w.live, stats_day(i.created_at),
       case when i.status_code between 200 and 299 then 'delivered'
            when i.next_attempt_at is not null then 'retried' else 'failed' end,
       0, count(*)
from webhook_invocations i join webhooks w on w.id = i.webhook_id
where i.delivery_id is not null
group by 1, 2, 3, 4;
