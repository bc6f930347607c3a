// Campaigns (issue 18 item 4): drafting → draft (first row through the real create checks) →
// creating_orders → ready; one normal order per valid row, in chunks; events to webhooks; cancel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp } from '../support/app.ts';
import { campaignIn, customersCsv, listOf } from '../support/bulk.ts';
import { startReceiver } from '../support/receiver.ts';
import { webhookTestEnv } from '../webhooks/support.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp(webhookTestEnv, { worker: true });
});
after(async () => {
  await t.close();
});

async function letterProfile(html = '<p>Dear {{to.firstName}}, your plan is {{plan}}.</p>') {
  const r = await t.api('/order_profiles/letters', { method: 'POST', json: { size: 'us_letter', html } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.id as string;
}

async function sender() {
  return (await t.api('/contacts', { method: 'POST', json: senderAddress() })).body.id as string;
}

test('a campaign of 1,203 rows creates one normal letter per row, in chunks, with events to webhooks', async () => {
  const receiver = await startReceiver();
  try {
    const hook = await t.api('/webhooks', {
      method: 'POST',
      json: {
        url: `${receiver.url}/hooks`,
        enabledEvents: ['campaign.created', 'campaign.updated'],
        payloadFormat: 'json',
      },
    });
    assert.equal(hook.status, 200, JSON.stringify(hook.body));
    // Row 7 has no address line: a failed row of the import, not of the campaign.
    const { listId } = await listOf(
      t,
      customersCsv(1203, (n) => (n === 7 ? 'Bad,7,,New York,NY,10001,US,gold' : undefined)),
    );
    const profile = await letterProfile();
    const created = await t.api('/campaigns', {
      method: 'POST',
      json: {
        mailingList: listId,
        letterProfile: profile,
        defaultSenderContact: await sender(),
        description: 'spring',
        // Printed in three days: the orders stay ready, so cancelling the campaign cancels every one.
        sendDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.object, 'campaign');
    assert.equal(created.body.status, 'drafting');
    assert.equal(created.body.letterProfile, profile);

    const drafted = await campaignIn(t, created.body.id, ['draft', 'changes_required']);
    assert.equal(drafted.status, 'draft', JSON.stringify(drafted.errors));
    const preview = await t.api(drafted.orderPreviewURL.replace('/print-mail/v1', ''));
    assert.equal(preview.status, 200);
    assert.equal(preview.body.html, '<p>Dear {{to.firstName}}, your plan is {{plan}}.</p>');
    assert.equal(preview.body.to.firstName, 'Customer');
    assert.equal(preview.body.campaign, created.body.id);

    const sending = await t.api(`/campaigns/${created.body.id}/send`, { method: 'POST', json: {} });
    assert.equal(sending.status, 200, JSON.stringify(sending.body));
    assert.equal(sending.body.status, 'creating_orders');
    assert.equal(sending.body.rowCount, 1202);
    const again = await t.api(`/campaigns/${created.body.id}/send`, { method: 'POST', json: {} });
    assert.equal(again.status, 422, 'a campaign is sent once');

    const ready = await campaignIn(t, created.body.id, ['ready']);
    assert.equal(ready.createdCount, 1202);
    assert.equal(ready.failedCount, 0);

    const orders = await t.api(`/campaigns/${created.body.id}/orders?limit=100`);
    assert.equal(orders.body.totalCount, 1202);
    const first = orders.body.data[0];
    assert.equal(first.object, 'letter');
    assert.equal(first.status, 'ready');
    assert.equal(first.campaign, created.body.id);
    assert.equal(first.campaignRow, 1);
    assert.equal(first.mergeVariables.plan, 'gold');
    assert.equal(first.from.companyName, 'Acme Mail Co');
    // A normal order: the letters API shows it.
    assert.equal((await t.api(`/letters/${first.id}`)).body.campaign, created.body.id);
    const { rows } = await t.database.pool.query(
      `select count(*)::int as n, count(distinct details->>'campaignRow')::int as rows from orders
       where details->>'campaign' = $1`,
      [created.body.id],
    );
    assert.deepEqual(rows[0], { n: 1202, rows: 1202 });

    await receiver.waitFor(
      (rs) => rs.some((r) => JSON.parse(r.body).data?.status === 'ready'),
      30_000,
      'campaign.updated with status ready',
    );
    const types = receiver.requests.map((r) => JSON.parse(r.body).type);
    assert.ok(types.includes('campaign.created'));
    assert.ok(types.includes('campaign.updated'));

    const cancelled = await t.api(`/campaigns/${created.body.id}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    const { rows: statuses } = await t.database.pool.query(
      `select status, count(*)::int as n from orders where details->>'campaign' = $1 group by status`,
      [created.body.id],
    );
    assert.deepEqual(statuses, [{ status: 'cancelled', n: 1202 }]);
  } finally {
    await receiver.close();
  }
});

test('a row failing the create checks is reported per row; the first row failing makes changes_required', async () => {
  // Row 2 lacks the profile's merge variable: the campaign still sends, the row is reported.
  const { listId } = await listOf(
    t,
    customersCsv(3, (n) => (n === 2 ? 'Customer,2,2 Broadway,New York,NY,10001,US,' : undefined)),
  );
  const profile = await letterProfile();
  const created = await t.api('/campaigns', {
    method: 'POST',
    json: { mailingList: listId, letterProfile: profile, defaultSenderContact: await sender() },
  });
  await campaignIn(t, created.body.id, ['draft']);
  await t.api(`/campaigns/${created.body.id}/send`, { method: 'POST', json: {} });
  const ready = await campaignIn(t, created.body.id, ['ready']);
  assert.equal(ready.createdCount, 2);
  assert.equal(ready.failedCount, 1);
  const failed = await t.api(`/campaigns/${created.body.id}/rows?status=failed`);
  assert.equal(failed.body.totalCount, 1);
  assert.equal(failed.body.data[0].importRow, 2);
  assert.match(failed.body.data[0].error, /merge variable "plan" is missing/);
  const report = await fetch(`${t.baseUrl}${ready.reportURL}`, {
    headers: { 'x-api-key': t.org.testApiKey },
  });
  const lines = (await report.text()).trim().split(/\r?\n/);
  assert.equal(lines.length, 4);
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',')[1]),
    ['created', 'failed', 'created'],
  );

  // No sender at all: letters need one, so the draft says so and the campaign can be fixed by update.
  const noSender = await t.api('/campaigns', {
    method: 'POST',
    json: { mailingList: listId, letterProfile: profile },
  });
  const changes = await campaignIn(t, noSender.body.id, ['changes_required', 'draft']);
  assert.equal(changes.status, 'changes_required');
  assert.match(changes.errors[0].message, /from is required/);
  const fixed = await t.api(`/campaigns/${noSender.body.id}`, {
    method: 'POST',
    json: { defaultSenderContact: await sender() },
  });
  assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
  assert.equal(fixed.body.status, 'drafting');
  assert.equal((await campaignIn(t, noSender.body.id, ['draft', 'changes_required'])).status, 'draft');
  const deleted = await t.api(`/campaigns/${noSender.body.id}`, { method: 'DELETE' });
  assert.deepEqual(deleted.body, { id: noSender.body.id, object: 'campaign', deleted: true });

  const sentOne = await t.api(`/campaigns/${created.body.id}`, {
    method: 'POST',
    json: { description: 'x' },
  });
  assert.equal(sentOne.status, 422, 'a sent campaign is not updated');
  assert.equal((await t.api(`/campaigns/${created.body.id}`, { method: 'DELETE' })).status, 422);
});

test('campaign creates refuse unknown lists, profiles and two profiles at once', async () => {
  const profile = await letterProfile();
  const bad = [
    [
      { mailingList: 'mailing_list_nope', letterProfile: profile },
      /mailing list mailing_list_nope was not found/,
    ],
    [{ mailingList: 'x', letterProfile: 'letter_profile_nope' }, /profile letter_profile_nope was not found/],
    [{ mailingList: 'x', letterProfile: profile, postcardProfile: 'p' }, /Give one profile/],
    [{ mailingList: 'x' }, /is required/],
  ] as const;
  for (const [json, message] of bad) {
    const r = await t.api('/campaigns', { method: 'POST', json });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.error.message, message);
  }
});

test('a send retried with its Idempotency-Key gets the send’s answer again, not a refusal', async () => {
  const { listId } = await listOf(t, customersCsv(2));
  const created = await t.api('/campaigns', {
    method: 'POST',
    json: { mailingList: listId, letterProfile: await letterProfile(), defaultSenderContact: await sender() },
  });
  await campaignIn(t, created.body.id, ['draft']);
  const send = () =>
    t.api(`/campaigns/${created.body.id}/send`, {
      method: 'POST',
      json: {},
      headers: { 'idempotency-key': `send-${created.body.id}` },
    });
  const first = await send();
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const retried = await send();
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.deepEqual(retried.body, first.body);
  // Without the key, a second send is still refused.
  const again = await t.api(`/campaigns/${created.body.id}/send`, { method: 'POST', json: {} });
  assert.equal(again.status, 422);
  const ready = await campaignIn(t, created.body.id, ['ready']);
  assert.equal(ready.createdCount, 2);
});
