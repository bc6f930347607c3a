import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
let t: TestApp;
before(async () => { t = await startTestApp({ LOG_LEVEL: 'error' }); });
after(async () => { await t.close(); });
test('scratch', async () => {
  for (const p of ['/letters/%', `/letters/letter_${'a'.repeat(200)}`, `/letters/${'a'.repeat(100)}`]) {
    const r = await t.api(p);
    console.log(p.slice(0, 30), r.status, JSON.stringify(r.body));
  }
});
