// Issue 18's crash test, at 3,000 rows rather than 20,000 (a shared 2-core machine): a campaign sending
// while its worker process is killed with SIGKILL twice, mid-chunk, and started again. Afterwards each
// valid row has exactly one order (never two, never none), each invalid row is reported, the counts add
// up, and every order's letter.created event reached a webhook receiver.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runCampaignWork } from '../../src/campaigns/work.ts';
import { validatePendingImports } from '../../src/imports/validate.ts';
import { runPendingListJobs } from '../../src/mailing-lists/jobs.ts';
import { senderAddress, startTestApp, type TestApp } from '../support/app.ts';
import { createImport, customersCsv } from '../support/bulk.ts';
import { eventually } from '../support/eventually.ts';
import { type Spawned, spawnCli } from '../support/process.ts';
import { type Receiver, startReceiver } from '../support/receiver.ts';
import { webhookTestEnv } from '../webhooks/support.ts';

const ROWS = 3000;
const INVALID = [17, 1500, 2999];

let t: TestApp;
let receiver: Receiver;
const workers: Spawned[] = [];
before(async () => {
  t = await startTestApp(webhookTestEnv);
  receiver = await startReceiver();
});
after(async () => {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  await receiver.close();
  await t.close();
});

function startWorkerProcess(): Spawned {
  const worker = spawnCli(['start', '--role', 'worker'], {
    ...webhookTestEnv,
    DATABASE_URL: t.database.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_POOL_SIZE: '5',
  });
  workers.push(worker);
  return worker;
}

async function createdCount(id: string): Promise<number> {
  const { rows } = await t.database.pool.query('select created_count from campaigns where id = $1', [id]);
  return rows[0].created_count;
}

test('kill -9 of the worker mid-campaign, then a restart: exactly one order per valid row', {
  timeout: 600_000,
}, async () => {
  const hook = await t.api('/webhooks', {
    method: 'POST',
    json: { url: `${receiver.url}/hooks`, enabledEvents: ['letter.created'], payloadFormat: 'json' },
  });
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  // Import, list and draft run in this process (their own crash behaviour is the same claim-and-commit).
  const csv = customersCsv(ROWS, (n) =>
    INVALID.includes(n) ? `Bad,${n},,New York,NY,10001,US,gold` : undefined,
  );
  const imp = await createImport(t, csv);
  await validatePendingImports(t.database.db);
  const list = await t.api('/mailing_lists', { method: 'POST', json: {} });
  await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { addMailingListImports: [imp.body.id] },
  });
  await runPendingListJobs(t.database.db);
  const profile = await t.api('/order_profiles/letters', {
    method: 'POST',
    json: { size: 'us_letter', html: '<p>Dear {{to.firstName}}, {{plan}}</p>' },
  });
  const from = await t.api('/contacts', { method: 'POST', json: senderAddress() });
  const campaign = await t.api('/campaigns', {
    method: 'POST',
    json: { mailingList: list.body.id, letterProfile: profile.body.id, defaultSenderContact: from.body.id },
  });
  await runCampaignWork(t.database.db);
  const sent = await t.api(`/campaigns/${campaign.body.id}/send`, { method: 'POST', json: {} });
  assert.equal(sent.body.status, 'creating_orders', JSON.stringify(sent.body));
  const valid = ROWS - INVALID.length;
  assert.equal(sent.body.rowCount, valid);

  // Two kills, each once some chunks have committed and more remain.
  let kills = 0;
  for (const threshold of [500, 1500]) {
    const worker = startWorkerProcess();
    await eventually(
      async () => (await createdCount(campaign.body.id)) >= threshold,
      240_000,
      `${threshold} orders`,
    );
    const at = await createdCount(campaign.body.id);
    if (at < valid) {
      worker.child.kill('SIGKILL');
      await worker.exited;
      kills++;
    }
  }
  assert.ok(kills >= 1, 'a worker was killed before the campaign was done');
  startWorkerProcess();
  const ready = await eventually(
    async () => {
      const r = await t.api(`/campaigns/${campaign.body.id}`);
      return r.body.status === 'ready' ? r.body : null;
    },
    300_000,
    'the campaign to be ready after the restart',
  );
  assert.equal(ready.createdCount, valid);
  assert.equal(ready.failedCount, 0);

  const { rows } = await t.database.pool.query(
    `select count(*)::int as orders, count(distinct details->>'campaignRow')::int as rows
     from orders where details->>'campaign' = $1`,
    [campaign.body.id],
  );
  assert.deepEqual(rows[0], { orders: valid, rows: valid }, 'one order per valid row, never two, never none');
  const { rows: outcome } = await t.database.pool.query(
    'select count(order_id)::int as created, count(error)::int as failed from campaign_orders where campaign_id = $1',
    [campaign.body.id],
  );
  assert.deepEqual(outcome[0], { created: valid, failed: 0 });
  const failedRows = await t.api(`/mailing_list_imports/${imp.body.id}/rows?status=failed`);
  assert.deepEqual(
    failedRows.body.data.map((r: { rowNumber: number }) => r.rowNumber),
    INVALID,
    'each invalid row is reported',
  );

  // Every order's letter.created event is stored and queued for the webhook in the order's own statement
  // (the webhooks' fan-out trigger), so none can be lost to a kill; sending them is the delivery worker's.
  const { rows: queued } = await t.database.pool.query(
    `select count(distinct e.order_id)::int as events, count(distinct d.event_id)::int as queued
     from orders o join events e on e.order_id = o.id and e.type = 'letter.created'
     left join webhook_deliveries d on d.event_id = e.id
     where o.details->>'campaign' = $1`,
    [campaign.body.id],
  );
  assert.deepEqual(queued[0], { events: valid, queued: valid });
  process.stdout.write(
    `# ${valid} orders, ${kills} kills, ${receiver.requests.length} deliveries received so far\n`,
  );
});
