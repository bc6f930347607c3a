// A delivery worker whose database connection drops while its deliveries are in flight (what a PostgreSQL
// restart does) waits for their results, takes the webhook back and delivers everything. Regression test
// for a runaway recursion in DeliveryWorker.run that test/scale/crash.test.ts found: a wake-up pending on
// the pump when the lock was lost made each run end at once and start the next, until the stack overflowed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { DISPATCH_LOCK_CLASS } from '../../src/webhooks/delivery-queue.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { createHook, emitEvent, newOrg, startDeliveryWorker, webhookTestEnv } from './support.ts';

let t: TestApp;
let receiver: Receiver;
before(async () => {
  // A timeout longer than the receiver's answers, so requests are still in flight when the connection goes.
  t = await startTestApp({ ...webhookTestEnv, WEBHOOKS_TIMEOUT: '20s' });
  receiver = await startReceiver(() => ({ status: 200, delayMs: 4000 }));
});
after(async () => {
  await receiver.close();
  await t.close();
});

/** The worker's state this test sets up and reads: its connection and its per-webhook pumps. */
interface WorkerInternals {
  client: unknown;
  pumps: Map<string, { again: boolean; taken: Set<number> }>;
}

test('connection lost with deliveries in flight and a wake-up pending: no runaway, every event delivered', async () => {
  const org = await newOrg(t);
  const hook = await createHook(t, org, {
    url: `${receiver.url}/hook`,
    enabledEvents: ['letter.updated'],
    payloadFormat: 'json',
  });
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  const worker = await startDeliveryWorker(t);
  const internals = worker as unknown as WorkerInternals;
  try {
    const events = [await emitEvent(t, org), await emitEvent(t, org), await emitEvent(t, org)];
    await receiver.waitFor((requests) => requests.length >= 3, 10_000, 'the deliveries in flight');

    // The worker's own connection holds the webhook's dispatch lock: end it, as a database restart would.
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_locks
      where locktype = 'advisory' and classid = ${DISPATCH_LOCK_CLASS}
        -- pg_locks spans the cluster: other test files' workers hold locks in their own databases.
        and database = (select oid from pg_database where datname = current_database())`.execute(
      t.database.db,
    );
    assert.equal(rows.length, 1, 'one connection holds the dispatch lock');
    await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(t.database.db);
    await eventually(async () => internals.client === null, 5000, 'the worker to notice the lost connection');
    await eventually(async () => internals.client !== null, 5000, 'the worker to reconnect');

    // Requests still in flight under the lost lock, and a wake-up left pending by the run that lost it.
    const pump = internals.pumps.get(hook.id);
    assert.ok(
      pump && pump.taken.size > 0,
      `deliveries are still in flight (${pump?.taken.size ?? 'no pump'})`,
    );
    pump.again = true;
    worker.wake(hook.id, false);

    await receiver.waitFor(
      (requests) =>
        events.every((id) => requests.some((r) => (JSON.parse(r.body) as { id: string }).id === id)),
      20_000,
      'every event',
    );
    const pending = await eventually(
      async () => {
        const row = await t.database.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('webhook_id', '=', hook.id)
          .where('status', '<>', 'delivered')
          .executeTakeFirstOrThrow();
        return row.n === 0 ? 'none' : undefined;
      },
      15_000,
      'every delivery recorded as delivered',
    );
    assert.equal(pending, 'none');
    assert.deepEqual(rejections.map(String), []);
  } finally {
    process.off('unhandledRejection', onRejection);
    await worker.stop();
  }
});
