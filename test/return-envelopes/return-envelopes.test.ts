import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { expectRejected, rowCounts } from '../support/order-kinds.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

let seq = 0;
/** A return envelope addressed to a new contact (one envelope per contact). */
async function envelope(key?: string): Promise<any> {
  const response = await t.api('/return_envelopes', {
    method: 'POST',
    key,
    json: { to: senderAddress({ companyName: `Returns Dept ${seq++}` }), description: 'Returns' },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

async function setAvailable(id: string, available: number): Promise<void> {
  await t.database.db.updateTable('return_envelopes').set({ available }).where('id', '=', id).execute();
}

const available = async (id: string) => (await t.api(`/return_envelopes/${id}`)).body.available as number;

describe('return envelopes', () => {
  test('create, get and list; one envelope per contact', async () => {
    const created = await envelope();
    assert.match(created.id, /^return_envelope_[A-Za-z0-9]{22}$/);
    assert.equal(created.object, 'return_envelope');
    assert.equal(created.live, false);
    assert.equal(created.available, 0);
    assert.match(created.to.id, /^contact_/);
    assert.equal((await t.api(`/return_envelopes/${created.id}`)).body.id, created.id);
    const list = await t.api(`/return_envelopes?search=${encodeURIComponent(created.to.companyName)}`);
    assert.deepEqual(
      list.body.data.map((e: { id: string }) => e.id),
      [created.id],
    );
    assert.equal(list.body.totalCount, 1);

    await expectRejected(t, '/return_envelopes', [
      [
        'second envelope for the same contact (by id)',
        { to: created.to.id },
        'validation_error',
        /already has return envelope/,
      ],
      [
        'second envelope for the same contact (inline)',
        { to: senderAddress({ companyName: created.to.companyName }) },
        'validation_error',
        /already has return envelope/,
      ],
      [
        'unknown contact',
        { to: 'contact_nope' },
        'validation_error',
        /to: contact contact_nope was not found/,
      ],
      ['missing to', {}, 'validation_error', /to is required/],
    ]);
  });

  test('isolation: the other mode and other organizations get 404', async () => {
    const mine = await envelope();
    const other = await createOrganization(t.database.db, 'Envelope org');
    for (const key of [t.org.liveApiKey, other.testApiKey]) {
      assert.equal((await t.api(`/return_envelopes/${mine.id}`, { key })).status, 404);
      assert.equal((await t.api(`/return_envelopes/${mine.id}/orders`, { key })).status, 404);
      const order = await t.api(`/return_envelopes/${mine.id}/orders`, {
        method: 'POST',
        key,
        json: { quantityOrdered: 5000 },
      });
      assert.equal(order.status, 404);
      const list = await t.api('/return_envelopes', { key });
      assert.ok(!list.body.data.some((e: { id: string }) => e.id === mine.id));
    }
  });
});

describe('return envelope orders', () => {
  test('placed → filled in test mode raises available; events created and updated', async () => {
    const env = await envelope();
    const placed = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      json: { quantityOrdered: 5000, metadata: { po: 'A-1' } },
    });
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    assert.match(placed.body.id, /^return_envelope_order_[A-Za-z0-9]{22}$/);
    assert.equal(placed.body.object, 'return_envelope_order');
    assert.equal(placed.body.status, 'placed');
    assert.equal(placed.body.quantityOrdered, 5000);
    assert.equal(placed.body.returnEnvelope, env.id);
    assert.equal('quantityFilled' in placed.body, false, 'nothing filled yet');
    assert.deepEqual((await t.api(`/return_envelopes/${env.id}/orders/${placed.body.id}`)).body, placed.body);

    const filled = await t.api(`/return_envelopes/${env.id}/orders/${placed.body.id}/fills`, {
      method: 'POST',
    });
    assert.equal(filled.status, 200, JSON.stringify(filled.body));
    assert.equal(filled.body.status, 'filled');
    assert.ok(filled.body.filledAt);
    // PostGrid's filled order says how many envelopes it delivered; the stock grew by exactly that.
    assert.equal(filled.body.quantityFilled, 5000);
    assert.equal(await available(env.id), filled.body.quantityFilled);
    const read = await t.api(`/return_envelopes/${env.id}/orders/${placed.body.id}`);
    assert.equal(read.body.quantityFilled, 5000);
    const listed = await t.api(`/return_envelopes/${env.id}/orders?status=filled`);
    assert.equal(listed.body.data[0].quantityFilled, 5000);

    const again = await t.api(`/return_envelopes/${env.id}/orders/${placed.body.id}/fills`, {
      method: 'POST',
    });
    assert.equal(again.status, 422);
    assert.equal(again.body.error.type, 'invalid_progression_error');
    assert.equal(await available(env.id), 5000, 'filled once only');
    const cancel = await t.api(`/return_envelopes/${env.id}/orders/${placed.body.id}`, { method: 'DELETE' });
    assert.equal(cancel.status, 422);
    assert.equal(cancel.body.error.type, 'order_not_cancellable_error');

    const events = await t.api(`/events?orderId=${placed.body.id}`);
    const byType = Object.fromEntries(events.body.data.map((e: any) => [e.type, e]));
    assert.deepEqual(Object.keys(byType).sort(), [
      'return_envelope_order.created',
      'return_envelope_order.updated',
    ]);
    assert.equal(byType['return_envelope_order.created'].data.status, 'placed');
    assert.equal(byType['return_envelope_order.created'].sequence, 1);
    assert.equal(byType['return_envelope_order.updated'].data.status, 'filled');
    assert.equal(byType['return_envelope_order.updated'].data.quantityFilled, 5000);
    assert.equal(byType['return_envelope_order.updated'].sequence, 2);
    assert.deepEqual(byType['return_envelope_order.updated'].updatedFields, ['status', 'quantityFilled']);
  });

  test('DELETE and /cancellation cancel while placed; the stock is untouched', async () => {
    const env = await envelope();
    const first = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      json: { quantityOrdered: 6000 },
    });
    const cancelled = await t.api(`/return_envelopes/${env.id}/orders/${first.body.id}`, {
      method: 'DELETE',
    });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.deepEqual(cancelled.body.cancellation, { reason: 'user_initiated' });
    const fill = await t.api(`/return_envelopes/${env.id}/orders/${first.body.id}/fills`, { method: 'POST' });
    assert.equal(fill.body.error.type, 'invalid_progression_error');
    assert.equal(await available(env.id), 0);
    const twice = await t.api(`/return_envelopes/${env.id}/orders/${first.body.id}`, { method: 'DELETE' });
    assert.equal(twice.body.error.type, 'order_not_cancellable_error');

    const second = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      json: { quantityOrdered: 5000 },
    });
    const noted = await t.api(`/return_envelopes/${env.id}/orders/${second.body.id}/cancellation`, {
      method: 'POST',
      json: { note: 'Ordered twice' },
    });
    assert.deepEqual(noted.body.cancellation, { reason: 'user_initiated', note: 'Ordered twice' });
    const events = await t.api(`/events?orderId=${second.body.id}&type=return_envelope_order.updated`);
    assert.equal(events.body.data[0].data.status, 'cancelled');
  });

  test('a cancel racing a fill has exactly one winner', async () => {
    const env = await envelope();
    for (let round = 0; round < 5; round++) {
      const order = await t.api(`/return_envelopes/${env.id}/orders`, {
        method: 'POST',
        json: { quantityOrdered: 5000 },
      });
      const path = `/return_envelopes/${env.id}/orders/${order.body.id}`;
      const [fill, cancel] = await Promise.all([
        t.api(`${path}/fills`, { method: 'POST' }),
        t.api(path, { method: 'DELETE' }),
      ]);
      assert.equal([fill.status, cancel.status].filter((s) => s === 200).length, 1);
      const final = (await t.api(path)).body.status;
      assert.equal(final, fill.status === 200 ? 'filled' : 'cancelled');
      const events = await t.api(`/events?orderId=${order.body.id}&type=return_envelope_order.updated`);
      assert.equal(events.body.totalCount, 1);
    }
  });

  test('list with skip, limit, totalCount, status and search', async () => {
    const env = await envelope();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await t.api(`/return_envelopes/${env.id}/orders`, {
        method: 'POST',
        json: { quantityOrdered: 5000 + i, description: `Batch ${i}`, metadata: { i } },
      });
      ids.push(r.body.id);
    }
    await t.api(`/return_envelopes/${env.id}/orders/${ids[0]}/fills`, { method: 'POST' });
    const page = await t.api(`/return_envelopes/${env.id}/orders?skip=1&limit=2`);
    assert.equal(page.body.object, 'list');
    assert.equal(page.body.totalCount, 4);
    assert.deepEqual(
      page.body.data.map((o: { id: string }) => o.id),
      [ids[2], ids[1]],
    );
    const filled = await t.api(`/return_envelopes/${env.id}/orders?status=filled`);
    assert.deepEqual(
      filled.body.data.map((o: { id: string }) => o.id),
      [ids[0]],
    );
    const text = await t.api(`/return_envelopes/${env.id}/orders?search=batch%202`);
    assert.deepEqual(
      text.body.data.map((o: { id: string }) => o.id),
      [ids[2]],
    );
    const meta = await t.api(
      `/return_envelopes/${env.id}/orders?search=${encodeURIComponent('{"metadata.i":3}')}`,
    );
    assert.deepEqual(
      meta.body.data.map((o: { id: string }) => o.id),
      [ids[3]],
    );
  });

  test('order validation: quantity ≥ 5000, an existing envelope; nothing created', async () => {
    const env = await envelope();
    await expectRejected(t, `/return_envelopes/${env.id}/orders`, [
      [
        'quantity below 5000',
        { quantityOrdered: 4999 },
        'validation_error',
        /quantityOrdered must be >= 5000/,
      ],
      ['quantity missing', {}, 'validation_error', /quantityOrdered is required/],
      [
        'quantity not an integer',
        { quantityOrdered: 5000.5 },
        'validation_error',
        /quantityOrdered must be integer/,
      ],
      [
        'quantity too large',
        { quantityOrdered: 1_000_001 },
        'validation_error',
        /quantityOrdered must be <= 1000000/,
      ],
    ]);
    await expectRejected(t, '/return_envelopes/return_envelope_nope/orders', [
      [
        'unknown envelope',
        { quantityOrdered: 5000 },
        'not_found_error',
        /Return envelope return_envelope_nope was not found/,
      ],
    ]);
  });

  test('fills are for test mode; live keys are refused', async () => {
    const env = await envelope(t.org.liveApiKey);
    const order = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      key: t.org.liveApiKey,
      json: { quantityOrdered: 5000 },
    });
    assert.equal(order.body.live, true);
    const fill = await t.api(`/return_envelopes/${env.id}/orders/${order.body.id}/fills`, {
      method: 'POST',
      key: t.org.liveApiKey,
    });
    assert.equal(fill.status, 403);
    assert.equal(fill.body.error.type, 'permission_missing_error');
    const read = await t.api(`/return_envelopes/${env.id}/orders/${order.body.id}`, {
      key: t.org.liveApiKey,
    });
    assert.equal(read.body.status, 'placed');
    assert.equal(
      (await t.api(`/return_envelopes/${env.id}/orders/${order.body.id}`)).status,
      404,
      'test key: 404',
    );
  });

  test('Idempotency-Key replays an envelope order', async () => {
    const env = await envelope();
    const headers = { 'idempotency-key': 'env-order-1' };
    const first = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      json: { quantityOrdered: 5000 },
      headers,
    });
    const before = await rowCounts(t.database.db);
    const again = await t.api(`/return_envelopes/${env.id}/orders`, {
      method: 'POST',
      json: { quantityOrdered: 5000 },
      headers,
    });
    assert.deepEqual(again.body, first.body);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });
});

describe('letters and cheques use return envelopes', () => {
  const letter = (returnEnvelope: string, n: number) => ({
    to: usAddress({ lastName: `Envelope user ${n}` }),
    from: senderAddress(),
    html: '<p>Please return the form</p>',
    returnEnvelope,
  });

  test('a letter takes one envelope; with none left it is refused (422) and nothing is created', async () => {
    const env = await envelope();
    await setAvailable(env.id, 1);
    const ok = await t.api('/letters', { method: 'POST', json: letter(env.id, 1) });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.returnEnvelope, env.id);
    assert.equal(await available(env.id), 0);

    const before = await rowCounts(t.database.db);
    const none = await t.api('/letters', { method: 'POST', json: letter(env.id, 2) });
    assert.equal(none.status, 422);
    assert.equal(none.body.error.type, 'unprocessable_error');
    assert.match(none.body.error.message, /^returnEnvelope: return envelope .* has none available/);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('refused letters leave the stock alone; unknown or foreign envelopes are validation errors', async () => {
    const env = await envelope();
    await setAvailable(env.id, 3);
    const other = await createOrganization(t.database.db, 'Foreign envelopes');
    const foreign = await envelope(other.testApiKey);
    const live = await envelope(t.org.liveApiKey);
    await expectRejected(t, '/letters', [
      [
        'letter with invalid content',
        { ...letter(env.id, 3), html: '<p>{{missing}}</p>' },
        'validation_error',
        /merge variable "missing"/,
      ],
      [
        'unknown envelope',
        letter('return_envelope_nope', 4),
        'validation_error',
        /returnEnvelope: return envelope return_envelope_nope was not found/,
      ],
      ['envelope of another organization', letter(foreign.id, 5), 'validation_error', /was not found/],
      ['envelope of the other mode', letter(live.id, 6), 'validation_error', /was not found/],
    ]);
    assert.equal(await available(env.id), 3);
  });

  test('a cheque takes one envelope too', async () => {
    const env = await envelope();
    await setAvailable(env.id, 2);
    const bank = await t.api('/bank_accounts', {
      method: 'POST',
      json: {
        bankName: 'Bank',
        bankCountryCode: 'US',
        accountNumber: '12345678',
        routingNumber: '021000021',
        signatureText: 'Sig',
      },
    });
    const cheque = await t.api('/cheques', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        bankAccount: bank.body.id,
        amount: 500,
        returnEnvelope: env.id,
      },
    });
    assert.equal(cheque.status, 200, JSON.stringify(cheque.body));
    assert.equal(cheque.body.returnEnvelope, env.id);
    assert.equal(await available(env.id), 1);

    // Refused after the envelope was taken (the number is checked last): the envelope goes back.
    const before = await rowCounts(t.database.db);
    const duplicate = await t.api('/cheques', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        bankAccount: bank.body.id,
        amount: 500,
        returnEnvelope: env.id,
        number: cheque.body.number,
      },
    });
    assert.equal(duplicate.body.error.type, 'validation_error');
    assert.match(duplicate.body.error.message, /is already used/);
    assert.equal(await available(env.id), 1);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('concurrent letters sharing an envelope with available = N: exactly N succeed', async () => {
    const env = await envelope();
    const N = 7;
    await setAvailable(env.id, N);
    const contact = await t.api('/contacts', { method: 'POST', json: usAddress({ lastName: 'Concurrent' }) });
    const sender = await t.api('/contacts', { method: 'POST', json: senderAddress() });
    const before = await rowCounts(t.database.db);
    const responses = await Promise.all(
      Array.from({ length: 18 }, () =>
        t.api('/letters', {
          method: 'POST',
          json: { to: contact.body.id, from: sender.body.id, html: '<p>x</p>', returnEnvelope: env.id },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, N, JSON.stringify(statuses));
    for (const refused of responses.filter((r) => r.status !== 200)) {
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.type, 'unprocessable_error');
    }
    assert.equal(await available(env.id), 0);
    const after = await rowCounts(t.database.db);
    assert.equal(after.orders - before.orders, N);
  });
});
