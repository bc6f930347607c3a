// Contact deduplication rests on one unique index on the fingerprint (migrations/0010): these tests hold
// the data migration to what the application computes, and the lookup of an identical contact to that
// index on a table the planner knows nothing about yet (a fresh install's first import).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { contactUpsertCtes } from '../../src/contacts/repo.ts';
import { contentFingerprint, createContact, prepareContact } from '../../src/contacts/service.ts';
import { migrate } from '../../src/db/migrate.ts';
import { newId } from '../../src/ids.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { usAddress } from '../support/addresses.ts';
import { createDatabaseMigratedThrough, createTestDatabase, type TestDatabase } from '../support/database.ts';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('contacts stored before migration 0010 are still found by the contacts created after it', async () => {
  const database = await createDatabaseMigratedThrough(9);
  cleanups.push(() => database.drop());
  const { db } = database;
  const a = await createOrganization(db, 'A');
  const b = await createOrganization(db, 'B');
  // As the code before 0010 stored it: the content hash, unique per organization and mode.
  const contact = usAddress();
  const oldId = newId('contact');
  await sql`
    insert into contacts (id, organization_id, live, fingerprint, body)
    values (${oldId}, ${a.organizationId}, false, ${contentFingerprint(contact)}, ${JSON.stringify(contact)}::jsonb)
  `.execute(db);

  await migrate(database.url, pino({ level: 'silent' }));

  const authA = { organizationId: a.organizationId, live: false, keyId: 'test' };
  const again = await createContact(db, authA, usAddress({ city: ' New York ' }));
  assert.equal(again.id, oldId, 'the identical contact of the same organization and mode');
  const live = await createContact(db, { ...authA, live: true }, usAddress());
  assert.notEqual(live.id, oldId, 'live mode has its own contacts');
  const other = await createContact(
    db,
    { organizationId: b.organizationId, live: false, keyId: 'b' },
    usAddress(),
  );
  assert.notEqual(other.id, oldId, 'another organization has its own contacts');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from contacts`.execute(db);
  assert.equal(rows[0]!.n, 3);
});

test('finding an identical contact uses the fingerprint index before any ANALYZE', async () => {
  const database: TestDatabase = await createTestDatabase();
  cleanups.push(() => database.drop());
  const org = await createOrganization(database.db, 'Many contacts');
  const auth = { organizationId: org.organizationId, live: false, keyId: 'test' };
  for (let i = 0; i < 300; i++)
    await createContact(database.db, auth, usAddress({ lastName: `Contact ${i}` }));
  // The statement every create with an inline contact runs (src/contacts/repo.ts), as prepared.
  const upsert =
    sql`with ${contactUpsertCtes('c', prepareContact(auth, usAddress()))} select * from c`.compile(
      database.db,
    );
  const client = await database.pool.connect();
  try {
    // A prepared create keeps its generic plan: the one chosen with the parameters unknown.
    await client.query('set plan_cache_mode = force_generic_plan');
    await client.query(`prepare upsert as ${upsert.sql}`);
    const values = upsert.parameters.map((v) =>
      typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v),
    );
    const { rows } = await client.query(`explain (format json) execute upsert(${values.join(', ')})`);
    const plan = JSON.stringify(rows[0]['QUERY PLAN']);
    const scans = [...plan.matchAll(/"Index Name":"(\w+)"/g)].map((m) => m[1]);
    // The ON CONFLICT arbiter and the lookup of the stored contact: both the fingerprint index.
    assert.ok(scans.includes('contacts_fingerprint'), plan);
    assert.deepEqual(
      scans.filter((name) => name !== 'contacts_fingerprint'),
      [],
      `only the fingerprint index: ${plan}`,
    );
  } finally {
    client.release();
  }
});
