import assert from 'node:assert/strict';
import net from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerBodyParsers } from '../../src/http/body-parsers.ts';
import { registerErrorHandling } from '../../src/http/error-handler.ts';
import { UNREAD_BODY_LINGER_MS } from '../../src/http/unread-body.ts';
import { storedState } from '../hostile/support.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { sendStreamed } from '../support/streamed-body.ts';

const LIMIT = 4096;
const BOUNDARY = 'limit-boundary';

const tooLarge = {
  object: 'error',
  error: { type: 'payload_too_large_error', message: 'Request body is too large.' },
};

/** A multipart body from parts: text fields, and files ({ file: bytes }). */
function multipart(parts: [string, string | { file: Buffer; filename?: string }][]): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of parts) {
    if (typeof value === 'string') {
      chunks.push(
        Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"; filename="${value.filename ?? 'a.pdf'}"\r\ncontent-type: application/pdf\r\n\r\n`,
        ),
        value.file,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const multipartType = `multipart/form-data; boundary=${BOUNDARY}`;

describe('BODY_LIMIT_BYTES holds for every body, whole', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: String(LIMIT) });
  });
  after(async () => {
    await t.close();
  });

  // The recipient and sender as bracket-key text fields, as a multipart client sends them.
  const letterFields = (): [string, string][] =>
    Object.entries({ to: usAddress(), from: senderAddress() }).flatMap(([side, address]) =>
      Object.entries(address).map(([key, value]): [string, string] => [`${side}[${key}]`, String(value)]),
    );

  const bodies = (): [string, string, Buffer][] => [
    ['JSON', 'application/json', Buffer.from(JSON.stringify({ html: 'x'.repeat(LIMIT) }))],
    ['urlencoded', 'application/x-www-form-urlencoded', Buffer.from(`html=${'x'.repeat(LIMIT)}`)],
    // Many fields, each small: the sum is what counts.
    [
      'multipart fields',
      multipartType,
      multipart(Array.from({ length: 60 }, (_, i) => [`metadata[k${i}]`, 'y'.repeat(80)])),
    ],
    // Files and fields together over the limit, each under it.
    [
      'multipart files and fields',
      multipartType,
      multipart([
        ['html', 'z'.repeat(LIMIT / 2)],
        ['pdf', { file: Buffer.alloc(LIMIT / 2, 1) }],
      ]),
    ],
  ];

  test('over the limit: 413 in the error shape, with or without a Content-Length; nothing stored', async () => {
    const before = await storedState(t.database.db);
    for (const [what, contentType, body] of bodies()) {
      assert.ok(body.length > LIMIT, what);
      const declared = await t.api('/letters', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      assert.equal(declared.status, 413, `${what}: ${JSON.stringify(declared.body)}`);
      assert.deepEqual(declared.body, tooLarge, what);
      // Chunked: no length up front, so the server has to count what arrives.
      const chunked = await sendStreamed(
        `${t.baseUrl}/print-mail/v1/letters`,
        { 'x-api-key': t.org.testApiKey, 'content-type': contentType },
        Readable.from([body.subarray(0, 1000), body.subarray(1000)]),
      );
      assert.equal(chunked.status, 413, `${what} chunked: ${JSON.stringify(chunked.body)}`);
      assert.deepEqual(chunked.body, tooLarge, what);
    }
    // The sign-in has the same limit (the USPS feed has its own, larger: 10,000 events).
    const signIn = await fetch(`${t.baseUrl}/dashboard/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com', password: 'p'.repeat(LIMIT) }),
    });
    assert.equal(signIn.status, 413);
    assert.deepEqual(await signIn.json(), tooLarge);
    assert.deepEqual(await storedState(t.database.db), before);
  });

  test('under the limit, multipart still works; an uploaded file is checked by order routes', async () => {
    const created = await t.api('/letters', {
      method: 'POST',
      headers: { 'content-type': multipartType },
      body: multipart([...letterFields(), ['html', '<p>Hi {{to.firstName}}</p>']]),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.to.firstName, 'Ada');
    const file = await t.api('/letters', {
      method: 'POST',
      headers: { 'content-type': multipartType },
      body: multipart([...letterFields(), ['pdf', { file: Buffer.from('%PDF-1.4 tiny') }]]),
    });
    assert.equal(file.status, 400, JSON.stringify(file.body));
    assert.match(file.body.error.message, /^INVALID_FILE: pdf /);
  });

  test('a client that goes on sending after its 413 is disconnected soon after', async () => {
    const port = Number(new URL(t.baseUrl).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    socket.on('error', () => undefined);
    socket.write(
      [
        'POST /print-mail/v1/letters HTTP/1.1',
        'host: 127.0.0.1',
        `x-api-key: ${t.org.testApiKey}`,
        'content-type: application/json',
        'transfer-encoding: chunked',
        '',
        '',
      ].join('\r\n'),
    );
    // Keep sending a chunk every 20 ms, long after the limit, until the server hangs up.
    const chunk = `1000\r\n${'x'.repeat(0x1000)}\r\n`;
    let answeredAt = 0;
    const pump = setInterval(() => {
      if (!answeredAt && received.includes('413')) answeredAt = Date.now();
      if (!socket.destroyed) socket.write(chunk);
    }, 20);
    const closedAt = await Promise.race([
      closed,
      new Promise<number>((resolve) => setTimeout(() => resolve(0), 10_000)),
    ]);
    clearInterval(pump);
    socket.destroy();
    assert.match(received, /^HTTP\/1\.1 413 /);
    assert.ok(received.includes('"payload_too_large_error"'));
    assert.ok(closedAt > 0, 'the server closed the connection');
    assert.ok(answeredAt > 0);
    assert.ok(
      closedAt - answeredAt < UNREAD_BODY_LINGER_MS + 1000,
      `closed ${closedAt - answeredAt} ms after the answer`,
    );
  });
});

describe('multipart parts as handlers see them', () => {
  let app: FastifyInstance;
  let url: string;
  before(async () => {
    // The parsers alone, on a route that says what it was given: files must reach handlers as Buffers.
    app = Fastify();
    registerErrorHandling(app);
    await registerBodyParsers(app, LIMIT);
    app.post('/echo', async (request) =>
      Object.fromEntries(
        Object.entries(request.body as Record<string, unknown>).map(([key, value]) => [key, shown(value)]),
      ),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/echo`;
  });
  after(async () => {
    await app.close();
  });

  function shown(value: unknown): unknown {
    if (Buffer.isBuffer(value)) return `buffer ${value.toString('latin1')}`;
    if (Array.isArray(value)) return value.map(shown);
    return value;
  }

  const post = async (body: Buffer) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': multipartType }, body });
    return { status: response.status, body: (await response.json()) as any };
  };

  test('text fields by bracket rules, files as Buffers (an array when a name repeats), JSON fields parsed', async () => {
    const jsonPart = Buffer.from(
      `--${BOUNDARY}\r\ncontent-disposition: form-data; name="mergeVariables"\r\ncontent-type: application/json\r\n\r\n{"name":"Ada"}\r\n`,
    );
    const body = multipart([
      ['to[firstName]', 'Ada'],
      ['tags', 'a'],
      ['tags', 'b'],
      ['pdf', { file: Buffer.from('%PDF-one') }],
      ['attachedPDF', { file: Buffer.from('%PDF-two') }],
      ['attachedPDF', { file: Buffer.from('%PDF-three') }],
    ]);
    const answer = await post(Buffer.concat([jsonPart, body]));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, {
      to: { firstName: 'Ada' },
      tags: ['a', 'b'],
      mergeVariables: { name: 'Ada' },
      pdf: 'buffer %PDF-one',
      attachedPDF: ['buffer %PDF-two', 'buffer %PDF-three'],
    });
  });

  test('a file as large as the limit allows arrives whole; one byte more of body is a 413', async () => {
    const overhead = multipart([['pdf', { file: Buffer.alloc(0) }]]).length;
    const fits = Buffer.alloc(LIMIT - overhead, 0x41);
    const whole = await post(multipart([['pdf', { file: fits }]]));
    assert.equal(whole.status, 200, JSON.stringify(whole.body));
    assert.equal(whole.body.pdf, `buffer ${'A'.repeat(fits.length)}`);
    const over = await post(multipart([['pdf', { file: Buffer.alloc(fits.length + 1, 0x41) }]]));
    assert.equal(over.status, 413);
    assert.deepEqual(over.body, tooLarge);
  });

  test('forbidden names, too many files, bad JSON fields and broken bodies: 4xx in the error shape', async () => {
    const proto = await post(multipart([['__proto__', { file: Buffer.from('x') }]]));
    assert.equal(proto.status, 400);
    assert.equal(proto.body.error.message, 'Body contains a forbidden field name.');
    const files = await post(
      multipart(Array.from({ length: 6 }, (_, i) => [`f${i}`, { file: Buffer.from('x') }] as const)),
    );
    assert.equal(files.status, 413);
    assert.deepEqual(files.body.error, {
      type: 'payload_too_large_error',
      message: 'Too many files: at most 5.',
    });
    const badJson = await post(
      Buffer.from(
        `--${BOUNDARY}\r\ncontent-disposition: form-data; name="metadata"\r\ncontent-type: application/json\r\n\r\n{nope\r\n--${BOUNDARY}--\r\n`,
      ),
    );
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.error.message, 'metadata is declared application/json but is not valid JSON.');
    const cut = await post(
      Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="html"\r\n\r\n<p>cut`),
    );
    assert.equal(cut.status, 400);
    assert.equal(cut.body.error.message, 'Body is not valid multipart/form-data.');
  });
});
