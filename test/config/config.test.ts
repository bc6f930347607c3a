import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

test('defaults: port 8080, ./data, demo profile on the embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.dataDir, path.resolve('./data'));
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.profile, 'demo');
  assert.equal(config.logLevel, 'info');
  assert.equal(config.shutdownTimeoutMs, 30_000);
  assert.equal(loadConfig({ SHUTDOWN_TIMEOUT: '90s' }).shutdownTimeoutMs, 90_000);
});

test('DATABASE_URL switches the default profile to production', () => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u@localhost:5432/db' });
  assert.equal(config.profile, 'production');
  assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', MAILSTREAM_PROFILE: 'demo' }).profile, 'demo');
});

for (const [variable, value] of [
  ['PORT', 'eighty'],
  ['PORT', '70000'],
  ['DATABASE_URL', 'mysql://x@y/z'],
  ['DATABASE_URL', 'not a url'],
  ['LOG_LEVEL', 'loud'],
  ['MAILSTREAM_PROFILE', 'fast'],
  ['WEBHOOKS_ALLOW_PRIVATE_NETWORKS', 'maybe'],
  ['USPS_FEED_TOKEN', 'short'],
  ['SHUTDOWN_TIMEOUT', '30'],
  ['SHUTDOWN_TIMEOUT', '1h'],
] as const) {
  test(`${variable}=${value} is refused with a message naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
    );
  });
}

test('HTTP timeouts and the connection cap: documented defaults, durations from the environment', () => {
  assert.deepEqual(loadConfig({}).http, {
    requestTimeoutMs: 60_000,
    headersTimeoutMs: 10_000,
    keepAliveTimeoutMs: 5_000,
    idleTimeoutMs: 120_000,
    maxConnections: 4096,
    trustProxy: false,
  });
  const set = loadConfig({
    HTTP_REQUEST_TIMEOUT: '2m',
    HTTP_HEADERS_TIMEOUT: '500ms',
    HTTP_KEEP_ALIVE_TIMEOUT: '65s',
    HTTP_IDLE_TIMEOUT: '30s',
    HTTP_MAX_CONNECTIONS: '100',
  }).http;
  assert.deepEqual(set, {
    requestTimeoutMs: 120_000,
    headersTimeoutMs: 500,
    keepAliveTimeoutMs: 65_000,
    idleTimeoutMs: 30_000,
    maxConnections: 100,
    trustProxy: false,
  });
  for (const [variable, value, message] of [
    ['HTTP_REQUEST_TIMEOUT', 'soon', /must be a duration/],
    ['HTTP_KEEP_ALIVE_TIMEOUT', '2h', /between/],
    ['HTTP_MAX_CONNECTIONS', '0', /between 1 and/],
    ['HTTP_HEADERS_TIMEOUT', '2m', /must not be longer than HTTP_REQUEST_TIMEOUT \(60000 ms\)/],
  ] as const) {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && message.test(error.message),
      `${variable}=${value}`,
    );
  }
});

test('TRUST_PROXY: off by default; true, a number of hops, or addresses and networks', () => {
  assert.equal(loadConfig({}).http.trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback,2001:db8::1' }).http.trustProxy, [
    '10.0.0.0/8',
    'loopback',
    '2001:db8::1',
  ]);
  assert.throws(
    () => loadConfig({ TRUST_PROXY: '10.0.0.0/8,my-proxy' }),
    (error: unknown) =>
      error instanceof ConfigError && error.variable === 'TRUST_PROXY' && /"my-proxy"/.test(error.message),
  );
});
