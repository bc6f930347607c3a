/**
 * Bulk sending (issue 18): a CSV imported, validated and address-verified, beside a bare COPY of the same
 * file into a plain table; a campaign's orders created from the resulting list, beside one set-based
 * INSERT of the same orders; and a CSV taken end to end through the API and a worker process until every
 * order is rendered.
 */
import { createReadStream, openAsBlob } from 'node:fs';
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { ApiAuth } from '../src/auth/api-keys.ts';
import { createCampaign, sendCampaign } from '../src/campaigns/service.ts';
import { runCampaignWork } from '../src/campaigns/work.ts';
import { createContact } from '../src/contacts/service.ts';
import { createDb, type Db } from '../src/db/database.ts';
import { createImport } from '../src/imports/service.ts';
import { validatePendingImports } from '../src/imports/validate.ts';
import { runPendingListJobs } from '../src/mailing-lists/jobs.ts';
import { createList, requestJob } from '../src/mailing-lists/service.ts';
import { profileKindOf } from '../src/order-profiles/kinds.ts';
import { createProfile } from '../src/order-profiles/service.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { senderAddress } from '../test/support/addresses.ts';
import { freePort, type Spawned, spawnCli, waitForHttp } from '../test/support/process.ts';
import { type BenchContext, type BenchResult, type BenchRow, besideFloor } from './context.ts';
import { cpuPerOperation } from './cpu-time.ts';

const GROUP = 'Bulk sending (issue 18)';

const HEADER = ['First Name', 'Last Name', 'Address', 'City', 'State', 'ZIP', 'Country', 'Plan'];
const MAPPING = {
  firstName: 'First Name',
  lastName: 'Last Name',
  addressLine1: 'Address',
  city: 'City',
  provinceOrState: 'State',
  postalOrZip: 'ZIP',
  countryCode: 'Country',
};
const PLACES = [
  ['New York', 'NY', '10001'],
  ['Chicago', 'IL', '60614'],
  ['Washington', 'DC', '20500'],
  // As a spreadsheet leaves it: the import restores the leading zero.
  ['Boston', 'MA', '2134'],
] as const;
const STREETS = ['Broadway', 'Main St', 'Oak Ave', 'Elm St', 'Park Ave'];
const PLANS = ['gold', 'silver', 'bronze', 'basic'];
/** One row in a hundred has no address line: a failed row, reported. */
const INVALID_EVERY = 100;
/**
 * The letter of the campaign: its content depends on the plan (4 values), not on the recipient, whose
 * address is stamped onto the rendered PDF; so the render cache renders 4 contents for any number of rows.
 */
const LETTER_HTML =
  '<h1>Your plan</h1><p>Dear customer, your {{plan}} plan renews next month. Nothing needs doing.</p>';

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A customers CSV of `rows` rows (CRLF, some quoted fields), written to a file the database can read. */
async function writeCustomers(dir: string, rows: number): Promise<string> {
  // The database server (another user) reads it for the COPY floor.
  await chmod(dir, 0o755);
  const file = path.join(dir, `customers-${rows}.csv`);
  const lines = [HEADER.join(',')];
  for (let n = 1; n <= rows; n++) {
    const [city, state, zip] = PLACES[n % PLACES.length]!;
    const street = n % INVALID_EVERY === 0 ? '' : `${n} ${STREETS[n % STREETS.length]}`;
    lines.push(
      [`Customer ${n % 997}`, `O'Neil, ${n}`, street, city, state, zip, 'US', PLANS[n % PLANS.length]!]
        .map(quote)
        .join(','),
    );
  }
  await writeFile(file, `${lines.join('\r\n')}\r\n`, { mode: 0o644 });
  return file;
}

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}

/**
 * The import floor: the same file read by the server itself with COPY into a plain table of text columns
 * (no key, no index, no parse into contacts, no verification, no per-row status), timed, then emptied.
 */
async function copyFloor(db: Db, file: string): Promise<number> {
  await sql`create table if not exists bench_copy_floor (${sql.raw(HEADER.map((h) => `"${h}" text`).join(', '))})`.execute(
    db,
  );
  const { seconds } = await timed(() =>
    sql`copy bench_copy_floor from ${sql.lit(file)} with (format csv, header true)`.execute(db),
  );
  await sql`truncate bench_copy_floor`.execute(db);
  return seconds;
}

/**
 * The campaign floor: the orders the campaign created, INSERTed again in one statement into a plain copy
 * of the orders table (no key, no index, no contacts, no events, no counters), timed, then emptied.
 */
async function insertFloor(db: Db, campaignId: string): Promise<number> {
  await sql`create table if not exists bench_insert_floor (like orders)`.execute(db);
  const { seconds } = await timed(() =>
    sql`insert into bench_insert_floor select o.* from campaign_orders c join orders o on o.id = c.order_id
      where c.campaign_id = ${campaignId}`.execute(db),
  );
  await sql`truncate bench_insert_floor`.execute(db);
  return seconds;
}

async function settle(db: Db) {
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db).catch(() => undefined);
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const load = () => (os.loadavg()[0] ?? 0).toFixed(1);

/**
 * In this process, through the services the routes call (no HTTP): an import of `rows` rows created from
 * the file and validated to its end, beside the COPY floor (measured just before and just after; the mean);
 * then a mailing list of it, and a letter campaign of that list sent and run to `ready` by the campaign
 * worker's own loop, beside the INSERT floor of the same orders.
 */
export async function benchBulk(context: BenchContext): Promise<BenchResult> {
  const rows = Number(process.env.BENCH_BULK_ROWS ?? (context.quick ? 5000 : 100_000));
  const url = await context.createDatabase();
  const { db } = createDb(url, 4);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-bulk-'));
  const out: BenchRow[] = [];
  try {
    const org = await createOrganization(db, 'Bench');
    const auth: ApiAuth = { organizationId: org.organizationId, live: false, keyId: 'bench' };
    const file = await writeCustomers(dir, rows);
    const bytes = (await stat(file)).size;
    context.log(`bulk: ${n(rows)} rows, ${(bytes / 2 ** 20).toFixed(1)} MB, load ${load()}`);
    await settle(db);

    // Import: upload (parse + store the records) and validation (mapping, ZIP repair, verification).
    const floorBefore = await copyFloor(db, file);
    const importCpu = cpuPerOperation('this process (the service)');
    const loadBefore = load();
    const upload = await timed(() =>
      createImport(db, auth, createReadStream(file), async () => ({
        fileType: 'csv',
        receiverAddressMapping: MAPPING,
        receiverMergeVariableMapping: { plan: 'Plan' },
      })),
    );
    const validation = await timed(() => validatePendingImports(db));
    const importCpuNote = importCpu.stop(rows);
    const loadAfter = load();
    const floorAfter = await copyFloor(db, file);
    const imported = (
      await sql<{ status: string; valid: number; invalid: number; restored: number }>`
        select status, valid_row_count as valid, invalid_row_count as invalid,
               (select count(*)::int from mailing_list_import_rows r where r.import_id = i.id
                  and r.corrections is not null) as restored
        from mailing_list_imports i where id = ${upload.result.id}`.execute(db)
    ).rows[0]!;
    if (imported.status !== 'completed') throw new Error(`the import ended ${imported.status}`);
    const importSeconds = upload.seconds + validation.seconds;
    const importRate = rows / importSeconds;
    const copyRate = rows / ((floorBefore + floorAfter) / 2);
    context.log(
      `bulk: import ${importSeconds.toFixed(1)} s (upload ${upload.seconds.toFixed(1)} s, validation ` +
        `${validation.seconds.toFixed(1)} s), COPY ${floorBefore.toFixed(2)} / ${floorAfter.toFixed(2)} s`,
    );
    out.push({
      group: GROUP,
      name: `import rows per second, ${n(rows)}-row CSV (${(bytes / 2 ** 20).toFixed(1)} MB), upload to completed`,
      value: importRate,
      unit: 'rows/s',
      ...besideFloor(importRate, copyRate, 0.3),
      note:
        `upload (csv-parse, rows stored 2,000 a statement) ${upload.seconds.toFixed(1)} s + validation (mapping, ` +
        `ZIP repair, offline verification, 2,000 a transaction) ${validation.seconds.toFixed(1)} s; ` +
        `${n(imported.valid)} valid, ${n(imported.invalid)} failed, ${n(imported.restored)} ZIPs restored; ` +
        `in process, no HTTP. Floor: COPY of the same file by the server into a plain table of 8 text columns, ` +
        `just before and just after (${floorBefore.toFixed(2)} s, ${floorAfter.toFixed(2)} s). ` +
        `CPU per row: ${importCpuNote}. Load ${loadBefore} / ${loadAfter}`,
    });

    // The mailing list of the import: one set-based INSERT … SELECT with the duplicates dropped.
    const list = await createList(db, auth, {});
    await requestJob(db, auth, list.id, { addMailingListImports: [upload.result.id] });
    const listJob = await timed(() => runPendingListJobs(db));
    const { rows: members } = await sql<{ n: number }>`
      select member_count as n from mailing_lists where id = ${list.id}`.execute(db);
    out.push({
      group: GROUP,
      name: `mailing list job: add the ${n(rows)}-row import`,
      value: listJob.seconds,
      unit: 's',
      note: `${n(members[0]!.n)} members (duplicates within the list dropped), one transaction`,
    });

    // The campaign: drafted (its first row through the real create path), then sent and run to ready.
    const kind = profileKindOf('letter');
    const profile = await createProfile(db, auth, kind, { size: 'us_letter', html: LETTER_HTML });
    const sender = (await createContact(db, auth, senderAddress())).id as string;
    const campaign = await db.transaction().execute((tx) =>
      createCampaign(tx, auth, {
        mailingList: list.id,
        letterProfile: profile.id,
        defaultSenderContact: sender,
      }),
    );
    await runCampaignWork(db);
    await settle(db);
    const campaignCpu = cpuPerOperation('this process (the service)');
    const loadBeforeCampaign = load();
    const sending = await timed(async () => {
      await db.transaction().execute((tx) => sendCampaign(tx, auth, campaign.id, {}));
      await runCampaignWork(db);
    });
    const { rows: done } = await sql<{ status: string; created: number; failed: number; chunks: number }>`
      select status, created_count as created, failed_count as failed,
             (select count(*)::int from campaign_chunks where campaign_id = ${campaign.id}) as chunks
      from campaigns where id = ${campaign.id}`.execute(db);
    const sent = done[0]!;
    if (sent.status !== 'ready') throw new Error(`the campaign ended ${sent.status}`);
    const campaignCpuNote = campaignCpu.stop(sent.created);
    const loadAfterCampaign = load();
    const insert1 = await insertFloor(db, campaign.id);
    const insert2 = await insertFloor(db, campaign.id);
    const createRate = sent.created / sending.seconds;
    const insertRate = sent.created / ((insert1 + insert2) / 2);
    context.log(
      `bulk: campaign ${sent.created} orders in ${sending.seconds.toFixed(1)} s, INSERT ${insert1.toFixed(2)} / ${insert2.toFixed(2)} s`,
    );
    out.push({
      group: GROUP,
      name: `campaign orders created per second, ${n(sent.created)} letters (send to ready)`,
      value: createRate,
      unit: 'orders/s',
      ...besideFloor(createRate, insertRate, 0.3),
      note:
        `${sent.chunks} chunks of 500, each one transaction: the rows checked as a create is, orders inserted ` +
        `with their contacts and letter.created events in one statement, the campaign's counts and ` +
        `campaign.updated event; one worker loop in process (runCampaignWork), ${n(sent.failed)} rows failed. ` +
        `Floor: the same orders INSERTed … SELECTed in one statement into a plain copy of the orders table ` +
        `(no index, contacts or events), twice (${insert1.toFixed(2)} s, ${insert2.toFixed(2)} s). ` +
        `CPU per order: ${campaignCpuNote}. Load ${loadBeforeCampaign} / ${loadAfterCampaign}`,
    });
  } finally {
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
  return { rows: out, points: [] };
}

interface Api {
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read field by field as the SDK would
  call(route: string, init?: { method?: string; json?: unknown; body?: FormData }): Promise<any>;
}

function apiClient(base: string, key: string): Api {
  return {
    async call(route, init = {}) {
      const response = await fetch(`${base}/print-mail/v1${route}`, {
        method: init.method ?? 'GET',
        headers: {
          'x-api-key': key,
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
      });
      const body = await response.json();
      if (response.status !== 200) throw new Error(`${route}: ${response.status} ${JSON.stringify(body)}`);
      return body;
    },
  };
}

async function until<T>(what: string, check: () => Promise<T | null>, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + 4 * 3600_000;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * End to end through an API process and a worker process, as a customer would: the CSV uploaded (multipart),
 * validated, made a mailing list, a letter campaign drafted, sent, its orders created and every one
 * rendered (Chromium once per distinct content; each order's addresses stamped on a copy, its thumbnails
 * drawn and stored). The clock starts at the upload and each step's end is when the API first shows it.
 */
export async function benchBulkEndToEnd(context: BenchContext): Promise<BenchResult> {
  const rows = Number(process.env.BENCH_BULK_E2E_ROWS ?? (context.quick ? 2000 : 100_000));
  const url = await context.createDatabase();
  const { db } = createDb(url, 2);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-bulk-'));
  const processes: Spawned[] = [];
  try {
    const org = await createOrganization(db, 'Bench');
    const file = await writeCustomers(dir, rows);
    const port = await freePort();
    const env = { DATABASE_URL: url, HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
    processes.push(
      spawnCli(['start', '--role', 'api'], { ...env, PORT: String(port), DATABASE_POOL_SIZE: '8' }),
    );
    processes.push(spawnCli(['start', '--role', 'worker'], { ...env, PORT: '0', DATABASE_POOL_SIZE: '8' }));
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
    const api = apiClient(`http://127.0.0.1:${port}`, org.testApiKey);
    const profile = await api.call('/order_profiles/letters', {
      method: 'POST',
      json: { size: 'us_letter', html: LETTER_HTML },
    });
    const sender = await api.call('/contacts', { method: 'POST', json: senderAddress() });
    const loadBefore = load();
    const started = performance.now();
    const at = () => (performance.now() - started) / 1000;
    const steps: [string, number][] = [];
    const reached = (step: string) => {
      steps.push([step, at()]);
      context.log(`bulk e2e: ${step} at ${at().toFixed(1)} s, load ${load()}`);
    };

    const form = new FormData();
    form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'customers.csv');
    form.append('fileType', 'csv');
    form.append('receiverAddressMapping', JSON.stringify(MAPPING));
    form.append('receiverMergeVariableMapping', JSON.stringify({ plan: 'Plan' }));
    const imp = await api.call('/mailing_list_imports', { method: 'POST', body: form });
    reached('uploaded');
    const validated = await until('the import', async () => {
      const r = await api.call(`/mailing_list_imports/${imp.id}`);
      return r.status === 'validating' ? null : r;
    });
    reached('validated');
    const list = await api.call('/mailing_lists', { method: 'POST', json: {} });
    await api.call(`/mailing_lists/${list.id}/jobs`, {
      method: 'POST',
      json: { addMailingListImports: [imp.id] },
    });
    await until('the list', async () =>
      (await api.call(`/mailing_lists/${list.id}`)).status === 'completed' ? true : null,
    );
    reached('listed');
    const campaign = await api.call('/campaigns', {
      method: 'POST',
      json: { mailingList: list.id, letterProfile: profile.id, defaultSenderContact: sender.id },
    });
    const drafted = await until('the draft', async () => {
      const r = await api.call(`/campaigns/${campaign.id}`);
      return r.status === 'drafting' ? null : r;
    });
    if (drafted.status !== 'draft') throw new Error(`the campaign drafted ${JSON.stringify(drafted.errors)}`);
    reached('drafted');
    await api.call(`/campaigns/${campaign.id}/send`, { method: 'POST', json: {} });
    const ready = await until('the orders', async () => {
      const r = await api.call(`/campaigns/${campaign.id}`);
      return r.status === 'ready' ? r : null;
    });
    reached('created');
    const renderState = async () =>
      (
        await sql<{ rendering: number; rendered: number; failed: number }>`
          select count(*) filter (where o.render_status = 'rendering')::int as rendering,
                 count(*) filter (where o.render_status = 'rendered')::int as rendered,
                 count(*) filter (where o.render_status = 'failed')::int as failed
          from campaign_orders c join orders o on o.id = c.order_id where c.campaign_id = ${campaign.id}`.execute(
          db,
        )
      ).rows[0]!;
    const renderedAtCreated = await renderState();
    // A worker that dies leaves the renders waiting for ever: fail with what it said instead.
    const worker = processes[1]!;
    const final = await until(
      'the renders',
      async () => {
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
          const ended = worker.child.exitCode ?? worker.child.signalCode;
          throw new Error(`the worker process ended (${ended}): ${worker.stderr().slice(-2000)}`);
        }
        const s = await renderState();
        return s.rendering === 0 ? s : null;
      },
      2000,
    );
    reached('rendered');
    const total = at();
    const loadAfter = load();
    const { rows: attempts } = await sql<{ fresh: number; reused: number }>`
      select count(*) filter (where not a.reused)::int as fresh, count(*) filter (where a.reused)::int as reused
      from render_attempts a join campaign_orders c on c.order_id = a.order_id
      where c.campaign_id = ${campaign.id} and a.outcome = 'rendered'`.execute(db);
    const floors = { copy: await copyFloor(db, file), insert: await insertFloor(db, campaign.id) };
    const floor = floors.copy + floors.insert;
    const step = (name: string) => steps.find(([s]) => s === name)![1];
    const renderSeconds = step('rendered') - step('created');
    context.log(`bulk e2e: ${steps.map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ')}`);
    const out: BenchRow[] = [
      {
        group: GROUP,
        name: `end to end, ${n(rows)}-row CSV to every order rendered (API + worker process)`,
        value: total,
        unit: 's',
        floor,
        ratio: total / floor,
        note:
          `${steps.map(([s, t]) => `${s} at ${t.toFixed(1)} s`).join(', ')}; ${n(validated.validRowCount)} ` +
          `valid rows, ${n(ready.createdCount)} letters, ${n(final.rendered)} rendered, ${n(final.failed)} render ` +
          `failures; Chromium renders ${n(attempts[0]!.fresh)}, reused from the render cache ` +
          `${n(attempts[0]!.reused)} (4 distinct contents). Floor: the COPY of the file (${floors.copy.toFixed(2)} s) ` +
          `plus the INSERT of the orders (${floors.insert.toFixed(2)} s); ratio = time ÷ floor. ` +
          `${n(renderedAtCreated.rendered)} orders were already rendered when the last was created. ` +
          `Load ${loadBefore} / ${loadAfter}`,
      },
      {
        group: GROUP,
        name: `end to end, ${n(rows)} rows: orders rendered per second after the last was created`,
        value: (ready.createdCount - renderedAtCreated.rendered) / renderSeconds,
        unit: 'orders/s',
        note:
          'one worker process (RENDER_QUEUE_CONCURRENCY 4, 2 thumbnail threads): per order a cached PDF ' +
          'stamped with its addresses, 3 thumbnails drawn, 4 documents stored, the render event',
      },
    ];
    return { rows: out, points: [] };
  } finally {
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
