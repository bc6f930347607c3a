import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DeliveryWorker } from '../../src/webhooks/delivery-worker.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { createHook, emitEvent, newOrg, startDeliveryWorker, webhookTestEnv } from './support.ts';

let t: TestApp;
let worker: DeliveryWorker;
const dead: Receiver[] = [];
let healthy: Receiver;
before(async () => {
  // A long timeout, so every request to a dead receiver stays stuck for the whole stream.
  t = await startTestApp({
    ...webhookTestEnv,
    WEBHOOKS_TIMEOUT: '15s',
    WEBHOOKS_CONCURRENCY_PER_WEBHOOK: '10',
  });
  worker = await startDeliveryWorker(t);
});
after(async () => {
  for (const r of dead) await r.close(); // ends the stuck requests, so the worker can stop at once
  await healthy?.close();
  await worker.stop();
  await t.close();
});

test('dead receivers never delay a healthy one: its p99 event-to-delivery delay stays under 2 s', async (context) => {
  const org = await newOrg(t);
  // More dead webhooks than graphile-worker has job slots (WORKER_CONCURRENCY, 10), on purpose.
  for (let i = 0; i < 12; i++) {
    const r = await startReceiver(() => 'hang');
    dead.push(r);
    await createHook(t, org, { url: r.url, enabledEvents: ['letter.updated'] });
  }
  const emittedAt = new Map<string, number>();
  healthy = await startReceiver(() => ({ status: 200 }));
  await createHook(t, org, { url: healthy.url, enabledEvents: ['letter.updated'], payloadFormat: 'json' });

  const total = 150;
  const streamStart = Date.now();
  for (let i = 0; i < total; i++) {
    // ~50 events per second, each in its own transaction like the order services.
    const due = streamStart + i * 20;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    const before = Date.now();
    const id = await emitEvent(t, org);
    emittedAt.set(id, before);
  }
  await healthy.waitFor(
    (rs) => new Set(rs.map((q) => JSON.parse(q.body).id)).size >= total,
    10_000,
    'every event',
  );

  const delays: number[] = [];
  const seen = new Set<string>();
  for (const request of healthy.requests) {
    const id = JSON.parse(request.body).id as string;
    if (seen.has(id)) continue;
    seen.add(id);
    delays.push(request.receivedAt - emittedAt.get(id)!);
  }
  delays.sort((a, b) => a - b);
  const p99 = delays[Math.ceil(delays.length * 0.99) - 1]!;
  assert.equal(delays.length, total);
  context.diagnostic(`healthy receiver: p99 ${p99} ms, median ${delays[delays.length >> 1]} ms`);
  assert.ok(p99 < 2000, `healthy p99 ${p99} ms (median ${delays[delays.length >> 1]} ms)`);

  // The dead receivers really were being tried, and held every request they got.
  for (const r of dead) {
    assert.ok(
      r.requests.length >= 10,
      `each dead receiver holds its cap of requests, got ${r.requests.length}`,
    );
    assert.ok(r.requests.length <= 10, 'and no more: the cap holds while they hang');
  }
});
