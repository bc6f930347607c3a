-- What postcards, cheques, self-mailers and return envelopes need beyond the shared orders table:
-- templates, bank accounts, cheque numbers, return envelopes and their orders.

create table templates (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  html text not null default '',
  description text,
  metadata jsonb,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index templates_list on templates (organization_id, live, created_at desc, id desc);
create index templates_metadata on templates using gin (metadata jsonb_path_ops);

-- The HTML of each template an order was created from, so editing or deleting a template later never
-- changes mail already ordered. Written before the order row in the same transaction, hence deferred.
create table order_template_snapshots (
  order_id text not null references orders(id) on delete cascade deferrable initially deferred,
  -- The order field that named the template: template, frontTemplate, insideTemplate, letterTemplate…
  field text not null,
  template_id text not null,
  html text not null,
  primary key (order_id, field)
);

-- No CHECK constraints here on purpose: PostgreSQL puts the whole failing row (account number included)
-- in the error detail, which would reach the logs. Every rule is enforced by src/bank-accounts/service.ts.
create table bank_accounts (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  bank_name text not null,
  bank_primary_line text,
  bank_secondary_line text,
  bank_country_code text not null,
  -- The full number, needed to print the MICR line of a cheque. Never returned (last 4 only), never logged.
  account_number text not null,
  routing_number text,
  transit_number text,
  route_number text,
  signature_text text,
  signature_image text,
  description text,
  metadata jsonb,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Soft delete: cheques already ordered still need the account to be printed.
  deleted_at timestamptz
);
create index bank_accounts_list on bank_accounts (organization_id, live, created_at desc, id desc) where deleted_at is null;

-- Next automatic cheque number per organization and mode. Taking a number is one
-- `insert … on conflict do update … returning`, whose row lock serialises concurrent cheque creates.
create table cheque_numbers (
  organization_id text not null references organizations(id),
  live boolean not null,
  next_number bigint not null,
  primary key (organization_id, live)
);
-- Backstop: a cheque number is never used twice in an organization and mode, explicit or automatic.
create unique index orders_cheque_number on orders (organization_id, live, ((details ->> 'number')::bigint))
  where kind = 'cheque';

-- A return envelope is addressed to one contact (one envelope per contact); `available` counts printed
-- envelopes in stock. Letters and cheques take one each; filled orders add to it.
create table return_envelopes (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  to_contact_id text not null,
  to_contact jsonb not null,
  available integer not null default 0 check (available >= 0),
  description text,
  metadata jsonb,
  search_text text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index return_envelopes_contact on return_envelopes (organization_id, live, to_contact_id);
create index return_envelopes_list on return_envelopes (organization_id, live, created_at desc, id desc);

-- Orders of printed return envelopes: placed → filled | cancelled. Not rows of `orders` (no address, no
-- mailing), so they have their own conditional-UPDATE transitions; their events share the events table.
create table return_envelope_orders (
  id text primary key,
  organization_id text not null references organizations(id),
  live boolean not null,
  return_envelope_id text not null references return_envelopes(id),
  status text not null default 'placed' check (status in ('placed', 'filled', 'cancelled')),
  quantity_ordered integer not null check (quantity_ordered >= 5000),
  description text,
  metadata jsonb,
  cancellation jsonb,
  event_seq integer not null default 1,
  filled_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index return_envelope_orders_list
  on return_envelope_orders (return_envelope_id, organization_id, live, created_at desc, id desc);
