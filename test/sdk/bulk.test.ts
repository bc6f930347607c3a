// PostGrid's official SDK, unchanged, for bulk sending (issue 18): order profiles, mailing-list imports,
// mailing lists and campaigns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp } from '../support/app.ts';
import { customerMapping, customersCsv } from '../support/bulk.ts';
import { eventually } from '../support/eventually.ts';
import { postgridSdk } from '../support/postgrid-sdk.ts';

let t: TestApp;
let client: Awaited<ReturnType<typeof postgridSdk>>;
before(async () => {
  t = await startTestApp({}, { worker: true });
  client = await postgridSdk({ baseURL: t.baseUrl, printMailAPIKey: t.org.testApiKey });
});
after(async () => {
  await t.close();
});

test('order profiles: create, retrieve, update, list and delete each kind through the SDK', async () => {
  const profiles = client.printMail.orderProfiles;
  const letter = await profiles.letters.create({
    size: 'us_letter',
    color: true,
    description: 'Monthly Newsletter Profile',
    mailingClass: 'first_class',
    mergeVariables: { salutation: 'Valued Customer' },
    metadata: { campaign: 'Q1 Newsletter' },
    html: '<p>Hello {{to.firstName}}</p>',
  });
  assert.match(letter.id, /^letter_profile_/);
  assert.equal(letter.object, 'letter_profile');
  assert.equal(letter.size, 'us_letter');
  assert.equal(letter.live, false);

  const updated = await profiles.letters.update(letter.id, { description: 'Updated Newsletter Profile' });
  assert.equal(updated.description, 'Updated Newsletter Profile');
  assert.equal(updated.color, true, 'fields not given are kept');
  const cleared = await profiles.letters.update(letter.id, { description: null });
  assert.equal(cleared.description, undefined, 'null removes the description');
  assert.equal((await profiles.letters.retrieve(letter.id)).id, letter.id);

  const postcard = await profiles.postcards.create({
    size: '6x4',
    frontHTML: '<p>Front</p>',
    backHTML: '<p>Back</p>',
  });
  assert.equal(postcard.object, 'postcard_profile');
  const selfMailer = await profiles.selfMailers.create({
    size: '8.5x11_bifold',
    insideHTML: '<p>In</p>',
    outsideHTML: '<p>Out</p>',
  });
  assert.equal(selfMailer.object, 'self_mailer_profile');

  const page = await profiles.letters.list({ limit: 10 });
  assert.deepEqual(
    page.data.map((p: { id: string }) => p.id),
    [letter.id],
  );
  const deleted = await profiles.letters.delete(letter.id);
  assert.deepEqual(deleted, { id: letter.id, object: 'letter_profile', deleted: true });
  await assert.rejects(profiles.letters.retrieve(letter.id), { status: 404 });
});

test('order profiles refuse what an order create of the kind refuses, by name, and unknown templates', async () => {
  const profiles = client.printMail.orderProfiles;
  await assert.rejects(profiles.letters.create({ size: 'legal', html: '<p>x</p>' }), (error: any) => {
    assert.equal(error.status, 400);
    assert.match(JSON.stringify(error.error), /size/);
    return true;
  });
  await assert.rejects(profiles.letters.create({ size: 'us_letter', colour: true }), { status: 400 });
  await assert.rejects(
    profiles.letters.create({ size: 'us_letter', template: 'template_missing' }),
    (error: any) => {
      assert.equal(error.status, 400);
      assert.match(JSON.stringify(error.error), /template_missing was not found/);
      return true;
    },
  );
  const list = await profiles.letters.list();
  assert.deepEqual(list.data, [], 'nothing was stored');
});

test('imports, mailing lists and campaigns: the PostGrid chain through the SDK', async () => {
  const pm = client.printMail;
  const created = await pm.mailingListImports.create({
    file: customersCsv(4),
    fileType: 'csv',
    receiverAddressMapping: customerMapping,
    receiverMergeVariableMapping: { plan: 'Plan' },
    description: 'sdk import',
  });
  assert.match(created.id, /^mailing_list_import_/);
  assert.equal(created.status, 'validating');
  const imp = await eventually(
    async () => {
      const r = await pm.mailingListImports.retrieve(created.id);
      return r.status !== 'validating' ? r : null;
    },
    60_000,
    'the import to validate',
  );
  assert.equal(imp.status, 'completed');
  assert.equal(imp.validRowCount, 4);
  assert.deepEqual(imp.receiverStatusCount, { verifiedCount: 4, correctedCount: 0, failedCount: 0 });
  assert.equal(
    (await pm.mailingListImports.update(imp.id, { description: 'renamed' })).description,
    'renamed',
  );
  const imports = await pm.mailingListImports.list();
  assert.ok(imports.data.some((i: { id: string }) => i.id === imp.id));

  const list = await pm.mailingLists.create({ description: 'sdk list' });
  assert.equal(list.status, 'completed');
  const job = await pm.mailingLists.jobs(list.id, { addMailingListImports: [imp.id] });
  assert.equal(job.status, 'creating_contacts');
  await eventually(
    async () => (await pm.mailingLists.retrieve(list.id)).status === 'completed',
    60_000,
    'the list job',
  );
  assert.equal((await pm.mailingLists.update(list.id, { description: 'renamed' })).description, 'renamed');
  assert.ok((await pm.mailingLists.list()).data.some((l: { id: string }) => l.id === list.id));

  const profile = await pm.orderProfiles.letters.create({ size: 'us_letter', html: '<p>{{plan}}</p>' });
  const sender = await pm.contacts.create(senderAddress());
  const campaign = await pm.campaigns.create({
    mailingList: list.id,
    letterProfile: profile.id,
    defaultSenderContact: sender.id,
    description: 'sdk campaign',
  });
  assert.match(campaign.id, /^campaign_/);
  assert.equal(campaign.status, 'drafting');
  await eventually(
    async () => (await pm.campaigns.retrieve(campaign.id)).status === 'draft',
    60_000,
    'the draft',
  );
  const updated = await pm.campaigns.update(campaign.id, { description: 'renamed' });
  assert.equal(updated.description, 'renamed');
  await eventually(
    async () => (await pm.campaigns.retrieve(campaign.id)).status === 'draft',
    60_000,
    'the draft again',
  );
  const sent = await pm.campaigns.send(campaign.id, {});
  assert.equal(sent.status, 'creating_orders');
  const ready = await eventually(
    async () => {
      const r = await pm.campaigns.retrieve(campaign.id);
      return r.status === 'ready' ? r : null;
    },
    60_000,
    'the campaign to be ready',
  );
  assert.equal(ready.createdCount, 4);
  assert.ok((await pm.campaigns.list()).data.some((c: { id: string }) => c.id === campaign.id));

  const other = await pm.campaigns.create({ mailingList: list.id, letterProfile: profile.id });
  assert.deepEqual(await pm.campaigns.delete(other.id), { id: other.id, object: 'campaign', deleted: true });
  assert.deepEqual(await pm.mailingListImports.delete(imp.id), {
    id: imp.id,
    object: 'mailing_list_import',
    deleted: true,
  });
  assert.deepEqual(await pm.mailingLists.delete(list.id), {
    id: list.id,
    object: 'mailing_list',
    deleted: true,
  });
});
