-- A price on every order (BRIEF §16, issue 19): `price` {currency, total, lines, rateTable, pageCount?,
-- settled}, computed from the rate table at create (src/pricing), settled when a rendered page count is
-- known (settlePrice) and zeroed on cancel (price_cancelled), each change with its `*.updated` event.
-- Orders made before this migration have none (the field is absent, as every null field is).
alter table orders add column price jsonb;

-- A cancelled order costs 0 (BRIEF §16): the lines stay, to show what the order would have cost, and one
-- `cancellation` line takes the total back, so the total is still the sum of the lines. Cancelling an
-- order without a price, or one that already costs nothing, leaves it as it is.
create function price_cancelled(p jsonb) returns jsonb language sql immutable as $$
  select case
    when p is null or jsonb_typeof(p) <> 'object' or coalesce((p ->> 'total')::bigint, 0) = 0 then p
    else p || jsonb_build_object(
      'total', 0,
      'lines', coalesce(p -> 'lines', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
        'item', 'cancellation', 'quantity', 1,
        'unitAmount', -(p ->> 'total')::bigint, 'amount', -(p ->> 'total')::bigint)))
  end
$$;

-- order_json with `price`, in both forms of 0009 (PostgreSQL 15: 0005's expression; 16 and later: the
-- SQL/JSON constructor), otherwise unchanged. What this adds: the field 'price' (after 'trackingNumber'),
-- and in the PostgreSQL 15 form its line in the list of absent fields.
do $migration$
begin
  if current_setting('server_version_num')::int < 160000 then
    execute $definition$
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
          'price', o.price,
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
          case when coalesce(o.price, 'null') = 'null' then 'price' end,
          case when o.sla_deadline is null then 'slaDeadline' end,
          case when o.sla_deadline is null then 'slaBreached' end,
          case when o.printing_at is null then 'printingAt' end,
          case when o.processed_at is null then 'processedForDeliveryAt' end,
          case when o.completed_at is null then 'completedAt' end,
          case when o.cancelled_at is null then 'cancelledAt' end
        ], null)) || o.details
      $$
    $definition$;
  else
    execute $definition$
      create or replace function order_json(o orders) returns jsonb language sql stable as $$
        select json_object(
          'id': o.id,
          'object': o.kind,
          'live': o.live,
          'status': o.status,
          'to': nullif(o.to_contact, 'null'::jsonb),
          'from': nullif(o.from_contact, 'null'::jsonb),
          'sendDate': iso_time(o.send_date),
          'mailingClass': o.mailing_class,
          'extraService': o.extra_service,
          'description': o.description,
          'metadata': nullif(o.metadata, 'null'::jsonb),
          'mergeVariables': nullif(o.merge_variables, 'null'::jsonb),
          'cancellation': nullif(o.cancellation, 'null'::jsonb),
          'imb': nullif(o.imb, 'null'::jsonb),
          'imbStatus': o.imb_status,
          'imbDate': iso_time(o.imb_date),
          'imbZIPCode': o.imb_zip,
          'trackingNumber': o.tracking_number,
          'price': nullif(o.price, 'null'::jsonb),
          'slaDeadline': iso_time(o.sla_deadline),
          'slaBreached': case when o.sla_deadline is null then null
                              else coalesce(o.processed_at, now()) > o.sla_deadline end,
          'printingAt': iso_time(o.printing_at),
          'processedForDeliveryAt': iso_time(o.processed_at),
          'completedAt': iso_time(o.completed_at),
          'cancelledAt': iso_time(o.cancelled_at),
          'createdAt': iso_time(o.created_at),
          'updatedAt': iso_time(o.updated_at)
          absent on null returning jsonb
        ) || o.details
      $$
    $definition$;
  end if;
end
$migration$;
