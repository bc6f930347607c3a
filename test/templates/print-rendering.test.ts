// What printers receive is rendered through the render pool too: loops and templates render on its
// threads with the order's data, exactly as the renderer does, and a face that cannot render within the
// limits in force is a 422 naming the order and the face, not a 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadRenderingConfig } from '../../src/config/rendering.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { acquireRendering } from '../../src/templates/render-pool.ts';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

async function printerApi(key: string, path: string, method = 'GET', json?: unknown) {
  const response = await fetch(`${t.baseUrl}/printer/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Creates a live order and moves it to printing; returns its id. */
async function printing(path: string, body: Record<string, unknown>): Promise<string> {
  const created = await t.api(path, {
    method: 'POST',
    key: t.org.liveApiKey,
    json: { to: usAddress({ firstName: 'Ada' }), from: senderAddress({ companyName: 'Acme & Co' }), ...body },
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  await runSchedulerTick(t.database.db, t.config, new Date());
  return created.body.id;
}

const items = [
  { name: 'Widget <large>', qty: 2 },
  { name: 'Gadget', qty: 10 },
];

describe('print jobs render through the pool', () => {
  test('loops and template snapshots arrive rendered with the order data', async () => {
    await sql`update orders set claimable_at = 'infinity' where status = 'printing'`.execute(t.database.db);
    const template = await t.api('/templates', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: {
        html: '<h1>{{#with from}}{{companyName}}{{/with}}</h1>{{#each items}}<p>{{@index}}. {{name}}</p>{{/each}}',
      },
    });
    assert.equal(template.status, 200, JSON.stringify(template.body));
    const letter = await printing('/letters', {
      html: '<p>Dear {{to.firstName}},</p><ul>{{#each items}}<li>{{qty}} × {{name}}</li>{{/each}}</ul>',
      mergeVariables: { items },
    });
    const postcard = await printing('/postcards', {
      size: '6x4',
      frontTemplate: template.body.id,
      backHTML: '{{#if vip}}VIP{{else}}Hello {{to.firstName}}{{/if}}',
      mergeVariables: { items, vip: false },
    });

    const printer = await createPrinter(t.database.db, 'Pool printer');
    const claim = await printerApi(printer.key, '/claims', 'POST', { limit: 10 });
    assert.equal(claim.status, 200, JSON.stringify(claim.body));
    const jobs = new Map(claim.body.data.map((job: { orderId: string }) => [job.orderId, job]));
    assert.deepEqual([...jobs.keys()].sort(), [letter, postcard].sort());
    assert.deepEqual((jobs.get(letter) as { content: unknown }).content, {
      html: '<p>Dear Ada,</p><ul><li>2 × Widget &lt;large&gt;</li><li>10 × Gadget</li></ul>',
    });
    assert.deepEqual((jobs.get(postcard) as { content: unknown }).content, {
      backHTML: 'Hello Ada',
      frontHTML: '<h1>Acme &amp; Co</h1><p>0. Widget &lt;large&gt;</p><p>1. Gadget</p>',
    });
  });

  test('a face over the limits in force is a 422 naming the order and the face', async () => {
    await sql`update orders set claimable_at = 'infinity' where status = 'printing'`.execute(t.database.db);
    const rows = Array.from({ length: 40 }, (_, i) => ({ line: `line ${i} `.padEnd(40, '.') }));
    const order = await printing('/letters', {
      html: '{{#each rows}}<p>{{line}}</p>{{/each}}',
      mergeVariables: { rows },
    });
    const printer = await createPrinter(t.database.db, 'Strict printer');
    const claim = await printerApi(printer.key, '/claims', 'POST', { limit: 10 });
    assert.equal(claim.body.data[0].content.html.length, 40 * 47);

    // The operator lowers the output cap after the order was accepted.
    const release = acquireRendering(loadRenderingConfig({ TEMPLATE_RENDER_MAX_OUTPUT: '1000' }));
    try {
      const job = await printerApi(printer.key, `/orders/${order}`);
      assert.equal(job.status, 422, JSON.stringify(job.body));
      assert.equal(job.body.error.type, 'unprocessable_error');
      assert.equal(
        job.body.error.message,
        `Order ${order}: html cannot be rendered: the rendered HTML is longer than the 1000-character limit (TEMPLATE_RENDER_MAX_OUTPUT).`,
      );
    } finally {
      await release();
    }
    const again = await printerApi(printer.key, `/orders/${order}`);
    assert.equal(again.status, 200);
    assert.equal(again.body.content.html.length, 40 * 47);
  });
});
