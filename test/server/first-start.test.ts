import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { authenticateApiKey } from '../../src/auth/api-keys.ts';
import { createKeyVault } from '../../src/auth/key-vault.ts';
import { announceFirstStart } from '../../src/server/first-start.ts';
import { authenticateUser } from '../../src/users/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const vault = createKeyVault('a test secret that is at least thirty-two characters long');

const counts = async () => ({
  organizations: (await database.db.selectFrom('organizations').select('id').execute()).length,
  users: (await database.db.selectFrom('users').select('id').execute()).length,
  apiKeys: (await database.db.selectFrom('api_keys').select('id').execute()).length,
});

function collector() {
  let text = '';
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { out, text: () => text };
}

test('secrets that could not be shown are not kept: the next start makes and shows them', async () => {
  // stdout gone (a closed pipe, a full disk): the write fails, so nothing may be committed.
  const broken = new Writable({
    write(_chunk, _encoding, done) {
      done(new Error('EPIPE: the reader went away'));
    },
  });
  broken.on('error', () => undefined);
  await assert.rejects(announceFirstStart(database.db, vault, broken), /EPIPE/);
  assert.deepEqual(await counts(), { organizations: 0, users: 0, apiKeys: 0 });

  const shown = collector();
  const made = await announceFirstStart(database.db, vault, shown.out);
  assert.ok(made);
  const text = shown.text();
  for (const secret of [made.testApiKey, made.liveApiKey, made.admin.password, made.organizationId]) {
    assert.ok(text.includes(secret), `${secret} is shown`);
  }
  assert.match(text, /mailstream org keys --org org_/);
  assert.match(text, /mailstream user reset-password --email admin@mailstream\.local/);
  assert.deepEqual(await counts(), { organizations: 1, users: 1, apiKeys: 2 });
  assert.equal((await authenticateApiKey(database.db, made.testApiKey))?.organizationId, made.organizationId);
  assert.ok(await authenticateUser(database.db, made.admin.email, made.admin.password));

  // Once made, never again, and nothing shown.
  const again = collector();
  assert.equal(await announceFirstStart(database.db, vault, again.out), null);
  assert.equal(again.text(), '');
  assert.deepEqual(await counts(), { organizations: 1, users: 1, apiKeys: 2 });
});
