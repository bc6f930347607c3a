import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createLogger } from '../../src/logger.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { renderPendingOrders } from '../../src/rendering/render-queue.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { storedState } from '../hostile/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

/**
 * Printers see every organization's live mail, but only what they claimed: another printer's orders,
 * and test orders, are 404s; printer keys and organization keys open only their own interface.
 */

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function printerApi(key: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}/printer/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('printer isolation', () => {
  test("a printer cannot read, mail or fail another printer's order, nor any test order", async () => {
    const first = await createPrinter(t.database.db, 'First printer');
    const second = await createPrinter(t.database.db, 'Second printer');
    const letter = (key: string) =>
      t.api('/letters', {
        method: 'POST',
        key,
        json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>' },
      });
    const live = (await letter(t.org.liveApiKey)).body.id as string;
    const testOrder = (await letter(t.org.testApiKey)).body.id as string;
    await renderPendingOrders({ db: t.database.db, config: t.config, logger: createLogger(t.config) });
    await runSchedulerTick(t.database.db, t.config, new Date());
    const claimed = await printerApi(first.key, '/claims', { method: 'POST', json: { limit: 10 } });
    assert.equal(claimed.status, 200);
    assert.deepEqual(
      claimed.body.data.map((job: { orderId: string }) => job.orderId),
      [live],
      'a printer is handed live orders only',
    );

    const before = await storedState(t.database.db);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/orders/${live}`],
      ['GET', `/orders/${live}/pdf`],
      ['POST', `/orders/${live}/mailed`, {}],
      ['POST', `/orders/${live}/failures`, { reason: 'paper jam' }],
    ];
    for (const [method, path, json] of attempts) {
      const response = await printerApi(second.key, path, { method, json });
      assert.equal(
        response.status,
        404,
        `second printer ${method} ${path}: ${JSON.stringify(response.body)}`,
      );
      assert.equal(response.body.error.type, 'not_found_error');
    }
    for (const [method, path, json] of attempts) {
      const response = await printerApi(first.key, path.replace(live, testOrder), { method, json });
      assert.equal(response.status, 404, `test order ${method} ${path}: ${JSON.stringify(response.body)}`);
    }
    const held = await printerApi(second.key, '/orders');
    assert.deepEqual(held.body.data, []);
    // The second printer's claims find nothing: the order is held by the first.
    const { rows } = await sql<{
      printer_id: string;
    }>`select printer_id from orders where id = ${live}`.execute(t.database.db);
    assert.equal(rows[0]!.printer_id, first.id);
    assert.deepEqual(await storedState(t.database.db), before, 'refused printer requests change nothing');
  });

  test('printer keys do not open the organization API, and API keys do not open the printer interface', async () => {
    const printer = await createPrinter(t.database.db, 'Third printer');
    const asPrinter = await fetch(`${t.baseUrl}/print-mail/v1/letters`, {
      headers: { authorization: `Bearer ${printer.key}` },
    });
    assert.equal(asPrinter.status, 401);
    const withKeyHeader = await fetch(`${t.baseUrl}/print-mail/v1/letters`, {
      headers: { 'x-api-key': printer.key },
    });
    assert.equal(withKeyHeader.status, 401);
    for (const key of [t.org.liveApiKey, t.org.testApiKey]) {
      const asOrg = await printerApi(key, '/orders');
      assert.equal(asOrg.status, 401);
      assert.equal(asOrg.body.error.type, 'missing_auth_error');
      const viaHeader = await fetch(`${t.baseUrl}/printer/v1/orders`, { headers: { 'x-api-key': key } });
      assert.equal(viaHeader.status, 401);
    }
  });
});
