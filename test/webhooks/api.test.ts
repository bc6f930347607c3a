import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jwtVerify } from 'jose';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { createHook, emitEvent, newOrg, webhookTestEnv } from './support.ts';

let t: TestApp;
let strict: TestApp;
let receiver: Receiver;
before(async () => {
  t = await startTestApp(webhookTestEnv);
  strict = await startTestApp(); // WEBHOOKS_ALLOW_PRIVATE_NETWORKS unset: https only, no private addresses
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await t.close();
  await strict.close();
});

const hookBody = (overrides: Record<string, unknown> = {}) => ({
  url: `${receiver.url}/hooks`,
  enabledEvents: ['letter.created', 'letter.updated'],
  ...overrides,
});

describe('POST /webhooks', () => {
  test('creates a webhook in PostGrid shape; the secret is returned on create only', async () => {
    const created = await t.api('/webhooks', {
      method: 'POST',
      json: hookBody({ description: 'orders', metadata: { team: 'ops' } }),
    });
    assert.equal(created.status, 200);
    assert.match(created.body.id, /^webhook_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'webhook');
    assert.equal(created.body.live, false);
    assert.equal(created.body.url, `${receiver.url}/hooks`);
    assert.deepEqual(created.body.enabledEvents, ['letter.created', 'letter.updated']);
    assert.equal(created.body.enabled, true);
    assert.equal(created.body.payloadFormat, 'jwt');
    assert.equal(created.body.description, 'orders');
    assert.deepEqual(created.body.metadata, { team: 'ops' });
    assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
    assert.ok(!Number.isNaN(Date.parse(created.body.createdAt)));
    const read = await t.api(`/webhooks/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.secret, undefined);
    const { secret: _secret, ...withoutSecret } = created.body;
    assert.deepEqual(read.body, withoutSecret);
  });

  test('standard webhooks get a whsec_ secret of 24 random bytes; a given secret is kept', async () => {
    const standard = await t.api('/webhooks', {
      method: 'POST',
      json: hookBody({ payloadFormat: 'standard' }),
    });
    assert.equal(standard.status, 200);
    assert.equal(standard.body.payloadFormat, 'standard');
    assert.match(standard.body.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    const own = await t.api('/webhooks', {
      method: 'POST',
      json: hookBody({ payloadFormat: 'json', secret: 'my-own-secret-of-enough-length' }),
    });
    assert.equal(own.body.secret, 'my-own-secret-of-enough-length');
  });

  for (const [name, overrides, pattern] of [
    ['a short secret', { secret: 'short' }, /secret/],
    ['a whsec_ secret that is not base64', { secret: 'whsec_!!!!not-base64-at-all!!!!' }, /secret.*base64/],
    ['an unknown event type', { enabledEvents: ['letter.deleted'] }, /enabledEvents/],
    ['no event types', { enabledEvents: [] }, /enabledEvents/],
    ['a repeated event type', { enabledEvents: ['letter.created', 'letter.created'] }, /enabledEvents/],
    ['an unknown payload format', { payloadFormat: 'xml' }, /payloadFormat/],
    ['no url', { url: undefined }, /url/],
    ['a url that is not a URL', { url: 'not a url' }, /url/],
  ] as const) {
    test(`refuses ${name} and creates nothing`, async () => {
      const before = await hookCount(t);
      const response = await t.api('/webhooks', { method: 'POST', json: hookBody(overrides) });
      assert.equal(response.status, 400);
      assert.equal(response.body.error.type, 'validation_error');
      assert.match(response.body.error.message, pattern);
      assert.equal(await hookCount(t), before);
    });
  }

  test('without WEBHOOKS_ALLOW_PRIVATE_NETWORKS only https to public hosts is accepted', async () => {
    const cases: [string, RegExp | null][] = [
      ['http://hooks.example.com/x', /url must use https; .*WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true/],
      ['https://127.0.0.1/x', /private or reserved address; set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true/],
      ['https://10.1.2.3/x', /private or reserved address; set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true/],
      ['https://169.254.169.254/latest', /cloud metadata address \(refused even with WEBHOOKS_ALLOW_PRIVATE/],
      ['https://localhost/x', /private or reserved address; set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true/],
      ['https://user:pw@hooks.example.com/x', /credentials/],
      ['https://hooks.example.com/x', null],
    ];
    for (const [url, problem] of cases) {
      const response = await strict.api('/webhooks', {
        method: 'POST',
        json: { url, enabledEvents: ['letter.created'] },
      });
      if (problem) {
        assert.equal(response.status, 400, url);
        assert.match(response.body.error.message, problem, url);
      } else {
        assert.equal(response.status, 200, url);
      }
    }
  });

  test('with WEBHOOKS_ALLOW_PRIVATE_NETWORKS, http and private receivers pass but cloud metadata stays refused', async () => {
    for (const url of ['http://10.1.2.3/x', 'http://localhost:9/x']) {
      const response = await t.api('/webhooks', {
        method: 'POST',
        json: { url, enabledEvents: ['letter.created'] },
      });
      assert.equal(response.status, 200, url);
    }
    for (const url of ['http://169.254.169.254/latest', 'https://[::ffff:169.254.169.254]/x']) {
      const response = await t.api('/webhooks', {
        method: 'POST',
        json: { url, enabledEvents: ['letter.created'] },
      });
      assert.equal(response.status, 400, url);
      assert.equal(
        response.body.error.message,
        'url must not point to a cloud metadata address (refused even with WEBHOOKS_ALLOW_PRIVATE_NETWORKS).',
      );
    }
    const ftp = await t.api('/webhooks', {
      method: 'POST',
      json: { url: 'ftp://10.1.2.3/x', enabledEvents: ['letter.created'] },
    });
    assert.equal(ftp.body.error.message, 'url must use http or https.');
  });

  test('an Idempotency-Key returns the first webhook instead of creating another', async () => {
    const headers = { 'idempotency-key': 'hook-once' };
    const first = await t.api('/webhooks', { method: 'POST', headers, json: hookBody() });
    const before = await hookCount(t);
    const again = await t.api('/webhooks', { method: 'POST', headers, json: hookBody() });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(await hookCount(t), before);
  });
});

describe('reading, updating and deleting', () => {
  test('lists newest first with totalCount and paging', async () => {
    const org = await newOrg(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await createHook(t, org, hookBody({ description: `hook ${i}` }))).id);
    const page = await t.api('/webhooks?limit=2', { key: org.testApiKey });
    assert.equal(page.status, 200);
    assert.equal(page.body.object, 'list');
    assert.equal(page.body.totalCount, 3);
    assert.deepEqual(
      page.body.data.map((h: { id: string }) => h.id),
      [ids[2], ids[1]],
    );
    assert.ok(page.body.data.every((h: { secret?: string }) => h.secret === undefined));
    const rest = await t.api('/webhooks?limit=2&skip=2', { key: org.testApiKey });
    assert.deepEqual(
      rest.body.data.map((h: { id: string }) => h.id),
      [ids[0]],
    );
  });

  test('POST /webhooks/{id} updates the given fields; null clears description and metadata', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody({ description: 'd', metadata: { a: 1 } }));
    const updated = await t.api(`/webhooks/${hook.id}`, {
      method: 'POST',
      key: org.testApiKey,
      json: {
        enabledEvents: ['postcard.updated'],
        description: null,
        metadata: null,
        payloadFormat: 'json',
        enabled: false,
      },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.enabledEvents, ['postcard.updated']);
    assert.equal(updated.body.description, undefined);
    assert.equal(updated.body.metadata, undefined);
    assert.equal(updated.body.payloadFormat, 'json');
    assert.equal(updated.body.enabled, false);
    assert.equal(updated.body.url, hook.url);
    assert.equal(updated.body.secret, undefined);
    const refused = await t.api(`/webhooks/${hook.id}`, {
      method: 'POST',
      key: org.testApiKey,
      json: { url: 'ftp://example.com' },
    });
    assert.equal(refused.status, 400);
    assert.equal((await t.api(`/webhooks/${hook.id}`, { key: org.testApiKey })).body.url, hook.url);
  });

  test('re-enabling forgets an automatic disable and its failure clock', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody());
    await t.database.db
      .updateTable('webhooks')
      .set({ enabled: false, disabled_reason: 'gone', failing_since: new Date(Date.now() - 3600_000) })
      .where('id', '=', hook.id)
      .execute();
    const disabled = await t.api(`/webhooks/${hook.id}`, { key: org.testApiKey });
    assert.equal(disabled.body.disabledReason, 'gone');
    const enabled = await t.api(`/webhooks/${hook.id}`, {
      method: 'POST',
      key: org.testApiKey,
      json: { enabled: true },
    });
    assert.equal(enabled.body.enabled, true);
    assert.equal(enabled.body.disabledReason, undefined);
    const row = await t.database.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', hook.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.failing_since, null);
    assert.equal(row.disabled_reason, null);
  });

  test('DELETE removes the webhook from reads and lists and stops its pending deliveries', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody());
    await emitEvent(t, org);
    const deleted = await t.api(`/webhooks/${hook.id}`, { method: 'DELETE', key: org.testApiKey });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.body, { id: hook.id, object: 'webhook', deleted: true });
    assert.equal((await t.api(`/webhooks/${hook.id}`, { key: org.testApiKey })).status, 404);
    assert.equal((await t.api('/webhooks', { key: org.testApiKey })).body.totalCount, 0);
    assert.equal(
      (await t.api(`/webhooks/${hook.id}`, { method: 'DELETE', key: org.testApiKey })).status,
      404,
    );
    const pending = await t.database.db
      .selectFrom('webhook_deliveries')
      .select('status')
      .where('webhook_id', '=', hook.id)
      .execute();
    assert.deepEqual(
      pending.map((d) => d.status),
      ['failed'],
    );
  });
});

describe('isolation', () => {
  test("another organization's key, or the other mode's key, sees 404 everywhere", async () => {
    const owner = await newOrg(t);
    const stranger = await newOrg(t);
    const hook = await createHook(t, owner, hookBody());
    const eventId = await emitEvent(t, owner);
    for (const key of [stranger.testApiKey, owner.liveApiKey]) {
      const calls: [string, string, unknown][] = [
        ['GET', `/webhooks/${hook.id}`, undefined],
        ['POST', `/webhooks/${hook.id}`, { description: 'x' }],
        ['GET', `/webhooks/${hook.id}/invocations`, undefined],
        ['POST', `/webhooks/${hook.id}/test`, {}],
        ['POST', `/webhooks/${hook.id}/secret/rotate`, {}],
        ['POST', `/webhooks/${hook.id}/events/${eventId}/resend`, undefined],
        ['POST', `/webhooks/${hook.id}/recover`, { since: new Date(0).toISOString() }],
        ['DELETE', `/webhooks/${hook.id}`, undefined],
      ];
      for (const [method, path, json] of calls) {
        const response = await t.api(path, { method, key, ...(json === undefined ? {} : { json }) });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(response.body.error.type, 'not_found_error');
      }
      assert.equal((await t.api('/webhooks', { key })).body.totalCount, 0);
    }
    const still = await t.api(`/webhooks/${hook.id}`, { key: owner.testApiKey });
    assert.equal(still.status, 200);
    assert.equal(still.body.description, undefined);
  });

  test("resending another organization's event is a 404 for the event", async () => {
    const owner = await newOrg(t);
    const stranger = await newOrg(t);
    const hook = await createHook(t, owner, hookBody());
    const foreignEvent = await emitEvent(t, stranger);
    const response = await t.api(`/webhooks/${hook.id}/events/${foreignEvent}/resend`, {
      method: 'POST',
      key: owner.testApiKey,
    });
    assert.equal(response.status, 404);
    assert.match(response.body.error.message, /Event/);
  });
});

describe('test events, rotation, resend and recovery', () => {
  test('POST /webhooks/{id}/test sends a signed sample event now and returns the attempt', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody({ enabledEvents: ['postcard.updated'] }));
    const before = receiver.requests.length;
    const response = await t.api(`/webhooks/${hook.id}/test`, {
      method: 'POST',
      key: org.testApiKey,
      json: {},
    });
    assert.equal(response.status, 200);
    assert.match(response.body.id, /^webhook_invocation_/);
    assert.equal(response.body.object, 'webhook_invocation');
    assert.equal(response.body.webhook, hook.id);
    assert.equal(response.body.type, 'postcard.updated');
    assert.match(response.body.orderID, /^postcard_/);
    assert.equal(response.body.statusCode, 200);
    assert.equal(response.body.attempt, 1);
    assert.equal(response.body.errorKind, undefined);
    const request = receiver.requests[before]!;
    const { payload } = await jwtVerify(request.body, new TextEncoder().encode(hook.secret));
    assert.equal(payload.type, 'postcard.updated');
    assert.equal((payload.data as { id: string }).id, response.body.orderID);
    const listed = await t.api(`/webhooks/${hook.id}/invocations`, { key: org.testApiKey });
    assert.equal(listed.body.totalCount, 1);
    assert.deepEqual(listed.body.data[0], response.body);
  });

  test('a failing test event is reported with its status code and error kind', async () => {
    const org = await newOrg(t);
    const failing = await startReceiver(() => ({ status: 503, body: 'down for maintenance' }));
    try {
      const hook = await createHook(t, org, hookBody({ url: failing.url }));
      const response = await t.api(`/webhooks/${hook.id}/test`, {
        method: 'POST',
        key: org.testApiKey,
        json: { type: 'cheque.created' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.statusCode, 503);
      assert.equal(response.body.errorKind, 'http');
      assert.equal(response.body.responseBody, 'down for maintenance');
      assert.equal(response.body.type, 'cheque.created');
    } finally {
      await failing.close();
    }
  });

  test('rotation returns a new secret once and keeps the old one for 24 hours', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody({ payloadFormat: 'json' }));
    const rotated = await t.api(`/webhooks/${hook.id}/secret/rotate`, {
      method: 'POST',
      key: org.testApiKey,
    });
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, hook.secret);
    assert.equal((await t.api(`/webhooks/${hook.id}`, { key: org.testApiKey })).body.secret, undefined);
    const row = await t.database.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', hook.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.secret, rotated.body.secret);
    assert.equal(row.previous_secret, hook.secret);
    const graceHours = (row.previous_secret_expires_at!.getTime() - Date.now()) / 3600_000;
    assert.ok(graceHours > 23.9 && graceHours <= 24, String(graceHours));
    const chosen = await t.api(`/webhooks/${hook.id}/secret/rotate`, {
      method: 'POST',
      key: org.testApiKey,
      json: { secret: 'a-secret-chosen-by-the-customer' },
    });
    assert.equal(chosen.body.secret, 'a-secret-chosen-by-the-customer');
  });

  test('resend queues one event again; a disabled webhook refuses', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody());
    const eventId = await emitEvent(t, org);
    const resent = await t.api(`/webhooks/${hook.id}/events/${eventId}/resend`, {
      method: 'POST',
      key: org.testApiKey,
    });
    assert.equal(resent.status, 200);
    assert.equal(resent.body.object, 'webhook_delivery');
    assert.equal(resent.body.event, eventId);
    assert.equal(resent.body.status, 'pending');
    const rows = await t.database.db
      .selectFrom('webhook_deliveries')
      .select(['event_id', 'status'])
      .where('webhook_id', '=', hook.id)
      .execute();
    assert.equal(rows.length, 2, 'the fan-out delivery and the resend');
    assert.ok(rows.every((r) => r.event_id === eventId && r.status === 'pending'));
    const missing = await t.api(`/webhooks/${hook.id}/events/event_nope/resend`, {
      method: 'POST',
      key: org.testApiKey,
    });
    assert.equal(missing.status, 404);
    await t.api(`/webhooks/${hook.id}`, { method: 'POST', key: org.testApiKey, json: { enabled: false } });
    const refused = await t.api(`/webhooks/${hook.id}/events/${eventId}/resend`, {
      method: 'POST',
      key: org.testApiKey,
    });
    assert.equal(refused.status, 422);
    assert.match(refused.body.error.message, /disabled/);
  });

  test('recover queues each failed event since the given time once', async () => {
    const org = await newOrg(t);
    const hook = await createHook(t, org, hookBody());
    const old = await emitEvent(t, org);
    await t.database.db
      .updateTable('events')
      .set({ created_at: new Date('2020-01-01T00:00:00Z') })
      .where('id', '=', old)
      .execute();
    const recent = await emitEvent(t, org);
    const delivered = await emitEvent(t, org);
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', completed_at: new Date() })
      .where('webhook_id', '=', hook.id)
      .where('event_id', 'in', [old, recent])
      .execute();
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivered', completed_at: new Date() })
      .where('event_id', '=', delivered)
      .execute();
    const since = '2024-01-01T00:00:00.000Z';
    const recovered = await t.api(`/webhooks/${hook.id}/recover`, {
      method: 'POST',
      key: org.testApiKey,
      json: { since },
    });
    assert.equal(recovered.status, 200);
    assert.deepEqual(recovered.body, { object: 'webhook_recovery', webhook: hook.id, since, recovered: 1 });
    const pending = await t.database.db
      .selectFrom('webhook_deliveries')
      .select('event_id')
      .where('webhook_id', '=', hook.id)
      .where('status', '=', 'pending')
      .execute();
    assert.deepEqual(
      pending.map((p) => p.event_id),
      [recent],
    );
    const again = await t.api(`/webhooks/${hook.id}/recover`, {
      method: 'POST',
      key: org.testApiKey,
      json: { since },
    });
    assert.equal(again.body.recovered, 0, 'a recovered event is pending, not failed');
    const bad = await t.api(`/webhooks/${hook.id}/recover`, {
      method: 'POST',
      key: org.testApiKey,
      json: { since: 'yesterday' },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /since/);
  });
});

test('the OpenAPI document describes the webhook endpoints', async () => {
  const response = await fetch(`${t.baseUrl}/openapi.json`);
  const doc = (await response.json()) as { paths: Record<string, unknown> };
  for (const path of [
    '/print-mail/v1/webhooks',
    '/print-mail/v1/webhooks/{id}',
    '/print-mail/v1/webhooks/{id}/invocations',
    '/print-mail/v1/webhooks/{id}/events/{eventId}/resend',
    '/print-mail/v1/webhooks/{id}/recover',
    '/print-mail/v1/webhooks/{id}/test',
    '/print-mail/v1/webhooks/{id}/secret/rotate',
  ]) {
    assert.ok(doc.paths[path], path);
  }
});

async function hookCount(app: TestApp): Promise<number> {
  const row = await app.database.db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
