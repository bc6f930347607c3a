// /metrics during a scale-test-like load: each named series moves as the load does (pending deliveries rise
// while a receiver is down and fall after it is back; orders moved, scheduler lag, scans, SLA, jobs), and
// the series stay the same set however many orders and organizations there are.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createKeyVault } from '../../src/auth/key-vault.ts';
import { letterSpec } from '../../src/letters/service.ts';
import { createOrder } from '../../src/orders/service.ts';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { FEED_TOKEN, mailedLetter, pushFeed, scanEvent, trackingCode } from '../ingestion/fixtures.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { parseMetrics, type Scrape, scrape, value } from './scrape.ts';

let t: TestApp;
let receiver: Receiver;
let up = false;
const metrics = () => scrape(`${t.baseUrl}/metrics`);

before(async () => {
  receiver = await startReceiver(() => (up ? { status: 200 } : { status: 503 }));
  t = await startTestApp(
    {
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOKS_TIMEOUT: '1s',
      WEBHOOKS_RETRY_SCHEDULE: '300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms',
      WEBHOOKS_RETRY_JITTER: '0',
      USPS_FEED_TOKEN: FEED_TOKEN,
      // The worker's scheduler ticks once at start, then not for an hour: this test moves orders itself.
      PIPELINE_TICK_INTERVAL: '1h',
      SIMULATED_PRINTER: 'false',
      METRICS_TOP_WEBHOOKS: '5',
    },
    { worker: true },
  );
});
after(async () => {
  await t?.close();
  await receiver?.close();
});

const letter = (key = t.org.testApiKey) =>
  t.api('/letters', {
    method: 'POST',
    key,
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' },
  });

describe('series move with the load', () => {
  test('webhook deliveries pile up while the receiver is down and drain once it is back', async () => {
    const hook = await t.api('/webhooks', {
      method: 'POST',
      json: { url: `${receiver.url}/hook`, enabledEvents: ['letter.created'] },
    });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));
    const before = await metrics();
    for (let i = 0; i < 20; i++) assert.equal((await letter()).status, 200);
    const down = await eventually(
      async () => {
        const s = await metrics();
        return (
          value(s, 'mailstream_webhook_deliveries_total', { outcome: 'retry' }) >=
            value(before, 'mailstream_webhook_deliveries_total', { outcome: 'retry' }) + 20 && s
        );
      },
      20_000,
      'failed attempts of every delivery',
    );
    assert.equal(value(down, 'mailstream_webhook_deliveries_pending'), 20);
    assert.equal(value(down, 'mailstream_webhook_pending_deliveries', { webhook: hook.body.id }), 20);
    assert.ok(value(down, 'mailstream_webhook_oldest_pending_seconds', { webhook: hook.body.id }) > 0);
    assert.ok(value(down, 'mailstream_webhook_deliveries_oldest_pending_seconds') > 0);

    up = true;
    const drained = await eventually(
      async () => {
        const s = await metrics();
        return value(s, 'mailstream_webhook_deliveries_pending') === 0 && s;
      },
      20_000,
      'the backlog to drain',
    );
    assert.equal(
      value(drained, 'mailstream_webhook_deliveries_total', { outcome: 'delivered' }) -
        value(before, 'mailstream_webhook_deliveries_total', { outcome: 'delivered' }),
      20,
    );
    assert.equal(value(drained, 'mailstream_webhook_pending_deliveries', { webhook: hook.body.id }), 0);
  });

  test('a webhook answering 410 is counted disabled', async () => {
    const gone = await startReceiver(() => ({ status: 410 }));
    try {
      const before = value(await metrics(), 'mailstream_webhooks_disabled', { reason: 'gone' });
      const hook = await t.api('/webhooks', {
        method: 'POST',
        json: { url: `${gone.url}/gone`, enabledEvents: ['letter.created'] },
      });
      assert.equal(hook.status, 200);
      await letter();
      await eventually(
        async () => value(await metrics(), 'mailstream_webhooks_disabled', { reason: 'gone' }) === before + 1,
        20_000,
        'the webhook to be disabled',
      );
    } finally {
      await gone.close();
    }
  });

  test('orders due but not moved: the scheduler lag, then the orders moved per transition', async () => {
    const settings = { profile: t.config.profile, pipeline: t.config.pipeline };
    await runSchedulerTick(t.database.db, settings, new Date());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await letter()).body.id);
    // Test orders keep production timing in every profile: due at the first midnight ET after their
    // sendDate. Two days back, that midnight has passed.
    await sql`update orders set send_date = send_date - interval '2 days' where id = any(${ids})`.execute(
      t.database.db,
    );
    const due = await metrics();
    assert.equal(value(due, 'mailstream_scheduler_due_orders', { step: 'test_completion' }), 5);
    assert.ok(value(due, 'mailstream_scheduler_lag_seconds', { step: 'test_completion' }) > 0);
    // They move once the worker has rendered them.
    await eventually(
      async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from orders where status = 'ready' and render_status = 'rendering'`.execute(
          t.database.db,
        );
        return rows[0]!.n === 0;
      },
      120_000,
      'the letters rendered',
    );
    // This tick or the worker's own loop (whichever runs first once they are rendered) completes them.
    await runSchedulerTick(t.database.db, settings, new Date());
    await eventually(
      async () => {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from orders where id = any(${ids}) and status = 'completed'`.execute(
          t.database.db,
        );
        return rows[0]!.n === 5;
      },
      30_000,
      'the letters completed',
    );
    const after = await metrics();
    assert.equal(value(after, 'mailstream_scheduler_due_orders', { step: 'test_completion' }), 0);
    assert.equal(value(after, 'mailstream_scheduler_lag_seconds', { step: 'test_completion' }), 0);
    const label = { from: 'ready', to: 'completed' };
    assert.equal(
      value(after, 'mailstream_orders_moved_total', label) -
        value(due, 'mailstream_orders_moved_total', label),
      5,
    );
    // A cancel is a transition too.
    const one = await letter();
    await t.api(`/letters/${one.body.id}`, { method: 'DELETE' });
    const cancelled = await metrics();
    assert.equal(
      value(cancelled, 'mailstream_orders_moved_total', { from: 'ready', to: 'cancelled' }) -
        value(after, 'mailstream_orders_moved_total', { from: 'ready', to: 'cancelled' }),
      1,
    );
  });

  test('IV-MTR scans received, matched and unmatched, and the seconds since the last', async () => {
    const before = await metrics();
    const mailed = await mailedLetter(t, 4242);
    assert.ok(mailed);
    const pushed = await pushFeed(t, {
      events: [scanEvent(trackingCode(4242)), scanEvent(trackingCode(999_999)), { imb: 'not an imb' }],
    });
    assert.equal(pushed.status, 200, JSON.stringify(pushed.body));
    const s = await metrics();
    const delta = (result: string) =>
      value(s, 'mailstream_ivmtr_scans_total', { source: 'feed', result }) -
      value(before, 'mailstream_ivmtr_scans_total', { source: 'feed', result });
    assert.equal(delta('received'), 3);
    assert.equal(delta('matched'), 1);
    assert.equal(delta('unmatched'), 1);
    assert.equal(delta('invalid'), 1);
    const since = value(s, 'mailstream_ivmtr_seconds_since_last_scan', { source: 'feed' });
    assert.ok(since >= 0 && since < 5, String(since));
  });

  test('SLA breaches: orders still printing past their deadline', async () => {
    const before = value(await metrics(), 'mailstream_sla_breached_orders');
    const made = await letter(t.org.liveApiKey);
    await sql`update orders set status = 'printing', printing_at = now() - interval '3 days',
                sla_deadline = now() - interval '1 hour' where id = ${made.body.id}`.execute(t.database.db);
    assert.equal(value(await metrics(), 'mailstream_sla_breached_orders'), before + 1);
    await sql`update orders set status = 'processed_for_delivery', processed_at = now() where id = ${made.body.id}`.execute(
      t.database.db,
    );
    assert.equal(value(await metrics(), 'mailstream_sla_breached_orders'), before);
  });

  test('graphile-worker jobs and the database pool', async () => {
    const s = await metrics();
    assert.equal(value(s, 'mailstream_jobs', { task: 'simulated_usps_tick' }), 1);
    assert.ok(value(s, 'mailstream_db_pool_connections', { state: 'in_use' }) >= 1);
    assert.equal(value(s, 'mailstream_db_pool_waiting_requests'), 0);
  });
});

/**
 * Every mailstream series (name and labels) but the per-webhook ones, whose count the top-N bound caps.
 * prom-client's own process series (nodejs_*, process_*) label by Node's fixed sets of handle and GC kinds.
 */
function seriesKeys(s: Scrape): Set<string> {
  return new Set(
    s.samples
      .filter((x) => x.name.startsWith('mailstream_') && x.labels.webhook === undefined)
      .map(
        (x) =>
          `${x.name}{${Object.entries(x.labels)
            .sort()
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}}`,
      ),
  );
}

describe('bounded cardinality', () => {
  /** The same requests for each organization: the kinds of traffic a real installation gets. */
  async function trafficOf(org: CreatedOrganization, orders: number) {
    // The bulk through the service the route calls (the HTTP series come from the requests below).
    const auth = { organizationId: org.organizationId, live: false, keyId: 'test' };
    await Promise.all(
      Array.from({ length: orders }, () =>
        createOrder(t.database.db, auth, letterSpec, {
          to: usAddress(),
          from: senderAddress(),
          html: '<p>Hi</p>',
        }),
      ),
    );
    const one = await letter(org.testApiKey);
    await t.api(`/letters/${one.body.id}`, { key: org.testApiKey });
    await t.api(`/letters/${one.body.id}/tracking_events`, { key: org.testApiKey });
    await t.api('/letters?limit=5', { key: org.testApiKey });
    await t.api(`/letters/letter_missing${org.organizationId}`, { key: org.testApiKey });
    await t.api(`/letters/${one.body.id}`, { method: 'DELETE', key: org.testApiKey });
    await fetch(`${t.baseUrl}/wp-admin/${org.organizationId}.php`);
    await t.api('/webhooks', {
      method: 'POST',
      key: org.testApiKey,
      json: { url: `${receiver.url}/${org.organizationId}`, enabledEvents: ['letter.updated'] },
    });
  }

  test('10,000 orders in 100 organizations add no series and no ids', async () => {
    up = true;
    const vault = createKeyVault(t.config.secret!);
    const settings = { profile: t.config.profile, pipeline: t.config.pipeline };
    const orgs = [];
    for (let i = 0; i < 100; i++) orgs.push(await createOrganization(t.database.db, `Tenant ${i}`, vault));
    await trafficOf(orgs[0]!, 10);
    await runSchedulerTick(t.database.db, settings, new Date());
    const small = await metrics();
    // The rest, ten organizations at a time.
    for (let i = 1; i < 100; i += 11) {
      await Promise.all(orgs.slice(i, i + 11).map((org) => trafficOf(org, 100)));
      await runSchedulerTick(t.database.db, settings, new Date());
    }
    const { rows } = await sql<{ orders: number; orgs: number }>`
      select count(*)::int as orders, count(distinct organization_id)::int as orgs from orders
      where organization_id = any(${orgs.map((o) => o.organizationId)}::text[])`.execute(t.database.db);
    assert.ok(rows[0]!.orders >= 10_000, `${rows[0]!.orders} orders`);
    assert.equal(rows[0]!.orgs, 100);
    const large = await metrics();
    const before = seriesKeys(small);
    const now = seriesKeys(large);
    assert.deepEqual(
      { added: [...now].filter((k) => !before.has(k)), gone: [...before].filter((k) => !now.has(k)) },
      { added: [], gone: [] },
    );
    const perWebhook = large.samples.filter((x) => x.name === 'mailstream_webhook_pending_deliveries');
    assert.ok(perWebhook.length <= 5, `${perWebhook.length} per-webhook series`);
    assert.ok(large.samples.length < 1500, `${large.samples.length} samples`);
    for (const org of orgs) assert.ok(!large.text.includes(org.organizationId), 'no organization id');
    assert.doesNotMatch(large.text, /letter_[A-Za-z0-9]{22}/, 'no order id');
    // And the exposition still parses the same way a scraper reads it.
    assert.equal(parseMetrics(large.text).samples.length, large.samples.length);
  });
});
