// Issue 18's crash test, in its judged form: a 20,000-row campaign (some rows invalid) imported, listed,
// drafted and sent through the API of real `mailstream start` processes while a monkey SIGKILLs the API
// process and the worker processes in turn and starts them again. The client retries connection errors
// and 5xx (with the same Idempotency-Key where the route takes one). Afterwards each valid row has
// exactly one order (never two, never none), each invalid row is reported with its reason, the counts add
// up, and every event of every order reached a real webhook receiver (at least once, deduplicated by
// event id).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress } from '../support/app.ts';
import { customerMapping, customersCsv } from '../support/bulk.ts';
import { type Chaos, type ChaosTarget, startChaos } from '../support/chaos.ts';
import { Cluster } from '../support/cluster.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { Client, type Reply, seededRandom } from '../support/load.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';

const ROWS = 20_000;
/** Rows without an address line: invalid in the import, so never members of the list. */
const IMPORT_INVALID = new Set(Array.from({ length: 40 }, (_, i) => 250 + i * 487));
/** Rows without the profile's merge variable: valid contacts, failed rows of the campaign. */
const CAMPAIGN_INVALID = new Set(Array.from({ length: 20 }, (_, i) => 700 + i * 953));

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

interface ReceivedEvent {
  type: string;
  orderId: string | undefined;
  deliveries: number;
}

test('20,000-row campaign while the API and workers are SIGKILLed: one order per valid row, every event delivered', {
  timeout: 600_000,
}, async (t) => {
  const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const random = seededRandom(seed);
  const log = (line: string) => t.diagnostic(line);
  log(`seed ${seed}`);
  const org = await createOrganization(database.db, 'Campaign crash test');
  const received = new Map<string, ReceivedEvent>();
  const receiver: Receiver = await startReceiver((request) => {
    const event = JSON.parse(request.body) as { id: string; type: string; data?: { id?: string } };
    const seen = received.get(event.id);
    if (seen) seen.deliveries++;
    else received.set(event.id, { type: event.type, orderId: event.data?.id, deliveries: 1 });
    return { status: 200 };
  });
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
    WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOKS_TIMEOUT: '5s',
    // A delivery cut off by a kill is retried within seconds, not the production hours.
    WEBHOOKS_RETRY_SCHEDULE: '200ms,500ms,1s,2s,2s,2s,2s,2s,2s,2s',
    WEBHOOKS_RETRY_JITTER: '0.1',
    // A killed worker's renders are taken again after this, not after the default 2 minutes.
    RENDER_LEASE: '5s',
    // Renders (each order stamped on the one shared PDF, thumbnails drawn) go on beside the campaign but
    // are not what is under test: one at a time per worker leaves the 2 cores to the order creation.
    RENDER_QUEUE_CONCURRENCY: '1',
    DATABASE_POOL_SIZE: '8',
    WORKER_CONCURRENCY: '4',
    LOG_LEVEL: 'warn',
  };
  const began = Date.now();
  const stamp = (what: string) => log(`t+${((Date.now() - began) / 1000).toFixed(1)}s ${what}`);
  const cluster = await Cluster.start({ apis: 1, workers: 2, env }).catch(async (error) => {
    await receiver.close();
    throw error;
  });
  let chaos: Chaos | undefined;
  try {
    stamp('cluster ready');
    const problems: string[] = [];
    const client = new Client({ urls: cluster.apiUrls, retry: true, retryForMs: 120_000, problems });
    const key = { 'x-api-key': org.testApiKey };
    /** A request retried through kills; a create with an Idempotency-Key so a retry replays it. */
    const call = async (method: string, path: string, json?: unknown, idempotent = false) => {
      const headers = idempotent ? { ...key, 'idempotency-key': randomUUID() } : key;
      const reply = await client.send(method, `/print-mail/v1${path}`, { json, headers });
      if (reply === null) throw new Error(`${method} ${path}: no answer within the retry window`);
      return reply;
    };
    const ok = (reply: Reply, what: string) => {
      assert.equal(reply.status, 200, `${what}: ${JSON.stringify(reply.body)}`);
      return reply.body;
    };
    /** Polls a resource (each poll retried through kills) until `done` holds. */
    const waitFor = <T>(path: string, done: (body: any) => boolean, what: string, timeoutMs = 240_000) =>
      eventually<T>(
        async () => {
          const reply = await call('GET', path);
          return reply.status === 200 && done(reply.body) ? (reply.body as T) : null;
        },
        timeoutMs,
        what,
        { intervalMs: 500 },
      );

    // A kill every 1.5–4 s, API and workers in turn, each process not again before its restart is up:
    // on a loaded machine a start outlasts the pauses, and a process killed each time before it is up
    // would never serve nor work (the campaign would stall, not for any fault of its own).
    const monkey = {
      everyMs: [1500, 4000] as [number, number],
      targets: ['api', 'worker'] as ChaosTarget[],
      waitReady: ['api', 'worker'] as ChaosTarget[],
      random,
      log,
    };
    // The monkey runs from the first request to the campaign's end: imports, list jobs, drafts and
    // chunks are all resumed by whoever comes next.
    cluster.supervise(true);
    chaos = startChaos(cluster, monkey);

    const hook = ok(
      await call(
        'POST',
        '/webhooks',
        {
          url: `${receiver.url}/hooks`,
          enabledEvents: ['letter.created', 'letter.updated'],
          payloadFormat: 'json',
        },
        true,
      ),
      'webhook',
    );
    const csv = customersCsv(ROWS, (n) =>
      IMPORT_INVALID.has(n)
        ? `Bad,${n},,New York,NY,10001,US,gold`
        : CAMPAIGN_INVALID.has(n)
          ? `Customer,${n},${n} Broadway,New York,NY,10001,US,`
          : undefined,
    );
    const imp = ok(
      await call(
        'POST',
        '/mailing_list_imports',
        {
          file: csv,
          fileType: 'csv',
          receiverAddressMapping: customerMapping,
          receiverMergeVariableMapping: { plan: 'Plan' },
        },
        true,
      ),
      'import',
    );
    const imported = await waitFor<any>(
      `/mailing_list_imports/${imp.id}`,
      (b) => b.status !== 'validating',
      'the import to validate',
    );
    stamp(`import ${imported.status}: ${imported.validRowCount} valid, ${imported.invalidRowCount} invalid`);
    assert.equal(imported.status, 'completed');
    assert.equal(imported.validRowCount, ROWS - IMPORT_INVALID.size);
    assert.equal(imported.invalidRowCount, IMPORT_INVALID.size);

    const list = ok(await call('POST', '/mailing_lists', {}, true), 'list');
    // Keyed: a retried job request whose first attempt committed gets that attempt's answer.
    ok(
      await call('POST', `/mailing_lists/${list.id}/jobs`, { addMailingListImports: [imp.id] }, true),
      'job',
    );
    const listed = await waitFor<any>(
      `/mailing_lists/${list.id}`,
      (b) => b.status === 'completed',
      'the list job',
    );
    assert.equal(listed.contactCount, ROWS - IMPORT_INVALID.size, 'every valid import row is a member');
    stamp(`list completed: ${listed.contactCount} members`);

    const profile = ok(
      await call(
        'POST',
        '/order_profiles/letters',
        // The same HTML for every row ("Customer", the same plan): one render, each order stamped.
        { size: 'us_letter', html: '<p>Dear {{to.firstName}}, your {{plan}} plan.</p>' },
        true,
      ),
      'profile',
    );
    const from = ok(await call('POST', '/contacts', senderAddress(), true), 'sender');
    const campaign = ok(
      await call(
        'POST',
        '/campaigns',
        { mailingList: list.id, letterProfile: profile.id, defaultSenderContact: from.id },
        true,
      ),
      'campaign',
    );
    const drafted = await waitFor<any>(
      `/campaigns/${campaign.id}`,
      (b) => b.status !== 'drafting',
      'the draft',
    );
    assert.equal(drafted.status, 'draft', JSON.stringify(drafted.errors));
    // Retried with its key, a send whose answer a kill cut off answers as the send did.
    const sent = ok(await call('POST', `/campaigns/${campaign.id}/send`, {}, true), 'send');
    assert.equal(sent.status, 'creating_orders');
    stamp('campaign sent');
    const killsBefore = (await chaos.stop()).length;
    chaos = startChaos(cluster, monkey);
    let lastProgress = 0;
    const ready = await waitFor<any>(
      `/campaigns/${campaign.id}`,
      (b) => {
        if (Date.now() - lastProgress > 10_000) {
          lastProgress = Date.now();
          stamp(`campaign ${b.status}: ${b.createdCount} created, ${b.failedCount} failed`);
        }
        return b.status === 'ready';
      },
      'the campaign to be ready',
      300_000,
    );
    const kills = [...(await chaos.stop())];
    chaos = undefined;
    stamp(`campaign ready: ${ready.createdCount} created, ${ready.failedCount} failed`);
    log(`kills before the send: ${killsBefore}; while creating orders: ${kills.join('; ')}`);
    for (const victim of ['kill -9 api-', 'kill -9 worker-']) {
      assert.ok(
        kills.some((line) => line.includes(victim)),
        `${victim}… happened while orders were created`,
      );
    }

    // Exactly one order per valid row: every member but the campaign's failed rows, once each.
    const members = ROWS - IMPORT_INVALID.size;
    const valid = members - CAMPAIGN_INVALID.size;
    const { rows: perRow } = await database.pool.query(
      `select count(*)::int as orders, count(distinct details->>'campaignRow')::int as rows,
         count(*) filter (where n > 1)::int as doubled
       from (select details->>'campaignRow' as row, count(*) over (partition by details->>'campaignRow') as n, details
             from orders where details->>'campaign' = $1) o`,
      [campaign.id],
    );
    assert.deepEqual(perRow[0], { orders: valid, rows: valid, doubled: 0 }, 'one order per valid row');
    const { rows: outcome } = await database.pool.query(
      `select count(*)::int as rows, count(c.order_id)::int as created, count(c.error)::int as failed,
         count(o.id)::int as linked
       from campaign_orders c left join orders o on o.id = c.order_id and o.details->>'campaign' = $1
       where c.campaign_id = $1`,
      [campaign.id],
    );
    assert.deepEqual(outcome[0], {
      rows: members,
      created: valid,
      failed: CAMPAIGN_INVALID.size,
      linked: valid,
    });
    // The counts add up: the campaign's own, the list's and the import's.
    assert.equal(ready.rowCount, members);
    assert.equal(ready.createdCount, valid);
    assert.equal(ready.failedCount, CAMPAIGN_INVALID.size);
    assert.equal(ready.createdCount + ready.failedCount, ready.rowCount);
    assert.equal(imported.validRowCount + imported.invalidRowCount, ROWS);
    // Creates retried through the kills with their Idempotency-Keys made one of each, not one per attempt.
    const { rows: made } = await database.pool.query(
      `select (select count(*)::int from mailing_list_imports where organization_id = $1) as imports,
         (select count(*)::int from mailing_lists where organization_id = $1) as lists,
         (select count(*)::int from campaigns where organization_id = $1) as campaigns,
         (select count(*)::int from webhooks where organization_id = $1) as webhooks`,
      [org.organizationId],
    );
    assert.deepEqual(made[0], { imports: 1, lists: 1, campaigns: 1, webhooks: 1 });

    // Each invalid row is reported with its reason: the import's in its failed rows, the campaign's in its.
    const importFailed = ok(
      await call('GET', `/mailing_list_imports/${imp.id}/rows?status=failed&limit=100`),
      'import failed rows',
    );
    assert.equal(importFailed.totalCount, IMPORT_INVALID.size);
    assert.deepEqual(
      importFailed.data.map((r: { rowNumber: number }) => r.rowNumber),
      [...IMPORT_INVALID].sort((a, b) => a - b),
    );
    for (const row of importFailed.data) {
      assert.ok(row.errors?.length > 0, `import row ${row.rowNumber} has a reason`);
    }
    const campaignFailed = ok(
      await call('GET', `/campaigns/${campaign.id}/rows?status=failed&limit=100`),
      'campaign failed rows',
    );
    assert.equal(campaignFailed.totalCount, CAMPAIGN_INVALID.size);
    assert.deepEqual(
      campaignFailed.data.map((r: { importRow: number }) => r.importRow),
      [...CAMPAIGN_INVALID].sort((a, b) => a - b),
    );
    for (const row of campaignFailed.data) assert.match(row.error, /merge variable "plan" is missing/);
    // And in the CSV reports, fetched through the kills like the rest.
    const importReport = parse(
      (await call('GET', `/mailing_list_imports/${imp.id}/report`)).body as string,
    ) as string[][];
    const importStatus = importReport[0]!.indexOf('status');
    const importFailedRows = importReport
      .slice(1)
      .filter((r) => r[importStatus] === 'failed')
      .map((r) => [Number(r[importStatus - 1]), r[importStatus + 1] !== '']);
    assert.equal(importReport.length - 1, ROWS, 'the import report has every row');
    assert.deepEqual(
      importFailedRows,
      [...IMPORT_INVALID].sort((a, b) => a - b).map((n) => [n, true]),
      'the import report has each invalid row, with its errors',
    );
    const campaignReport = parse((await call('GET', `/campaigns/${campaign.id}/report`)).body as string, {
      columns: true,
    }) as Record<string, string>[];
    assert.equal(campaignReport.length, members, 'the campaign report has every member');
    assert.equal(campaignReport.filter((r) => r.status === 'created' && r.order).length, valid);
    assert.deepEqual(
      campaignReport.filter((r) => r.status === 'failed' && r.error).map((r) => Number(r.importRow)),
      [...CAMPAIGN_INVALID].sort((a, b) => a - b),
      'the campaign report has each failed row, with its reason',
    );

    // Every event of every order so far reaches the receiver (a delivery cut off by a kill is retried, so
    // some arrive twice: deduplicated by event id). Renders go on meanwhile; the events of those that
    // finish later are not awaited.
    const { rows: events } = await database.pool.query<{ id: string; type: string; order_id: string }>(
      `select e.id, e.type, e.order_id from events e join orders o on o.id = e.order_id
       where o.details->>'campaign' = $1 and e.type in ('letter.created', 'letter.updated')`,
      [campaign.id],
    );
    const created = events.filter((e) => e.type === 'letter.created');
    assert.equal(new Set(created.map((e) => e.order_id)).size, valid, 'each order has its letter.created');
    assert.equal(created.length, valid, 'and only one');
    await eventually(
      () => events.every((e) => received.has(e.id)),
      240_000,
      `${events.length} events to reach the receiver`,
      { intervalMs: 500 },
    );
    for (const e of events) {
      const got = received.get(e.id)!;
      assert.equal(got.type, e.type);
      assert.equal(got.orderId, e.order_id);
    }
    stamp(`${events.length} events received`);
    const twice = [...received.values()].filter((r) => r.deliveries > 1).length;
    log(`${received.size} distinct events received, ${twice} more than once; hook ${hook.id}`);
    log(`client: ${client.requests} requests, ${client.retried} retried; problems ${problems.length}`);
    log(
      `process starts ${JSON.stringify(Object.fromEntries(cluster.processes.map((p) => [p.name, p.starts])))}`,
    );
  } catch (error) {
    for (const p of cluster.processes) log(`${p.name} output:\n${(p.output.at(-1) ?? '').slice(-3000)}`);
    throw error;
  } finally {
    if (chaos) await chaos.stop();
    await cluster.stop(10_000);
    await receiver.close();
  }
});
