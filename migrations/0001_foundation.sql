-- Organizations, API keys, contacts, orders, events and idempotency: the foundation every kind builds on.

create table organizations (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

-- Keys are random 32-character secrets, so a plain SHA-256 is enough to store them safely.
create table api_keys (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  key_hash bytea not null unique,
  key_hint text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);
create index api_keys_org on api_keys (organization_id, live) where revoked_at is null;

create table contacts (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  -- Hash of the normalised address fields: creating an identical contact returns the existing one.
  fingerprint text not null,
  body jsonb not null,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index contacts_fingerprint on contacts (organization_id, live, fingerprint) where deleted_at is null;
create index contacts_list on contacts (organization_id, live, created_at desc, id desc) where deleted_at is null;

-- One table for every order kind: one lifecycle, one scheduler statement, one list implementation.
-- Kind-specific fields live in `details`.
create table orders (
  id text primary key,
  kind text not null check (kind in ('letter', 'postcard', 'cheque', 'self_mailer')),
  organization_id text not null references organizations(id),
  live boolean not null,
  status text not null default 'ready'
    check (status in ('ready', 'printing', 'processed_for_delivery', 'completed', 'cancelled')),
  to_contact jsonb not null,
  from_contact jsonb,
  send_date timestamptz not null,
  mailing_class text not null,
  extra_service text check (extra_service in ('certified', 'certified_return_receipt', 'registered')),
  description text,
  metadata jsonb,
  merge_variables jsonb,
  details jsonb not null default '{}',
  cancellation jsonb,
  search_text text not null default '',
  -- Per-order sequence of events, so receivers can order what they get.
  event_seq integer not null default 0,
  -- Tracking, filled by the pipeline: Intelligent Mail barcode and its USPS status, carrier tracking number.
  imb jsonb,
  imb_status text check (imb_status in ('entered_mail_stream', 'out_for_delivery', 'returned_to_sender')),
  imb_date timestamptz,
  imb_zip text,
  tracking_number text,
  sla_deadline timestamptz,
  printing_at timestamptz,
  processed_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_list on orders (organization_id, live, kind, created_at desc, id desc);
create index orders_list_status on orders (organization_id, live, kind, status, created_at desc, id desc);
create index orders_metadata on orders using gin (metadata jsonb_path_ops);

-- Every change of an order, in the same transaction as the change. Webhook deliveries hang off these.
create table events (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  type text not null,
  order_id text,
  sequence integer not null default 0,
  data jsonb not null,
  updated_fields jsonb,
  created_at timestamptz not null default now()
);
create index events_list on events (organization_id, live, created_at desc, id desc);
create index events_by_type on events (organization_id, live, type, created_at desc, id desc);
create index events_by_order on events (order_id, sequence);

create table idempotency_keys (
  organization_id text not null references organizations(id),
  live boolean not null,
  resource text not null,
  key text not null,
  request_hash text not null,
  response_status integer,
  response_body jsonb,
  created_at timestamptz not null default now(),
  primary key (organization_id, live, resource, key)
);
create index idempotency_keys_age on idempotency_keys (created_at);

-- Prefixed random ids made inside SQL, for set-based statements that create rows (events of a batch).
-- Same shape as src/ids.ts: prefix, underscore, 22 base62 characters.
create function mailstream_id(prefix text) returns text language sql volatile as $$
  select prefix || '_' || string_agg(
    substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', get_byte(b, i) % 62 + 1, 1), '' order by i)
  from (select decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex') as b) r,
       generate_series(0, 21) as i
$$;

create function iso_time(t timestamptz) returns text language sql immutable as $$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The API representation of an order, in one place, used by reads and by events (also set-based ones).
-- Null fields are left out, as PostGrid does; kind-specific fields come from `details`.
create function order_json(o orders) returns jsonb language sql stable as $$
  select coalesce(jsonb_object_agg(key, value) filter (where value <> 'null'::jsonb), '{}'::jsonb) || o.details
  from jsonb_each(jsonb_build_object(
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
  ))
$$;
