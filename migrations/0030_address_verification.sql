-- What a live order to an address that failed verification does (src/addresses/order-guard.ts):
-- refused with a 400 (the default), or allowed, the override recorded on the order.
alter table organizations
  add column failed_address_policy text not null default 'refuse'
    check (failed_address_policy in ('refuse', 'allow'));
