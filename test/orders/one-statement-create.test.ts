// The common create (inline contacts, content needing no lookup) is one statement without a transaction
// (src/orders/service.ts createInOneStatement); everything else takes the transactional path. These check
// that the one-statement path stores exactly what the transactional one does, deduplicates contacts the
// same way (also when racing), and hands over to the transactional path when the content needs lookups.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function contactCount(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(t.database.db);
  return rows[0]!.n;
}

test('an inline contact in an order reads exactly as the stored contact, which later orders reuse', async () => {
  const to = usAddress({ firstName: 'Inline', lastName: 'Reader', metadata: { tier: 'gold' } });
  const first = await t.api('/letters', {
    method: 'POST',
    json: { to, from: senderAddress(), html: '<p>Hi {{to.firstName}}</p>' },
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const contact = await t.api(`/contacts/${first.body.to.id}`);
  assert.equal(contact.status, 200);
  assert.deepEqual(first.body.to, contact.body, 'the order holds the contact as GET /contacts shows it');
  // Whitespace and case differences are the same contact (normalised as createContact does).
  const again = await t.api('/letters', {
    method: 'POST',
    json: { to: { ...to, firstName: '  Inline ' }, from: senderAddress(), html: '<p>Hi</p>' },
  });
  assert.equal(again.status, 200);
  assert.equal(again.body.to.id, first.body.to.id);
  assert.equal(again.body.from.id, first.body.from.id);
  const events = await t.api(`/events?limit=100`);
  const created = events.body.data.find((e: any) => e.data?.id === first.body.id);
  assert.equal(created?.type, 'letter.created');
  assert.deepEqual(created.data.to, contact.body, 'the created event carries the same contact');
});

test('the same contact as to and from is stored once', async () => {
  const before = await contactCount();
  const both = usAddress({ firstName: 'Selfsender', lastName: `Twice ${Date.now()}` });
  const created = await t.api('/letters', {
    method: 'POST',
    json: { to: both, from: both, html: '<p>Hi</p>' },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.to.id, created.body.from.id);
  assert.equal(await contactCount(), before + 1);
});

test('20 concurrent creates with one new inline contact: all created, one contact stored', async () => {
  const before = await contactCount();
  const to = usAddress({ firstName: 'Racing', lastName: `Recipient ${Date.now()}` });
  const replies = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      t.api('/letters', {
        method: 'POST',
        json: { to, from: senderAddress(), html: `<p>Letter ${i}</p>` },
      }),
    ),
  );
  for (const reply of replies) assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(new Set(replies.map((r) => r.body.to.id)).size, 1, 'every order got the one contact');
  assert.equal(new Set(replies.map((r) => r.body.id)).size, 20);
  // The sender already existed (earlier tests), so exactly the new recipient was added.
  assert.equal(await contactCount(), before + 1);
});

test('content needing a lookup (a template) takes the transactional path; a bad one stores nothing', async () => {
  const template = await t.api('/templates', {
    method: 'POST',
    json: { html: '<p>Dear {{to.firstName}}</p>' },
  });
  assert.equal(template.status, 200);
  const to = usAddress({ firstName: 'Templated', lastName: `Person ${Date.now()}` });
  const before = await contactCount();
  const missing = await t.api('/letters', {
    method: 'POST',
    json: { to, from: senderAddress(), template: 'template_doesnotexist' },
  });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.message, /template template_doesnotexist was not found/);
  assert.equal(await contactCount(), before, 'the refused create left no contact behind');
  const made = await t.api('/letters', {
    method: 'POST',
    json: { to, from: senderAddress(), template: template.body.id },
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  assert.equal(made.body.template, template.body.id);
  assert.equal(await contactCount(), before + 1);
});

test('a missing merge variable is refused before anything is stored', async () => {
  const before = await contactCount();
  const reply = await t.api('/letters', {
    method: 'POST',
    json: {
      to: usAddress({ firstName: 'Nomerge', lastName: `Person ${Date.now()}` }),
      from: senderAddress(),
      html: '<p>{{offer}}</p>',
    },
  });
  assert.equal(reply.status, 400);
  assert.match(reply.body.error.message, /merge variable "offer" is missing/);
  assert.equal(await contactCount(), before);
});
