// GET /{kind}/export: every order the list's filters match, as CSV, streamed by keyset pages; and the
// list's createdAtFrom/createdAtTo filter that both share.
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { exportOrders } from '../../src/orders/export.ts';
import { orderFiltersOf } from '../../src/orders/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';

let t: TestApp;
const ids: Record<string, string> = {};
const sendDate = new Date(Date.now() + 7 * 86_400_000).toISOString();

async function letter(name: string, description: string, createdAt?: string) {
  const made = await t.api('/letters', {
    method: 'POST',
    json: {
      to: usAddress({ firstName: name }),
      from: senderAddress(),
      html: '<p>Hi</p>',
      description,
      sendDate,
    },
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  ids[name] = made.body.id;
  if (createdAt)
    await sql`update orders set created_at = ${createdAt}::timestamptz where id = ${made.body.id}`.execute(
      t.database.db,
    );
}

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

before(async () => {
  t = await startTestApp();
  await letter('Ada', 'November batch', '2026-11-03T10:00:00Z');
  await letter('Grace', 'December batch', '2026-12-01T09:30:00Z');
  await letter('Alan', '=HYPERLINK("http://evil.example","click")');
  await letter('Edsger', 'December batch', '2026-12-01T09:30:00.000001Z');
});
after(() => t?.close());

describe('order export and the created-at filter', () => {
  test('the list filters by creation time, both ends inclusive', async () => {
    const list = await t.api(
      '/letters?createdAtFrom=2026-11-01T00:00:00Z&createdAtTo=2026-12-01T09:30:00Z&limit=100',
    );
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.data.map((o: { id: string }) => o.id),
      [ids.Grace, ids.Ada],
      'Edsger, a microsecond after the end, and Alan, created now, are outside',
    );
    const bad = await t.api('/letters?createdAtFrom=last-week');
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /createdAtFrom/);
  });

  test('exports every match as CSV with the list’s filters, newest first', async () => {
    const response = await fetch(
      `${t.baseUrl}/print-mail/v1/letters/export?search=${encodeURIComponent('{"description":"December batch"}')}`,
      { headers: { 'x-api-key': t.org.testApiKey } },
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(response.headers.get('content-disposition') ?? '', /filename="letters\.csv"/);
    const rows = rowsOf(await response.text());
    assert.deepEqual(
      rows.map((r) => r.id),
      [ids.Edsger, ids.Grace],
    );
    assert.equal(rows[1]!.toFirstName, 'Grace');
    assert.equal(rows[1]!.description, 'December batch');
    assert.equal(rows[1]!.createdAt, '2026-12-01T09:30:00.000Z');
    assert.equal(rows[1]!.status, 'ready');
  });

  test('a description a spreadsheet would run stays text', async () => {
    const rows = rowsOf((await t.api('/letters/export')).body);
    assert.equal(rows.length, 4);
    assert.equal(
      rows.find((r) => r.id === ids.Alan)!.description,
      `'=HYPERLINK("http://evil.example","click")`,
    );
  });

  test('keyset pages walk every order, including ones a millisecond apart', async () => {
    const auth = { organizationId: t.org.organizationId, live: false, keyId: 'test' };
    for (const pageSize of [1, 2, 3]) {
      const csv = await text(exportOrders(t.database.db, auth, 'letter', orderFiltersOf({}), pageSize));
      assert.deepEqual(
        rowsOf(csv).map((r) => r.id),
        [ids.Alan, ids.Edsger, ids.Grace, ids.Ada],
        `page size ${pageSize}`,
      );
    }
  });

  test('a cheque export carries amount, number and memo', async () => {
    const account = await t.api('/bank_accounts', { method: 'POST', json: usBankAccount() });
    const cheque = await t.api('/cheques', {
      method: 'POST',
      json: {
        to: usAddress(),
        from: senderAddress(),
        bankAccount: account.body.id,
        amount: 4200,
        memo: 'Rent',
        sendDate,
      },
    });
    assert.equal(cheque.status, 200, JSON.stringify(cheque.body));
    const [row] = rowsOf((await t.api('/cheques/export')).body);
    assert.equal(row!.amount, '4200');
    assert.equal(row!.memo, 'Rent');
    assert.equal(row!.number, String(cheque.body.number));
    assert.equal(row!.bankAccount, account.body.id);
  });

  test('an export is the caller’s mode only', async () => {
    const rows = rowsOf((await t.api('/letters/export', { key: t.org.liveApiKey })).body);
    assert.deepEqual(rows, []);
  });
});
