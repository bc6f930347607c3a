import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { storedState } from '../hostile/support.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

/**
 * Webhook URLs as an SSRF vector, through the API (address classification itself is unit-tested in
 * test/webhooks/ssrf.test.ts): with WEBHOOKS_ALLOW_PRIVATE_NETWORKS unset, creates and updates naming
 * loopback, private, link-local or metadata addresses are validation errors, and a stored URL that
 * reaches one anyway (a row from before, or a name that resolves there) is refused at connect time.
 */

let strict: TestApp;
let lenient: TestApp;
let receiver: Receiver;
before(async () => {
  strict = await startTestApp(); // WEBHOOKS_ALLOW_PRIVATE_NETWORKS unset
  lenient = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' });
  receiver = await startReceiver();
});
after(async () => {
  await strict.close();
  await lenient.close();
  await receiver.close();
});

const forbidden = [
  'https://127.0.0.1/hooks',
  'https://127.0.0.1:8080/hooks',
  'https://localhost/hooks',
  'https://LOCALHOST./hooks',
  'https://api.localhost/hooks',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::1]/hooks',
  'https://[::ffff:127.0.0.1]/hooks',
  'https://[::ffff:169.254.169.254]/',
  'https://[fd00:ec2::254]/latest/meta-data/',
  'https://2130706433/hooks',
  'https://0x7f.0.0.1/hooks',
  'https://0177.0.0.1/hooks',
  'https://0.0.0.0/hooks',
  'https://10.0.0.1/hooks',
  'https://172.16.0.1/hooks',
  'https://192.168.1.1/hooks',
  'https://100.64.0.1/hooks',
  'https://[fe80::1]/hooks',
  'http://hooks.example.com/plain-http',
  'https://user:password@hooks.example.com/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_INFO',
];

describe('SSRF through webhook URLs', () => {
  test('creates naming loopback, private, link-local and metadata addresses are validation errors', async () => {
    const before = await storedState(strict.database.db);
    for (const url of forbidden) {
      const response = await strict.api('/webhooks', {
        method: 'POST',
        json: { url, enabledEvents: ['letter.created'] },
      });
      assert.equal(response.status, 400, `${url}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error', url);
      assert.match(response.body.error.message, /^url /, url);
    }
    assert.deepEqual(await storedState(strict.database.db), before, 'no webhook stored');
  });

  test('updates to such a URL are refused and leave the webhook as it was', async () => {
    const created = await strict.api('/webhooks', {
      method: 'POST',
      json: { url: 'https://hooks.example.com/ok', enabledEvents: ['letter.created'] },
    });
    assert.equal(created.status, 200);
    const before = await strict.api(`/webhooks/${created.body.id}`);
    for (const url of forbidden) {
      const response = await strict.api(`/webhooks/${created.body.id}`, { method: 'POST', json: { url } });
      assert.equal(response.status, 400, `${url}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error', url);
    }
    const after = await strict.api(`/webhooks/${created.body.id}`);
    assert.equal(after.body.url, 'https://hooks.example.com/ok');
    assert.deepEqual(after.body, before.body);
  });

  test('metadata endpoints stay refused even when private networks are allowed', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://168.63.129.16/',
    ]) {
      const response = await lenient.api('/webhooks', {
        method: 'POST',
        json: { url, enabledEvents: ['letter.created'] },
      });
      assert.equal(response.status, 400, `${url}: ${JSON.stringify(response.body)}`);
      assert.equal(response.body.error.type, 'validation_error');
    }
  });

  test('a stored URL that reaches loopback (old row, or a name resolving there) is refused at connect time', async () => {
    const created = await strict.api('/webhooks', {
      method: 'POST',
      json: { url: 'https://hooks.example.com/ok', enabledEvents: ['letter.created'], payloadFormat: 'json' },
    });
    assert.equal(created.status, 200);
    for (const host of ['127.0.0.1', 'localhost']) {
      // As if stored before the rule, or by DNS that now answers with loopback: only the connect-time check stands.
      await strict.database.db
        .updateTable('webhooks')
        .set({ url: `http://${host}:${receiver.port}/stolen` })
        .where('id', '=', created.body.id)
        .execute();
      const attempt = await strict.api(`/webhooks/${created.body.id}/test`, { method: 'POST', json: {} });
      assert.equal(attempt.status, 200, JSON.stringify(attempt.body));
      assert.equal(attempt.body.statusCode, 0, host);
      assert.equal(attempt.body.errorKind, 'ssrf', `${host}: ${JSON.stringify(attempt.body)}`);
    }
    assert.equal(receiver.requests.length, 0, 'nothing reached the loopback receiver');
  });
});
