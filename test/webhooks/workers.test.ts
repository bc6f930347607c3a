import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import type { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { createHook, emitEvent, newOrg, startDeliveryWorker, webhookTestEnv } from './support.ts';

let t: TestApp;
const receivers: Receiver[] = [];
const workers: DeliveryWorker[] = [];
before(async () => {
  t = await startTestApp(webhookTestEnv); // WEBHOOKS_CONCURRENCY_PER_WEBHOOK=3
});
after(async () => {
  for (const r of receivers) await r.close();
  for (const w of workers) await w.stop();
  await t.close();
});

function slowReceiver(counters: { active: number; peak: number }) {
  return startReceiver(async () => {
    counters.active++;
    counters.peak = Math.max(counters.peak, counters.active);
    await new Promise((resolve) => setTimeout(resolve, 60));
    counters.active--;
    return { status: 200 };
  });
}

async function deliveredCount(webhookId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'delivered')
    .executeTakeFirstOrThrow();
  return row.n;
}

test('with two workers, one serves a webhook at a time: the cap holds and nothing is sent twice', async () => {
  const first = await startDeliveryWorker(t);
  const second = await startDeliveryWorker(t);
  workers.push(first, second);
  const counters = { active: 0, peak: 0 };
  const r = await slowReceiver(counters);
  receivers.push(r);
  const org = await newOrg(t);
  const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
  for (let i = 0; i < 30; i++) await emitEvent(t, org);
  await eventually(async () => (await deliveredCount(hook.id)) === 30, 10_000, 'every delivery');
  assert.equal(counters.peak, 3, `the cap of 3 holds across both workers (peak ${counters.peak})`);
  assert.equal(new Set(r.requests.map((q) => decodeJwt(q.body).jti)).size, 30);
  assert.equal(r.requests.length, 30, 'no event was sent by both workers');
  await first.stop();
  await second.stop();
});

test('when the serving worker stops, another takes the webhook over', async () => {
  const first = await startDeliveryWorker(t);
  workers.push(first);
  const counters = { active: 0, peak: 0 };
  const r = await slowReceiver(counters);
  receivers.push(r);
  const org = await newOrg(t);
  const hook = await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
  for (let i = 0; i < 60; i++) await emitEvent(t, org);
  await r.waitFor((requests) => requests.length >= 5, 5000, 'the first worker to be sending');
  const second = await startDeliveryWorker(t);
  workers.push(second);
  await first.stop(); // finishes and records what it has in flight, then lets the webhook go
  const sentByFirst = r.requests.length;
  assert.ok(sentByFirst < 60, `the first worker stopped mid-backlog (${sentByFirst} sent)`);
  await eventually(async () => (await deliveredCount(hook.id)) === 60, 10_000, 'the second worker to finish');
  const eventIds = r.requests.map((q) => decodeJwt(q.body).jti);
  assert.equal(new Set(eventIds).size, 60);
  assert.equal(eventIds.length, 60, 'a graceful hand-over repeats nothing');
  assert.ok(counters.peak <= 3);
});
