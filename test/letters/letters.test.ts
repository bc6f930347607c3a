import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, senderAddress, startTestApp, usAddress } from '../support/app.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const letter = (overrides: Record<string, unknown> = {}) => ({
  to: usAddress(),
  from: senderAddress(),
  html: '<p>Hello {{to.firstName}}</p>',
  ...overrides,
});

async function orderCount(): Promise<number> {
  const row = await t.database.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('POST /letters', () => {
  test('creates a letter that validates against PostGrid Letter schema and reads back', async () => {
    const created = await t.api('/letters', { method: 'POST', json: letter({ metadata: { campaign: 'fall' } }) });
    assert.equal(created.status, 200);
    assert.match(created.body.id, /^letter_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'letter');
    assert.equal(created.body.status, 'ready');
    assert.equal(created.body.live, false);
    assert.equal(created.body.mailingClass, 'first_class');
    assert.equal(created.body.size, 'us_letter');
    assert.equal(created.body.to.firstName, 'Ada');
    assert.match(created.body.to.id, /^contact_/);
    assert.deepEqual(specErrors('Letter', created.body), []);
    const read = await t.api(`/letters/${created.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
  });
});
