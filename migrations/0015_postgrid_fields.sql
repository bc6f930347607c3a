-- PostGrid fields that had nowhere to live.
-- A Canadian bank account's designation number (PostGrid's caDesignationNumber), printed on its
-- cheques' MICR line. Nullable: US accounts never have one, CA accounts only sometimes. Adding a
-- nullable column without a default rewrites nothing.
alter table bank_accounts add column ca_designation_number text;

-- How many envelopes a filled return-envelope order delivered (PostGrid's quantityFilled): set when the
-- order is filled, and what is added to the envelope's stock. Filled orders made before this migration
-- were filled with exactly what they ordered.
alter table return_envelope_orders add column quantity_filled integer check (quantity_filled >= 0);
update return_envelope_orders set quantity_filled = quantity_ordered where status = 'filled';
