-- Every order is rendered into one print-ready PDF before it can print (BRIEF §13, issue 16; src/rendering).
--
-- render_status: 'rendering' (waiting for or in a render), 'rendered' (its PDF and thumbnails are the
-- order's 'rendered' / 'thumbnail' documents) or 'failed' (render_error says why and which asset). New
-- orders start 'rendering': the order row is the render queue's entry, committed with the order itself,
-- so no create can be acknowledged without its render being due (the outbox).
-- render_lease_until: a render worker holds the order until then; a worker killed mid-render leaves a
-- lease that expires, and another worker takes the order again.
-- print_delayed_at: when the scheduler first found the order due to print but not rendered (it then
-- waits, and the order says it missed its print day because of the render).
-- The API shows this state as `render` in the order (kept in `details`, which order_json merges in,
-- by the same UPDATE that changes the columns).
alter table orders
  add column render_status text not null default 'rendering'
    check (render_status in ('rendering', 'rendered', 'failed')),
  add column render_error jsonb,
  add column page_count integer check (page_count > 0),
  add column render_lease_until timestamptz,
  add column rendered_at timestamptz,
  add column print_delayed_at timestamptz;

-- The render queue: ready orders still to render, oldest first (orders that moved on before this migration
-- are not rendered again).
create index orders_render_queue on orders (created_at) where render_status = 'rendering' and status = 'ready';

-- Every render attempt: who took it, when, and how it ended. outcome is null while it runs, and stays
-- null when its worker died (kill -9, crash): the order is taken again once its lease expires.
create table render_attempts (
  id bigint generated always as identity primary key,
  order_id text not null references orders(id) on delete cascade,
  worker text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  outcome text check (outcome in ('rendered', 'failed', 'retry', 'lost')),
  -- The render reused a PDF of identical content (src/rendering/order-render-cache.ts) instead of Chromium.
  reused boolean,
  error jsonb
);
create index render_attempts_order on render_attempts (order_id, started_at);
