import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestUser, signIn } from '../dashboard/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { storedState } from './support.ts';

const LIMIT = 5;

let t: TestApp;
before(async () => {
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
});
after(async () => {
  await t.close();
});

const letter = { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' };

function limitHeaders(headers: Headers) {
  return {
    limit: headers.get('x-ratelimit-limit'),
    remaining: headers.get('x-ratelimit-remaining'),
    reset: Number(headers.get('x-ratelimit-reset')),
    retryAfter: headers.get('retry-after'),
  };
}

describe('rate limiting per API key', () => {
  test('counts down in headers, then refuses with 429 rate_limit_exceeded_error and retry-after', async () => {
    const org = await createOrganization(t.database.db, 'Busy org');
    for (let i = 1; i <= LIMIT; i++) {
      const response = await t.api('/letters', { key: org.testApiKey });
      assert.equal(response.status, 200);
      const h = limitHeaders(response.headers);
      assert.equal(h.limit, String(LIMIT));
      assert.equal(h.remaining, String(LIMIT - i));
      assert.ok(h.reset > 0 && h.reset <= 60, `reset ${h.reset}`);
    }
    const refused = await t.api('/letters', { key: org.testApiKey });
    assert.equal(refused.status, 429);
    assert.deepEqual(Object.keys(refused.body), ['object', 'error']);
    assert.equal(refused.body.object, 'error');
    assert.equal(refused.body.error.type, 'rate_limit_exceeded_error');
    assert.match(
      refused.body.error.message,
      /^Rate limit of 5 requests per minute exceeded for this API key; retry in \d+ seconds\.$/,
    );
    const h = limitHeaders(refused.headers);
    assert.equal(h.limit, String(LIMIT));
    assert.equal(h.remaining, '0');
    assert.ok(h.reset > 0 && h.reset <= 60, `reset ${h.reset}`);
    assert.match(h.retryAfter ?? '', /^\d+$/);
    assert.ok(Number(h.retryAfter) > 0 && Number(h.retryAfter) <= 60);
    // Every route of the API counts: reads by id and deletes too.
    assert.equal((await t.api('/letters/letter_nothing', { key: org.testApiKey })).status, 429);
    assert.equal(
      (await t.api('/contacts/contact_nothing', { method: 'DELETE', key: org.testApiKey })).status,
      429,
    );
  });

  test('other keys are unaffected: the same organization in the other mode, and other organizations', async () => {
    const busy = await createOrganization(t.database.db, 'Noisy neighbour');
    const quiet = await createOrganization(t.database.db, 'Quiet neighbour');
    for (let i = 0; i <= LIMIT; i++) await t.api('/contacts', { key: busy.testApiKey });
    assert.equal((await t.api('/contacts', { key: busy.testApiKey })).status, 429);
    for (const key of [busy.liveApiKey, quiet.testApiKey]) {
      const response = await t.api('/contacts', { key });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-ratelimit-remaining'), String(LIMIT - 1));
    }
  });

  test('a refused create stores nothing, not even its Idempotency-Key', async () => {
    const org = await createOrganization(t.database.db, 'Refused org');
    for (let i = 0; i < LIMIT; i++) await t.api('/templates', { key: org.testApiKey });
    const before = await storedState(t.database.db);
    for (const path of ['/letters', '/contacts', '/webhooks']) {
      const refused = await t.api(path, {
        method: 'POST',
        key: org.testApiKey,
        json:
          path === '/letters'
            ? letter
            : path === '/contacts'
              ? usAddress()
              : { url: 'https://example.com/h', enabledEvents: ['letter.created'] },
        headers: { 'idempotency-key': `refused-${path}` },
      });
      assert.equal(refused.status, 429, path);
      assert.equal(refused.body.error.type, 'rate_limit_exceeded_error');
    }
    assert.deepEqual(await storedState(t.database.db), before);
  });

  test('a bad or missing key is refused as unauthenticated first (401), not counted against anyone', async () => {
    const org = await createOrganization(t.database.db, 'Careful org');
    for (let i = 0; i < LIMIT + 3; i++) {
      const bad = await t.api('/letters', { key: `test_sk_${'x'.repeat(32)}` });
      assert.equal(bad.status, 401);
      assert.equal(bad.headers.get('x-ratelimit-limit'), null);
    }
    const response = await t.api('/letters', { key: org.testApiKey });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-ratelimit-remaining'), String(LIMIT - 1));
    // Health checks stay outside the API's limit.
    const health = await fetch(`${t.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('x-ratelimit-limit'), null);
  });

  test('the dashboard is limited per signed-in user, apart from the organization API keys', async () => {
    const user = await createTestUser(t, 'limited@example.com');
    const session = await signIn(t, user.email);
    assert.equal(session.status, 200);
    const asUser = () =>
      fetch(`${t.baseUrl}/print-mail/v1/letters`, {
        headers: { cookie: `mailstream_session=${session.cookie!.value}` },
      });
    for (let i = 0; i < LIMIT; i++) assert.equal((await asUser()).status, 200);
    const refused = await asUser();
    assert.equal(refused.status, 429);
    assert.equal(((await refused.json()) as any).error.type, 'rate_limit_exceeded_error');
    // A second sign-in is the same person: still limited.
    const again = await signIn(t, user.email);
    const second = await fetch(`${t.baseUrl}/print-mail/v1/letters`, {
      headers: { cookie: `mailstream_session=${again.cookie!.value}` },
    });
    assert.equal(second.status, 429);
  });
});

describe('rate limit configuration', () => {
  test('RATE_LIMIT_PER_MINUTE defaults to 120000, takes 0 to turn the limit off, and refuses junk', () => {
    assert.equal(loadConfig({}).rateLimitPerMinute, 120_000);
    assert.equal(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute, 0);
    assert.throws(
      () => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' }),
      /RATE_LIMIT_PER_MINUTE must be an integer/,
    );
    assert.throws(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' }), /RATE_LIMIT_PER_MINUTE/);
  });

  test('with the limit off, nothing is counted and no limit headers are sent', async () => {
    const open = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    try {
      for (let i = 0; i < 20; i++) {
        const response = await open.api('/letters');
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('x-ratelimit-limit'), null);
      }
    } finally {
      await open.close();
    }
  });
});
