import { after, before, test } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
let t: TestApp;
before(async () => { t = await startTestApp({ LOG_LEVEL: 'error' }); });
after(async () => { await t.close(); });
test('scratch', async () => {
  const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as any;
  for (const [p, ops] of Object.entries(doc.paths)) console.log('PATH', Object.keys(ops as any).join(','), p);
});
