// The contacts list filters by address status with PostGrid's structured search, so the contacts whose
// live mail would be refused (failed) or was changed (corrected) can be listed on their own.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
const live = () => ({ key: t.org.liveApiKey });
const ids: Record<string, string> = {};

before(async () => {
  t = await startTestApp();
  const typed = {
    verified: usAddress(),
    corrected: usAddress({ city: 'New Yrok' }),
    failed: usAddress({ provinceOrState: 'NJ' }),
  };
  for (const [status, address] of Object.entries(typed)) {
    const r = await t.api('/contacts', { method: 'POST', json: address, ...live() });
    assert.equal(r.body.addressStatus, status);
    ids[status] = r.body.id;
  }
});
after(async () => {
  await t.close();
});

const list = (search: string, key = t.org.liveApiKey) =>
  t.api(`/contacts?search=${encodeURIComponent(search)}`, { key });

test('search {"addressStatus": …} lists only the contacts with that status', async () => {
  for (const status of ['verified', 'corrected', 'failed']) {
    const r = await list(JSON.stringify({ addressStatus: status }));
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.map((c: any) => c.id),
      [ids[status]],
      status,
    );
    assert.equal(r.body.totalCount, 1);
  }
  const all = await t.api('/contacts', live());
  assert.equal(all.body.totalCount, 3);
});

test('the filter combines with metadata and stays within the mode', async () => {
  const tagged = await t.api('/contacts', {
    method: 'POST',
    json: { ...usAddress({ provinceOrState: 'NJ' }), metadata: { batch: 'b1' } },
    ...live(),
  });
  assert.equal(tagged.body.addressStatus, 'failed');
  const both = await list(JSON.stringify({ addressStatus: 'failed', 'metadata.batch': 'b1' }));
  assert.deepEqual(
    both.body.data.map((c: any) => c.id),
    [tagged.body.id],
  );
  const testMode = await list(JSON.stringify({ addressStatus: 'failed' }), t.org.testApiKey);
  assert.equal(testMode.body.totalCount, 0, 'test-mode contacts are all verified, and live ones stay apart');
});

test('an unknown status is a 400 that names the allowed ones', async () => {
  const r = await list(JSON.stringify({ addressStatus: 'undeliverable' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.error.type, 'validation_error');
  assert.match(r.body.error.message, /addressStatus must be one of: verified, corrected, failed/);
});
