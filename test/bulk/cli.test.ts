// `mailstream campaign send` (issue 18 item 5): a CSV to a sent campaign in one command, through the API.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp } from '../support/app.ts';
import { customerMapping, customersCsv } from '../support/bulk.ts';
import { runCli } from '../support/process.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await startTestApp({}, { worker: true });
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-campaign-'));
});
after(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

test('campaign send imports the file, sends it and prints the totals; progress goes to stderr', async () => {
  const profile = await t.api('/order_profiles/letters', {
    method: 'POST',
    json: { size: 'us_letter', html: '<p>{{plan}}</p>' },
  });
  const sender = await t.api('/contacts', { method: 'POST', json: senderAddress() });
  const file = path.join(dir, 'customers.csv');
  await writeFile(
    file,
    customersCsv(30, (n) => (n === 5 ? 'No,Address,,New York,NY,10001,US,gold' : undefined)),
  );
  const mapping = path.join(dir, 'mapping.json');
  await writeFile(
    mapping,
    JSON.stringify({
      receiverAddressMapping: customerMapping,
      receiverMergeVariableMapping: { plan: 'Plan' },
    }),
  );
  const run = await runCli(
    [
      'campaign',
      'send',
      '--profile',
      profile.body.id,
      '--file',
      file,
      '--mapping',
      mapping,
      '--sender',
      sender.body.id,
    ],
    { MAILSTREAM_URL: t.baseUrl, MAILSTREAM_API_KEY: t.org.testApiKey },
  );
  assert.equal(run.code, 0, run.stderr);
  const totals = JSON.parse(run.stdout);
  assert.equal(totals.status, 'ready');
  assert.equal(totals.rowsValid, 29);
  assert.equal(totals.rowsFailed, 1);
  assert.equal(totals.ordersCreated, 29);
  assert.match(run.stderr, /orders created \[#+\] 100% 29\/29/);
  const orders = await t.api(`/campaigns/${totals.campaign}/orders`);
  assert.equal(orders.body.totalCount, 29);
});

test('campaign send without an API key or with an unknown profile says so and exits non-zero', async () => {
  const file = path.join(dir, 'one.csv');
  await writeFile(file, customersCsv(1));
  const mapping = path.join(dir, 'm.json');
  await writeFile(mapping, JSON.stringify(customerMapping));
  const noKey = await runCli(
    ['campaign', 'send', '--profile', 'letter_profile_x', '--file', file, '--mapping', mapping],
    {
      MAILSTREAM_URL: t.baseUrl,
    },
  );
  assert.notEqual(noKey.code, 0);
  assert.match(noKey.stderr, /API key is required/);
  const unknown = await runCli(
    ['campaign', 'send', '--profile', 'letter_profile_nope', '--file', file, '--mapping', mapping],
    { MAILSTREAM_URL: t.baseUrl, MAILSTREAM_API_KEY: t.org.testApiKey },
  );
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /profile letter_profile_nope was not found/);
});
