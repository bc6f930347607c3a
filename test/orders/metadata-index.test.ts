// Migration 0012: orders_metadata holds only orders that have metadata. A metadata search must still be
// able to use it (the planner has to prove `metadata is not null` from `metadata @> …`), also as the
// generic plan of a prepared statement, and must still find exactly the orders that match.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

test('the metadata index skips orders without metadata and still serves metadata searches', async () => {
  const { db, pool } = database;
  const { rows: definition } = await sql<{ predicate: string | null }>`
    select pg_get_expr(i.indpred, i.indrelid) as predicate from pg_index i
    where i.indexrelid = 'orders_metadata'::regclass`.execute(db);
  assert.equal(definition[0]!.predicate, '(metadata IS NOT NULL)');

  const { organizationId } = await createOrganization(db, 'Metadata');
  await sql`
    insert into orders (id, kind, organization_id, live, to_contact, send_date, mailing_class, metadata)
    select 'letter_meta' || g, 'letter', ${organizationId}, false, '{"countryCode": "US"}'::jsonb, now(),
           'first_class', case when g % 3 = 0 then jsonb_build_object('campaign', 'c' || g % 2) end
    from generate_series(1, 300) g`.execute(db);
  await sql`analyze orders`.execute(db);

  const client = await pool.connect();
  try {
    await client.query('begin');
    // Any other way to the rows is made to look ruinous: the plan shows whether the index can serve.
    await client.query('set local enable_seqscan = off');
    await client.query("set local plan_cache_mode = 'force_generic_plan'");
    await client.query(
      "prepare by_metadata(jsonb) as select id from orders where metadata @> $1 and kind = 'letter'",
    );
    const { rows: plan } = await client.query(
      `explain (format json) execute by_metadata('{"campaign": "c1"}')`,
    );
    assert.match(JSON.stringify(plan[0]['QUERY PLAN']), /"Index Name":"orders_metadata"/);
    const { rows: found } = await client.query(`execute by_metadata('{"campaign": "c1"}')`);
    // g divisible by 3 and odd: 3, 9, …, 297.
    assert.equal(found.length, 50);
    await client.query('rollback');
  } finally {
    client.release();
  }
});
