// PostGrid's official SDK's address verification, unchanged, pointed at mailstream by baseURL with its
// address-verification key (the SDK sends /v1/addver/… requests with that key).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/app.ts';
import { postgridSdk } from '../support/postgrid-sdk.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

test('verify a free-form address with the live key: standardised and corrected, each change named', async () => {
  const client = await postgridSdk({ baseURL: t.baseUrl, addressVerificationAPIKey: t.org.liveApiKey });
  const r = await client.addressVerification.verify({
    address: '1600 Pennsylvania Avenue NW, Washington, DC 20500, US',
    includeDetails: true,
  });
  assert.equal(r.status, 'success');
  assert.equal(r.data.status, 'corrected');
  assert.equal(r.data.line1, '1600 PENNSYLVANIA AVE NW');
  assert.equal(r.data.city, 'WASHINGTON');
  assert.equal(r.data.provinceOrState, 'DC');
  assert.equal(r.data.postalOrZip, '20500');
  assert.equal(r.data.country, 'us');
  assert.equal(r.data.details.streetNumber, '1600');
  assert.equal(r.data.details.streetType, 'AVE');
  assert.equal(r.data.details.postDirection, 'NW');
  assert.match(r.data.changes[0].reason, /AVENUE → AVE/);
});

test('verify a structured address with the test key; properCase; a failed one says which field', async () => {
  const client = await postgridSdk({ baseURL: t.baseUrl, addressVerificationAPIKey: t.org.testApiKey });
  const ok = await client.addressVerification.verify({
    address: {
      line1: '20 w 34th st',
      city: 'new york',
      provinceOrState: 'NY',
      postalOrZip: '10001-2033',
      country: 'us',
    },
    properCase: true,
  });
  assert.equal(ok.data.status, 'verified');
  assert.equal(ok.data.line1, '20 W 34th St');
  assert.equal(ok.data.city, 'New York');
  assert.equal(ok.data.postalOrZip, '10001');
  assert.equal(ok.data.zipPlus4, '2033');
  assert.equal(ok.data.details, undefined, 'details only with includeDetails');

  const failed = await client.addressVerification.verify({
    address: {
      line1: '20 W 34th St',
      city: 'New York',
      provinceOrState: 'NJ',
      postalOrZip: '10001',
      country: 'us',
    },
  });
  assert.equal(failed.data.status, 'failed');
  assert.deepEqual(failed.data.errors.postalOrZip, ['Incorrect Value']);
});

test('the verification API refuses a request without a valid key', async () => {
  const client = await postgridSdk({ baseURL: t.baseUrl, addressVerificationAPIKey: 'live_sk_notarealkey' });
  await assert.rejects(
    client.addressVerification.verify({ address: '1 Main St, Salem, OR 97301' }),
    (e: any) => {
      assert.equal(e.status, 401);
      return true;
    },
  );
});
