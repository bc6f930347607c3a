import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { decodeJwt, jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import type { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { insertWebhook } from '../../src/webhooks/repo.ts';
import { standardSignature } from '../../src/webhooks/signing.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { readJsonFixture } from '../support/fixtures.ts';
import { type ReceivedRequest, type Receiver, type Reply, startReceiver } from '../support/receiver.ts';
import {
  createHook,
  emitEvent,
  invocationsOf,
  newOrg,
  startDeliveryWorker,
  webhookTestEnv,
} from './support.ts';

let t: TestApp;
let worker: DeliveryWorker;
const receivers: Receiver[] = [];
before(async () => {
  t = await startTestApp(webhookTestEnv);
  worker = await startDeliveryWorker(t);
});
after(async () => {
  await worker.stop();
  for (const r of receivers) await r.close();
  await t.close();
});

async function receiver(script?: (request: ReceivedRequest, index: number) => Reply | Promise<Reply>) {
  const r = await startReceiver(script);
  receivers.push(r);
  return r;
}

async function deliveryOf(webhookId: string) {
  return t.database.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id')
    .execute();
}

async function hookRow(id: string) {
  return t.database.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** PostGrid `json` verification as a receiver would write it with node's crypto. */
function verifyPostGrid(secret: string, body: string, header: string): boolean {
  const fields = header.split(',').map((f) => f.split('='));
  const t = fields.find(([k]) => k === 't')?.[1];
  if (t === undefined) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return fields
    .filter(([k]) => k === 'v1')
    .some(([, v]) => {
      const given = Buffer.from(v ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

describe('signatures, verified with off-the-shelf libraries', () => {
  test('the Standard Webhooks vectors agree with the standardwebhooks package', () => {
    const { vectors } = readJsonFixture('standard-webhooks.json') as {
      vectors: { secret: string; msgId: string; timestamp: number; payload: string; signature: string }[];
    };
    assert.ok(vectors.length > 0);
    for (const v of vectors) {
      const library = new Webhook(v.secret).sign(v.msgId, new Date(v.timestamp * 1000), v.payload);
      assert.equal(library, v.signature);
      assert.equal(standardSignature(v.secret, v.msgId, v.timestamp, v.payload), v.signature);
    }
  });

  test('one event reaches jwt, json and standard webhooks, each verifiable, with its order sequence', async () => {
    const r = await receiver();
    const org = await newOrg(t);
    const jwt = await createHook(t, org, { url: `${r.url}/jwt`, enabledEvents: ['letter.updated'] });
    const json = await createHook(t, org, {
      url: `${r.url}/json`,
      enabledEvents: ['letter.updated'],
      payloadFormat: 'json',
    });
    const standard = await createHook(t, org, {
      url: `${r.url}/standard`,
      enabledEvents: ['letter.updated'],
      payloadFormat: 'standard',
    });
    const eventId = await emitEvent(t, org, { orderId: 'letter_seq', sequence: 7 });
    await r.waitFor((rs) => rs.length >= 3, 5000, 'three deliveries');
    const by = (path: string) => r.requests.find((q) => q.path === path)!;

    const jwtRequest = by('/jwt');
    assert.equal(jwtRequest.method, 'POST');
    const { payload } = await jwtVerify(jwtRequest.body, new TextEncoder().encode(jwt.secret), {
      algorithms: ['HS256'],
    });
    assert.equal(payload.type, 'letter.updated');
    assert.equal((payload.data as { id: string }).id, 'letter_seq');
    assert.equal(payload.sequence, 7);
    assert.equal(payload.jti, eventId);
    assert.equal(typeof payload.iat, 'number');

    const jsonRequest = by('/json');
    assert.ok(
      verifyPostGrid(json.secret, jsonRequest.body, String(jsonRequest.headers['postgrid-signature'])),
    );
    assert.ok(
      !verifyPostGrid(jwt.secret, jsonRequest.body, String(jsonRequest.headers['postgrid-signature'])),
    );
    const jsonEvent = JSON.parse(jsonRequest.body);
    assert.equal(jsonEvent.id, eventId);
    assert.equal(jsonEvent.object, 'event');
    assert.equal(jsonEvent.sequence, 7);
    assert.equal(jsonEvent.orderId, 'letter_seq');
    assert.deepEqual(jsonEvent.updatedFields, ['status']);

    const standardRequest = by('/standard');
    const verified = new Webhook(standard.secret).verify(
      standardRequest.body,
      standardRequest.headers as Record<string, string>,
    ) as { id: string; sequence: number; type: string };
    assert.equal(verified.id, eventId);
    assert.equal(verified.sequence, 7);
    assert.equal(standardRequest.headers['webhook-id'], eventId);
    assert.throws(() =>
      new Webhook(
        json.secret.startsWith('whsec_') ? json.secret : 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ).verify(standardRequest.body, standardRequest.headers as Record<string, string>),
    );
  });

  test('after a rotation, json and standard deliveries verify with the old and the new secret', async () => {
    const r = await receiver();
    const org = await newOrg(t);
    const json = await createHook(t, org, {
      url: `${r.url}/json`,
      enabledEvents: ['letter.updated'],
      payloadFormat: 'json',
    });
    const standard = await createHook(t, org, {
      url: `${r.url}/standard`,
      enabledEvents: ['letter.updated'],
      payloadFormat: 'standard',
    });
    const newJson = (
      await t.api(`/webhooks/${json.id}/secret/rotate`, { method: 'POST', key: org.testApiKey })
    ).body.secret;
    const newStandard = (
      await t.api(`/webhooks/${standard.id}/secret/rotate`, { method: 'POST', key: org.testApiKey })
    ).body.secret;
    await emitEvent(t, org);
    await r.waitFor((rs) => rs.length >= 2, 5000, 'two deliveries');
    const jsonRequest = r.requests.find((q) => q.path === '/json')!;
    const header = String(jsonRequest.headers['postgrid-signature']);
    assert.ok(verifyPostGrid(json.secret, jsonRequest.body, header));
    assert.ok(verifyPostGrid(newJson, jsonRequest.body, header));
    const standardRequest = r.requests.find((q) => q.path === '/standard')!;
    const headers = standardRequest.headers as Record<string, string>;
    new Webhook(standard.secret).verify(standardRequest.body, headers);
    new Webhook(newStandard).verify(standardRequest.body, headers);
    assert.equal(headers['webhook-signature']!.split(' ').length, 2);
  });
});

describe('outcomes, with real receivers', () => {
  test('500 then 200: two invocations and one success', async () => {
    const r = await receiver((_q, i) =>
      i === 0 ? { status: 500, body: 'boom' } : { status: 200, body: 'ok' },
    );
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    const eventId = await emitEvent(t, org, { orderId: 'letter_retry' });
    await eventually(async () => (await deliveryOf(hook.id))[0]?.status === 'delivered', 5000, 'delivery');
    const [delivery] = await deliveryOf(hook.id);
    assert.equal(delivery!.attempts, 2);
    assert.equal(r.requests.length, 2);
    assert.equal(decodeJwt(r.requests[0]!.body).jti, decodeJwt(r.requests[1]!.body).jti);

    const listed = await t.api(`/webhooks/${hook.id}/invocations`, { key: org.testApiKey });
    assert.equal(listed.status, 200);
    assert.equal(listed.body.totalCount, 2);
    const [second, first] = listed.body.data; // newest first
    assert.match(first.id, /^webhook_invocation_/);
    assert.equal(first.object, 'webhook_invocation');
    assert.equal(first.webhook, hook.id);
    assert.equal(first.event, eventId);
    assert.equal(first.type, 'letter.updated');
    assert.equal(first.orderID, 'letter_retry');
    assert.equal(first.statusCode, 500);
    assert.equal(first.errorKind, 'http');
    assert.equal(first.responseBody, 'boom');
    assert.equal(first.attempt, 1);
    assert.ok(first.nextAttemptAt, 'a failed attempt says when the next one is due');
    const gap = Date.parse(first.nextAttemptAt) - Date.parse(first.createdAt) - first.durationMs;
    assert.ok(gap >= 90 && gap <= 200, `first retry after the schedule's 100 ms, got ${gap}`);
    assert.equal(second.statusCode, 200);
    assert.equal(second.errorKind, undefined);
    assert.equal(second.attempt, 2);
    assert.equal(second.nextAttemptAt, undefined);
    assert.ok(second.durationMs >= 0);
  });

  test('410 Gone disables the webhook and ends the delivery', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    await emitEvent(t, org);
    await eventually(async () => !(await hookRow(hook.id)).enabled, 5000, 'the webhook to be disabled');
    const read = await t.api(`/webhooks/${hook.id}`, { key: org.testApiKey });
    assert.equal(read.body.enabled, false);
    assert.equal(read.body.disabledReason, 'gone');
    const [delivery] = await deliveryOf(hook.id);
    assert.equal(delivery!.status, 'failed');
    assert.equal(delivery!.attempts, 1);
    await emitEvent(t, org);
    assert.equal((await deliveryOf(hook.id)).length, 1, 'a disabled webhook is not sent new events');
    assert.equal(r.requests.length, 1);
  });

  test('302 is a failure and the redirect is not followed', async () => {
    const target = await receiver();
    const r = await receiver(() => ({ status: 302, headers: { location: `${target.url}/elsewhere` } }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    await emitEvent(t, org);
    const [first] = await eventually(
      async () => {
        const rows = await invocationsOf(t, hook.id);
        return rows.length > 0 && rows;
      },
      5000,
      'an invocation',
    );
    assert.equal(first!.status_code, 302);
    assert.equal(first!.error_kind, 'http');
    assert.ok(first!.next_attempt_at, 'a redirect is retried like any failure');
    const [delivery] = await deliveryOf(hook.id);
    assert.notEqual(delivery!.status, 'delivered');
    assert.equal(target.requests.length, 0);
  });

  test('a receiver that never answers is logged as a timeout, and the retry succeeds', async () => {
    const r = await receiver((_q, i) => (i === 0 ? 'hang' : { status: 204 }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    await emitEvent(t, org);
    await eventually(async () => (await deliveryOf(hook.id))[0]?.status === 'delivered', 5000, 'delivery');
    const [timedOut, delivered] = await invocationsOf(t, hook.id);
    assert.equal(timedOut!.status_code, 0);
    assert.equal(timedOut!.error_kind, 'timeout');
    assert.ok(timedOut!.duration_ms >= 950 && timedOut!.duration_ms < 2000, String(timedOut!.duration_ms));
    assert.match(timedOut!.error_message ?? '', /1000 ms/);
    assert.equal(delivered!.status_code, 204);
  });

  test('Retry-After postpones the retry, within the schedule', async () => {
    const r = await receiver((_q, i) =>
      i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 },
    );
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    await emitEvent(t, org);
    await r.waitFor((rs) => rs.length >= 2, 5000, 'the retry');
    const gap = r.requests[1]!.receivedAt - r.requests[0]!.receivedAt;
    assert.ok(
      gap >= 950 && gap < 2500,
      `retried after Retry-After's second, not the schedule's 100 ms: ${gap}`,
    );
    const [first] = await invocationsOf(t, hook.id);
    const asked = first!.next_attempt_at!.getTime() - first!.created_at.getTime() - first!.duration_ms;
    assert.ok(asked >= 995 && asked <= 1010, String(asked));
  });

  test('a delivery that fails every retry is failed; recover sends it again', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 500 }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    const eventId = await emitEvent(t, org);
    await eventually(
      async () => (await deliveryOf(hook.id))[0]?.status === 'failed',
      6000,
      'the delivery to fail',
    );
    const attempts = await invocationsOf(t, hook.id);
    assert.deepEqual(
      attempts.map((a) => a.attempt),
      [1, 2, 3],
      'the first try and the two retries of the schedule',
    );
    assert.equal(attempts[2]!.next_attempt_at, null);
    healthy = true;
    const recovered = await t.api(`/webhooks/${hook.id}/recover`, {
      method: 'POST',
      key: org.testApiKey,
      json: { since: new Date(Date.now() - 60_000).toISOString() },
    });
    assert.equal(recovered.body.recovered, 1);
    await eventually(
      async () => (await deliveryOf(hook.id))[1]?.status === 'delivered',
      5000,
      'the recovered delivery',
    );
    assert.equal(r.requests.length, 4);
    assert.equal(
      JSON.parse(Buffer.from(r.requests[3]!.body.split('.')[1]!, 'base64url').toString()).jti,
      eventId,
    );
  });

  test('five days of failures disable a webhook; a success resets the clock', async () => {
    const failing = await receiver(() => ({ status: 500 }));
    const healthy = await receiver(() => ({ status: 200 }));
    const org = await newOrg(t);
    const dying = await createHook(t, org, { url: failing.url, enabledEvents: ['letter.updated'] });
    const recovering = await createHook(t, org, { url: healthy.url, enabledEvents: ['letter.updated'] });
    const fourDays = await createHook(t, org, { url: failing.url, enabledEvents: ['letter.updated'] });
    const day = 86_400_000;
    for (const [id, ago] of [
      [dying.id, 5 * day + 60_000],
      [recovering.id, 6 * day],
      [fourDays.id, 4 * day],
    ] as const) {
      await t.database.db
        .updateTable('webhooks')
        .set({ failing_since: new Date(Date.now() - ago) })
        .where('id', '=', id)
        .execute();
    }
    await emitEvent(t, org);
    await eventually(
      async () => !(await hookRow(dying.id)).enabled,
      5000,
      'the failing webhook to be disabled',
    );
    assert.equal((await hookRow(dying.id)).disabled_reason, 'failing');
    await eventually(
      async () => (await hookRow(recovering.id)).failing_since === null,
      5000,
      'the clock to reset',
    );
    assert.equal((await hookRow(recovering.id)).enabled, true);
    await eventually(async () => (await invocationsOf(t, fourDays.id)).length > 0, 5000, 'an attempt');
    const young = await hookRow(fourDays.id);
    assert.equal(young.enabled, true, 'four days of failure are not enough');
    assert.ok(young.failing_since!.getTime() < Date.now() - 4 * day + 60_000, 'the clock keeps its start');
  });

  test('a fresh failure starts the clock', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    const before = Date.now();
    await emitEvent(t, org);
    const started = await eventually(
      async () => (await hookRow(hook.id)).failing_since,
      5000,
      'the clock to start',
    );
    assert.ok(started.getTime() >= before - 1000 && started.getTime() <= Date.now(), started.toISOString());
  });

  test('the concurrency cap holds per webhook', async () => {
    let active = 0;
    let peak = 0;
    const r = await receiver(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 150));
      active--;
      return { status: 200 };
    });
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    for (let i = 0; i < 12; i++) await emitEvent(t, org);
    await eventually(
      async () => (await deliveryOf(hook.id)).every((d) => d.status === 'delivered'),
      8000,
      'all deliveries',
    );
    assert.equal(r.requests.length, 12);
    assert.equal(peak, 3, `WEBHOOKS_CONCURRENCY_PER_WEBHOOK=3, peak was ${peak}`);
  });

  test('only the first 4 KB of a response body is kept', async () => {
    const r = await receiver(() => ({ status: 500, body: 'x'.repeat(10_000) }));
    const org = await newOrg(t);
    const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
    await emitEvent(t, org);
    const [first] = await eventually(
      async () => {
        const rows = await invocationsOf(t, hook.id);
        return rows.length > 0 && rows;
      },
      5000,
      'an invocation',
    );
    assert.equal(first!.response_body, 'x'.repeat(4096));
  });

  test('network failures are sorted: connection refused, unknown host, failed TLS', async () => {
    const closed = await startReceiver();
    const closedUrl = closed.url;
    await closed.close();
    const plain = await receiver();
    const org = await newOrg(t);
    const refused = await createHook(t, org, { url: closedUrl, enabledEvents: ['letter.updated'] });
    const unknown = await createHook(t, org, {
      url: 'http://no-such-host.invalid/hook',
      enabledEvents: ['letter.updated'],
    });
    const tls = await createHook(t, org, {
      url: `https://127.0.0.1:${plain.port}/hook`,
      enabledEvents: ['letter.updated'],
    });
    await emitEvent(t, org);
    for (const [hook, kind] of [
      [refused, 'connection'],
      [unknown, 'dns'],
      [tls, 'tls'],
    ] as const) {
      const [first] = await eventually(
        async () => {
          const rows = await invocationsOf(t, hook.id);
          return rows.length > 0 && rows;
        },
        5000,
        `an invocation of the ${kind} case`,
      );
      assert.equal(first!.status_code, 0);
      assert.equal(first!.error_kind, kind);
    }
  });
});

test('without WEBHOOKS_ALLOW_PRIVATE_NETWORKS a private address is refused at connect time', async () => {
  const strict = await startTestApp({ ...webhookTestEnv, WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'false' });
  const strictWorker = await startDeliveryWorker(strict);
  const r = await receiver();
  try {
    const org = await newOrg(strict);
    // As if DNS had pointed an accepted name at loopback: the row skips the API's URL check.
    const hook = await insertWebhook(
      strict.database.db,
      { organizationId: org.organizationId, live: false },
      {
        id: 'webhook_ssrfcheck',
        url: `${r.url}/internal`,
        enabledEvents: ['letter.updated'],
        enabled: true,
        description: null,
        metadata: null,
        payloadFormat: 'json',
        secret: 'a-secret-that-is-long-enough',
      },
    );
    await emitEvent(strict, org);
    const [first] = await eventually(
      async () => {
        const rows = await invocationsOf(strict, hook.id);
        return rows.length > 0 && rows;
      },
      5000,
      'an invocation',
    );
    assert.equal(first!.error_kind, 'ssrf');
    // The invocation tells the operator which switch lets a receiver on their own network through.
    assert.match(
      String(first!.error_message),
      /private, loopback or reserved address \(set WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true/,
    );
    assert.equal(first!.status_code, 0);
    assert.equal(r.requests.length, 0);
  } finally {
    await strictWorker.stop();
    await strict.close();
  }
});
