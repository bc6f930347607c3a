import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const post = (path: string, json: unknown, key?: string) =>
  fetch(`${t.baseUrl}/v1/addver${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key ?? t.org.testApiKey },
    body: JSON.stringify(json),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

test('batch: one result per address, in order, each with its status and errors', async () => {
  const r = await post('/verifications/batch', {
    addresses: [
      '77 Massachusetts Ave, Cambridge, MA 02139, US',
      {
        line1: '1100 Congress Avenue',
        city: 'Austin',
        provinceOrState: 'Texas',
        postalOrZip: '78701',
        country: 'us',
      },
      {
        line1: '111 Wellington St',
        city: 'Ottawa',
        provinceOrState: 'QC',
        postalOrZip: 'K1A 0A9',
        country: 'ca',
      },
    ],
  });
  assert.equal(r.status, 200);
  const statuses = r.body.data.results.map((x: any) => x.verifiedAddress.status);
  assert.deepEqual(statuses, ['verified', 'corrected', 'failed']);
  assert.equal(r.body.data.results[1].verifiedAddress.line1, '1100 CONGRESS AVE');
  assert.equal(r.body.data.results[1].verifiedAddress.provinceOrState, 'TX');
  assert.deepEqual(r.body.data.results[2].errors.postalOrZip, ['Incorrect Value']);
});

test('suggestions: a city with several ZIPs and none given suggests one address per ZIP', async () => {
  const r = await post('/suggestions', {
    address: { line1: '1 Cyclotron Rd', city: 'Berkeley', provinceOrState: 'CA' },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.data[0].status, 'failed');
  assert.ok(r.body.data.length > 2);
  for (const s of r.body.data.slice(1)) {
    assert.equal(s.city, 'BERKELEY');
    assert.match(s.postalOrZip, /^947\d\d$/);
  }
});

test('city_states and zip_codes read the ZIP database; an unknown ZIP is a 404', async () => {
  const city = await post('/city_states', { postalOrZip: '20500' });
  assert.deepEqual(city.body.data, {
    city: 'WASHINGTON',
    provinceOrState: 'DC',
    postalOrZip: '20500',
    country: 'us',
  });
  const zips = await post('/zip_codes', { city: 'Hobokin', provinceOrState: 'New Jersey' });
  assert.equal(zips.body.data.city, 'HOBOKEN');
  assert.ok(zips.body.data.zipCodes.includes('07030'));
  const none = await post('/city_states', { postalOrZip: '00000' });
  assert.equal(none.status, 404);
  assert.equal(none.body.error.type, 'not_found_error');
});

test('bad input is a 400 in PostGrid shape; an unknown key is a 401', async () => {
  const bad = await post('/verifications', { address: { city: 'Nowhere' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.object, 'error');
  const noKey = await post(
    '/verifications',
    { address: '1 Main St' },
    'test_sk_00000000000000000000000000000000',
  );
  assert.equal(noKey.status, 401);
});
