import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { errorStatus } from '../../src/errors.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { storedState } from './support.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const letterJson = JSON.stringify({ to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' });

interface RawAnswer {
  /** Every response on the connection, in order (a lying Content-Length can make two). */
  responses: { status: number; body: any }[];
}

/**
 * Writes bytes exactly as given on a fresh connection, optionally half-closes it, and reads until the
 * server closes or `waitMs` passes: for requests no HTTP client will send (lying lengths, broken chunks).
 */
async function rawExchange(
  bytes: string,
  options: { end?: boolean; waitMs?: number } = {},
): Promise<RawAnswer> {
  const port = new URL(t.baseUrl).port;
  const socket = net.connect(Number(port), '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('utf8');
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(bytes);
  if (options.end) socket.end();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.waitMs ?? 3000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', () => undefined);
  });
  socket.destroy();
  const responses: RawAnswer['responses'] = [];
  for (const match of received.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n/g)) {
    const headers = match[2]!;
    const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
    const start = match.index! + match[0].length;
    const text = received.slice(start, start + length);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    responses.push({ status: Number(match[1]), body });
  }
  return { responses };
}

function assertErrorShape(response: { status: number; body: any }, context: string) {
  assert.ok(response.status >= 400 && response.status < 500, `${context}: ${response.status}`);
  assert.equal(response.body?.object, 'error', `${context}: ${JSON.stringify(response.body)}`);
  assert.equal(errorStatus[response.body.error.type as keyof typeof errorStatus], response.status, context);
}

const head = (path: string, headers: string[]) =>
  [`POST ${path} HTTP/1.1`, 'host: 127.0.0.1', `x-api-key: ${t.org.testApiKey}`, ...headers, '', ''].join(
    '\r\n',
  );

describe('hostile input: HTTP framing', () => {
  test('a body shorter than its Content-Length, then the connection closes: nothing stored', async () => {
    const before = await storedState(t.database.db);
    const cut = letterJson.slice(0, 40);
    const answer = await rawExchange(
      head('/print-mail/v1/letters', [
        'content-type: application/json',
        `content-length: ${letterJson.length}`,
      ]) + cut,
      { end: true },
    );
    for (const response of answer.responses) assertErrorShape(response, 'short body');
    assert.deepEqual(await storedState(t.database.db), before);
  });

  test('a Content-Length shorter than the body: the cut JSON is refused, the rest is not a request', async () => {
    const before = await storedState(t.database.db);
    const answer = await rawExchange(
      head('/print-mail/v1/letters', [
        'content-type: application/json',
        'content-length: 30',
        'connection: close',
      ]) + letterJson,
    );
    // The bytes after the declared length are read as the next request, which is not HTTP: the
    // connection ends with a 400 (before or after the cut JSON's own 400).
    assert.ok(answer.responses.length >= 1);
    for (const response of answer.responses) assertErrorShape(response, 'long body');
    assert.deepEqual(await storedState(t.database.db), before);
  });

  test('broken chunked encoding, and Content-Length with Transfer-Encoding together (smuggling)', async () => {
    const before = await storedState(t.database.db);
    const broken = await rawExchange(
      `${head('/print-mail/v1/letters', ['content-type: application/json', 'transfer-encoding: chunked'])}zz\r\n${letterJson}\r\n0\r\n\r\n`,
    );
    assert.equal(broken.responses.length, 1);
    assertErrorShape(broken.responses[0]!, 'broken chunks');
    assert.equal(broken.responses[0]!.body.error.message, 'The request is not valid HTTP.');
    const both = await rawExchange(
      `${head('/print-mail/v1/letters', [
        'content-type: application/json',
        `content-length: ${letterJson.length}`,
        'transfer-encoding: chunked',
      ])}${letterJson.length.toString(16)}\r\n${letterJson}\r\n0\r\n\r\n`,
    );
    assert.equal(both.responses.length, 1);
    assertErrorShape(both.responses[0]!, 'content-length and transfer-encoding');
    assert.deepEqual(await storedState(t.database.db), before);
  });

  test('headers or a URL over 16 KB, bad percent-encoding, over-long path parameters: in the error shape', async () => {
    const huge = await fetch(`${t.baseUrl}/print-mail/v1/letters?search=${'x'.repeat(20_000)}`, {
      headers: { 'x-api-key': t.org.testApiKey },
    });
    assert.equal(huge.status, 400);
    assert.equal(
      ((await huge.json()) as any).error.message,
      'The request line and headers are too large: at most 16 KB.',
    );
    const bigHeader = await fetch(`${t.baseUrl}/print-mail/v1/letters`, {
      headers: { 'x-api-key': t.org.testApiKey, 'x-padding': 'y'.repeat(20_000) },
    });
    assert.equal(bigHeader.status, 400);
    assert.equal(((await bigHeader.json()) as any).error.type, 'validation_error');

    const badUrl = await t.api('/letters/%');
    assert.equal(badUrl.status, 400);
    assert.deepEqual(badUrl.body, {
      object: 'error',
      error: {
        type: 'validation_error',
        message: 'The URL is not valid: it has malformed percent-encoding.',
      },
    });
    // The router matches path parameters of at most 100 characters; a longer id matches no route.
    const longParam = await t.api(`/letters/letter_${'a'.repeat(200)}`);
    assert.equal(longParam.status, 404);
    assert.equal(longParam.body.error.type, 'not_found_error');
    const atLimit = await t.api(`/letters/${'a'.repeat(100)}`);
    assert.equal(atLimit.status, 404);
    assert.equal(atLimit.body.error.message, `Letter ${'a'.repeat(100)} was not found.`);
  });

  test('text PostgreSQL cannot store (NUL, broken surrogates) and nesting past 32 levels: 400 naming the field', async () => {
    const before = await storedState(t.database.db);
    const cases: [string, string, RegExp][] = [
      [
        '/letters',
        letterJson.replace('<p>Hi', '<p>H\\u0000i'),
        /^html contains a NUL character or a broken Unicode character\.$/,
      ],
      [
        '/contacts',
        JSON.stringify(usAddress({ metadata: { 'a\u0000': 1 } })),
        /^metadata has a field name with a NUL character/,
      ],
      [
        '/templates',
        '{"html":"x","description":"\\ud800"}',
        /^description contains a NUL character or a broken Unicode character\.$/,
      ],
      [
        '/webhooks',
        `{"url":"https://example.com","enabledEvents":["letter.created"],"metadata":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
        /^metadata\.a\.a\.a\.a\.a\.a\.a\.… is nested too deeply: at most 32 levels are accepted\.$/,
      ],
    ];
    for (const [path, body, message] of cases) {
      const response = await fetch(`${t.baseUrl}/print-mail/v1${path}`, {
        method: 'POST',
        headers: { 'x-api-key': t.org.testApiKey, 'content-type': 'application/json' },
        body,
      });
      const json = (await response.json()) as any;
      assert.equal(response.status, 400, `${path}: ${JSON.stringify(json)}`);
      assert.equal(json.error.type, 'validation_error');
      assert.match(json.error.message, message);
    }
    const query = await t.api(`/letters?search=${encodeURIComponent('a\u0000b')}`);
    assert.equal(query.status, 400);
    assert.equal(query.body.error.message, 'search contains a NUL character or a broken Unicode character.');
    const param = await t.api('/letters/letter_%00');
    assert.equal(param.status, 400);
    assert.equal(param.body.error.message, 'id contains a NUL character or a broken Unicode character.');
    // The dashboard's and printers' own endpoints follow the same rule.
    const printer = await createPrinter(t.database.db, 'Framing printer');
    for (const [path, headers, body] of [
      ['/dashboard/api/sign-in', {}, '{"email":"a\\u0000@example.com","password":"long enough"}'],
      [
        '/printer/v1/orders/letter_x/failures',
        { authorization: `Bearer ${printer.key}` },
        '{"reason":"jam\\u0000"}',
      ],
    ] as const) {
      const response = await fetch(`${t.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
      });
      assert.equal(response.status, 400, path);
      assert.match(((await response.json()) as any).error.message, /contains a NUL character/);
    }
    // A surrogate pair (a whole character) is fine.
    const emoji = await t.api('/templates', {
      method: 'POST',
      json: { html: '<p>📬</p>', description: '📬 mail' },
    });
    assert.equal(emoji.status, 200);
    assert.equal(emoji.body.description, '📬 mail');
    const stored = await storedState(t.database.db);
    assert.notDeepEqual(stored, before, 'the valid template was stored');
    assert.equal(stored['public.orders'], before['public.orders'], 'no order from any refused request');
    assert.equal(stored['public.contacts'], before['public.contacts']);
    assert.equal(stored['public.webhooks'], before['public.webhooks']);
  });

  test('numbers past a double (1e309, or "1e309" coerced from text or a query): 400 naming the field', async () => {
    const before = await storedState(t.database.db);
    const envelope = await t.api('/return_envelopes', { method: 'POST', json: { to: senderAddress() } });
    assert.equal(envelope.status, 200, JSON.stringify(envelope.body));
    for (const body of [
      '{"quantityOrdered":1e309}',
      '{"quantityOrdered":"1e309"}',
      '{"quantityOrdered":"-1e309"}',
    ]) {
      const response = await fetch(`${t.baseUrl}/print-mail/v1/return_envelopes/${envelope.body.id}/orders`, {
        method: 'POST',
        headers: { 'x-api-key': t.org.testApiKey, 'content-type': 'application/json' },
        body,
      });
      const json = (await response.json()) as any;
      assert.equal(response.status, 400, `${body}: ${JSON.stringify(json)}`);
      assert.equal(json.error.type, 'validation_error');
      // JSON's 1e309 fails the integer type; the text coerces to Infinity and is caught after validation.
      assert.match(json.error.message, /^quantityOrdered must be (integer|a finite number)\.$/);
    }
    const query = await t.api('/letters?limit=1e309');
    assert.equal(query.status, 400, JSON.stringify(query.body));
    assert.equal(query.body.error.type, 'validation_error');
    const stored = await storedState(t.database.db);
    assert.equal(stored['public.return_envelope_orders'], before['public.return_envelope_orders']);
  });

  test('a multipart body without a boundary, or cut short: 400, nothing stored', async () => {
    const before = await storedState(t.database.db);
    for (const [contentType, body] of [
      ['multipart/form-data', 'to[firstName]=Ada'],
      [`multipart/form-data; boundary=${'b'.repeat(300)}`, `--${'b'.repeat(300)}\r\n`],
      [
        'multipart/form-data; boundary=xyz',
        '--xyz\r\ncontent-disposition: form-data; name="html"\r\n\r\n<p>cut',
      ],
    ]) {
      const response = await fetch(`${t.baseUrl}/print-mail/v1/letters`, {
        method: 'POST',
        headers: { 'x-api-key': t.org.testApiKey, 'content-type': contentType! },
        body,
      });
      const json = (await response.json()) as any;
      assert.equal(response.status, 400, `${contentType}: ${JSON.stringify(json)}`);
      assert.equal(json.object, 'error');
      assert.equal(json.error.type, 'validation_error');
    }
    assert.deepEqual(await storedState(t.database.db), before);
  });
});
