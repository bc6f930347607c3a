-- Ingestion's order updates (imbStatus, imbDate, imbZIPCode, event_seq, updated_at) can now be heap-only
-- (HOT): PostgreSQL then writes the new row version on the same page and touches none of the orders'
-- thirteen indexes. Two things prevented it:
-- 1. orders_completion_scan named imb_status and imb_date in its predicate, and a change to any column an
--    index mentions makes every update of that row a full one (a new entry in every index). It served the
--    scheduler's search for out_for_delivery scans to fold into the completion estimate; that search now
--    reads a queue ingestion fills in the same statement (pending_scan_estimates), so the index and
--    completion_basis (the scan time last folded) go.
-- 2. Pages filled to the brim leave no room for a second version of a row: orders now keeps 15% free.
--    The setting applies to pages written from now on.
-- These two alone took the ingestion benchmark from 0.16 to 0.18 of its floor.

-- Orders whose out_for_delivery scan (new, or earlier than the one known) the completion estimate has yet
-- to take in. Ingestion adds them; the scheduler takes them off in batches (foldScanEstimatesBatch).
create table pending_scan_estimates (
  order_id text primary key
);

-- What the old index would have found still goes to the scheduler.
insert into pending_scan_estimates (order_id)
select id from orders
where status = 'processed_for_delivery' and imb_status = 'out_for_delivery'
  and completion_basis is distinct from imb_date;

drop index orders_completion_scan;
alter table orders drop column completion_basis;
alter table orders set (fillfactor = 85);

-- One index on usps_scans instead of two. The fingerprint hashes the Mailer ID and serial with the rest of
-- the scan, so it is as unique behind them as alone; and a piece's scans, which its order's timeline
-- reads, now sit together under its IMb (an order's Mailer ID and serial never change once assigned,
-- src/tracking/imb-assignment.ts). Each stored scan updates one index, not two.
alter table usps_scans drop constraint usps_scans_pkey;
drop index usps_scans_timeline;
alter table usps_scans add primary key (mailer_id, serial, fingerprint);
