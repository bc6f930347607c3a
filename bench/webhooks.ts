/**
 * Webhook delivery (issue 5), by a real worker process (`mailstream start --role worker`) to a local
 * receiver: deliveries per second draining a backlog, beside the floor — a plain undici POST loop
 * of the same body to the same receiver, from another process as the worker is, with no queue, signing or
 * bookkeeping — and beside a stricter one, as many such loops at once as the worker's per-webhook cap;
 * then the p99 delay from an event's insert to its arrival at the receiver while 1,000 events per second
 * are offered.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/database.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { signedDelivery } from '../src/webhooks/signing.ts';
import { senderAddress, usAddress } from '../test/support/addresses.ts';
import { freePort, projectRoot, spawnCli, waitForHttp } from '../test/support/process.ts';
import { type Receiver, startReceiver } from '../test/support/receiver.ts';
import { type BenchContext, type BenchResult, besideFloor, percentile } from './context.ts';

const GROUP = 'Webhooks (issue 5)';
const CAP = 10;
const OFFERED_PER_SECOND = 1000;
const TICK_MS = 10;
const FLOOR_SCRIPT = path.join(import.meta.dirname, 'webhooks-floor.ts');

/** An order as events carry it: about the size of a real letter's JSON. */
const orderJson = JSON.stringify({
  object: 'letter',
  live: false,
  status: 'printing',
  to: { id: 'contact_bench', object: 'contact', ...usAddress() },
  from: { id: 'contact_sender', object: 'contact', ...senderAddress() },
  html: '<p>Hello {{to.firstName}}, your statement is ready.</p>',
  size: 'us_letter',
  mailingClass: 'first_class',
  sendDate: '2025-03-10T15:00:00.000Z',
  createdAt: '2025-03-10T15:00:00.000Z',
  updatedAt: '2025-03-11T05:00:00.000Z',
});

/** Inserts `count` events in one statement (as the pipeline's set-based steps do); returns their ids. */
async function insertEvents(db: Db, organizationId: string, first: number, count: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields)
    select mailstream_id('event'), ${organizationId}, false, 'letter.updated', 'letter_bench' || i, 2,
           ${orderJson}::jsonb || jsonb_build_object('id', 'letter_bench' || i), '["status"]'::jsonb
    from generate_series(${first}::integer, ${first + count - 1}::integer) as i
    returning id`.execute(db);
  return rows.map((r) => r.id);
}

function eventIdOf(body: string): string {
  return String(decodeJwt(body).jti);
}

/**
 * Waits until every id has arrived; returns when each first did. Decoding waits until enough requests
 * are in, so the receiver does no more per request while it is measured than during the floor.
 */
async function waitForAll(
  receiver: Receiver,
  /** receiver.requests.length before the events were inserted. */
  from: number,
  ids: readonly string[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  const wanted = new Set(ids);
  const arrived = new Map<string, number>();
  let scanned = from;
  const enough = from + ids.length;
  await receiver.waitFor((requests) => requests.length >= enough, timeoutMs, `${ids.length} deliveries`);
  await receiver.waitFor(
    (requests) => {
      for (; scanned < requests.length; scanned++) {
        const request = requests[scanned]!;
        if (request.path !== '/hook') continue;
        const id = eventIdOf(request.body);
        if (wanted.has(id) && !arrived.has(id)) arrived.set(id, request.receivedAt);
      }
      return arrived.size === wanted.size;
    },
    timeoutMs,
    `${ids.length} distinct deliveries`,
  );
  return arrived;
}

export async function benchWebhooks(context: BenchContext): Promise<BenchResult> {
  const backlog = context.quick ? 1000 : 20_000;
  const streamSeconds = context.quick ? 2 : 20;
  const warmUpEvents = context.quick ? 200 : 500;
  const floorMs = context.quick ? 1000 : 5000;
  const url = await context.createDatabase();
  const { db } = createDb(url, 4);
  const receiver = await startReceiver(() => ({ status: 200 }));
  const org = await createOrganization(db, 'Bench');
  const hookSecret = 'whsec_YmVuY2htYXJrLXNlY3JldC1vZi0zMi1ieXRlcyE=';
  await db
    .insertInto('webhooks')
    .values({
      id: 'webhook_bench',
      organization_id: org.organizationId,
      live: false,
      url: `${receiver.url}/hook`,
      enabled_events: ['letter.updated'],
      enabled: true,
      description: null,
      metadata: null,
      payload_format: 'jwt',
      secret: hookSecret,
      previous_secret: null,
      previous_secret_expires_at: null,
      failing_since: null,
      disabled_reason: null,
      deleted_at: null,
    })
    .execute();

  const port = await freePort();
  const worker = spawnCli(['start', '--role', 'worker'], {
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOKS_CONCURRENCY_PER_WEBHOOK: String(CAP),
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
    // Warm-up: connections, JIT, the worker's first claims.
    const warmFrom = receiver.requests.length;
    await waitForAll(receiver, warmFrom, await insertEvents(db, org.organizationId, 0, warmUpEvents), 60_000);

    // The floor runs right before and right after the drain, and counts as their mean, so a machine
    // that is busier in one moment than the other skews neither side.
    const sample = await signedDelivery({
      format: 'jwt',
      secrets: [hookSecret],
      event: { id: 'event_floor', object: 'event', type: 'letter.updated', data: JSON.parse(orderJson) },
      now: new Date(),
    });
    const floorRate = (ms: number, concurrency = CAP) =>
      new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', FLOOR_SCRIPT], {
          cwd: projectRoot,
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0
            ? resolve((JSON.parse(out) as { rate: number }).rate)
            : reject(new Error(`floor exited ${code}`)),
        );
        child.stdin.end(JSON.stringify({ url: `${receiver.url}/floor`, ...sample, concurrency, ms }));
      });
    context.log('webhooks: measuring the floors (plain undici POSTs from another process)');
    const loopBefore = await floorRate(floorMs, 1);
    const wideBefore = await floorRate(floorMs);

    context.log(`webhooks: draining a backlog of ${backlog} events`);
    receiver.requests.length = 0; // the floor's requests are not needed; memory is
    const drainFrom = 0;
    // The backlog is there once its one INSERT commits (the fan-out trigger queues a delivery per event in
    // it); deliveries cannot start sooner, so the clock does not count the insert.
    const insertStarted = performance.now();
    const ids = await insertEvents(db, org.organizationId, 1000, backlog);
    const started = performance.now();
    const insertSeconds = (started - insertStarted) / 1000;
    await waitForAll(receiver, drainFrom, ids, 300_000);
    const drainSeconds = (performance.now() - started) / 1000;
    context.log(
      `webhooks: backlog inserted in ${insertSeconds.toFixed(2)} s, drained in ${drainSeconds.toFixed(2)} s`,
    );
    const rate = backlog / drainSeconds;
    const wide = (wideBefore + (await floorRate(floorMs))) / 2;
    const loop = (loopBefore + (await floorRate(floorMs, 1))) / 2;

    context.log(`webhooks: offering ${OFFERED_PER_SECOND} events/s for ${streamSeconds}s`);
    receiver.requests.length = 0;
    const streamFrom = 0;
    const insertedAt = new Map<string, number>();
    const perTick = (OFFERED_PER_SECOND * TICK_MS) / 1000;
    const ticks = (streamSeconds * 1000) / TICK_MS;
    const streamStart = Date.now();
    let next = 1_000_000;
    for (let tick = 0; tick < ticks; tick++) {
      const due = streamStart + tick * TICK_MS;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const before = Date.now();
      for (const id of await insertEvents(db, org.organizationId, next, perTick)) insertedAt.set(id, before);
      next += perTick;
    }
    const offeredSeconds = (Date.now() - streamStart) / 1000;
    const arrived = await waitForAll(receiver, streamFrom, [...insertedAt.keys()], 300_000);
    const delays = [...arrived].map(([id, at]) => at - insertedAt.get(id)!).sort((a, b) => a - b);

    const drained = `backlog of ${backlog.toLocaleString('en-US')} events, jwt, cap ${CAP}`;
    const rows = [
      {
        group: GROUP,
        name: `deliveries per second, ${drained}`,
        value: rate,
        unit: 'deliveries/s',
        ...besideFloor(rate, loop, 0.5),
        note:
          "floor (the issue's): a plain undici POST loop of the same signed body to the same receiver, from " +
          'another process as the worker is; mean of runs just before and just after the drain. The clock ' +
          `starts when the backlog's INSERT has committed (it took ${insertSeconds.toFixed(2)} s)`,
      },
      {
        group: GROUP,
        name: `deliveries per second beside ${CAP} POST loops at once, ${drained}`,
        value: rate,
        unit: 'deliveries/s',
        ...besideFloor(rate, wide),
        note:
          `a stricter floor: ${CAP} such loops at once (the worker's per-webhook cap), no queue, signing or ` +
          'bookkeeping; what separates them is the database work of each delivery (read, record) on the same 2 cores',
      },
      {
        group: GROUP,
        name: `p99 event-to-delivery delay at ${OFFERED_PER_SECOND.toLocaleString('en-US')} events/s offered`,
        value: percentile(delays, 99),
        unit: 'ms',
        target: '< 1000 ms',
        met: percentile(delays, 99) < 1000,
        note:
          `${delays.length} events over ${offeredSeconds.toFixed(1)} s in ${perTick}-event statements every ${TICK_MS} ms; ` +
          `p50 ${percentile(delays, 50).toFixed(0)} ms, max ${percentile(delays, 100).toFixed(0)} ms`,
      },
    ];
    return {
      rows,
      points: [
        {
          chart: 'throughput',
          series: 'webhook deliveries',
          x: backlog,
          y: rate,
          floor: loop,
          unit: 'deliveries/s',
        },
      ],
    };
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
    await receiver.close();
    await db.destroy();
  }
}
