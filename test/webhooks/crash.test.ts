import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { decodeJwt } from 'jose';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { type Spawned, spawnCli } from '../support/process.ts';
import { type ReceivedRequest, type Receiver, startReceiver } from '../support/receiver.ts';
import { createHook, emitEvent, newOrg, webhookTestEnv } from './support.ts';

let t: TestApp;
const receivers: Receiver[] = [];
const workers: Spawned[] = [];
before(async () => {
  t = await startTestApp(webhookTestEnv);
});
after(async () => {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  for (const r of receivers) await r.close();
  await t.close();
});

function startWorkerProcess(): Spawned {
  const worker = spawnCli(['start', '--role', 'worker'], {
    ...webhookTestEnv,
    WEBHOOKS_CONCURRENCY_PER_WEBHOOK: '10',
    DATABASE_URL: t.database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_POOL_SIZE: '5',
  });
  workers.push(worker);
  return worker;
}

function eventIdOf(request: ReceivedRequest): string {
  if (request.path === '/jwt') return String(decodeJwt(request.body).jti);
  return (JSON.parse(request.body) as { id: string }).id;
}

test('kill -9 of the worker mid-stream loses nothing: after a restart every event reaches every webhook', async (context) => {
  const org = await newOrg(t);
  const formats = ['jwt', 'json', 'standard'] as const;
  const hookIds: string[] = [];
  for (const format of formats) {
    // Slow enough answers that requests are in flight when the worker dies.
    const r = await startReceiver(() => ({ status: 200, delayMs: 80 }));
    receivers.push(r);
    const hook = await createHook(t, org, {
      url: `${r.url}/${format}`,
      enabledEvents: ['letter.updated'],
      payloadFormat: format,
    });
    hookIds.push(hook.id);
  }
  const received = () => receivers.reduce((n, r) => n + r.requests.length, 0);

  const first = startWorkerProcess();
  // Warm-up: the stream starts once the worker process is up and delivering.
  const emitted: string[] = [await emitEvent(t, org)];
  for (const r of receivers) await r.waitFor((requests) => requests.length > 0, 15_000, 'the warm-up event');
  const warm = received();
  let inFlightAtKill = -1;
  let killedAt = 0;
  let restarted: Spawned | undefined;
  const total = 240;
  const streamStart = Date.now();
  for (let i = 0; i < total; i++) {
    const due = streamStart + i * 15;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    emitted.push(await emitEvent(t, org, { orderId: `letter_crash${i % 40}`, sequence: i }));
    if (inFlightAtKill < 0 && received() >= warm + 60) {
      first.child.kill('SIGKILL');
      await first.exited;
      // Deliveries whose request had reached the receiver but whose result the worker never recorded.
      const pending = await t.database.db
        .selectFrom('webhook_deliveries')
        .select(['webhook_id', 'event_id'])
        .where('status', '=', 'pending')
        .execute();
      inFlightAtKill = pending.filter((d) => {
        const r = receivers[hookIds.indexOf(d.webhook_id)]!;
        return r.requests.some((q) => eventIdOf(q) === d.event_id);
      }).length;
      killedAt = Date.now();
    }
    // Events keep coming while no worker runs; then a new one starts, mid-stream too.
    if (killedAt > 0 && !restarted && Date.now() - killedAt > 300) restarted = startWorkerProcess();
  }
  assert.ok(inFlightAtKill >= 0, `the worker was killed mid-stream (it delivered ${received()} requests)`);
  assert.ok(restarted, 'a second worker was started');

  for (const [index, r] of receivers.entries()) {
    await r.waitFor(
      (requests) => {
        const seen = new Set(requests.map(eventIdOf));
        return emitted.every((id) => seen.has(id));
      },
      20_000,
      `every event at the ${formats[index]} webhook`,
    );
  }
  const duplicates = receivers.reduce((n, r) => n + r.requests.length, 0) - emitted.length * receivers.length;
  context.diagnostic(
    `${emitted.length} events x ${receivers.length} webhooks; killed with ${inFlightAtKill} requests in flight; ${duplicates} duplicates`,
  );
  assert.ok(inFlightAtKill > 0, 'the kill caught requests in flight, so their recovery was exercised');
  const undelivered = await eventually(
    async () => {
      const row = await t.database.db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '<>', 'delivered')
        .executeTakeFirstOrThrow();
      return row.n === 0 ? 'none' : undefined;
    },
    5000,
    'every delivery to be recorded as delivered',
  );
  assert.equal(undelivered, 'none');

  restarted.child.kill('SIGTERM');
  assert.equal(await restarted.exited, 0, restarted.stderr());
});
