import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const live = () => ({ key: t.org.liveApiKey });
const letter = (to: unknown) => ({ to, from: senderAddress(), html: '<p>Hello</p>' });
const wrongZip = usAddress({ provinceOrState: 'NJ' });

test('live contacts: verified, corrected (stored corrected, original kept) or failed with PostGrid words', async () => {
  const ok = await t.api('/contacts', { method: 'POST', json: usAddress(), ...live() });
  assert.equal(ok.body.addressStatus, 'verified');
  assert.equal(ok.body.addressLine1, '20 W 34th St', 'a verified address is kept as typed');

  const typed = usAddress({ addressLine1: '20 West 34th Street Apartment 5B', city: 'New Yrok' });
  const corrected = await t.api('/contacts', { method: 'POST', json: typed, ...live() });
  assert.equal(corrected.body.addressStatus, 'corrected');
  assert.equal(corrected.body.addressLine1, '20 W 34TH ST APT 5B');
  assert.equal(corrected.body.city, 'NEW YORK');
  assert.deepEqual(corrected.body.originalAddress, {
    addressLine1: typed.addressLine1,
    city: 'New Yrok',
    provinceOrState: 'NY',
    postalOrZip: '10001',
  });
  assert.match(corrected.body.addressErrors, /city: Typo in Value/);
  assert.ok(corrected.body.addressChanges.some((c: any) => c.field === 'city' && c.to === 'NEW YORK'));

  const failed = await t.api('/contacts', { method: 'POST', json: wrongZip, ...live() });
  assert.equal(failed.body.addressStatus, 'failed');
  assert.equal(failed.body.addressErrors, 'postalOrZip: Incorrect Value');
});

test('test mode: every contact is verified, as PostGrid does', async () => {
  const r = await t.api('/contacts', { method: 'POST', json: wrongZip });
  assert.equal(r.body.addressStatus, 'verified');
  assert.equal(r.body.addressErrors, undefined);
});

test('forceVerifiedStatus marks a failed address verified and keeps the findings; skipVerification skips the data check', async () => {
  const forced = await t.api('/contacts', {
    method: 'POST',
    json: { ...wrongZip, forceVerifiedStatus: true },
    ...live(),
  });
  assert.equal(forced.body.addressStatus, 'verified');
  assert.equal(forced.body.addressErrors, 'postalOrZip: Incorrect Value');
  const skipped = await t.api('/contacts', {
    method: 'POST',
    json: { ...wrongZip, skipVerification: true },
    ...live(),
  });
  assert.equal(
    skipped.body.addressStatus,
    'verified',
    'structurally sound, not checked against the ZIP data',
  );
  assert.equal(skipped.body.addressLine1, '20 W 34th St');
});

test('a live order to a failed address is refused with a 400 saying why and how to override; nothing is stored', async () => {
  const before = await t.database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  for (const to of [
    wrongZip,
    (await t.api('/contacts', { method: 'POST', json: wrongZip, ...live() })).body.id,
  ]) {
    const r = await t.api('/letters', { method: 'POST', json: letter(to), ...live() });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.type, 'validation_error');
    assert.match(r.body.error.message, /failed verification \(postalOrZip: Incorrect Value\)/);
    assert.match(r.body.error.message, /forceVerifiedStatus: true/);
    assert.match(r.body.error.message, /address_verification\/settings/);
  }
  const after = await t.database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(after.n, before.n);

  const testOrder = await t.api('/letters', { method: 'POST', json: letter(wrongZip) });
  assert.equal(testOrder.status, 200, 'test mode is never refused');
});

test('overrides: forceVerifiedStatus on the contact, or the organization allowing failed addresses; recorded on the order', async () => {
  const forced = await t.api('/letters', {
    method: 'POST',
    json: letter({ ...wrongZip, forceVerifiedStatus: true }),
    ...live(),
  });
  assert.equal(forced.status, 200);
  const details = async (id: string) =>
    (
      await t.database.db
        .selectFrom('orders')
        .select('details')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).details;
  assert.deepEqual((await details(forced.body.id)).addressOverride, {
    addressStatus: 'verified',
    addressErrors: 'postalOrZip: Incorrect Value',
    by: 'forceVerifiedStatus',
  });
  assert.deepEqual(
    forced.body.addressOverride,
    (await details(forced.body.id)).addressOverride,
    'in the API',
  );

  const settings = await t.api('/address_verification/settings');
  assert.equal(settings.body.failedAddresses, 'refuse', 'refuse is the default');
  const set = await t.api('/address_verification/settings', {
    method: 'POST',
    json: { failedAddresses: 'allow' },
  });
  assert.equal(set.body.failedAddresses, 'allow');
  const allowed = await t.api('/letters', { method: 'POST', json: letter(wrongZip), ...live() });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body.to.addressStatus, 'failed');
  assert.equal(((await details(allowed.body.id)).addressOverride as any).by, 'organization_policy');
  const read = await t.api(`/letters/${allowed.body.id}`, live());
  assert.equal(read.body.addressOverride.by, 'organization_policy');
  await t.api('/address_verification/settings', { method: 'POST', json: { failedAddresses: 'refuse' } });
});

test('a corrected address is mailed corrected: the order carries the standard form', async () => {
  const r = await t.api('/letters', {
    method: 'POST',
    json: letter(usAddress({ addressLine1: '20 West 34th Street', city: 'Manhattan' })),
    ...live(),
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.to.addressStatus, 'corrected');
  assert.equal(r.body.to.addressLine1, '20 W 34TH ST');
  assert.equal(r.body.to.city, 'NEW YORK');
  assert.equal(r.body.to.originalAddress.city, 'Manhattan');
});
