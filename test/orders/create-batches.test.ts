// Concurrent one-statement creates share statements (src/orders/create-batches.ts): these hold every
// create of a shared statement to what a create alone gives (its own order, its own event, its own
// organization's contacts, its own error) and check that sharing actually happens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { insertOrderWithContacts } from '../../src/orders/create-batches.ts';
import type { NewOrderWithContacts } from '../../src/orders/repo.ts';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { letterWithContacts } from '../support/letter-rows.ts';

let t: TestApp;
let other: CreatedOrganization;
before(async () => {
  t = await startTestApp();
  other = await createOrganization(t.database.db, 'Other org');
});
after(async () => {
  await t.close();
});

test('64 concurrent creates of two kinds and two organizations: shared statements, each its own answer', async () => {
  const stamp = Date.now();
  const sharedRecipient = usAddress({ firstName: 'Shared', lastName: `New ${stamp}` });
  const requests = Array.from({ length: 64 }, (_, i) => {
    const key = i % 2 === 0 ? t.org.testApiKey : other.testApiKey;
    const to =
      i % 4 < 2 ? sharedRecipient : usAddress({ firstName: 'Own', lastName: `Recipient ${stamp} ${i}` });
    const [path, body] =
      i % 3 === 0
        ? [
            '/postcards',
            { to, size: '6x4', frontHTML: '<h1>Hi {{to.firstName}}</h1>', backHTML: `<p>${i}</p>` },
          ]
        : ['/letters', { to, from: senderAddress(), html: `<p>Letter ${i}</p>`, metadata: { n: i } }];
    return { i, key, path, body };
  });
  const replies = await Promise.all(
    requests.map(async (r) => ({
      ...r,
      reply: await t.api(r.path, { method: 'POST', json: r.body, key: r.key }),
    })),
  );

  for (const { i, key, path, reply } of replies) {
    assert.equal(reply.status, 200, `${i}: ${JSON.stringify(reply.body)}`);
    // Its own order, as stored, in its own organization.
    const read = await t.api(`${path}/${reply.body.id}`, { key });
    assert.deepEqual(read.body, reply.body, `${i} reads back as answered`);
    const elsewhere = await t.api(`${path}/${reply.body.id}`, {
      key: key === t.org.testApiKey ? other.testApiKey : t.org.testApiKey,
    });
    assert.equal(elsewhere.status, 404, `${i} is invisible to the other organization`);
    if (path === '/letters') assert.deepEqual(reply.body.metadata, { n: i });
  }
  const ids = replies.map((r) => r.reply.body.id as string);
  assert.equal(new Set(ids).size, 64);

  // One created event per order, holding the order as answered.
  const { rows: events } = await sql<{ order_id: string; type: string; data: unknown }>`
    select order_id, type, data from events where order_id = any(${ids})`.execute(t.database.db);
  assert.equal(events.length, 64);
  for (const { reply, path } of replies) {
    const event = events.find((e) => e.order_id === reply.body.id)!;
    assert.equal(event.type, `${path === '/letters' ? 'letter' : 'postcard'}.created`);
    assert.deepEqual(event.data, reply.body);
  }

  // The shared new recipient: one contact per organization, named by every order of that organization.
  for (const key of [t.org.testApiKey, other.testApiKey]) {
    const contactIds = new Set(
      replies.filter((r) => r.key === key && r.i % 4 < 2).map((r) => r.reply.body.to.id as string),
    );
    assert.equal(contactIds.size, 1, 'one stored recipient per organization');
  }
  const { rows: recipients } = await sql<{ n: number }>`
    select count(*)::int as n from contacts where body ->> 'lastName' = ${`New ${stamp}`}`.execute(
    t.database.db,
  );
  assert.equal(recipients[0]!.n, 2);

  // Orders inserted by one statement share its transaction id: fewer transactions than orders.
  const { rows: transactions } = await sql<{ n: number }>`
    select count(distinct xmin::text)::int as n from orders where id = any(${ids})`.execute(t.database.db);
  assert.ok(transactions[0]!.n < 64, `64 orders in ${transactions[0]!.n} transactions`);
});

/** A letter create as the one-statement path makes it, in `organizationId`. */
const row = (organizationId: string, n: number): NewOrderWithContacts =>
  letterWithContacts(organizationId, {
    to: usAddress({ lastName: `Alone ${n}` }),
    metadata: { n },
    details: { html: `<p>${n}</p>`, size: 'us_letter' },
  });

test('creates that arrive together are shared out over the free statements, not all put in one', async () => {
  // 32 creates in one turn of the event loop with no statement running: two statements of 16 run at once
  // (MAX_IN_FLIGHT), rather than one of 32 leaving the second slot empty.
  const rows = Array.from({ length: 32 }, (_, n) => row(t.org.organizationId, 1000 + n));
  await Promise.all(rows.map((r) => insertOrderWithContacts(t.database.db, r)));
  const { rows: transactions } = await sql<{ n: number }>`
    select count(*)::int as n from orders where id = any(${rows.map((r) => r.order.id)})
    group by xmin::text order by 1`.execute(t.database.db);
  assert.deepEqual(
    transactions.map((x) => x.n),
    [16, 16],
  );
});

test('a create the database refuses fails alone: the others of its statement are stored', async () => {
  // An organization that does not exist: its contact and order break their foreign keys.
  const rows = Array.from({ length: 12 }, (_, n) =>
    row(n === 5 ? 'org_doesnotexist' : t.org.organizationId, n),
  );
  const results = await Promise.allSettled(rows.map((r) => insertOrderWithContacts(t.database.db, r)));
  for (const [n, result] of results.entries()) {
    if (n === 5) {
      assert.equal(result.status, 'rejected');
      assert.equal((result as PromiseRejectedResult).reason.code, '23503', 'foreign key violation');
    } else {
      assert.equal(result.status, 'fulfilled', String((result as PromiseRejectedResult).reason));
      assert.equal((result as PromiseFulfilledResult<{ id: string } | null>).value?.id, rows[n]!.order.id);
    }
  }
  const { rows: stored } = await sql<{ id: string }>`
    select id from orders where id = any(${rows.map((r) => r.order.id)})`.execute(t.database.db);
  assert.deepEqual(
    stored.map((s) => s.id).sort(),
    rows
      .filter((_, n) => n !== 5)
      .map((r) => r.order.id)
      .sort(),
  );
});
