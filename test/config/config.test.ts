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
] as const) {
  test(`${variable}=${value} is refused with a message naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
    );
  });
}
