// Prices through the API: every order is priced at create on both create paths, a quote is the price of the
// order the same body creates (each kind) and creates nothing, a cancel costs 0, and a settled page count
// changes the price with an event.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { settlePrice } from '../../src/pricing/settle.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { rowCounts } from '../support/order-kinds.ts';

let t: TestApp;
let bank: string;
let template: string;

before(async () => {
  t = await startTestApp();
  const account = await t.api('/bank_accounts', {
    method: 'POST',
    json: {
      bankName: 'First Test Bank',
      bankCountryCode: 'US',
      accountNumber: '000123456789',
      routingNumber: '021000021',
      signatureText: 'Ada Lovelace',
    },
  });
  assert.equal(account.status, 200, JSON.stringify(account.body));
  bank = account.body.id;
  const made = await t.api('/templates', { method: 'POST', json: { html: '<p>Hello {{to.firstName}}</p>' } });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  template = made.body.id;
});
after(async () => {
  await t.close();
});

const bodies: [kind: string, path: string, body: () => Record<string, unknown>][] = [
  ['letter', '/letters', () => ({ to: usAddress(), from: senderAddress(), html: '<p>Hi</p>', color: true })],
  [
    'letter',
    '/letters',
    // A template: the create needs a lookup, so it takes the transactional path.
    () => ({
      to: usAddress(),
      from: senderAddress(),
      template,
      addressPlacement: 'insert_blank_page',
      extraService: 'certified_return_receipt',
    }),
  ],
  [
    'postcard',
    '/postcards',
    () => ({ to: usAddress(), size: '9x6', frontHTML: '<p>F</p>', backHTML: '<p>B</p>' }),
  ],
  [
    'self_mailer',
    '/self_mailers',
    () => ({
      to: usAddress(),
      from: senderAddress(),
      size: '9.5x16_trifold',
      insideHTML: '<p>I</p>',
      outsideHTML: '<p>O</p>',
    }),
  ],
  [
    'cheque',
    '/cheques',
    () => ({
      to: usAddress(),
      from: senderAddress(),
      bankAccount: bank,
      amount: 12_345,
      extraService: 'registered',
      letterHTML: '<p>Enclosed</p>',
    }),
  ],
];

describe('quotes', () => {
  for (const [kind, path, body] of bodies) {
    test(`${kind} (${Object.keys(body()).join(', ')}): the quote is the price of the order made from the same body`, async () => {
      const before = await rowCounts(t.database.db);
      const quote = await t.api('/quotes', { method: 'POST', json: { kind, ...body() } });
      assert.equal(quote.status, 200, JSON.stringify(quote.body));
      assert.deepEqual(await rowCounts(t.database.db), before, 'a quote creates nothing');
      const created = await t.api(path, { method: 'POST', json: body() });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(quote.body, created.body.price);
      assert.ok(quote.body.total > 0);
      assert.equal(
        quote.body.total,
        quote.body.lines.reduce((sum: number, line: { amount: number }) => sum + line.amount, 0),
      );
      // Stored as shown, and in the created event.
      const event = await t.api(`/events?type=${kind}.created&orderId=${created.body.id}`);
      assert.deepEqual(event.body.data[0].data.price, created.body.price);
    });
  }

  test('the quote of a bad body is the create error, and nothing is written', async () => {
    const before = await rowCounts(t.database.db);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ kind: 'letter', to: usAddress(), html: '<p>x</p>' }, /from is required/],
      [{ kind: 'postcard', to: usAddress(), size: '5x5', frontHTML: 'x', backHTML: 'y' }, /size/],
      [{ kind: 'letter', to: 'contact_nope', from: senderAddress(), html: 'x' }, /contact_nope/],
      [{ kind: 'envelope', to: usAddress() }, /kind/],
      [
        {
          kind: 'postcard',
          to: usAddress(),
          size: '6x4',
          frontHTML: 'x',
          backHTML: 'y',
          extraService: 'certified',
        },
        /extraService/,
      ],
    ];
    for (const [json, message] of cases) {
      const quote = await t.api('/quotes', { method: 'POST', json });
      const { kind, ...rest } = json;
      assert.ok([400, 404].includes(quote.status), JSON.stringify(quote.body));
      assert.match(quote.body.error.message, message);
      if (kind !== 'envelope') {
        const created = await t.api(`/${kind}s`, { method: 'POST', json: rest });
        assert.deepEqual(created.body, quote.body, 'the same error as the create');
      }
    }
    assert.deepEqual(await rowCounts(t.database.db), before);
  });
});

describe('the price over an order’s life', () => {
  test('cancelled: costs 0, the lines kept and a cancellation line taking the total back', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>', extraService: 'certified' },
    });
    const before = created.body.price;
    assert.equal(before.total, 89 + 530);
    const cancelled = await t.api(`/letters/${created.body.id}`, { method: 'DELETE' });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.price.total, 0);
    assert.deepEqual(cancelled.body.price.lines.slice(0, -1), before.lines);
    assert.deepEqual(cancelled.body.price.lines.at(-1), {
      item: 'cancellation',
      quantity: 1,
      unitAmount: -619,
      amount: -619,
    });
    // And it stays 0 when the page count is settled later.
    const settled = await settlePrice(t.database.db, created.body.id, 3);
    assert.equal(settled!.price && (settled!.price as { total: number }).total, 0);
    assert.equal((settled!.price as { pageCount: number }).pageCount, 3);
  });

  test('settlePrice: the rendered page count prices the order again, with its event, once', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>', doubleSided: true },
    });
    assert.equal(created.body.price.settled, false);
    assert.equal(created.body.price.pageCount, 1);
    const settled = await t.database.db.transaction().execute((tx) => settlePrice(tx, created.body.id, 12));
    // 12 pages × 8 + 6 sheets × 2 + 3 + (0.2 + 0.96 oz → 2 oz) 74 + 29
    assert.equal((settled!.price as { total: number }).total, 96 + 12 + 3 + 103);
    assert.equal((settled!.price as { settled: boolean }).settled, true);
    const events = await t.api(`/events?type=letter.updated&orderId=${created.body.id}`);
    assert.equal(events.body.totalCount, 1);
    assert.deepEqual(events.body.data[0].updatedFields, ['price']);
    assert.equal(events.body.data[0].sequence, 2);
    assert.deepEqual(events.body.data[0].data.price, settled!.price);
    const read = await t.api(`/letters/${created.body.id}`);
    assert.deepEqual(read.body.price, settled!.price);
    // The same count again changes nothing and writes no event.
    assert.equal(await settlePrice(t.database.db, created.body.id, 12), null);
    assert.equal((await t.api(`/events?type=letter.updated&orderId=${created.body.id}`)).body.totalCount, 1);
    await assert.rejects(settlePrice(t.database.db, created.body.id, 0), /pageCount/);
  });

  test('orders made before prices existed have none, and settlePrice leaves them alone', async () => {
    const created = await t.api('/postcards', {
      method: 'POST',
      json: { to: usAddress(), size: '6x4', frontHTML: 'x', backHTML: 'y' },
    });
    await sql`update orders set price = null where id = ${created.body.id}`.execute(t.database.db);
    const read = await t.api(`/postcards/${created.body.id}`);
    assert.equal('price' in read.body, false);
    assert.equal(await settlePrice(t.database.db, created.body.id, 2), null);
  });
});
