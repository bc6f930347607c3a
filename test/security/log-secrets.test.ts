import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createFeedToken } from '../../src/ingestion/feed-tokens.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { createTestUser, PASSWORD, signIn } from '../dashboard/support.ts';
import { scanEvent, trackingCode } from '../ingestion/fixtures.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { eventually } from '../support/eventually.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { webhookTestEnv } from '../webhooks/support.ts';

/**
 * API keys, webhook secrets, bank account numbers, passwords, session and CSRF tokens, feed tokens,
 * printer keys and MAILSTREAM_SECRET never reach the logs: every flow that handles one runs with the API
 * and a worker logging at trace level into a captured destination, and the capture is searched.
 */

const lines: string[] = [];
const FEED_TOKEN = `feed-${randomBytes(16).toString('hex')}`;
const secrets = new Map<string, string>();
let t: TestApp;
let receiver: Receiver;

before(async () => {
  receiver = await startReceiver((_request, index) => ({ status: index === 0 ? 500 : 200 }));
  t = await startTestApp(
    { ...webhookTestEnv, LOG_LEVEL: 'trace', USPS_FEED_TOKEN: FEED_TOKEN },
    { worker: true, logDestination: { write: (line: string) => void lines.push(line) } },
  );
  secrets.set('test API key', t.org.testApiKey);
  secrets.set('live API key', t.org.liveApiKey);
  secrets.set('MAILSTREAM_SECRET', t.config.secret!);
  secrets.set('USPS_FEED_TOKEN', FEED_TOKEN);
});
after(async () => {
  await t.close();
  await receiver.close();
});

async function dashboard(
  path: string,
  cookie: string,
  init: { method?: string; csrf?: string; json?: unknown } = {},
) {
  const headers: Record<string, string> = { cookie: `mailstream_session=${cookie}` };
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('secrets never appear in logs', () => {
  test('API keys, webhook secrets, bank accounts, sessions, feed and printer tokens: used, then searched for', async () => {
    // API keys: good, guessed and missing, in both modes.
    const guessed = `test_sk_${'Q'.repeat(32)}`;
    secrets.set('guessed API key', guessed);
    assert.equal((await t.api('/letters')).status, 200);
    assert.equal((await t.api('/letters', { key: guessed })).status, 401);
    assert.equal((await t.api('/letters', { key: null })).status, 401);

    // Webhooks: an explicit secret and a generated one, a failing then succeeding delivery, a test send, a rotation.
    const explicitSecret = `mine-${randomBytes(20).toString('hex')}`;
    secrets.set('explicit webhook secret', explicitSecret);
    const jsonHook = await t.api('/webhooks', {
      method: 'POST',
      json: {
        url: `${receiver.url}/json`,
        enabledEvents: ['letter.created'],
        payloadFormat: 'json',
        secret: explicitSecret,
      },
    });
    assert.equal(jsonHook.status, 200, JSON.stringify(jsonHook.body));
    const standardHook = await t.api('/webhooks', {
      method: 'POST',
      json: { url: `${receiver.url}/standard`, enabledEvents: ['letter.created'], payloadFormat: 'standard' },
    });
    assert.equal(standardHook.status, 200);
    secrets.set('generated webhook secret', standardHook.body.secret);
    secrets.set('generated webhook secret (key part)', standardHook.body.secret.slice('whsec_'.length));
    const badSecret = await t.api('/webhooks', {
      method: 'POST',
      json: {
        url: 'ftp://nope',
        enabledEvents: ['letter.created'],
        secret: `bad-${randomBytes(12).toString('hex')}`,
      },
    });
    assert.equal(badSecret.status, 400);
    const letter = await t.api('/letters', {
      method: 'POST',
      json: { to: usAddress(), from: senderAddress(), html: '<p>Hi {{to.firstName}}</p>' },
    });
    assert.equal(letter.status, 200);
    await eventually(() => Promise.resolve(receiver.requests.length >= 3), 20_000, 'deliveries, one retried');
    const sent = await t.api(`/webhooks/${jsonHook.body.id}/test`, { method: 'POST', json: {} });
    assert.equal(sent.status, 200);
    const rotated = await t.api(`/webhooks/${standardHook.body.id}/secret/rotate`, {
      method: 'POST',
      json: {},
    });
    assert.equal(rotated.status, 200);
    secrets.set('rotated webhook secret', rotated.body.secret);

    // Bank accounts: a stored account number and one in a refused request.
    const account = await t.api('/bank_accounts', {
      method: 'POST',
      json: {
        bankName: 'B',
        bankCountryCode: 'US',
        accountNumber: '900123456789',
        routingNumber: '021000021',
        signatureText: 'A',
      },
    });
    assert.equal(account.status, 200);
    secrets.set('bank account number', '900123456789');
    const refusedAccount = await t.api('/bank_accounts', {
      method: 'POST',
      json: {
        bankName: 'B',
        bankCountryCode: 'US',
        accountNumber: '811122223333',
        routingNumber: '123456789',
        signatureText: 'A',
      },
    });
    assert.equal(refusedAccount.status, 400);
    secrets.set('refused bank account number', '811122223333');
    const cheque = await t.api('/cheques', {
      method: 'POST',
      key: t.org.testApiKey,
      json: { to: usAddress(), from: senderAddress(), bankAccount: account.body.id, amount: 100 },
    });
    assert.equal(cheque.status, 200);

    // Dashboard: a wrong password, a sign-in, key reveal and rotation, sign-out.
    const user = await createTestUser(t, 'logs@example.com');
    secrets.set('password', PASSWORD);
    assert.equal((await signIn(t, user.email, 'wrong-password-123')).status, 401);
    secrets.set('wrong password', 'wrong-password-123');
    const session = await signIn(t, user.email);
    assert.equal(session.status, 200);
    secrets.set('session token', session.cookie!.value);
    secrets.set('CSRF token', session.body.csrfToken);
    const keys = await dashboard('/dashboard/api/api-keys', session.cookie!.value);
    const testKeyId = keys.body.data.find((k: { mode: string }) => k.mode === 'test').id;
    const revealed = await dashboard(`/dashboard/api/api-keys/${testKeyId}/reveal`, session.cookie!.value, {
      method: 'POST',
      csrf: session.body.csrfToken,
    });
    assert.equal(revealed.body.key, t.org.testApiKey);
    const rotatedKey = await dashboard('/dashboard/api/api-keys/rotate', session.cookie!.value, {
      method: 'POST',
      csrf: session.body.csrfToken,
      json: { mode: 'live' },
    });
    assert.equal(rotatedKey.status, 200);
    secrets.set('rotated API key', rotatedKey.body.key);
    const viaSession = await dashboard('/print-mail/v1/letters', session.cookie!.value, {
      method: 'POST',
      csrf: session.body.csrfToken,
      json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>' },
    });
    assert.equal(viaSession.status, 200);
    assert.equal(
      (
        await dashboard('/dashboard/api/sign-out', session.cookie!.value, {
          method: 'POST',
          csrf: session.body.csrfToken,
        })
      ).status,
      200,
    );

    // The USPS feed (configured and stored tokens) and the printer interface.
    const stored = await createFeedToken(t.database.db, 'logs test');
    secrets.set('stored feed token', stored.token);
    for (const token of [FEED_TOKEN, stored.token]) {
      const pushed = await fetch(`${t.baseUrl}/usps/v1/ivmtr`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify([scanEvent(trackingCode(42))]),
      });
      assert.equal(pushed.status, 200);
    }
    const printer = await createPrinter(t.database.db, 'Logs printer');
    secrets.set('printer key', printer.key);
    const held = await fetch(`${t.baseUrl}/printer/v1/orders`, {
      headers: { authorization: `Bearer ${printer.key}` },
    });
    assert.equal(held.status, 200);

    // Redaction control: the fields our services would log a secret under are censored, at any depth listed.
    t.app.log.info(
      {
        apiKey: t.org.testApiKey,
        secret: explicitSecret,
        webhook: { secret: standardHook.body.secret },
        body: { accountNumber: '900123456789' },
      },
      'redaction control',
    );

    // The capture works: trace lines were written, and request URLs (ids included) are in them.
    const text = lines.join('');
    const control = lines.find((line) => line.includes('redaction control'));
    assert.ok(control?.includes('[redacted]'), 'the redaction control line was written, censored');
    assert.ok(lines.length > 50, `only ${lines.length} log lines`);
    assert.equal(t.config.logLevel, 'trace');
    assert.ok(
      lines.some((line) => JSON.parse(line).level <= 20),
      'lines below info are captured',
    );
    assert.ok(text.includes(`/webhooks/${standardHook.body.id}/secret/rotate`), 'request URLs are logged');
    for (const [what, secret] of secrets) {
      assert.ok(secret.length >= 12, `${what} is long enough to search for`);
      assert.ok(!text.includes(secret), `${what} appears in the logs`);
    }
  });
});
