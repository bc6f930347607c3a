import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import type { TestApp } from './app.ts';
import { specErrors } from './postgrid-spec.ts';

export interface RowCounts {
  orders: number;
  events: number;
  contacts: number;
  snapshots: number;
  returnEnvelopes: number;
  envelopeOrders: number;
  available: number;
}

/** Counts of everything an order create may write, to prove a refused request wrote nothing. */
export async function rowCounts(db: Db): Promise<RowCounts> {
  const { rows } = await sql<RowCounts>`
    select (select count(*) from orders)::int as orders,
           (select count(*) from events)::int as events,
           (select count(*) from contacts)::int as contacts,
           (select count(*) from order_template_snapshots)::int as snapshots,
           (select count(*) from return_envelopes)::int as "returnEnvelopes",
           (select count(*) from return_envelope_orders)::int as "envelopeOrders",
           (select coalesce(sum(available), 0) from return_envelopes)::int as available`.execute(db);
  return rows[0]!;
}

/** Sends each bad body and checks the error type, message, and that nothing at all was written. */
export async function expectRejected(
  t: TestApp,
  path: string,
  cases: [name: string, body: unknown, type: string, message: RegExp][],
): Promise<void> {
  for (const [name, body, type, message] of cases) {
    const before = await rowCounts(t.database.db);
    const response = await t.api(path, { method: 'POST', json: body });
    assert.equal(response.body?.error?.type, type, `${name}: ${JSON.stringify(response.body)}`);
    assert.match(response.body.error.message, message, name);
    assert.deepEqual(await rowCounts(t.database.db), before, `${name}: nothing created`);
  }
}

export interface KindUnderTest {
  /** Path it is created and read under, e.g. /postcards. */
  path: string;
  object: string;
  /** Schema name in PostGrid's reference spec. */
  schema: string;
  /** A valid create body; `n` makes each one distinct. */
  body: (
    n: number,
    extra?: Record<string, unknown>,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  app: () => TestApp;
}

/**
 * What every order kind shares (BRIEF §3, §6): get, list with skip/limit/totalCount/search/status, both
 * ways to cancel, events, Idempotency-Key, and test/live and organization isolation.
 */
export function describeSharedOrderBehaviour(kind: KindUnderTest): void {
  describe(`${kind.path}: shared order behaviour`, () => {
    const create = async (n: number, extra: Record<string, unknown> = {}, key?: string) => {
      const response = await kind
        .app()
        .api(kind.path, { method: 'POST', json: await kind.body(n, extra), key });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };

    test('get, and list with skip, limit, totalCount, search and status', async () => {
      const t = kind.app();
      const tag = `list-${kind.object}`;
      const made = [];
      for (let i = 0; i < 4; i++)
        made.push(await create(100 + i, { metadata: { tag, i }, description: `Listing ${i}` }));
      const read = await t.api(`${kind.path}/${made[0].id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, made[0]);

      const search = encodeURIComponent(JSON.stringify({ 'metadata.tag': tag }));
      const page = await t.api(`${kind.path}?skip=1&limit=2&search=${search}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.object, 'list');
      assert.equal(page.body.totalCount, 4);
      assert.equal(page.body.skip, 1);
      assert.equal(page.body.limit, 2);
      assert.deepEqual(
        page.body.data.map((o: { id: string }) => o.id),
        [made[2].id, made[1].id],
      );
      for (const item of page.body.data) assert.deepEqual(specErrors(kind.schema, item), []);

      const text = await t.api(`${kind.path}?search=${encodeURIComponent('listing 3')}`);
      assert.deepEqual(
        text.body.data.map((o: { id: string }) => o.id),
        [made[3].id],
      );

      await t.api(`${kind.path}/${made[1].id}`, { method: 'DELETE' });
      const cancelled = await t.api(`${kind.path}?status=cancelled&search=${search}`);
      assert.deepEqual(
        cancelled.body.data.map((o: { id: string }) => o.id),
        [made[1].id],
      );
      const ready = await t.api(`${kind.path}?status=ready&search=${search}`);
      assert.equal(ready.body.totalCount, 3);
      const bad = await t.api(`${kind.path}?status=shipped`);
      assert.equal(bad.body.error.type, 'validation_error');
    });

    test('cancel with DELETE or /cancellation (with a note), once, with created/updated events', async () => {
      const t = kind.app();
      const first = await create(200);
      const deleted = await t.api(`${kind.path}/${first.id}`, { method: 'DELETE' });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.status, 'cancelled');
      assert.deepEqual(deleted.body.cancellation, { reason: 'user_initiated' });
      assert.deepEqual(specErrors(kind.schema, deleted.body), []);
      const again = await t.api(`${kind.path}/${first.id}`, { method: 'DELETE' });
      assert.equal(again.status, 422);
      assert.equal(again.body.error.type, 'order_not_cancellable_error');

      const second = await create(201);
      const noted = await t.api(`${kind.path}/${second.id}/cancellation`, {
        method: 'POST',
        json: { note: 'Customer asked' },
      });
      assert.equal(noted.status, 200);
      assert.deepEqual(noted.body.cancellation, { reason: 'user_initiated', note: 'Customer asked' });

      const events = await t.api(`/events?orderId=${second.id}`);
      const types = events.body.data.map((e: { type: string }) => e.type).sort();
      assert.deepEqual(types, [`${kind.object}.created`, `${kind.object}.updated`]);
      const updated = events.body.data.find((e: { type: string }) => e.type === `${kind.object}.updated`);
      assert.equal(updated.data.status, 'cancelled');
      assert.deepEqual(updated.updatedFields, ['status', 'cancellation', 'price']);
      const created = events.body.data.find((e: { type: string }) => e.type === `${kind.object}.created`);
      assert.equal(created.data.id, second.id);
      assert.equal(created.data.status, 'ready');

      assert.equal(
        (await t.api(`${kind.path}/${kind.object}_doesnotexist`, { method: 'DELETE' })).status,
        404,
      );
    });

    test('Idempotency-Key replays the first create and creates nothing new', async () => {
      const t = kind.app();
      const body = await kind.body(300);
      const headers = { 'idempotency-key': `idem-${kind.object}` };
      const first = await t.api(kind.path, { method: 'POST', json: body, headers });
      assert.equal(first.status, 200);
      const before = await rowCounts(t.database.db);
      const replay = await t.api(kind.path, { method: 'POST', json: body, headers });
      assert.deepEqual(replay.body, first.body);
      assert.deepEqual(await rowCounts(t.database.db), before);
      const reused = await t.api(kind.path, {
        method: 'POST',
        json: { ...body, description: 'other' },
        headers,
      });
      assert.equal(reused.body.error.type, 'idempotency_key_reused_error');
    });

    test('test/live and other organizations never see each other (404)', async () => {
      const t = kind.app();
      const mine = await create(400);
      const other = await createOrganization(t.database.db, `Other ${kind.object} org`);
      for (const key of [t.org.liveApiKey, other.testApiKey, other.liveApiKey]) {
        const read = await t.api(`${kind.path}/${mine.id}`, { key });
        assert.equal(read.status, 404);
        assert.equal(read.body.error.type, 'not_found_error');
        assert.equal((await t.api(`${kind.path}/${mine.id}`, { method: 'DELETE', key })).status, 404);
        const list = await t.api(kind.path, { key });
        assert.ok(!list.body.data.some((o: { id: string }) => o.id === mine.id));
      }
      assert.equal((await t.api(`${kind.path}/${mine.id}`)).body.status, 'ready', 'untouched');
      const events = await t.api(`/events?orderId=${mine.id}`, { key: t.org.liveApiKey });
      assert.equal(events.body.totalCount, 0);
    });
  });
}
