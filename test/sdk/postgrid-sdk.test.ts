// PostGrid's official SDK, unchanged, against a mailstream server: the switch a PostGrid customer makes
// by setting `baseURL`. Each domain's SDK calls go in a test of its own beside this one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
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

test('contacts and letters: create, retrieve, list and cancel through the SDK', async () => {
  const contact = await client.printMail.contacts.create(usAddress({ firstName: 'Grace' }));
  assert.match(contact.id, /^contact_/);
  assert.equal(contact.firstName, 'Grace');

  const letter = await client.printMail.letters.create({
    to: contact.id,
    from: senderAddress(),
    html: '<p>Hello {{to.firstName}}</p>',
    description: 'sdk letter',
  });
  assert.equal(letter.object, 'letter');
  assert.equal(letter.status, 'ready');
  assert.equal(letter.to.id, contact.id);

  const again = await client.printMail.letters.retrieve(letter.id);
  assert.equal(again.description, 'sdk letter');

  const page = await client.printMail.letters.list({ limit: 10 });
  assert.ok(page.data.some((l: { id: string }) => l.id === letter.id));

  const cancelled = await client.printMail.letters.delete(letter.id);
  assert.equal(cancelled.status, 'cancelled');
});

test('an API error surfaces as the SDK’s typed error with our message', async () => {
  await assert.rejects(
    client.printMail.letters.create({ to: usAddress(), from: senderAddress() }),
    (error: { status: number; constructor: { name: string }; message: string }) => {
      assert.equal(error.status, 400);
      assert.equal(error.constructor.name, 'BadRequestError');
      return true;
    },
  );
});
