-- Exact order counts per (organization, mode, kind, status), kept by triggers in the same transaction as
-- every change of `orders`, so a list's totalCount needs no count(*) over millions of rows
-- (src/orders/counts.ts). Triggers rather than application code: every writer is covered, including
-- set-based batches (scheduler, printers, ingestion) and anything run by hand.
--
-- Contention: every create of an organization would otherwise update the same counter row, holding its
-- lock until commit and so queueing all concurrent creates. Each writer adds to its own slot instead (its
-- backend's pid modulo 64: one connection runs one transaction at a time, so a pool's connections rarely
-- share a slot), and a reader sums the slots of a key. Each statement adds its net change per key once
-- (transition tables aggregated), not once per row, and takes its keys in one order, so single-statement
-- changes (creates, cancels, scheduler and printer batches) never wait on each other in a cycle. Two
-- transactions moving orders in several statements could, if their connections share a slot; PostgreSQL
-- then cancels one of them (deadlock detected) and nothing of it is kept.
create table order_counts (
  organization_id text not null,
  live boolean not null,
  kind text not null,
  status text not null,
  slot smallint not null,
  n bigint not null,
  primary key (organization_id, live, kind, status, slot)
) with (fillfactor = 50); -- room on each page for HOT updates: `n` is not indexed, so no index churn

-- Adds a statement's net change per key: +1 for each row in `added`, -1 for each in `removed`; keys whose
-- rows only changed in other columns net to zero and are skipped.
create function order_counts_add() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into order_counts as c (organization_id, live, kind, status, slot, n)
    select organization_id, live, kind, status, pg_backend_pid() % 64, count(*)
    from added group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (organization_id, live, kind, status, slot) do update set n = c.n + excluded.n;
  elsif tg_op = 'UPDATE' then
    insert into order_counts as c (organization_id, live, kind, status, slot, n)
    select organization_id, live, kind, status, pg_backend_pid() % 64, sum(d)
    from (select organization_id, live, kind, status, 1 as d from added
          union all
          select organization_id, live, kind, status, -1 from removed) changes
    group by 1, 2, 3, 4 having sum(d) <> 0 order by 1, 2, 3, 4
    on conflict (organization_id, live, kind, status, slot) do update set n = c.n + excluded.n;
  else
    insert into order_counts as c (organization_id, live, kind, status, slot, n)
    select organization_id, live, kind, status, pg_backend_pid() % 64, -count(*)
    from removed group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (organization_id, live, kind, status, slot) do update set n = c.n + excluded.n;
  end if;
  return null;
end
$$;

create function order_counts_clear() returns trigger language plpgsql as $$
begin
  delete from order_counts;
  return null;
end
$$;

-- Creating the triggers locks `orders` against writes until this migration commits, so the counts taken
-- below are exactly those of the rows already there.
create trigger order_counts_insert after insert on orders
  referencing new table as added for each statement execute function order_counts_add();
create trigger order_counts_update after update on orders
  referencing old table as removed new table as added for each statement execute function order_counts_add();
create trigger order_counts_delete after delete on orders
  referencing old table as removed for each statement execute function order_counts_add();
create trigger order_counts_truncate after truncate on orders
  for each statement execute function order_counts_clear();

insert into order_counts (organization_id, live, kind, status, slot, n)
select organization_id, live, kind, status, 0, count(*) from orders group by 1, 2, 3, 4;
