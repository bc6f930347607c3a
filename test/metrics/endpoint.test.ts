// Where GET /metrics is served and who may read it: on PORT by default, on a port of its own, behind a
// bearer token, at another path, off; on every role; and the render queue's series once registered.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { createKeyVault } from '../../src/auth/key-vault.ts';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { metricsPort } from '../../src/metrics/endpoint.ts';
import { registerRenderQueueMetrics } from '../../src/metrics/process-metrics.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase } from '../support/database.ts';
import { has, scrape, value } from './scrape.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
const apps: TestApp[] = [];
after(async () => {
  for (const app of apps) await app.close();
});
async function app(env: Record<string, string> = {}) {
  const made = await startTestApp(env);
  apps.push(made);
  return made;
}

describe('GET /metrics', () => {
  test('on PORT by default, in Prometheus text format, counting requests by route pattern', async () => {
    const t = await app();
    const created = await t.api('/letters', {
      method: 'POST',
      json: {
        to: {
          firstName: 'A',
          addressLine1: '1 Main St',
          city: 'NYC',
          provinceOrState: 'NY',
          postalOrZip: '10001',
          countryCode: 'US',
        },
        from: {
          companyName: 'B',
          addressLine1: '2 Main St',
          city: 'NYC',
          provinceOrState: 'NY',
          postalOrZip: '10001',
          countryCode: 'US',
        },
        html: 'x',
      },
    });
    for (let i = 0; i < 3; i++) await t.api(`/letters/${created.body.id}`);
    await t.api('/letters/letter_nope');
    await fetch(`${t.baseUrl}/no/such/${randomBytes(4).toString('hex')}`, { method: 'POST' });
    const response = await fetch(`${t.baseUrl}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const s = await scrape(`${t.baseUrl}/metrics`);
    const route = '/print-mail/v1/letters/:id';
    assert.equal(value(s, 'mailstream_http_requests_total', { method: 'GET', route, status_code: '200' }), 3);
    assert.equal(value(s, 'mailstream_http_requests_total', { method: 'GET', route, status_code: '404' }), 1);
    assert.equal(
      value(s, 'mailstream_http_request_duration_seconds_count', { route, status_code: '200' }),
      3,
    );
    assert.equal(value(s, 'mailstream_http_requests_total', { route: '(unmatched)', method: 'POST' }), 1);
    assert.ok(!s.text.includes(created.body.id), 'no order id in any label');
    assert.ok(!s.text.includes(t.org.organizationId), 'no organization id in any label');
    // Process metrics and the pool.
    assert.ok(value(s, 'process_resident_memory_bytes') > 0);
    assert.ok(has(s, 'nodejs_eventloop_lag_seconds'));
    assert.equal(value(s, 'mailstream_db_pool_max_connections'), 20);
    assert.equal(value(s, 'mailstream_metrics_database_up'), 1);
  });

  test('METRICS_TOKEN: a scrape needs the bearer token', async () => {
    const t = await app({ METRICS_TOKEN: TOKEN });
    assert.equal((await fetch(`${t.baseUrl}/metrics`)).status, 401);
    const wrong = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer');
    const s = await scrape(`${t.baseUrl}/metrics`, TOKEN);
    assert.ok(has(s, 'mailstream_metrics_database_up'));
  });

  test('METRICS_PORT: a listener of its own, and none on PORT; METRICS_PATH moves it', async () => {
    const t = await app({
      METRICS_PORT: '0',
      METRICS_HOST: '127.0.0.1',
      METRICS_PATH: '/internal/prom',
      METRICS_TOKEN: TOKEN,
    });
    const port = metricsPort(t.app);
    assert.ok(port && port > 0);
    const own = `http://127.0.0.1:${port}`;
    const s = await scrape(`${own}/internal/prom`, TOKEN);
    assert.ok(has(s, 'mailstream_scheduler_due_orders', { step: 'printing' }));
    assert.equal((await fetch(`${own}/internal/prom`)).status, 401);
    assert.equal(
      (await fetch(`${own}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      404,
    );
    const onPort = await fetch(`${t.baseUrl}/internal/prom`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.doesNotMatch(await onPort.text(), /mailstream_/);
    await t.app.close();
    // Closed with the app.
    await assert.rejects(fetch(`${own}/internal/prom`));
  });

  test('METRICS_ENABLED=false: no endpoint', async () => {
    const t = await app({ METRICS_ENABLED: 'false' });
    const response = await fetch(`${t.baseUrl}/metrics`);
    assert.doesNotMatch(await response.text(), /mailstream_/);
  });

  test('a worker process answers it too', async () => {
    const database = await createTestDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', MAILSTREAM_SECRET: randomBytes(32).toString('hex') });
    const worker = await buildApp({
      db: database.db,
      pool: database.pool,
      config,
      logger: createLogger(config),
      role: 'worker',
      vault: createKeyVault(config.secret!),
    });
    try {
      await worker.listen({ port: 0, host: '127.0.0.1' });
      const address = worker.server.address() as { port: number };
      const s = await scrape(`http://127.0.0.1:${address.port}/metrics`);
      assert.ok(has(s, 'mailstream_webhook_deliveries_pending'));
      assert.equal((await fetch(`http://127.0.0.1:${address.port}/print-mail/v1/letters`)).status, 404);
    } finally {
      await worker.close();
      await database.drop();
    }
  });

  test('configuration mistakes stop the start, naming the variable', () => {
    for (const [name, value] of [
      ['METRICS_TOKEN', 'short'],
      ['METRICS_PATH', 'metrics'],
      ['METRICS_PORT', 'x'],
      ['METRICS_ENABLED', 'perhaps'],
      ['METRICS_TOP_WEBHOOKS', '1000'],
    ]) {
      assert.throws(
        () => loadConfig({ [name!]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === name,
        name,
      );
    }
  });

  test('the render queue series exist once the renderer registers its queue', async () => {
    const t = await app();
    assert.ok(!(await scrape(`${t.baseUrl}/metrics`)).declared.has('mailstream_render_queue_depth'));
    let depth = 7;
    registerRenderQueueMetrics(async () => ({ depth, oldestAgeSeconds: depth === 0 ? null : 42 }));
    let s = await scrape(`${t.baseUrl}/metrics`);
    assert.equal(value(s, 'mailstream_render_queue_depth'), 7);
    assert.equal(value(s, 'mailstream_render_queue_oldest_age_seconds'), 42);
    depth = 0;
    s = await scrape(`${t.baseUrl}/metrics`);
    assert.equal(value(s, 'mailstream_render_queue_depth'), 0);
    assert.equal(value(s, 'mailstream_render_queue_oldest_age_seconds'), 0);
  });
});
