// The scale-out / crash scenario shared by test/scale/*.test.ts and scripts/soak.ts: a cluster of API and
// worker processes on one PostgreSQL, webhooks to real receivers, rounds of load (optionally with a monkey
// killing processes), then a bounded wait for quiescence and the invariants.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { decodeJwt } from 'jose';
import { sql } from 'kysely';
import { createDb, type Db } from '../../src/db/database.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { type Chaos, type ChaosTarget, embeddedUrl, postmasterPid, startChaos } from './chaos.ts';
import { Cluster } from './cluster.ts';
import { checkInvariants, type InvariantReport, type WebhookUnderTest } from './invariants.ts';
import {
  Client,
  type CreatePlan,
  type LoadKeys,
  type MailedPieces,
  newLedger,
  runCreates,
  runExternalPrinter,
  runScanFeed,
  seededRandom,
} from './load.ts';
import { type ReceivedRequest, type Receiver, startReceiver } from './receiver.ts';

export interface ScenarioOptions {
  /** An external PostgreSQL database (DATABASE_URL), or a DATA_DIR whose embedded cluster the first process starts. */
  database: { url: string } | { dataDir: string };
  apis: number;
  workers: number;
  /**
   * Rounds: each is `plan`'s load (ending when its creates and their follow-ups have answered), then
   * quiescence and the invariants over everything so far.
   */
  rounds: number;
  /** Or: keep starting rounds until this much time has passed (soak). */
  durationMs?: number;
  plan: CreatePlan;
  /** Kill a random process every min…max ms during the load (and the postmaster, with DATA_DIR). */
  crash?: { everyMs: [number, number]; targets?: ChaosTarget[] };
  settleTimeoutMs: number;
  seed?: number;
  log?: (line: string) => void;
  /** Where to append the output of processes that exit unexpectedly (see Cluster). */
  exitLog?: string;
}

export interface ScenarioResult {
  seed: number;
  violations: string[];
  stats: Record<string, unknown>;
  chaos: string[];
  timings: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const EVENT_TYPES = ['letter', 'postcard', 'cheque', 'self_mailer', 'return_envelope_order'].flatMap((k) => [
  `${k}.created`,
  `${k}.updated`,
]);

/** The webhooks: both modes, every payload format, all event types or some, two with flaky receivers. */
const HOOKS: {
  live: boolean;
  format: 'jwt' | 'json' | 'standard';
  events: string[];
  failRate: number;
  delayMs: number;
}[] = [
  { live: true, format: 'jwt', events: EVENT_TYPES, failRate: 0, delayMs: 0 },
  { live: true, format: 'json', events: ['letter.created', 'letter.updated'], failRate: 0.1, delayMs: 0 },
  {
    live: true,
    format: 'standard',
    events: ['letter.updated', 'postcard.updated'],
    failRate: 0.05,
    delayMs: 30,
  },
  { live: false, format: 'standard', events: EVENT_TYPES, failRate: 0, delayMs: 10 },
  { live: false, format: 'json', events: ['postcard.created', 'postcard.updated'], failRate: 0, delayMs: 0 },
];

function eventIdOf(format: string, request: ReceivedRequest): string | null {
  try {
    if (format === 'jwt') return String(decodeJwt(request.body).jti);
    return String((JSON.parse(request.body) as { id: string }).id);
  } catch {
    return null;
  }
}

const CLAIM_TTL_MS = 3000;

export async function runScaleScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const began = Date.now();
  const mark = (what: string) => {
    timings[what] = Date.now() - began;
  };
  const feedToken = `feed-${randomBytes(16).toString('hex')}`;
  const embedded = 'dataDir' in options.database ? options.database.dataDir : undefined;
  const env: Record<string, string> = {
    ...('url' in options.database
      ? { DATABASE_URL: options.database.url }
      : { DATA_DIR: options.database.dataDir }),
    MAILSTREAM_PROFILE: 'demo',
    MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
    USPS_FEED_TOKEN: feedToken,
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOKS_TIMEOUT: '5s',
    WEBHOOKS_RETRY_SCHEDULE: '200ms,500ms,1s,2s,2s,2s,2s,2s,2s,2s',
    WEBHOOKS_RETRY_JITTER: '0.1',
    SIMULATED_PRINTER: 'true',
    PRINTER_CLAIM_TTL: `${CLAIM_TTL_MS}ms`,
    DEMO_COMPLETE_AFTER_PROCESSED: '8s',
    // A killed worker's orders wait out their render lease before another worker takes them (the lease is
    // renewed while a render runs, so a short one only shortens that wait): the default 2m would outlast
    // the quiescence the invariants wait for.
    RENDER_LEASE: '5s',
    DATABASE_POOL_SIZE: '8',
    WORKER_CONCURRENCY: '4',
    LOG_LEVEL: 'warn',
  };

  const receivers: Receiver[] = [];
  let cluster: Cluster | undefined;
  let db: Db | undefined;
  let chaos: Chaos | undefined;
  const chaosLog: string[] = [];
  try {
    cluster = await Cluster.start({
      apis: options.apis,
      workers: options.workers,
      env,
      // One worker without the simulated printer: orders it moves to printing wait a moment for a claim,
      // which gives the external printer its share.
      workerEnv: (i): Record<string, string> => (i === 0 ? { SIMULATED_PRINTER: 'false' } : {}),
      firstAlone: embedded !== undefined,
      exitLog: options.exitLog,
    });
    mark('cluster ready');
    log(`cluster ready: ${cluster.processes.map((p) => `${p.name}:${p.port}`).join(' ')}`);
    db = createDb(embedded ? await embeddedUrl(embedded) : (options.database as { url: string }).url, 4).db;
    const org = await createOrganization(db, 'Scale test');
    const printer = await createPrinter(db, 'External test printer');
    const keys: LoadKeys = {
      testApiKey: org.testApiKey,
      liveApiKey: org.liveApiKey,
      printerKey: printer.key,
      feedToken,
    };
    const ledger = newLedger();
    const client = new Client({
      urls: cluster.apiUrls,
      retry: options.crash !== undefined,
      problems: ledger.problems,
    });

    const hooks: WebhookUnderTest[] = [];
    for (const spec of HOOKS) {
      const received = new Map<string, number>();
      const receiver = await startReceiver((request) => {
        const id = eventIdOf(spec.format, request);
        if (random() < spec.failRate) return { status: 500, body: 'flaky' };
        if (id) received.set(id, (received.get(id) ?? 0) + 1);
        return { status: 200, delayMs: spec.delayMs };
      });
      receivers.push(receiver);
      const created = await client.send('POST', '/print-mail/v1/webhooks', {
        headers: { 'x-api-key': spec.live ? keys.liveApiKey : keys.testApiKey },
        json: {
          url: `${receiver.url}/${spec.format}`,
          enabledEvents: spec.events,
          payloadFormat: spec.format,
        },
      });
      if (created?.status !== 200) throw new Error(`webhook create failed: ${JSON.stringify(created)}`);
      hooks.push({ id: created.body.id, live: spec.live, enabledEvents: spec.events, received });
    }

    const mailed: MailedPieces = new Map();
    const printerLoop = runExternalPrinter(client, keys, CLAIM_TTL_MS, ledger, mailed, random);
    const scanLoop = runScanFeed(client, keys, ledger, mailed, random);
    const violations: string[] = [];
    let report: InvariantReport | undefined;
    // Each round: load (with the monkey, in crash runs), recovery, quiescence, then the invariants over
    // everything so far. A soak stops at the first round that breaks one.
    for (let round = 1; ; round++) {
      const more =
        options.durationMs !== undefined ? Date.now() - began < options.durationMs : round <= options.rounds;
      if (!more || violations.length > 0) break;
      if (options.crash) {
        cluster.supervise(true);
        chaos = startChaos(cluster, {
          everyMs: options.crash.everyMs,
          targets: options.crash.targets,
          embeddedDataDir: embedded,
          random,
          log,
        });
      }
      await runCreates(client, keys, options.plan, ledger, random);
      mark(`round ${round} load done`);
      if (chaos) {
        chaosLog.push(...(await chaos.stop()));
        chaos = undefined;
        // Whatever the monkey left down comes back, and every process answers /readyz (so PostgreSQL is up).
        for (const p of cluster.processes) cluster.restart(p);
        await Promise.all(cluster.processes.map((p) => cluster!.waitReady(p, 120_000)));
        mark(`round ${round} recovered`);
      }
      const waiting = await quiescence(db, org.organizationId, hooks, mailed, options.settleTimeoutMs);
      mark(`round ${round} quiescent`);
      if (waiting.length > 0) {
        violations.push(`not quiescent within ${options.settleTimeoutMs} ms: ${waiting.join('; ')}`);
      }
      // The ledger and the database are compared with nothing in flight between them.
      await Promise.all([printerLoop.pause(), scanLoop.pause()]);
      report = await checkInvariants(db, { organizationId: org.organizationId, ledger, webhooks: hooks });
      printerLoop.resume();
      scanLoop.resume();
      violations.push(...report.violations);
      for (const problem of ledger.problems.slice(0, 20)) violations.push(`unexpected answer: ${problem}`);
      if (ledger.problems.length > 20)
        violations.push(`unexpected answers: ${ledger.problems.length} in all`);
      log(
        `round ${round}: ${ledger.creates.length} creates, ${report.stats.events} events, ${chaosLog.length} kills, ` +
          `${violations.length} violations`,
      );
    }
    await printerLoop.stop();
    await scanLoop.stop();

    const exits = await cluster.stop();
    mark('stopped');
    // Under every fault, no process ends on its own: a running one waits outages of PostgreSQL or of other
    // processes out, and one starting while the database is down waits for it (or starts it again). Only a
    // start that the database's going away interrupted may fail — saying so, for a supervisor to start it
    // again; never by dying of an uncaught error.
    for (const exit of cluster.unexpectedExits) {
      if (options.crash && !exit.afterStart && exit.reportedFailedStart) continue;
      const what = exit.afterStart ? 'crashed' : 'failed to start';
      violations.push(`${exit.name} ${what} (exit code ${exit.code}, signal ${exit.signal}):\n${exit.tail}`);
    }
    // After any faults, a graceful stop is still clean.
    for (const [name, code] of Object.entries(exits)) {
      if (code !== 0) violations.push(`${name} stopped with exit code ${code}`);
    }
    if (!options.crash) {
      // Without faults, nothing logs an error.
      for (const line of cluster.errorLines().slice(0, 10)) violations.push(`error logged: ${line}`);
    }
    return {
      seed,
      violations,
      stats: {
        ...report?.stats,
        requests: client.requests,
        retried: client.retried,
        processStarts: Object.fromEntries(cluster.processes.map((p) => [p.name, p.starts])),
        unexpectedExits: cluster.unexpectedExits.map(
          (e) =>
            `${e.name} ${e.afterStart ? 'crashed' : 'failed to start'} (code ${e.code}): ` +
            e.tail.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 300),
        ),
        errorLines: cluster.errorKinds(),
      },
      chaos: chaosLog,
      timings,
    };
  } finally {
    if (chaos) await chaos.stop();
    if (cluster) await cluster.stop(10_000);
    await db?.destroy();
    for (const r of receivers) await r.close();
    if (embedded) {
      // A postmaster orphaned by a killed owner and never adopted again is stopped here, by its pid.
      const pid = await postmasterPid(embedded);
      if (pid !== null) {
        process.kill(pid, 'SIGINT');
        for (let i = 0; i < 100 && (await postmasterPid(embedded)) !== null; i++) await sleep(100);
      }
      await rm(embedded, { recursive: true, force: true });
    }
  }
}

/**
 * Waits (bounded) until nothing is left that would move on its own, every delivery is made, and no event
 * has been written for a second; returns what was still moving at the deadline (empty: quiescent).
 */
async function quiescence(
  db: Db,
  organizationId: string,
  hooks: WebhookUnderTest[],
  mailed: MailedPieces,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let lastEvents = -1;
  for (;;) {
    let waiting: string[];
    try {
      const state = await movingParts(db, organizationId, hooks);
      if (mailed.size > 0) state.push(`${mailed.size} mailed pieces awaiting the feed's scans`);
      waiting = state.filter((s) => !s.startsWith('events '));
      const events = Number(state.find((s) => s.startsWith('events '))?.slice(7));
      if (waiting.length === 0 && events === lastEvents) return [];
      lastEvents = events;
    } catch (error) {
      waiting = [`database not answering: ${(error as Error).message}`];
    }
    if (Date.now() > deadline) return waiting.length > 0 ? waiting : ['events still being written'];
    await sleep(1000);
  }
}

/** What would still move on its own, plus the event count (`events N`) to see that nothing does. */
async function movingParts(db: Db, organizationId: string, hooks: WebhookUnderTest[]): Promise<string[]> {
  const { rows } = await sql<Record<string, number>>`
    select
      -- A test order waits in ready until the midnight after its sendDate in every profile (only
      -- progressions move it sooner): at rest until then, like a test order left printing.
      (select count(*)::int from orders where organization_id = ${organizationId} and status = 'ready'
        and (live or print_at <= now())) as ready,
      (select count(*)::int from orders where organization_id = ${organizationId} and status = 'printing' and live)
        as printing,
      (select count(*)::int from orders where organization_id = ${organizationId}
        and status = 'processed_for_delivery' and complete_at is not null) as completing,
      (select count(*)::int from orders where organization_id = ${organizationId} and tracking_story is not null
        and not (tracking_story ? 'scheduledAt') and imb is not null) as "stories to start",
      (select count(*)::int from simulated_usps_scans) as "simulated scans to feed",
      (select count(*)::int from webhook_deliveries where status = 'pending') as "deliveries pending",
      (select count(*)::int from events where organization_id = ${organizationId}) as events`.execute(db);
  const row = rows[0]!;
  const parts = Object.entries(row)
    .filter(([name, n]) => name !== 'events' && n > 0)
    .map(([name, n]) => `${n} ${name}`);
  const { rows: expected } = await sql<{ live: boolean; type: string; n: number }>`
    select live, type, count(*)::int as n from events where organization_id = ${organizationId}
    group by live, type`.execute(db);
  for (const hook of hooks) {
    const want = expected
      .filter((e) => e.live === hook.live && hook.enabledEvents.includes(e.type))
      .reduce((a, e) => a + e.n, 0);
    if (hook.received.size < want) parts.push(`${want - hook.received.size} events yet to reach ${hook.id}`);
  }
  parts.push(`events ${row.events}`);
  return parts;
}
