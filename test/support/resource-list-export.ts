// The created-at filter and CSV export the contact, template and bank-account lists share with the order
// lists, tested the same way for each: a suite a resource's own test file runs with how to make one.
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { ApiAuth } from '../../src/auth/api-keys.ts';
import type { Db } from '../../src/db/database.ts';
import { startTestApp, type TestApp } from './app.ts';

export interface ResourceListSpec<F> {
  /** The API path and table: `/contacts` and `contacts`. */
  path: string;
  table: 'contacts' | 'templates' | 'bank_accounts';
  /** A create body with this description and metadata, distinct per `name`. */
  body(name: string, description: string, metadata: Record<string, string>): Record<string, unknown>;
  filtersOf(query: Record<string, string>): F;
  exportRows(db: Db, auth: ApiAuth, filters: F, pageSize: number): Readable;
  /** More checks on the export, with the made ids by name. */
  more?(t: () => TestApp, ids: Record<string, string>): void;
}

export const csvRows = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

export function resourceListSuite<F>(spec: ResourceListSpec<F>) {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const idsOf = (list: { data: { id: string }[] }) => list.data.map((r) => r.id);

  async function make(name: string, description: string, batch: string, createdAt?: string) {
    const made = await t.api(spec.path, { method: 'POST', json: spec.body(name, description, { batch }) });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    ids[name] = made.body.id;
    if (createdAt)
      await sql`update ${sql.table(spec.table)} set created_at = ${createdAt}::timestamptz where id = ${made.body.id}`.execute(
        t.database.db,
      );
  }

  before(async () => {
    t = await startTestApp();
    await make('Ada', 'November batch', 'nov', '2026-11-03T10:00:00Z');
    await make('Grace', 'December batch', 'dec', '2026-12-01T09:30:00Z');
    await make('Alan', '=HYPERLINK("http://evil.example","click")', 'now');
    await make('Edsger', 'December batch', 'dec', '2026-12-01T09:30:00.000001Z');
  });
  after(() => t?.close());

  describe(`${spec.path}: the created-at filter and CSV export`, () => {
    test('the list filters by creation time, both ends inclusive', async () => {
      const list = await t.api(
        `${spec.path}?createdAtFrom=2026-11-01T00:00:00Z&createdAtTo=2026-12-01T09:30:00Z&limit=100`,
      );
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.deepEqual(idsOf(list.body), [ids.Grace, ids.Ada], 'Edsger, a microsecond after the end, is out');
      assert.equal(list.body.totalCount, 2);
      const since = await t.api(`${spec.path}?createdAtFrom=2026-12-01T09:30:00Z`);
      assert.deepEqual(idsOf(since.body), [ids.Alan, ids.Edsger, ids.Grace]);
      const withSearch = await t.api(
        `${spec.path}?createdAtTo=2026-12-31T00:00:00Z&search=${encodeURIComponent('{"metadata.batch":"dec"}')}`,
      );
      assert.deepEqual(idsOf(withSearch.body), [ids.Edsger, ids.Grace]);
    });

    test('a date that is not an ISO 8601 time is a 400 in the API’s error shape', async () => {
      for (const query of ['createdAtFrom=last-week', 'createdAtTo=2026-13-01T00:00:00Z']) {
        for (const path of [spec.path, `${spec.path}/export`]) {
          const bad = await t.api(`${path}?${query}`);
          assert.equal(bad.status, 400, `${path}?${query}`);
          assert.equal(bad.body.error.type, 'validation_error');
          assert.match(bad.body.error.message, new RegExp(query.split('=')[0]!));
        }
      }
    });

    test('exports every match of the list’s filters as CSV, newest first', async () => {
      const response = await fetch(
        `${t.baseUrl}/print-mail/v1${spec.path}/export?createdAtFrom=2026-11-01T00:00:00Z&createdAtTo=2026-12-01T09:30:00Z`,
        { headers: { 'x-api-key': t.org.testApiKey } },
      );
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(
        response.headers.get('content-disposition') ?? '',
        new RegExp(`filename="${spec.path.slice(1)}\\.csv"`),
      );
      const rows = csvRows(await response.text());
      assert.deepEqual(
        rows.map((r) => [r.id, r.description, r.metadata, r.createdAt]),
        [
          [ids.Grace, 'December batch', '{"batch":"dec"}', '2026-12-01T09:30:00.000Z'],
          [ids.Ada, 'November batch', '{"batch":"nov"}', '2026-11-03T10:00:00.000Z'],
        ],
      );
      const searched = csvRows(
        (await t.api(`${spec.path}/export?search=${encodeURIComponent('{"metadata.batch":"dec"}')}`)).body,
      );
      assert.deepEqual(
        searched.map((r) => r.id),
        [ids.Edsger, ids.Grace],
      );
    });

    test('a description a spreadsheet would run stays text', async () => {
      const rows = csvRows((await t.api(`${spec.path}/export`)).body);
      assert.equal(rows.length, 4);
      assert.equal(
        rows.find((r) => r.id === ids.Alan)!.description,
        `'=HYPERLINK("http://evil.example","click")`,
      );
    });

    test('keyset pages walk every row, including ones a microsecond apart', async () => {
      const auth = { organizationId: t.org.organizationId, live: false, keyId: 'test' };
      for (const pageSize of [1, 2, 3]) {
        const csv = await text(spec.exportRows(t.database.db, auth, spec.filtersOf({}), pageSize));
        assert.deepEqual(
          csvRows(csv).map((r) => r.id),
          [ids.Alan, ids.Edsger, ids.Grace, ids.Ada],
          `page size ${pageSize}`,
        );
      }
    });

    test('an export is the caller’s mode only', async () => {
      const live = await t.api(`${spec.path}/export`, { key: t.org.liveApiKey });
      assert.equal(live.status, 200);
      assert.deepEqual(csvRows(live.body), []);
    });

    test('OpenAPI documents the range on the list and the export', async () => {
      const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as any;
      for (const path of [spec.path, `${spec.path}/export`]) {
        const names = doc.paths[`/print-mail/v1${path}`].get.parameters.map((p: any) => p.name);
        for (const name of ['createdAtFrom', 'createdAtTo', 'search']) assert.ok(names.includes(name), name);
      }
    });

    spec.more?.(() => t, ids);
  });
}
