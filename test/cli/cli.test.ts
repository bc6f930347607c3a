import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { authenticateApiKey } from '../../src/auth/api-keys.ts';
import { writeSettings } from '../../src/db/embedded.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort, runCli, spawnCli, waitForHttp } from '../support/process.ts';

describe('CLI against DATABASE_URL', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  test('org create --json prints an organization whose keys work', async () => {
    const r = await runCli(['org', 'create', '--name', 'Acme', '--json'], { DATABASE_URL: database.url });
    assert.equal(r.code, 0, r.stderr);
    const org = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(org).sort(), ['liveApiKey', 'organizationId', 'testApiKey']);
    assert.match(org.organizationId, /^org_/);
    assert.match(org.testApiKey, /^test_sk_[A-Za-z0-9]{32}$/);
    assert.match(org.liveApiKey, /^live_sk_[A-Za-z0-9]{32}$/);
    assert.deepEqual(
      { ...(await authenticateApiKey(database.db, org.liveApiKey)), keyId: 'x' },
      { organizationId: org.organizationId, live: true, keyId: 'x' },
    );
  });

  test('migrate reports an up-to-date database; bad input exits non-zero with the reason', async () => {
    const migrate = await runCli(['migrate'], { DATABASE_URL: database.url });
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /up to date/);
    const noName = await runCli(['org', 'create'], { DATABASE_URL: database.url });
    assert.notEqual(noName.code, 0);
    assert.match(noName.stderr, /--name/);
    const badPort = await runCli(['start'], { PORT: 'eighty', DATABASE_URL: database.url });
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /PORT/);
    const badRole = await runCli(['start', '--role', 'chef'], { DATABASE_URL: database.url });
    assert.notEqual(badRole.code, 0);
    assert.match(badRole.stderr, /--role/);
  });
});

describe('embedded PostgreSQL', () => {
  test('buffers are an eighth of the memory, from 128 MB to 1 GB', () => {
    const gb = 1024 ** 3;
    assert.equal(writeSettings(0.5 * gb).shared_buffers, '128MB');
    assert.equal(writeSettings(4 * gb).shared_buffers, '512MB');
    assert.equal(writeSettings(24 * gb).shared_buffers, '1024MB');
    assert.equal(writeSettings(24 * gb).max_wal_size, '2GB');
  });

  const dirs: string[] = [];
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const postgresOf = (dir: string) => {
    try {
      return execFileSync('pgrep', ['-f', `${dir}/pg`])
        .toString()
        .trim();
    } catch {
      return '';
    }
  };

  test('two instances side by side; CLI joins the running one; SIGTERM leaves no postgres; keys print once', async () => {
    const [a, b] = [
      await mkdtemp(path.join(os.tmpdir(), 'ms-a-')),
      await mkdtemp(path.join(os.tmpdir(), 'ms-b-')),
    ];
    dirs.push(a, b);
    const [portA, portB] = [await freePort(), await freePort()];
    const first = spawnCli(['start'], { DATA_DIR: a, PORT: String(portA) });
    const second = spawnCli(['start', '--role', 'api'], { DATA_DIR: b, PORT: String(portB) });
    try {
      // Ready once started, which includes making and printing the default organization.
      await waitForHttp(`http://127.0.0.1:${portA}/readyz`, 90_000);
      await waitForHttp(`http://127.0.0.1:${portB}/readyz`, 90_000);
      assert.match(first.stdout(), /test key\s+test_sk_/);
      assert.match(second.stdout(), /live key\s+live_sk_/);

      // A one-off command uses the cluster the server started: the org it makes is served at once.
      const made = await runCli(['org', 'create', '--name', 'Joined', '--json'], { DATA_DIR: a });
      assert.equal(made.code, 0, made.stderr);
      const { testApiKey } = JSON.parse(made.stdout);
      const list = await fetch(`http://127.0.0.1:${portA}/print-mail/v1/letters`, {
        headers: { 'x-api-key': testApiKey },
      });
      assert.equal(list.status, 200);
      assert.ok(postgresOf(a), 'the server’s postgres still runs after the CLI finished');
      // The cluster runs with the settings made for it, not PostgreSQL's defaults.
      const commandLine = execFileSync('pgrep', ['-af', `${a}/pg`]).toString();
      for (const [name, value] of Object.entries(writeSettings())) {
        assert.ok(commandLine.includes(`${name}=${value}`), `${name}=${value} in ${commandLine}`);
      }
    } finally {
      first.child.kill('SIGTERM');
      second.child.kill('SIGTERM');
    }
    assert.equal(await first.exited, 0);
    assert.equal(await second.exited, 0);
    assert.equal(postgresOf(a), '', 'no postgres left behind for A');
    assert.equal(postgresOf(b), '', 'no postgres left behind for B');

    // Second start: the database is not empty, so no keys are printed, and it comes up fast.
    const again = spawnCli(['start'], { DATA_DIR: a, PORT: String(portA) });
    try {
      const elapsed = await waitForHttp(`http://127.0.0.1:${portA}/healthz`, 60_000);
      assert.ok(elapsed < 30_000, `restart answered in ${elapsed} ms`);
      assert.doesNotMatch(again.stdout(), /test key/);
    } finally {
      again.child.kill('SIGINT');
    }
    assert.equal(await again.exited, 0);
    assert.equal(postgresOf(a), '');
  });
});
