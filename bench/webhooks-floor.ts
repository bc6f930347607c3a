/**
 * The floor of bench/webhooks.ts, run as its own process so that it reaches the receiver the way the
 * delivery worker does (another process): `concurrency` loops of plain undici POSTs of one body for
 * `ms` milliseconds. Reads {url, headers, body, concurrency, ms} as JSON on stdin; prints the rate.
 */
import { request } from 'undici';
import { closedLoop } from './context.ts';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  ms: number;
};
const post = async () => {
  const response = await request(input.url, { method: 'POST', headers: input.headers, body: input.body });
  await response.body.text();
};
await closedLoop(input.concurrency, Math.min(1000, input.ms / 2), post); // warm-up
const run = await closedLoop(input.concurrency, input.ms, post);
process.stdout.write(`${JSON.stringify({ rate: run.count / run.seconds })}\n`);
