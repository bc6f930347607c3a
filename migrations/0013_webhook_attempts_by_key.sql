-- record_webhook_attempts (0003) updates the deliveries of a batch by primary key whatever the statistics
-- say: its plain join was planned over every pending delivery whenever the queue had grown since it was
-- last analyzed (test/webhooks/record-attempts-plan.test.ts). Only the deliveries CTE changes.
create or replace function record_webhook_attempts(p_attempts json, p_disable_after interval)
returns table (webhook_id text, disabled_reason text)
language plpgsql volatile as $$
#variable_conflict use_column
begin
  perform set_config('synchronous_commit', 'off', true);
  -- One statement, so the batch is parsed once; each CTE touches its own table.
  return query
    with r as materialized (
      select * from json_populate_recordset(null::webhook_attempt, p_attempts)
    ), invocations as (
      insert into webhook_invocations (id, webhook_id, delivery_id, event_id, type, order_id, attempt, status_code,
        error_kind, error_message, duration_ms, response_body, next_attempt_at, created_at)
      select "invocationId", "webhookId", "deliveryId", "eventId", type, "orderId", attempt, "statusCode",
        "errorKind", "errorMessage", "durationMs", "responseBody", "nextAttemptAt", "attemptedAt"
      from r
    ), deliveries as (
      update webhook_deliveries d
      set status = case r.outcome when 'delivered' then 'delivered' when 'retry' then 'pending' else 'failed' end,
          attempts = r.attempt,
          next_attempt_at = coalesce(r."nextAttemptAt", d.next_attempt_at),
          last_attempt_at = r."attemptedAt",
          completed_at = case when r.outcome = 'retry' then null else now() end
      from r
      -- By primary key. Written plainly (d.id = r."deliveryId" and d.status = 'pending'), the planner
      -- took the pending rows through webhook_deliveries_due when stale statistics put them at a handful,
      -- and hashed every one: after a burst, thousands of rows read to record each batch. The status is
      -- checked in a form that index's predicate does not match, so only the key can find the rows.
      where d.id = any (array(select "deliveryId" from r where "deliveryId" is not null))
        and d.id = r."deliveryId"
        and coalesce(d.status, '') = 'pending'
    ), verdict as (
      select "webhookId" as hook,
             bool_or(outcome = 'gone') as gone,
             (array_agg(outcome = 'delivered' order by "attemptedAt" desc))[1] as last_ok,
             min("attemptedAt") filter (where outcome <> 'delivered') as first_failure,
             max("attemptedAt") as last_at
      from r
      group by "webhookId"
    ), judged as (
      select v.hook, v.gone, w.enabled as was_enabled,
             case when v.last_ok then null else coalesce(w.failing_since, v.first_failure) end as failing_since,
             not v.last_ok and coalesce(w.failing_since, v.first_failure) <= v.last_at - p_disable_after
               as failed_too_long
      from verdict v join webhooks w on w.id = v.hook
    )
    update webhooks w
    set failing_since = j.failing_since,
        enabled = w.enabled and not (j.gone or j.failed_too_long),
        disabled_reason = case
          when not w.enabled then w.disabled_reason
          when j.gone then 'gone'
          when j.failed_too_long then 'failing'
          else w.disabled_reason end,
        updated_at = case when w.enabled and (j.gone or j.failed_too_long) then now() else w.updated_at end
    from judged j
    where w.id = j.hook
      and (w.failing_since is distinct from j.failing_since or (w.enabled and (j.gone or j.failed_too_long)))
    returning w.id, case when j.was_enabled and not w.enabled then w.disabled_reason end;
end
$$;
