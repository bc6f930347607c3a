import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { insertEvent } from '../../src/events/repo.ts';
import type { CreatedOrganization } from '../../src/organizations/service.ts';
import { DELIVERY_CHANNEL } from '../../src/webhooks/delivery-queue.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { createHook, emitEvent, newOrg, webhookTestEnv } from './support.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp(webhookTestEnv);
});
after(async () => {
  await t.close();
});

const url = 'http://127.0.0.1:9/hook';

async function deliveries(webhookId: string) {
  return t.database.db
    .selectFrom('webhook_deliveries')
    .select(['event_id', 'status', 'attempts'])
    .where('webhook_id', '=', webhookId)
    .orderBy('id')
    .execute();
}

async function eventsOf(org: CreatedOrganization) {
  return t.database.db
    .selectFrom('events')
    .select(['id', 'type'])
    .where('organization_id', '=', org.organizationId)
    .orderBy('created_at')
    .orderBy('sequence')
    .execute();
}

test('an API create (insertEvent) and a cancel (transitionOrder) each queue a delivery in their transaction', async () => {
  const org = await newOrg(t);
  const hook = await createHook(t, org, { url, enabledEvents: ['letter.created', 'letter.updated'] });
  const letter = await t.api('/letters', {
    method: 'POST',
    key: org.testApiKey,
    json: { to: usAddress(), from: senderAddress(), html: '<p>hi</p>' },
  });
  assert.equal(letter.status, 200);
  const cancelled = await t.api(`/letters/${letter.body.id}`, { method: 'DELETE', key: org.testApiKey });
  assert.equal(cancelled.status, 200);
  const events = await eventsOf(org);
  assert.deepEqual(
    events.map((e) => e.type),
    ['letter.created', 'letter.updated'],
  );
  const queued = await deliveries(hook.id);
  assert.deepEqual(
    queued.map((d) => d.event_id),
    events.map((e) => e.id),
  );
  assert.ok(queued.every((d) => d.status === 'pending' && d.attempts === 0));
});

test('a set-based statement inserting many events queues one delivery per event and webhook', async () => {
  const org = await newOrg(t);
  const a = await createHook(t, org, { url, enabledEvents: ['letter.updated'] });
  const b = await createHook(t, org, { url, enabledEvents: ['letter.updated', 'postcard.updated'] });
  await sql`
    insert into events (id, organization_id, live, type, order_id, sequence, data)
    select mailstream_id('event'), ${org.organizationId}, false,
           case when i % 2 = 0 then 'letter.updated' else 'postcard.updated' end,
           'order_' || i, 2, '{}'::jsonb
    from generate_series(1, 50) as i`.execute(t.database.db);
  assert.equal((await deliveries(a.id)).length, 25);
  assert.equal((await deliveries(b.id)).length, 50);
});

test('only enabled, undeleted webhooks of the same organization, mode and event type get deliveries', async () => {
  const org = await newOrg(t);
  const other = await newOrg(t);
  const match = await createHook(t, org, { url, enabledEvents: ['letter.updated'] });
  const otherType = await createHook(t, org, { url, enabledEvents: ['letter.created'] });
  const disabled = await createHook(t, org, { url, enabledEvents: ['letter.updated'], enabled: false });
  const deleted = await createHook(t, org, { url, enabledEvents: ['letter.updated'] });
  await t.api(`/webhooks/${deleted.id}`, { method: 'DELETE', key: org.testApiKey });
  const live = await t.api('/webhooks', {
    method: 'POST',
    key: org.liveApiKey,
    json: { url, enabledEvents: ['letter.updated'] },
  });
  const otherOrg = await createHook(t, other, { url, enabledEvents: ['letter.updated'] });
  const eventId = await emitEvent(t, org, { type: 'letter.updated' });
  assert.deepEqual(
    (await deliveries(match.id)).map((d) => d.event_id),
    [eventId],
  );
  for (const id of [otherType.id, disabled.id, deleted.id, live.body.id, otherOrg.id]) {
    assert.deepEqual(await deliveries(id), [], id);
  }
  const liveEvent = await emitEvent(t, org, { type: 'letter.updated', live: true });
  assert.deepEqual(
    (await deliveries(live.body.id)).map((d) => d.event_id),
    [liveEvent],
  );
});

test('an event rolled back with its change leaves no delivery behind', async () => {
  const org = await newOrg(t);
  const hook = await createHook(t, org, { url, enabledEvents: ['letter.updated'] });
  await assert.rejects(
    t.database.db.transaction().execute(async (tx) => {
      await insertEvent(tx, {
        organizationId: org.organizationId,
        live: false,
        type: 'letter.updated',
        orderId: 'letter_rolled_back',
        sequence: 2,
        data: {},
        updatedFields: ['status'],
      });
      assert.equal(
        (await tx.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', hook.id).execute())
          .length,
        1,
      );
      throw new Error('the change failed');
    }),
    /the change failed/,
  );
  assert.deepEqual(await deliveries(hook.id), []);
});

test('the workers are notified on commit, once per webhook and transaction', async () => {
  const org = await newOrg(t);
  const hook = await createHook(t, org, { url, enabledEvents: ['letter.updated'] });
  const listener = new pg.Client({ connectionString: t.database.url });
  await listener.connect();
  try {
    const payloads: string[] = [];
    listener.on('notification', (n) => payloads.push(n.payload ?? ''));
    await listener.query(`listen ${DELIVERY_CHANNEL}`);
    await t.database.db.transaction().execute(async (tx) => {
      for (let i = 0; i < 3; i++) {
        await insertEvent(tx, {
          organizationId: org.organizationId,
          live: false,
          type: 'letter.updated',
          orderId: `letter_n${i}`,
          sequence: 2,
          data: {},
          updatedFields: null,
        });
      }
    });
    await listener.query('select 1'); // notifications arrive before the reply to a later query
    assert.deepEqual(payloads, [hook.id]);
  } finally {
    await listener.end();
  }
});
