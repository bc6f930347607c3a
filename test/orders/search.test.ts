// `search` on order lists as PostGrid documents it (reference spec, ListParams.search): free text, quoted
// or not, and structured JSON whose values are checked against their fields.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOrganization } from '../../src/organizations/service.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const ids = (body: { data: { id: string }[] }) => body.data.map((order) => order.id).sort();

async function letterTo(key: string, to: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const response = await t.api('/letters', {
    method: 'POST',
    key,
    json: { to: usAddress(to), from: senderAddress(), html: '<p>Hello {{to.firstName}}</p>', ...extra },
  });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.id as string;
}

describe('free-text search', () => {
  test('a quoted search ("New York", as PostGrid documents it) finds the phrase, not the quotes', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'Phrase org');
    const newYork = await letterTo(key, { city: 'New York', provinceOrState: 'NY', postalOrZip: '10001' });
    await letterTo(key, { city: 'York', provinceOrState: 'PA', postalOrZip: '17401' });
    await letterTo(key, { city: 'Newark', provinceOrState: 'NJ', postalOrZip: '07102' });

    const quoted = await t.api(`/letters?search=${encodeURIComponent('"New York"')}`, { key });
    assert.equal(quoted.status, 200);
    assert.deepEqual(ids(quoted.body), [newYork]);
    assert.equal(quoted.body.totalCount, 1);
    // Case and the spaces around the phrase do not matter; the words' order does.
    const spaced = await t.api(`/letters?search=${encodeURIComponent(' " new YORK " ')}`, { key });
    assert.deepEqual(ids(spaced.body), [newYork]);
    const reversed = await t.api(`/letters?search=${encodeURIComponent('"York New"')}`, { key });
    assert.deepEqual(ids(reversed.body), []);
    // Unquoted, the same words are the same phrase.
    const bare = await t.api(`/letters?search=${encodeURIComponent('New York')}`, { key });
    assert.deepEqual(ids(bare.body), [newYork]);
  });

  test('a quoted phrase finds contacts too, and a quote inside it is searched for', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'Contact phrase org');
    const created = await t.api('/contacts', {
      method: 'POST',
      key,
      json: usAddress({ companyName: 'The "Blue" Fox', city: 'New York', provinceOrState: 'NY' }),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    await t.api('/contacts', {
      method: 'POST',
      key,
      json: usAddress({ city: 'York', provinceOrState: 'PA' }),
    });

    const quoted = await t.api(`/contacts?search=${encodeURIComponent('"New York"')}`, { key });
    assert.deepEqual(ids(quoted.body), [created.body.id]);
    const escaped = await t.api(`/contacts?search=${encodeURIComponent('"the \\"blue\\" fox"')}`, { key });
    assert.deepEqual(ids(escaped.body), [created.body.id]);
  });
});

describe('free text over the word index', () => {
  test('an e-mail, a ZIP, an order id, a description and a name each find their order, with its count', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'Words org');
    const ada = await letterTo(
      key,
      { firstName: 'Ada', lastName: "O'Hara-Lovelace", email: 'ada.b@example.com', postalOrZip: '60614' },
      { description: 'Spring-7 statement' },
    );
    const other = await letterTo(key, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org' });
    const found = async (search: string) => {
      const response = await t.api(`/letters?search=${encodeURIComponent(search)}`, { key });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.totalCount, response.body.data.length);
      return ids(response.body);
    };
    assert.deepEqual(await found('ada.b@example.com'), [ada]);
    assert.deepEqual(await found('ADA.B@EXAMPLE.COM'), [ada]);
    assert.deepEqual(await found('60614'), [ada]);
    assert.deepEqual(await found(ada), [ada], 'an id, by its primary key');
    assert.deepEqual(await found(ada.toLowerCase()), [ada], 'an id in other case, by its words');
    assert.deepEqual(await found('spring-7'), [ada]);
    assert.deepEqual(await found("o'hara-lovelace"), [ada]);
    assert.deepEqual(await found('Grace Hopper'), [other]);
    assert.deepEqual(await found('example'), [ada, other].sort());
    // Whole words: the phrase must be there as typed, starting and ending at word boundaries.
    assert.deepEqual(await found('example.co'), []);
    assert.deepEqual(await found('Hopper Grace'), []);
  });

  test('text without a letter or digit still searches, by the substring alone', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'Punctuation org');
    const dotted = await letterTo(key, { email: 'x@example.com' });
    const response = await t.api(`/letters?search=${encodeURIComponent('@')}`, { key });
    assert.equal(response.status, 200);
    assert.deepEqual(ids(response.body), [dotted]);
  });
});

describe('structured (JSON) search', () => {
  const refused: [search: Record<string, unknown>, message: RegExp][] = [
    [{ status: 'shipped' }, /^search: status must be one of: ready, printing, .*"shipped" is not/],
    [{ status: 3 }, /^search: status must be a string/],
    [{ description: 42 }, /^search: description must be a string/],
    [{ description: { $ne: 'x' } }, /^search: description must be a string/],
    [{ metadata: 'abc' }, /^search: metadata must be an object/],
    [{ metadata: ['abc'] }, /^search: metadata must be an object/],
  ];

  test('a value of the wrong type for its field, or an unknown status, is a 400 naming it', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'JSON search org');
    await letterTo(key, {}, { description: 'x', metadata: { campaign: 'abc' } });
    for (const path of ['/letters', '/postcards', '/cheques', '/self_mailers']) {
      for (const [search, message] of refused) {
        const response = await t.api(`${path}?search=${encodeURIComponent(JSON.stringify(search))}`, { key });
        assert.equal(
          response.status,
          400,
          `${path} ${JSON.stringify(search)}: ${JSON.stringify(response.body)}`,
        );
        assert.equal(response.body.error.type, 'validation_error');
        assert.match(response.body.error.message, message);
      }
    }
  });

  test('metadata as an object must be one on contacts and templates too', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'Metadata search org');
    for (const path of ['/contacts', '/templates', '/bank_accounts']) {
      const response = await t.api(`${path}?search=${encodeURIComponent('{"metadata":"abc"}')}`, { key });
      assert.equal(response.status, 400, `${path}: ${JSON.stringify(response.body)}`);
      assert.match(response.body.error.message, /^search: metadata must be an object/);
    }
  });

  test('values of the right type still search', async () => {
    const { testApiKey: key } = await createOrganization(t.database.db, 'JSON search ok org');
    const tagged = await letterTo(key, {}, { description: 'spring', metadata: { campaign: 'abc' } });
    await letterTo(key, {}, { description: 'autumn', metadata: { campaign: 'xyz' } });
    const search = (value: unknown) =>
      t.api(`/letters?search=${encodeURIComponent(JSON.stringify(value))}`, { key });
    assert.deepEqual(ids((await search({ status: 'ready', description: 'spring' })).body), [tagged]);
    assert.deepEqual(ids((await search({ metadata: { campaign: 'abc' } })).body), [tagged]);
    assert.deepEqual(ids((await search({ 'metadata.campaign': 'abc' })).body), [tagged]);
    assert.deepEqual(ids((await search({ status: 'cancelled' })).body), []);
  });
});
