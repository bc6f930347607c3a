// PostGrid's SDK, unchanged, searching lists the way PostGrid documents `search`: a quoted phrase and a
// structured query, and a structured query with a wrong value refused as the SDK's typed error.
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

const letter = (city: string, state: string, metadata: Record<string, string>) =>
  client.printMail.letters.create({
    to: usAddress({ city, provinceOrState: state }),
    from: senderAddress(),
    html: '<p>Hello {{to.firstName}}</p>',
    metadata,
  });

test('letters.list finds a quoted phrase and a structured metadata query', async () => {
  const newYork = await letter('New York', 'NY', { campaign: 'sdk-search-a' });
  const york = await letter('York', 'PA', { campaign: 'sdk-search-b' });

  const phrase = await client.printMail.letters.list({ search: '"New York"' });
  const found = phrase.data.map((l: { id: string }) => l.id);
  assert.ok(found.includes(newYork.id), 'the New York letter is found');
  assert.ok(!found.includes(york.id), 'the York letter is not');

  const structured = await client.printMail.letters.list({
    search: JSON.stringify({ 'metadata.campaign': 'sdk-search-b' }),
  });
  assert.deepEqual(
    structured.data.map((l: { id: string }) => l.id),
    [york.id],
  );
  assert.equal(structured.totalCount, 1);
});

test('a structured search naming an unknown status is a BadRequestError naming it', async () => {
  await assert.rejects(
    client.printMail.letters.list({ search: JSON.stringify({ status: 'shipped' }) }),
    (error: { status: number; constructor: { name: string }; message: string }) => {
      assert.equal(error.status, 400);
      assert.equal(error.constructor.name, 'BadRequestError');
      assert.match(error.message, /status must be one of/);
      return true;
    },
  );
});
