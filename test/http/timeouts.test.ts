import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

const REQUEST_TIMEOUT_MS = 2000;
const HEADERS_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 500;
// Node checks deadlines every quarter of the shorter one here; the rest is room for a busy machine.
const SLACK_MS = 1500;

interface Held {
  /** Milliseconds from connecting to the server closing the connection; null if it was still open. */
  closedAfterMs: number | null;
  received: string;
}

/**
 * Opens a connection, writes `head`, then one byte of `drip` every `everyMs`, and reports when the
 * server closed it (or null if it had not after `giveUpMs`).
 */
async function trickle(
  port: number,
  head: string,
  drip: string,
  everyMs: number,
  giveUpMs: number,
): Promise<Held> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const started = Date.now();
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk;
  });
  socket.on('error', () => undefined);
  if (head) socket.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (!socket.destroyed && sent < drip.length) socket.write(drip[sent++]!);
  }, everyMs);
  const closedAfterMs = await new Promise<number | null>((resolve) => {
    const giveUp = setTimeout(() => resolve(null), giveUpMs);
    socket.once('close', () => {
      clearTimeout(giveUp);
      resolve(Date.now() - started);
    });
  });
  clearInterval(timer);
  socket.destroy();
  return { closedAfterMs, received };
}

describe('slow clients are cut off', () => {
  let t: TestApp;
  let port: number;
  before(async () => {
    t = await startTestApp({
      HTTP_REQUEST_TIMEOUT: `${REQUEST_TIMEOUT_MS}ms`,
      HTTP_HEADERS_TIMEOUT: `${HEADERS_TIMEOUT_MS}ms`,
      HTTP_KEEP_ALIVE_TIMEOUT: `${KEEP_ALIVE_TIMEOUT_MS}ms`,
      USPS_FEED_TOKEN: 'feed-token-for-the-timeout-tests',
    });
    port = Number(new URL(t.baseUrl).port);
  });
  after(async () => {
    await t.close();
  });

  const body = JSON.stringify({ email: 'someone@example.com', password: 'a password of some length' });
  const head = (path: string, headers: string[] = []) =>
    [
      `POST ${path} HTTP/1.1`,
      'host: 127.0.0.1',
      'content-type: application/json',
      `content-length: ${body.length}`,
      ...headers,
      '',
      '',
    ].join('\r\n');

  test('a body trickled a byte at a time is closed within the request timeout, on every kind of route', async () => {
    const routes: [string, string][] = [
      ['sign-in, unauthenticated', head('/dashboard/api/sign-in')],
      ['USPS feed, unauthenticated', head('/usps/v1/ivmtr')],
      [
        'USPS feed, with its token',
        head('/usps/v1/ivmtr', ['authorization: Bearer feed-token-for-the-timeout-tests']),
      ],
      ['API, unauthenticated', head('/print-mail/v1/letters')],
      ['API, with a key', head('/print-mail/v1/letters', [`x-api-key: ${t.org.testApiKey}`])],
    ];
    // All at once: each holds its own connection, as a slow-loris client would.
    const held = await Promise.all(
      routes.map(([, start]) => trickle(port, start, body, 200, REQUEST_TIMEOUT_MS + SLACK_MS + 3000)),
    );
    for (const [index, [what]] of routes.entries()) {
      const { closedAfterMs, received } = held[index]!;
      assert.ok(
        closedAfterMs !== null,
        `${what}: still open after ${REQUEST_TIMEOUT_MS + SLACK_MS + 3000} ms`,
      );
      assert.ok(
        closedAfterMs <= REQUEST_TIMEOUT_MS + SLACK_MS,
        `${what}: closed after ${closedAfterMs} ms (timeout ${REQUEST_TIMEOUT_MS} ms)`,
      );
      // Whatever the answer (a timeout, or a 401 given before the body), it is in the error shape.
      assert.match(received, /^HTTP\/1\.1 4\d\d /, what);
      assert.match(received, /"object":"error"/, what);
    }
    // The signed-in API trickle is answered by the timeout itself, in words.
    assert.match(held[4]!.received, /The request was not completed in time\./);
  });

  test('request headers trickled, or never sent, are closed within the headers timeout', async () => {
    const [dripped, silent] = await Promise.all([
      trickle(
        port,
        'GET /healthz HTTP/1.1\r\n',
        'x-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        100,
        6000,
      ),
      trickle(port, '', '', 100, 6000),
    ]);
    for (const [what, result] of [
      ['trickled headers', dripped],
      ['nothing sent', silent],
    ] as const) {
      assert.ok(result.closedAfterMs !== null, `${what}: still open`);
      assert.ok(
        result.closedAfterMs <= HEADERS_TIMEOUT_MS + SLACK_MS,
        `${what}: closed after ${result.closedAfterMs} ms (headers timeout ${HEADERS_TIMEOUT_MS} ms)`,
      );
    }
  });

  test('an idle kept-alive connection is closed after the keep-alive timeout', async () => {
    const held = await trickle(port, 'GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n', '', 100, 6000);
    assert.match(held.received, /^HTTP\/1\.1 200 /);
    assert.match(held.received, /keep-alive/i);
    assert.ok(held.closedAfterMs !== null, 'still open');
    // Node closes a second after the timeout it announces in the Keep-Alive header, so a client that
    // reuses the connection just before the announced end never meets a closed socket.
    assert.ok(
      held.closedAfterMs <= KEEP_ALIVE_TIMEOUT_MS + 1000 + SLACK_MS,
      `closed after ${held.closedAfterMs} ms (keep-alive timeout ${KEEP_ALIVE_TIMEOUT_MS} ms)`,
    );
  });
});

describe('HTTP_MAX_CONNECTIONS', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ HTTP_MAX_CONNECTIONS: '3' });
  });
  after(async () => {
    await t.close();
  });

  const open = async () => {
    const socket = net.connect(Number(new URL(t.baseUrl).port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    return socket;
  };

  /** Sends a health check on the socket: its status line, or null if the server closed the connection. */
  const ask = (socket: net.Socket) =>
    new Promise<string | null>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk;
        if (received.includes('\r\n')) resolve(received.split('\r\n')[0]!);
      });
      socket.once('close', () => resolve(null));
      socket.write('GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    });

  test('past the cap new connections are closed at once; a freed place serves again', async () => {
    const held = [await open(), await open(), await open()];
    const refused = await open();
    assert.equal(await ask(refused), null);
    assert.equal(await ask(held[0]!), 'HTTP/1.1 200 OK');
    held[1]!.destroy();
    // The server notices the close on its next turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await open();
    assert.equal(await ask(again), 'HTTP/1.1 200 OK');
    for (const socket of [...held, refused, again]) socket.destroy();
  });
});
