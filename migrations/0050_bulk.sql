-- Bulk sending (issue 18, BRIEF §15): order profiles, mailing-list imports and their rows, mailing lists
-- and their members, campaigns, their order-creation chunks and the order each row became.
--
-- Background work (import validation, list jobs, campaign drafting and order creation) is claimed with
-- FOR UPDATE SKIP LOCKED inside the transaction that does it: a worker killed mid-step holds nothing once
-- its connection is gone, and the next worker (or the same one restarted) takes the step again.

-- Reusable content and options for one order kind. `body` holds the create fields as given (the kind's
-- create schema minus to/from), checked like an order create of that kind.
create table order_profiles (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  kind text not null check (kind in ('letter', 'postcard', 'cheque', 'self_mailer')),
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index order_profiles_list on order_profiles (organization_id, live, kind, created_at desc, id desc)
  where deleted_at is null;

create table mailing_list_imports (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  status text not null check (status in ('validating', 'completed', 'changes_required')),
  -- PostGrid's `file`: fileType, url and the mappings.
  file jsonb not null,
  -- The CSV's header, in order: rows keep their values as an array in this order.
  columns jsonb not null,
  description text,
  metadata jsonb,
  row_count integer not null default 0,
  valid_row_count integer not null default 0,
  invalid_row_count integer not null default 0,
  receiver_status_count jsonb not null default '{"verifiedCount":0,"correctedCount":0,"failedCount":0}',
  sender_status_count jsonb,
  errors jsonb not null default '[]',
  notes jsonb not null default '[]',
  -- Validation attempts begun, and the last failure of one (the work is retried from the rows left).
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index mailing_list_imports_list on mailing_list_imports (organization_id, live, created_at desc, id desc)
  where deleted_at is null;
create index mailing_list_imports_validating on mailing_list_imports (created_at) where status = 'validating';

-- One row per CSV record. `pending` rows are stored by the upload and validated by the worker into
-- `valid` or `failed`; `raw` is the record's values (NULs removed, noted in `errors`).
create table mailing_list_import_rows (
  import_id text not null references mailing_list_imports(id) on delete cascade,
  row_number integer not null,
  status text not null check (status in ('pending', 'valid', 'failed')),
  raw jsonb not null,
  receiver jsonb,
  sender jsonb,
  merge_variables jsonb,
  -- The receiver's contact fingerprint (src/contacts/service.ts): what deduplicates a mailing list.
  fingerprint text,
  address_status text,
  errors jsonb,
  corrections jsonb,
  primary key (import_id, row_number)
);
create index mailing_list_import_rows_status on mailing_list_import_rows (import_id, status, row_number);

create table mailing_lists (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  status text not null check (status in ('creating_contacts', 'removing_contacts', 'completed')),
  description text,
  metadata jsonb,
  errors jsonb not null default '[]',
  -- The job being run (one at a time): what POST /mailing_lists/{id}/jobs asked for; null when none.
  job jsonb,
  attempts integer not null default 0,
  last_error text,
  member_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index mailing_lists_list on mailing_lists (organization_id, live, created_at desc, id desc)
  where deleted_at is null;
create index mailing_lists_working on mailing_lists (created_at) where job is not null;

-- A list's recipients, once each (the receiver's fingerprint). `position` orders them for chunking.
create table mailing_list_members (
  mailing_list_id text not null references mailing_lists(id) on delete cascade,
  position bigint generated always as identity,
  fingerprint text not null,
  receiver jsonb not null,
  sender jsonb,
  merge_variables jsonb,
  source_import_id text,
  source_row integer,
  contact_id text,
  primary key (mailing_list_id, fingerprint)
);
create unique index mailing_list_members_position on mailing_list_members (mailing_list_id, position);
create index mailing_list_members_import on mailing_list_members (mailing_list_id, source_import_id);

create table campaigns (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  status text not null check (status in ('drafting', 'changes_required', 'draft', 'creating_orders', 'ready',
                                         'cancelled')),
  mailing_list_id text not null,
  profile_kind text not null check (profile_kind in ('letter', 'postcard', 'cheque', 'self_mailer')),
  profile_id text not null,
  default_sender_contact text,
  description text,
  metadata jsonb,
  send_date timestamptz,
  -- The members frozen at send (their positions), and what became of them.
  row_count integer not null default 0,
  created_count integer not null default 0,
  failed_count integer not null default 0,
  errors jsonb not null default '[]',
  preview jsonb,
  attempts integer not null default 0,
  last_error text,
  event_seq integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index campaigns_list on campaigns (organization_id, live, created_at desc, id desc) where deleted_at is null;
create index campaigns_working on campaigns (created_at) where status in ('drafting', 'creating_orders');

-- Order creation in chunks of members (by position); a chunk is done when its rows are all in
-- campaign_orders, in the same transaction.
create table campaign_chunks (
  campaign_id text not null references campaigns(id) on delete cascade,
  chunk integer not null,
  first_position bigint not null,
  last_position bigint not null,
  done boolean not null default false,
  attempts integer not null default 0,
  last_error text,
  primary key (campaign_id, chunk)
);
create index campaign_chunks_pending on campaign_chunks (campaign_id, chunk) where not done;

-- Exactly once: one row per (campaign, member position), the order it became or why it could not.
create table campaign_orders (
  campaign_id text not null references campaigns(id) on delete cascade,
  position bigint not null,
  order_id text unique,
  error text,
  primary key (campaign_id, position),
  check ((order_id is null) <> (error is null))
);
