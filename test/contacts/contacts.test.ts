import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const contactCount = async () =>
  (
    await t.database.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

test('creates a contact in PostGrid shape; an identical one returns the existing contact', async () => {
  const first = await t.api('/contacts', { method: 'POST', json: usAddress({ metadata: { vip: true } }) });
  assert.equal(first.status, 200);
  assert.match(first.body.id, /^contact_[A-Za-z0-9]{22}$/);
  assert.equal(first.body.object, 'contact');
  assert.equal(first.body.addressStatus, 'verified');
  assert.deepEqual(specErrors('Contact', first.body), []);
  const again = await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ metadata: { vip: true }, city: ' New York ' }),
  });
  assert.equal(again.body.id, first.body.id, 'whitespace differences are the same contact');
  const different = await t.api('/contacts', { method: 'POST', json: usAddress({ addressLine2: 'Apt 2' }) });
  assert.notEqual(different.body.id, first.body.id);
  const read = await t.api(`/contacts/${first.body.id}`);
  assert.deepEqual(read.body, first.body);
});

test('companyName alone is enough; country codes are normalised', async () => {
  const r = await t.api('/contacts', {
    method: 'POST',
    json: {
      companyName: 'Maple Ltd',
      addressLine1: '1 Rue',
      countryCode: 'ca',
      city: 'Ottawa',
      postalOrZip: 'K1A 0B1',
    },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.countryCode, 'CA');
  assert.deepEqual(specErrors('Contact', r.body), []);
});

test('a broken live US address is stored with addressStatus failed and the reasons (test mode: verified)', async () => {
  const r = await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ postalOrZip: '123', provinceOrState: 'Narnia' }),
    key: t.org.liveApiKey,
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.addressStatus, 'failed');
  assert.match(r.body.addressErrors, /postalOrZip/);
  assert.match(r.body.addressErrors, /provinceOrState/);
  const forced = await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ postalOrZip: '123', forceVerifiedStatus: true }),
    key: t.org.liveApiKey,
  });
  assert.equal(forced.body.addressStatus, 'verified');
});

for (const [name, body, pattern] of [
  ['no firstName or companyName', usAddress({ firstName: undefined }), /firstName or companyName/],
  ['no addressLine1', usAddress({ addressLine1: undefined }), /addressLine1/],
  ['no countryCode', usAddress({ countryCode: undefined }), /countryCode/],
  ['unknown countryCode', usAddress({ countryCode: 'QQ' }), /countryCode/],
  ['three-letter countryCode', usAddress({ countryCode: 'USA' }), /countryCode/],
  ['firstName not a string', usAddress({ firstName: { a: 1 } }), /firstName/],
] as const) {
  test(`rejects ${name} and stores nothing`, async () => {
    const before = await contactCount();
    const r = await t.api('/contacts', { method: 'POST', json: body });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.type, 'validation_error');
    assert.match(r.body.error.message, pattern);
    assert.equal(await contactCount(), before);
  });
}

test('lists, searches and deletes', async () => {
  const a = await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ firstName: 'Zelda', metadata: { team: 'red' } }),
  });
  await t.api('/contacts', {
    method: 'POST',
    json: usAddress({ firstName: 'Yusuf', metadata: { team: 'blue' } }),
  });
  const text = await t.api('/contacts?search=zelda');
  assert.deepEqual(
    text.body.data.map((c: { id: string }) => c.id),
    [a.body.id],
  );
  const meta = await t.api(`/contacts?search=${encodeURIComponent('{"metadata.team":"red"}')}`);
  assert.deepEqual(
    meta.body.data.map((c: { id: string }) => c.id),
    [a.body.id],
  );
  assert.deepEqual(specErrors('Contact', meta.body.data[0]), []);
  const deleted = await t.api(`/contacts/${a.body.id}`, { method: 'DELETE' });
  assert.deepEqual(deleted.body, { id: a.body.id, object: 'contact', deleted: true });
  assert.equal((await t.api(`/contacts/${a.body.id}`)).status, 404);
  assert.equal((await t.api(`/contacts/${a.body.id}`, { method: 'DELETE' })).status, 404);
  const live = await t.api('/contacts?search=yusuf', { key: t.org.liveApiKey });
  assert.equal(live.body.totalCount, 0, 'test contacts are invisible to the live key');
});
