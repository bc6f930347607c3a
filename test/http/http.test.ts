import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
});
after(async () => {
  await t.close();
});

const isErrorShape = (body: any, type: string) => {
  assert.equal(body.object, 'error');
  assert.equal(body.error.type, type);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0);
};

test('health checks answer without a key', async () => {
  const healthz = await fetch(`${t.baseUrl}/healthz`);
  assert.equal(healthz.status, 200);
  const readyz = await fetch(`${t.baseUrl}/readyz`);
  assert.equal(readyz.status, 200);
  assert.deepEqual(await readyz.json(), { status: 'ok' });
});

test('missing or wrong API key → 401 missing_auth_error', async () => {
  const missing = await t.api('/letters', { key: null });
  assert.equal(missing.status, 401);
  isErrorShape(missing.body, 'missing_auth_error');
  for (const key of ['test_sk_wrong', `test_sk_${'a'.repeat(32)}`, 'Bearer x']) {
    const wrong = await t.api('/letters', { key });
    assert.equal(wrong.status, 401);
    isErrorShape(wrong.body, 'missing_auth_error');
  }
});

test('unknown routes, malformed JSON, wrong content type and oversized bodies keep the error shape', async () => {
  const unknown = await t.api('/nothing-here');
  assert.equal(unknown.status, 404);
  isErrorShape(unknown.body, 'not_found_error');
  const outside = await fetch(`${t.baseUrl}/nope`);
  assert.equal(outside.status, 404);
  isErrorShape(await outside.json(), 'not_found_error');

  const malformed = await t.api('/letters', {
    method: 'POST',
    body: '{"to":',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(malformed.status, 400);
  isErrorShape(malformed.body, 'validation_error');

  const wrongType = await t.api('/letters', {
    method: 'POST',
    body: 'hello',
    headers: { 'content-type': 'text/plain' },
  });
  assert.equal(wrongType.status, 415);
  isErrorShape(wrongType.body, 'unsupported_media_type_error');

  const big = await t.api('/letters', { method: 'POST', json: { html: 'x'.repeat(10_000) } });
  assert.equal(big.status, 413);
  isErrorShape(big.body, 'payload_too_large_error');

  const arrayBody = await t.api('/letters', { method: 'POST', json: [1, 2] });
  assert.equal(arrayBody.status, 400);
  isErrorShape(arrayBody.body, 'validation_error');
});

test('every response carries a request id; a client-sent one is echoed', async () => {
  const r = await t.api('/letters');
  assert.match(r.headers.get('x-request-id') ?? '', /^req_/);
  const echoed = await t.api('/letters', { headers: { 'x-request-id': 'client-abc' } });
  assert.equal(echoed.headers.get('x-request-id'), 'client-abc');
});

test('OpenAPI document and interactive docs come from the route schemas', async () => {
  const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as any;
  assert.equal(doc.openapi, '3.0.3');
  const createLetter = doc.paths['/print-mail/v1/letters'].post;
  assert.ok(createLetter.requestBody.content['application/json'].schema.properties.html);
  assert.ok(doc.paths['/print-mail/v1/contacts/{id}'].get);
  assert.deepEqual(doc.components.securitySchemes.ApiKeyAuth, {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
  });
  const docs = await fetch(`${t.baseUrl}/docs/`);
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /swagger/i);
});
