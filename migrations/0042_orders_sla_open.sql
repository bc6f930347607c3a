-- /metrics (issue 19): `mailstream_sla_breached_orders`, the orders still printing past their SLA deadline,
-- is a range of this index (deadlines already passed) and reads only those orders, however many are
-- printing. Only rows in `printing` are in it: a row enters it when it starts printing and no later
-- version of it does (every status change writes a new version of the row into each index whose
-- predicate it satisfies), so it costs one index entry per order entering printing.
create index orders_sla_open on orders (sla_deadline) where status = 'printing';
