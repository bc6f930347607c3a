-- order_json, unchanged in output, cheaper again on PostgreSQL 16 and later: every transition serializes
-- each order it moves for its event, and 0005's form spends most of its time outside the values:
-- jsonb_build_object looks up how to convert each of its 52 arguments on every call, then `-` rebuilds
-- the object to drop the absent fields. The SQL/JSON constructor (PostgreSQL 16) resolves the conversions
-- once per statement and leaves SQL nulls out as it builds (ABSENT ON NULL), so one pass does both; JSON
-- nulls in jsonb columns become SQL nulls through nullif, as 0005 drops them too. About half the cost of
-- 0005's form per order. PostgreSQL 15 has no JSON_OBJECT and keeps 0005's definition.
-- Same fields, same rules as 0001 and 0005; test/ingestion/order-json.test.ts checks the one in force
-- against the first definition. Replace it like 0005 says, in both forms here: add the field (and, for a
-- jsonb column, its nullif) to each.
do $migration$
begin
  if current_setting('server_version_num')::int < 160000 then
    return;
  end if;
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
end
$migration$;
