// GET /stats and /usage read rollups that triggers keep up to date (migrations/0041). Checked here: after a
// history made by the API (creates, cancels, progressions) and by SQL (backdated timestamps, scans, SLA
// deadlines, webhook attempts), the rollups equal a recomputation from the orders, and every figure of the
// API equals the plain GROUP BY over orders (percentiles within their bucket's width).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { floorStats } from '../support/stats-floor.ts';

let t: TestApp;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Every rollup beside the same numbers recomputed from orders and webhook_invocations. */
export async function assertRollupsMatch(db: Db): Promise<void> {
  const pairs: [string, string, string][] = [
    [
      'stats_orders',
      `select organization_id, live, day, kind, status, extra_service, sum(n)::bigint as n, sum(amount)::bigint as amount
       from stats_orders group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 or sum(amount) <> 0`,
      `select organization_id, live, stats_day(created_at) as day, kind, status, coalesce(extra_service, '') as extra_service,
              count(*)::bigint as n, sum(coalesce((price ->> 'total')::bigint, 0))::bigint as amount
       from orders group by 1, 2, 3, 4, 5, 6`,
    ],
    [
      'stats_mailed',
      `select organization_id, live, day, imb_status, completed, sum(n)::bigint as n
       from stats_mailed group by 1, 2, 3, 4, 5 having sum(n) <> 0`,
      `select organization_id, live, stats_day(processed_at) as day, coalesce(imb_status, '') as imb_status,
              status = 'completed' as completed, count(*)::bigint as n
       from orders where processed_at is not null group by 1, 2, 3, 4, 5`,
    ],
    [
      'stats_durations',
      `select organization_id, live, day, stage, bucket, sum(n)::bigint as n
       from stats_durations group by 1, 2, 3, 4, 5 having sum(n) <> 0`,
      `select organization_id, live, day, stage, bucket, count(*)::bigint as n from (
         select organization_id, live, stats_day(processed_at) as day, 'mailed' as stage,
                stats_bucket(extract(epoch from processed_at - created_at)) as bucket
         from orders where processed_at is not null
         union all
         select organization_id, live, stats_day(completed_at), 'completed',
                stats_bucket(extract(epoch from completed_at - created_at))
         from orders where completed_at is not null) s group by 1, 2, 3, 4, 5`,
    ],
    [
      'stats_sla',
      `select organization_id, live, deadline, state, sum(n)::bigint as n from stats_sla group by 1, 2, 3, 4 having sum(n) <> 0`,
      `select organization_id, live, sla_deadline as deadline,
              case when processed_at is null then 'open' when processed_at > sla_deadline then 'missed' else 'met' end as state,
              count(*)::bigint as n
       from orders where sla_deadline is not null group by 1, 2, 3, 4`,
    ],
  ];
  for (const [name, rollup, recomputed] of pairs) {
    const { rows } = await sql<{ extra: number; missing: number }>`
      select (select count(*) from (${sql.raw(rollup)} except ${sql.raw(recomputed)}) a)::int as extra,
             (select count(*) from (${sql.raw(recomputed)} except ${sql.raw(rollup)}) b)::int as missing`.execute(
      db,
    );
    assert.deepEqual(rows[0], { extra: 0, missing: 0 }, `${name} matches the orders`);
  }
}

async function letter(extra: Record<string, unknown> = {}) {
  const response = await t.api('/letters', {
    method: 'POST',
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>', ...extra },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

before(async () => {
  t = await startTestApp();
  const db = t.database.db;
  // Today: 6 letters (2 certified), 3 postcards; one letter cancelled, two progressed to completed.
  const made = [];
  for (let i = 0; i < 6; i++) made.push(await letter(i < 2 ? { extraService: 'certified' } : {}));
  for (let i = 0; i < 3; i++) {
    const postcard = await t.api('/postcards', {
      method: 'POST',
      json: { to: usAddress(), size: '6x4', frontHTML: 'f', backHTML: 'b' },
    });
    made.push(postcard.body);
  }
  await t.api(`/letters/${made[5].id}`, { method: 'DELETE' });
  for (const order of made.slice(0, 3))
    for (let step = 0; step < 3; step++) {
      const moved = await t.api(`/letters/${order.id}/progressions`, { method: 'POST' });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
    }
  // A history: 40 more letters spread over the last 20 days, mailed after 1-40 hours, completed 2-5 days
  // later, with scans, returns and SLA deadlines met, missed and still open.
  for (let i = 0; i < 40; i++) await letter(i % 7 === 0 ? { extraService: 'registered' } : {});
  await sql`
    with history as (
      select id, row_number() over (order by id) as i from orders
      where kind = 'letter' and status = 'ready' and organization_id = ${t.org.organizationId}
      order by id limit 40
    )
    update orders o set
      created_at = now() - (h.i % 20) * interval '1 day' - interval '3 days',
      status = case when h.i % 5 = 0 then 'printing' when h.i % 3 = 0 then 'processed_for_delivery' else 'completed' end,
      printing_at = now() - (h.i % 20) * interval '1 day' - interval '3 days' + interval '30 minutes',
      sla_deadline = now() - (h.i % 20) * interval '1 day' - interval '3 days' + interval '20 hours',
      processed_at = case when h.i % 5 = 0 then null
                          else now() - (h.i % 20) * interval '1 day' - interval '3 days' + h.i * interval '1 hour' end,
      completed_at = case when h.i % 5 <> 0 and h.i % 3 <> 0
                          then now() - (h.i % 20) * interval '1 day' + (h.i % 4) * interval '12 hours' - interval '1 day' end,
      imb_status = (array[null, 'entered_mail_stream', 'out_for_delivery', 'returned_to_sender'])[1 + h.i % 4],
      imb_date = case when h.i % 4 > 0 then now() - interval '1 day' end
    from history h where o.id = h.id`.execute(db);
  // Webhook attempts of a webhook of this organization: delivered, retried, failed, and one test event.
  const hook = await t.api('/webhooks', {
    method: 'POST',
    json: { url: 'https://example.com/hook', enabledEvents: ['letter.created'] },
  });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  await sql`
    insert into webhook_invocations (id, webhook_id, delivery_id, event_id, type, attempt, status_code, duration_ms,
                                     next_attempt_at, created_at)
    select 'webhook_invocation_t' || g, ${hook.body.id}, case when g = 10 then null else g end, 'event_x', 'letter.created', 1,
           case when g <= 6 then 200 when g <= 8 then 500 else 0 end,
           5, case when g in (7, 8) then now() + interval '5 minutes' end, now() - (g % 3) * interval '1 day'
    from generate_series(1, 10) g`.execute(db);
});
after(async () => {
  await t?.close();
});

describe('rollups', () => {
  test('equal the orders they count, after creates, cancels, progressions and changes by SQL', async () => {
    await assertRollupsMatch(t.database.db);
  });

  test('concurrent creates from many connections each count once', async () => {
    await Promise.all(Array.from({ length: 40 }, () => letter({ description: 'concurrent' })));
    await assertRollupsMatch(t.database.db);
  });

  test('are emptied with the orders by TRUNCATE, and exact again for rows inserted further along', async () => {
    const other = await startTestApp();
    try {
      const db = other.database.db;
      await other.api('/letters', {
        method: 'POST',
        json: { to: usAddress(), from: senderAddress(), html: 'x' },
      });
      await sql`truncate orders cascade`.execute(db);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from stats_orders`.execute(db);
      assert.equal(rows[0]!.n, 0);
      await sql`
        insert into orders (id, kind, organization_id, live, status, to_contact, send_date, mailing_class, processed_at,
                            sla_deadline, created_at)
        values ('letter_imported', 'letter', ${other.org.organizationId}, true, 'processed_for_delivery', '{}', now(),
                'first_class', now(), now() - interval '1 hour', now() - interval '1 day')`.execute(db);
      await assertRollupsMatch(db);
    } finally {
      await other.close();
    }
  });
});

describe('GET /stats', () => {
  const period = { from: daysAgo(29), to: today };

  test('every figure equals the plain GROUP BY over orders', async () => {
    const stats = await t.api(`/stats?from=${period.from}&to=${period.to}`);
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    const floor = await floorStats(
      t.database.pool,
      { organizationId: t.org.organizationId, live: false },
      period,
    );
    const body = stats.body;
    assert.equal(body.object, 'stats');
    assert.equal(body.days.length, 30);
    const daily = body.orders.daily
      .map((d: any) => ({ day: d.date, kind: d.kind, status: d.status, n: d.count }))
      .sort((a: any, b: any) => `${a.day}${a.kind}${a.status}`.localeCompare(`${b.day}${b.kind}${b.status}`));
    assert.deepEqual(daily, floor.orders);
    assert.ok(new Set(daily.map((d: any) => d.day)).size > 10, 'a history over many days');
    assert.deepEqual(
      body.cost.daily.filter((d: any) => d.amount !== 0),
      floor.cost.filter((d) => d.amount !== 0).map((d) => ({ date: d.day, amount: d.amount })),
    );
    assert.equal(
      body.cost.total,
      floor.cost.reduce((s, d) => s + d.amount, 0),
    );
    assert.ok(body.cost.total > 0);
    assert.deepEqual(body.imbFunnel, floor.funnel);
    assert.ok(body.imbFunnel.returnedToSender > 0 && body.imbFunnel.outForDelivery > 0);
    assert.deepEqual({ missed: body.sla.missed, open: body.sla.open, met: body.sla.met }, floor.sla);
    assert.ok(body.sla.missed > 0 && body.sla.open > 0 && body.sla.met > 0);
    assert.equal(body.sla.breaches, floor.sla.missed + floor.sla.open);
    assert.deepEqual(
      { delivered: body.webhooks.delivered, retried: body.webhooks.retried, failed: body.webhooks.failed },
      floor.webhooks,
    );
    assert.deepEqual(floor.webhooks, { delivered: 6, retried: 2, failed: 1 });
    assert.equal(body.webhooks.successRate, 6 / 9);
    for (const stage of ['mailed', 'completed'] as const) {
      const exact = floor[stage];
      assert.equal(body.deliveryTimes[stage].count, exact.count);
      assert.ok(exact.count > 5);
      for (const p of ['p50', 'p90'] as const) {
        // A bucket is 9% wide (2^(1/8)): the interpolated quantile is within it.
        const ratio = body.deliveryTimes[stage][p] / Number(exact[p]);
        assert.ok(
          ratio > 1 / 1.1 && ratio < 1.1,
          `${stage} ${p}: ${body.deliveryTimes[stage][p]} vs ${exact[p]}`,
        );
      }
    }
  });

  test('another period and the other mode give other numbers', async () => {
    const week = await t.api(`/stats?from=${daysAgo(6)}&to=${today}`);
    const month = await t.api(`/stats?from=${period.from}&to=${period.to}`);
    assert.equal(week.body.days.length, 7);
    assert.ok(week.body.orders.total < month.body.orders.total);
    const live = await t.api(`/stats?from=${period.from}&to=${period.to}`, { key: t.org.liveApiKey });
    assert.equal(live.body.live, true);
    assert.equal(live.body.orders.total, 0);
    const defaults = await t.api('/stats');
    assert.equal(defaults.body.to, today);
    assert.equal(defaults.body.days.length, 30);
  });

  test('a bad period is refused in words', async () => {
    for (const [query, message] of [
      ['from=2025-02-30', /from must be a date/],
      ['from=2025-03-01&to=2025-02-01', /from must be on or before to/],
      ['from=2020-01-01&to=2025-01-01', /at most 366 days/],
      ['to=yesterday', /to/],
    ] as const) {
      const response = await t.api(`/stats?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.error.type, 'validation_error');
      assert.match(response.body.error.message, message);
    }
  });
});

describe('GET /usage', () => {
  test('totals by kind and extra service; cancelled orders counted apart and costing 0; CSV', async () => {
    const usage = await t.api(`/usage?from=${daysAgo(40)}&to=${today}`);
    assert.equal(usage.status, 200, JSON.stringify(usage.body));
    const { rows } = await sql<{
      kind: string;
      extra: string | null;
      orders: number;
      cancelled: number;
      amount: number;
    }>`
      select kind, extra_service as extra, count(*) filter (where status <> 'cancelled')::int as orders,
             count(*) filter (where status = 'cancelled')::int as cancelled,
             sum((price ->> 'total')::bigint)::int as amount
      from orders where organization_id = ${t.org.organizationId} and not live
      group by 1, 2 order by 1, coalesce(extra_service, '')`.execute(t.database.db);
    assert.deepEqual(
      usage.body.data,
      rows.map((r) => ({
        kind: r.kind,
        extraService: r.extra,
        orders: r.orders,
        cancelled: r.cancelled,
        amount: r.amount,
      })),
    );
    assert.ok(usage.body.data.some((r: any) => r.extraService === 'certified'));
    assert.ok(usage.body.data.some((r: any) => r.cancelled === 1));
    assert.equal(
      usage.body.total,
      rows.reduce((s, r) => s + r.amount, 0),
    );

    const response = await fetch(
      `${t.baseUrl}/print-mail/v1/usage?from=${daysAgo(40)}&to=${today}&format=csv`,
      {
        headers: { 'x-api-key': t.org.testApiKey },
      },
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /attachment; filename="usage-/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    assert.equal(lines[0], 'kind,extra_service,orders,cancelled,amount,currency,from,to');
    assert.equal(lines.length, usage.body.data.length + 2);
    const total = lines.at(-1)!.split(',');
    assert.equal(total[0], 'total');
    assert.equal(total[4], (usage.body.total / 100).toFixed(2));
    const certified = lines.find((l) => l.startsWith('letter,certified,'))!.split(',');
    const row = usage.body.data.find((r: any) => r.kind === 'letter' && r.extraService === 'certified');
    assert.equal(certified[4], (row.amount / 100).toFixed(2));
  });
});

describe('OpenAPI', () => {
  test('documents /stats, /usage and /quotes from their schemas', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as any;
    const stats = doc.paths['/print-mail/v1/stats'].get;
    assert.deepEqual(stats.parameters.map((p: any) => p.name).sort(), ['from', 'to']);
    const body = stats.responses['200'].content['application/json'].schema;
    for (const field of ['orders', 'deliveryTimes', 'imbFunnel', 'sla', 'webhooks', 'cost'])
      assert.ok(body.properties[field], field);
    assert.ok(doc.paths['/print-mail/v1/usage'].get.parameters.some((p: any) => p.name === 'format'));
    const quote = doc.paths['/print-mail/v1/quotes'].post;
    assert.ok(quote.requestBody.content['application/json'].schema.properties.kind);
    assert.ok(quote.responses['200'].content['application/json'].schema.properties.lines);
  });
});
