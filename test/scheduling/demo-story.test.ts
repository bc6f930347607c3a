// The demo profile's promise (issue 4 §7), end to end with the real worker and the real clock: a live US
// letter with the default sendDate reaches processed_for_delivery within 10 s, imbStatus out_for_delivery
// within 30 s and completed within 60 s, with nobody but the built-in simulated printer and postal service.
// The only test here that waits for real time: the timings themselves are what it checks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  // Demo defaults throughout; only the return share is pinned so the story ends in a delivery.
  t = await startTestApp({ MAILSTREAM_PROFILE: 'demo', SIMULATED_USPS_RETURN_RATE: '0' }, { worker: true });
});
after(async () => {
  await t.close();
});

test('a live US letter tells its whole story in under a minute', { timeout: 90_000 }, async (context) => {
  assert.equal(t.config.profile, 'demo');
  const started = Date.now();
  const created = await t.api('/letters', {
    method: 'POST',
    key: t.org.liveApiKey,
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hello {{to.firstName}}</p>' },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const seen: Record<string, number> = {};
  let order: Record<string, unknown> = created.body;
  while (Date.now() - started < 65_000 && order.status !== 'completed') {
    await new Promise((r) => setTimeout(r, 250));
    order = (await t.api(`/letters/${created.body.id}`, { key: t.org.liveApiKey })).body;
    const elapsed = Date.now() - started;
    seen[String(order.status)] ??= elapsed;
    if (order.imbStatus) seen[`imb:${order.imbStatus}`] ??= elapsed;
  }
  const report = JSON.stringify(seen);
  context.diagnostic(`ms after create: ${report}`);
  // The piece is rendered (Chromium, in the worker) before it prints: that comes on top of the story.
  assert.ok(seen.processed_for_delivery !== undefined && seen.processed_for_delivery <= 30_000, report);
  assert.ok(seen['imb:out_for_delivery'] !== undefined && seen['imb:out_for_delivery'] <= 30_000, report);
  assert.ok(seen.completed !== undefined && seen.completed <= 60_000, report);
  assert.match(String((order.imb as { barcode?: string } | undefined)?.barcode), /^[FADT]{65}$/);
  const events = await t.api(`/events?limit=100`, { key: t.org.liveApiKey });
  const statuses = events.body.data
    .filter((e: { data: { id: string } }) => e.data.id === created.body.id)
    .map((e: { data: { status: string } }) => e.data.status)
    .reverse();
  for (const status of ['ready', 'printing', 'processed_for_delivery', 'completed']) {
    assert.ok(statuses.includes(status), `an event for ${status}: ${statuses.join(', ')}`);
  }
});

test('a test letter with the default sendDate stays ready meanwhile: it can be cancelled or stepped', {
  timeout: 90_000,
}, async () => {
  const letter = () =>
    t.api('/letters', {
      method: 'POST',
      key: t.org.testApiKey,
      json: { to: usAddress(), from: senderAddress(), html: '<p>Hello {{to.firstName}}</p>' },
    });
  const stepped = await letter();
  const cancelled = await letter();
  const live = await t.api('/letters', {
    method: 'POST',
    key: t.org.liveApiKey,
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hello {{to.firstName}}</p>' },
  });
  // A live letter made with them is mailed: the scheduler has run past their sendDate several times.
  let status = live.body.status;
  while (status === 'ready' || status === 'printing') {
    await new Promise((r) => setTimeout(r, 250));
    status = (await t.api(`/letters/${live.body.id}`, { key: t.org.liveApiKey })).body.status;
  }
  for (const order of [stepped, cancelled]) {
    const now = await t.api(`/letters/${order.body.id}`, { key: t.org.testApiKey });
    assert.equal(now.body.status, 'ready', JSON.stringify(now.body));
  }
  const progressed = await t.api(`/letters/${stepped.body.id}/progressions`, {
    method: 'POST',
    key: t.org.testApiKey,
  });
  assert.equal(progressed.status, 200, JSON.stringify(progressed.body));
  assert.equal(progressed.body.status, 'printing');
  const cancel = await t.api(`/letters/${cancelled.body.id}`, { method: 'DELETE', key: t.org.testApiKey });
  assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
  assert.equal(cancel.body.status, 'cancelled');
});
