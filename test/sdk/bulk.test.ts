// PostGrid's official SDK, unchanged, for bulk sending (issue 18): order profiles, mailing-list imports,
// mailing lists and campaigns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgridSdk } from '../support/postgrid-sdk.ts';

let t: TestApp;
let client: Awaited<ReturnType<typeof postgridSdk>>;
before(async () => {
  t = await startTestApp();
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
