import { EventEmitter } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the whole body had arrived. */
  receivedAt: number;
}

/** What to answer: a status (default 200) with optional headers, body and delay, or never answer. */
export type Reply =
  | { status?: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | 'hang';

export type Script = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface Receiver {
  url: string;
  port: number;
  /** Every request received, in arrival order (hung ones included). */
  requests: ReceivedRequest[];
  /** Replaces how the next requests are answered. */
  script(script: Script): void;
  /** Resolves once `done(requests)` holds; rejects after `timeoutMs` with `what` in the message. */
  waitFor(done: (requests: ReceivedRequest[]) => boolean, timeoutMs: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random loopback port that records each request and answers as scripted:
 * status codes, headers, delays, or not at all. Stands in for a webhook receiver in tests and benches.
 */
export async function startReceiver(initial: Script = () => ({ status: 200 })): Promise<Receiver> {
  let script = initial;
  const requests: ReceivedRequest[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      const index = requests.push(request) - 1;
      arrivals.emit('request');
      let reply: Reply;
      try {
        reply = await script(request, index);
      } catch (error) {
        reply = { status: 500, body: String(error) };
      }
      if (reply === 'hang') return; // the socket stays open until the client gives up or close()
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(next) {
      script = next;
    },
    waitFor(done, timeoutMs, what = 'the expected requests') {
      if (done(requests)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!done(requests)) return;
          clearTimeout(timer);
          arrivals.off('request', check);
          resolve();
        };
        const timer = setTimeout(() => {
          arrivals.off('request', check);
          reject(
            new Error(
              `receiver did not get ${what} within ${timeoutMs} ms (got ${requests.length} requests)`,
            ),
          );
        }, timeoutMs);
        arrivals.on('request', check);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
