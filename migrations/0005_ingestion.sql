-- USPS scan ingestion (BRIEF §10): feed tokens, the scans of every piece (matched or not), and the pending
-- scans of the simulated postal service.

-- Bearer tokens for POST /usps/v1/ivmtr made with `mailstream ivmtr token create`. Random 32-character
-- secrets, so a plain SHA-256 is enough to store them (as api_keys).
create table usps_feed_tokens (
  id text primary key,
  token_hash bytea not null unique,
  token_hint text not null,
  description text,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Every distinct scan ever received. Unmatched scans (no order carries that Mailer ID + serial) stay here
-- with order_id null: they are reported, never dropped. The fingerprint (sha256 of the scan's identity,
-- src/tracking/scan-status.ts) is the key, so redeliveries of the same scan are no-ops.
-- Kept lean for ingestion speed (10,000-scan batches): `id` is the public id (random, never looked up, so
-- not indexed); order_id has no foreign key because the same statement sets it from a join on orders,
-- and orders are never deleted.
create table usps_scans (
  fingerprint bytea primary key,
  id text not null,
  order_id text,
  mailer_id text not null,
  serial text not null,
  tracking_code text,
  routing_code text,
  service_type_id text,
  scanned_at timestamptz not null,
  -- What this one scan signals (scanImbStatus); the order keeps the fold of all of them.
  imb_status text not null check (imb_status in ('entered_mail_stream', 'out_for_delivery', 'returned_to_sender')),
  event_code text,
  facility_zip text,
  facility_city text,
  facility_state text,
  mail_phase text,
  handling_event_type text,
  machine_name text,
  predicted_delivery_date text,
  source text not null check (source in ('feed', 'file', 'simulator')),
  received_at timestamptz not null default now()
);
-- The order's timeline (GET /{kind}/{id}/tracking_events).
create index usps_scans_timeline on usps_scans (order_id, scanned_at) where order_id is not null;

-- The total order of imbStatus values the fold keeps the best of; mirrors IMB_STATUS_RANK in
-- src/tracking/scan-status.ts (a return follows anything, nothing undoes it).
create function imb_status_rank(status text) returns integer language sql immutable parallel safe as $$
  select case status
    when 'entered_mail_stream' then 1
    when 'out_for_delivery' then 2
    when 'returned_to_sender' then 3
    else 0
  end
$$;

-- Whether a scan's state (status, date, ZIP) beats the order's current one under the fold's total order
-- (compareStates in src/tracking/scan-status.ts): higher rank, then the earlier scan, then the smaller ZIP
-- in byte order, a ZIP before none.
create function imb_state_beats(status text, date timestamptz, zip text,
                                current_status text, current_date_ timestamptz, current_zip text)
returns boolean language sql immutable parallel safe as $$
  select current_status is null
    or imb_status_rank(status) > imb_status_rank(current_status)
    or (imb_status_rank(status) = imb_status_rank(current_status)
        and (date < current_date_
             or (date = current_date_ and zip is not null
                 and (current_zip is null or zip collate "C" < current_zip collate "C"))))
$$;

-- Simulated USPS. orders.tracking_story (0004) marks the pieces whose scans it plays; it adds
-- "scheduledAt" (and the chosen "returnToSender") to it once it has produced their scans, so this index
-- holds only the pieces still waiting for their story.
create index orders_tracking_story_pending on orders (processed_at)
  where tracking_story is not null and not (tracking_story ? 'scheduledAt');

-- The produced scans, each fed to ingestion once its delivery time has come.
create table simulated_usps_scans (
  id bigint generated always as identity primary key,
  order_id text not null references orders(id),
  deliver_at timestamptz not null,
  event jsonb not null
);
create index simulated_usps_scans_due on simulated_usps_scans (deliver_at, id);

-- order_json, unchanged in output, made cheap: every set-based change (a scan batch folds into up to
-- 10,000 orders, each with its event) serializes each order it touches. The first definition aggregated
-- jsonb_each() over a built object, a sub-query per call; this one is a single expression — build every
-- field, then drop the absent ones (SQL or JSON null) in one `-`. Same fields, same rules as 0001;
-- test/ingestion/order-json.test.ts checks it against the first definition. Replace it like the first:
-- copy this one and add fields (and their null checks).
create or replace function order_json(o orders) returns jsonb language sql stable as $$
  select (jsonb_build_object(
    'id', o.id,
    'object', o.kind,
    'live', o.live,
    'status', o.status,
    'to', o.to_contact,
    'from', o.from_contact,
    'sendDate', iso_time(o.send_date),
    'mailingClass', o.mailing_class,
    'extraService', o.extra_service,
    'description', o.description,
    'metadata', o.metadata,
    'mergeVariables', o.merge_variables,
    'cancellation', o.cancellation,
    'imb', o.imb,
    'imbStatus', o.imb_status,
    'imbDate', iso_time(o.imb_date),
    'imbZIPCode', o.imb_zip,
    'trackingNumber', o.tracking_number,
    'slaDeadline', iso_time(o.sla_deadline),
    'slaBreached', case when o.sla_deadline is null then null
                        else coalesce(o.processed_at, now()) > o.sla_deadline end,
    'printingAt', iso_time(o.printing_at),
    'processedForDeliveryAt', iso_time(o.processed_at),
    'completedAt', iso_time(o.completed_at),
    'cancelledAt', iso_time(o.cancelled_at),
    'createdAt', iso_time(o.created_at),
    'updatedAt', iso_time(o.updated_at)
  ) - array_remove(array[
    case when coalesce(o.to_contact, 'null') = 'null' then 'to' end,
    case when coalesce(o.from_contact, 'null') = 'null' then 'from' end,
    case when o.extra_service is null then 'extraService' end,
    case when o.description is null then 'description' end,
    case when coalesce(o.metadata, 'null') = 'null' then 'metadata' end,
    case when coalesce(o.merge_variables, 'null') = 'null' then 'mergeVariables' end,
    case when coalesce(o.cancellation, 'null') = 'null' then 'cancellation' end,
    case when coalesce(o.imb, 'null') = 'null' then 'imb' end,
    case when o.imb_status is null then 'imbStatus' end,
    case when o.imb_date is null then 'imbDate' end,
    case when o.imb_zip is null then 'imbZIPCode' end,
    case when o.tracking_number is null then 'trackingNumber' end,
    case when o.sla_deadline is null then 'slaDeadline' end,
    case when o.sla_deadline is null then 'slaBreached' end,
    case when o.printing_at is null then 'printingAt' end,
    case when o.processed_at is null then 'processedForDeliveryAt' end,
    case when o.completed_at is null then 'completedAt' end,
    case when o.cancelled_at is null then 'cancelledAt' end
  ], null)) || o.details
$$;
