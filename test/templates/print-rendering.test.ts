// What printers print is merged through the render pool too: loops and templates render on its threads
// with the order's data before Chromium makes the print-ready PDF, and a face that cannot render within
// the limits in force fails the order's render naming the face, rather than failing the worker.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadRenderingConfig } from '../../src/config/rendering.ts';
import { createLogger } from '../../src/logger.ts';
import { createPrinter } from '../../src/printers/service.ts';
import { renderPendingOrders } from '../../src/rendering/render-queue.ts';
import { runSchedulerTick } from '../../src/scheduling/scheduler.ts';
import { acquireRendering } from '../../src/templates/render-pool.ts';
import { readPdf } from '../rendering/read-pdf.ts';
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
  await renderPendingOrders({ db: t.database.db, config: t.config, logger: createLogger(t.config) });
  await runSchedulerTick(t.database.db, t.config, new Date());
  return created.body.id;
}

/** The text of each page of the print-ready PDF a printer fetches for its job. */
async function printedText(key: string, job: { content: { url: string } }): Promise<string[]> {
  const response = await fetch(`${t.baseUrl}${job.content.url}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(response.status, 200);
  const read = await readPdf(Buffer.from(await response.arrayBuffer()));
  return read.map((page) => page.texts.map((text) => text.str).join(' '));
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
    const letterText = await printedText(printer.key, jobs.get(letter) as never);
    assert.match(letterText[0]!, /Dear Ada,.*2 × Widget <large>.*10 × Gadget/);
    const [front, back] = await printedText(printer.key, jobs.get(postcard) as never);
    assert.match(front!, /Acme & Co.*0\. Widget <large>.*1\. Gadget/);
    assert.match(back!, /Hello Ada/);
  });

  test('a face over the limits in force fails the render naming the face, and does not print', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ line: `line ${i} `.padEnd(40, '.') }));
    // The operator lowers the output cap after the order was accepted, before it is rendered.
    const created = await t.api('/letters', {
      method: 'POST',
      key: t.org.liveApiKey,
      json: {
        to: usAddress(),
        from: senderAddress(),
        html: '{{#each rows}}<p>{{line}}</p>{{/each}}',
        mergeVariables: { rows },
      },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const release = acquireRendering(loadRenderingConfig({ TEMPLATE_RENDER_MAX_OUTPUT: '1000' }));
    try {
      await renderPendingOrders({ db: t.database.db, config: t.config, logger: createLogger(t.config) });
    } finally {
      await release();
    }
    await runSchedulerTick(t.database.db, t.config, new Date());
    const order = await t.api(`/letters/${created.body.id}`, { key: t.org.liveApiKey });
    assert.equal(order.body.status, 'ready');
    assert.equal(order.body.render.status, 'failed');
    assert.equal(order.body.render.error.reason, 'render_limit');
    assert.equal(order.body.render.error.asset, 'html');
    assert.match(order.body.render.error.message, /1000-character limit \(TEMPLATE_RENDER_MAX_OUTPUT\)/);
  });
});
