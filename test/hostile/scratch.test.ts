import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { createFixtures } from './endpoints.ts';
import { storedState } from './support.ts';
let t: TestApp;
before(async () => { t = await startTestApp({ LOG_LEVEL: 'error' }); });
after(async () => { await t.close(); });
test('scratch', async () => {
  await createFixtures(t);
  let s = performance.now();
  for (let i = 0; i < 20; i++) await storedState(t.database.db);
  console.log('state ms', (performance.now() - s) / 20);
  console.log(Object.keys(await storedState(t.database.db)).length);
  s = performance.now();
  for (let i = 0; i < 20; i++) await t.api('/contacts', { method: 'POST', json: { a: 1 } });
  console.log('req ms', (performance.now() - s) / 20);
});
