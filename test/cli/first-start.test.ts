import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API_KEY_CACHE_MS } from '../../src/auth/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { freePort, runCli, spawnCli, waitForHttp } from '../support/process.ts';

const SECRET = 'a test secret that is at least thirty-two characters long';

/** Holds a port the way another program would, so mailstream's listen fails with EADDRINUSE. */
async function occupy(port: number): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

interface Secrets {
  organizationId: string;
  testKey: string;
  liveKey: string;
  email: string;
  password: string;
}

function secretsIn(stdout: string): Secrets | null {
  const field = (name: string) => new RegExp(`^\\s+${name}\\s+(\\S+)$`, 'm').exec(stdout)?.[1];
  const [organizationId, testKey, liveKey, email, password] = [
    field('organization'),
    field('test key'),
    field('live key'),
    field('email'),
    field('password'),
  ];
  if (!organizationId || !testKey || !liveKey || !email || !password) return null;
  return { organizationId, testKey, liveKey, email, password };
}

const letters = (base: string, key: string) =>
  fetch(`${base}/print-mail/v1/letters`, { headers: { 'x-api-key': key } }).then((r) => r.status);

async function signIn(base: string, email: string, password: string) {
  const response = await fetch(`${base}/dashboard/api/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return { status: response.status, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
}

/** Starts on a port another program holds: exits 1 and prints no secret. */
async function failedStart(env: Record<string, string>, port: number) {
  const blocker = await occupy(port);
  try {
    const failed = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    assert.equal(await failed.exited, 1, failed.stdout() + failed.stderr());
    const output = failed.stdout() + failed.stderr();
    assert.match(output, /EADDRINUSE/);
    assert.doesNotMatch(output, /_sk_|password/);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
}

describe('a first start that cannot listen makes nothing (DATABASE_URL)', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.drop();
  });

  test('port in use: exit 1, no organization, user or key stored; the next start shows working secrets', async () => {
    const env = { DATABASE_URL: database.url, MAILSTREAM_SECRET: SECRET };
    const port = await freePort();
    await failedStart(env, port);
    for (const table of ['organizations', 'users', 'api_keys'] as const) {
      assert.equal((await database.db.selectFrom(table).select('id').execute()).length, 0, table);
    }
    const server = spawnCli(['start', '--role', 'api'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(`${base}/readyz`, 60_000);
      const secrets = secretsIn(server.stdout());
      assert.ok(secrets, server.stdout());
      assert.equal(await letters(base, secrets.testKey), 200);
      assert.equal(await letters(base, secrets.liveKey), 200);
      assert.equal((await signIn(base, secrets.email, secrets.password)).status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  test('the recovery commands refuse in words: unknown e-mail or organization, missing flags', async () => {
    const env = { DATABASE_URL: database.url, MAILSTREAM_SECRET: SECRET };
    const unknownUser = await runCli(['user', 'reset-password', '--email', 'nobody@example.com'], env);
    assert.equal(unknownUser.code, 1);
    assert.match(unknownUser.stderr, /^user reset-password: No user has the email nobody@example\.com\.$/m);
    const unknownOrg = await runCli(['org', 'keys', '--org', 'org_nope'], env);
    assert.equal(unknownOrg.code, 1);
    assert.match(unknownOrg.stderr, /^org keys: Organization org_nope was not found\.$/m);
    const noEmail = await runCli(['user', 'reset-password'], env);
    assert.equal(noEmail.code, 2);
    assert.match(noEmail.stderr, /--email is required/);
    const noOrg = await runCli(['org', 'keys'], env);
    assert.equal(noOrg.code, 2);
    assert.match(noOrg.stderr, /--org is required/);
    const help = await runCli(['help'], env);
    assert.match(help.stdout, /user reset-password --email EMAIL/);
    assert.match(help.stdout, /org keys --org ORG_ID/);
  });
});

describe('the newcomer’s path: embedded database, port in use, then recovery', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ms-first-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the second start shows the secrets; reset-password and org keys recover access through the running cluster', async () => {
    const env = { DATA_DIR: dataDir };
    const port = await freePort();
    await failedStart(env, port);

    const server = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForHttp(`${base}/readyz`, 90_000);
      const secrets = secretsIn(server.stdout());
      assert.ok(secrets, `the secrets are shown on the start that works:\n${server.stdout()}`);
      const firstSession = await signIn(base, secrets.email, secrets.password);
      assert.equal(firstSession.status, 200);
      assert.equal(await letters(base, secrets.testKey), 200);

      // A new password: printed, it signs in; the old one and the sessions made with it stop.
      const reset = await runCli(['user', 'reset-password', '--email', secrets.email, '--json'], env);
      assert.equal(reset.code, 0, reset.stderr);
      const { password, email, organizationId } = JSON.parse(reset.stdout);
      assert.equal(email, secrets.email);
      assert.equal(organizationId, secrets.organizationId);
      assert.ok(password.length >= 16 && password !== secrets.password);
      assert.equal((await signIn(base, secrets.email, password)).status, 200);
      assert.equal((await signIn(base, secrets.email, secrets.password)).status, 401);
      const me = await fetch(`${base}/dashboard/api/me`, { headers: { cookie: firstSession.cookie! } });
      assert.equal(me.status, 401);

      // New keys: printed, they authenticate; the old ones stop (this server may have them cached
      // as valid for API_KEY_CACHE_MS).
      const rotated = await runCli(['org', 'keys', '--org', secrets.organizationId, '--json'], env);
      assert.equal(rotated.code, 0, rotated.stderr);
      const keys = JSON.parse(rotated.stdout);
      assert.equal(keys.organizationId, secrets.organizationId);
      assert.match(keys.testApiKey, /^test_sk_[A-Za-z0-9]{32}$/);
      assert.match(keys.liveApiKey, /^live_sk_[A-Za-z0-9]{32}$/);
      assert.equal(await letters(base, keys.testApiKey), 200);
      assert.equal(await letters(base, keys.liveApiKey), 200);
      await eventually(
        async () =>
          (await letters(base, secrets.testKey)) === 401 && (await letters(base, secrets.liveKey)) === 401,
        API_KEY_CACHE_MS + 5000,
        'the old keys to stop working',
      );
      // Text output, too: the same three lines as org create.
      const text = await runCli(['org', 'keys', '--org', secrets.organizationId], env);
      assert.match(text.stdout, /^organization org_\S+\ntest key {5}test_sk_\S+\nlive key {5}live_sk_\S+\n$/);
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
    // Shown once: a later start prints nothing.
    const again = spawnCli(['start'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, 90_000);
      assert.doesNotMatch(again.stdout(), /_sk_|password/);
    } finally {
      again.child.kill('SIGTERM');
    }
    assert.equal(await again.exited, 0);
  });
});
