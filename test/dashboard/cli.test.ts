import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganization } from '../../src/organizations/service.ts';
import { authenticateUser } from '../../src/users/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort, runCli, spawnCli, waitForHttp } from '../support/process.ts';

const SECRET = 'a test secret that is at least thirty-two characters long';

describe('mailstream user create', () => {
  let database: TestDatabase;
  let organizationId: string;
  before(async () => {
    database = await createTestDatabase();
    organizationId = (await createOrganization(database.db, 'CLI org')).organizationId;
  });
  after(async () => {
    await database.drop();
  });

  const env = () => ({ DATABASE_URL: database.url, MAILSTREAM_SECRET: SECRET });

  test('creates a user who can sign in with that password', async () => {
    const r = await runCli(
      [
        'user',
        'create',
        '--org',
        organizationId,
        '--email',
        'Grace@Example.com',
        '--password',
        'hopper-1906',
        '--json',
      ],
      env(),
    );
    assert.equal(r.code, 0, r.stderr);
    const user = JSON.parse(r.stdout);
    assert.match(user.id, /^user_[A-Za-z0-9]{22}$/);
    assert.equal(user.email, 'grace@example.com');
    assert.equal(user.organizationId, organizationId);
    const signedIn = await authenticateUser(database.db, 'grace@example.com', 'hopper-1906');
    assert.equal(signedIn?.id, user.id);
    assert.equal(await authenticateUser(database.db, 'grace@example.com', 'hopper-1907'), null);
    const row = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirst();
    assert.match(row!.password_hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!row!.password_hash.includes('hopper-1906'));
  });

  test('refuses in words: missing flags, unknown organization, short password, taken email', async () => {
    const missing = await runCli(['user', 'create', '--org', organizationId], env());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--org, --email and --password are required/);
    const unknown = await runCli(
      ['user', 'create', '--org', 'org_nope', '--email', 'x@example.com', '--password', 'long enough'],
      env(),
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Organization org_nope was not found/);
    const short = await runCli(
      ['user', 'create', '--org', organizationId, '--email', 'y@example.com', '--password', 'short'],
      env(),
    );
    assert.equal(short.code, 1);
    assert.match(short.stderr, /password must be at least 8 characters/);
    const taken = await runCli(
      [
        'user',
        'create',
        '--org',
        organizationId,
        '--email',
        'GRACE@example.com',
        '--password',
        'another one',
      ],
      env(),
    );
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /already exists/);
    const users = await database.db.selectFrom('users').select('email').execute();
    assert.deepEqual(
      users.map((u) => u.email),
      ['grace@example.com'],
    );
  });
});

describe('first start on an empty database', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  async function start() {
    const port = await freePort();
    const server = spawnCli(['start', '--role', 'api'], {
      DATABASE_URL: database.url,
      PORT: String(port),
      MAILSTREAM_SECRET: SECRET,
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
      return { port, stdout: server.stdout() };
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }

  test('creates an admin user and prints its sign-in once; it signs in to the dashboard', async () => {
    const first = await start();
    const email = /^\s+email\s+(\S+)$/m.exec(first.stdout)?.[1];
    const password = /^\s+password\s+(\S+)$/m.exec(first.stdout)?.[1];
    assert.equal(email, 'admin@mailstream.local');
    assert.ok(password && password.length >= 16, first.stdout);
    const user = await authenticateUser(database.db, email!, password!);
    assert.ok(user, 'the printed password signs in');
    const org = await database.db.selectFrom('organizations').select('id').executeTakeFirstOrThrow();
    assert.equal(user.organizationId, org.id);

    const second = await start();
    assert.doesNotMatch(second.stdout, /password/);
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
    // The keys printed at the first start are revealable: they were sealed under MAILSTREAM_SECRET.
    const keys = await database.db.selectFrom('api_keys').select('key_sealed').execute();
    assert.ok(keys.length === 2 && keys.every((k) => k.key_sealed !== null));
  });
});
