// Recording a batch of attempts (record_webhook_attempts) updates those deliveries by primary key,
// whatever the statistics say. After a burst of events the queue holds thousands of pending deliveries
// that autovacuum has not analyzed yet; the planner then took the pending rows for a handful and hashed
// every one of them, for each batch recorded: 20 ms per batch of 27 in the webhooks benchmark.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../src/ids.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { type RecordedAttempt, recordAttempts } from '../../src/webhooks/delivery-queue.ts';
import { createTestDatabase, rowsReadInTransaction, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const BACKLOG = 5000;

test(`recording 20 attempts reads those 20 deliveries, not a backlog of ${BACKLOG}`, async () => {
  const { db } = database;
  const { organizationId } = await createOrganization(db, 'Burst');
  const webhookId = newId('webhook');
  await sql`
    insert into webhooks (id, organization_id, live, url, enabled_events, secret)
    values (${webhookId}, ${organizationId}, false, 'http://127.0.0.1:9/hook', '{letter.created}', 'secret')`.execute(
    db,
  );
  // Statistics taken while the queue was empty, as after a quiet spell, then a burst: the events'
  // fan-out trigger queues one delivery per event.
  await sql`analyze webhook_deliveries`.execute(db);
  await sql`
    insert into events (id, organization_id, live, type, order_id, sequence, data)
    select 'event_burst' || g, ${organizationId}, false, 'letter.created', 'letter_burst' || g, 1, '{}'::jsonb
    from generate_series(1, ${BACKLOG}) g`.execute(db);
  const { rows: queued } = await sql<{ id: string; event_id: string }>`
    select id::text, event_id from webhook_deliveries where webhook_id = ${webhookId}
    order by id limit 140`.execute(db);
  assert.equal(queued.length, 140);

  const now = new Date();
  await db.transaction().execute(async (tx) => {
    // Seven batches: plpgsql plans its statement generically after five runs, so both plans are checked.
    for (let batch = 0; batch < 7; batch++) {
      const attempts: RecordedAttempt[] = queued.slice(batch * 20, batch * 20 + 20).map((d) => ({
        invocationId: newId('webhook_invocation'),
        deliveryId: Number(d.id),
        webhookId,
        eventId: d.event_id,
        type: 'letter.created',
        orderId: null,
        attempt: 1,
        statusCode: 200,
        errorKind: null,
        errorMessage: null,
        durationMs: 3,
        responseBody: null,
        outcome: 'delivered',
        nextAttemptAt: null,
        attemptedAt: now,
      }));
      const before = await rowsReadInTransaction(tx, 'webhook_deliveries');
      await recordAttempts(tx, attempts, 5 * 86_400_000);
      const read = (await rowsReadInTransaction(tx, 'webhook_deliveries')) - before;
      assert.ok(read <= 60, `batch ${batch}: ${read} delivery rows read to record 20 attempts`);
    }
    const { rows } = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from webhook_deliveries where webhook_id = ${webhookId}
      group by status order by status`.execute(tx);
    assert.deepEqual(rows, [
      { status: 'delivered', n: 140 },
      { status: 'pending', n: BACKLOG - 140 },
    ]);
  });
});
