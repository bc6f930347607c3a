// The render pool itself (src/templates/render-pool.ts): the same output as the renderer on either path,
// CPU-time budgets that do not count time in the queue, output caps that stop early, killed threads
// replaced, and no thread left once the last user lets go.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { loadRenderingConfig } from '../../src/config/rendering.ts';
import { MissingVariableError, renderTemplate, TemplateSyntaxError } from '../../src/templates/render.ts';
import {
  acquireRendering,
  checkCompiles,
  checkRenders,
  RenderLimitError,
  renderInPool,
  renderingLimits,
  renderPoolThreads,
  renderThreadIds,
} from '../../src/templates/render-pool.ts';

/** Holds the pool with these limits for one test; returns the release. */
const withLimits = (env: Record<string, string>) => acquireRendering(loadRenderingConfig(env));

const cube = '{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}x{{/each}}{{/each}}{{/each}}';
const three = { a: Array.from({ length: 300 }, (_, i) => i) };

async function limitHit(promise: Promise<unknown>): Promise<RenderLimitError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RenderLimitError) return error;
    throw error;
  }
  assert.fail('the render was expected to pass a limit');
}

after(() => {
  assert.equal(renderPoolThreads(), 0, 'no render thread outlives its last user');
});

describe('render pool', () => {
  test('renders exactly what the renderer does, inline and on the threads, errors included', async (t) => {
    const release = withLimits({});
    t.after(release);
    const to = { firstName: 'Ada', lastName: `O'Neil & <Co>` };
    const cases: [string, Record<string, unknown>][] = [
      // Inline: flat and small.
      ['<p>Dear {{to.firstName}} {{to.lastName}}</p>', { to }],
      ['<div>{{{raw}}}</div>', { raw: '<b>bold</b>' }],
      // On a thread: blocks, a long value, a long template.
      [
        '{{#each items}}<li>{{name}} = {{price}}</li>{{else}}none{{/each}}',
        { items: [{ name: 'a"b', price: 1.5 }] },
      ],
      ['{{#if vip}}VIP {{to.firstName}}{{else}}guest{{/if}}', { to, vip: false }],
      ['{{#with to}}{{lastName}}{{/with}}|{{#to}}{{firstName}}{{/to}}', { to }],
      ['<p>{{note}}</p>', { note: '&'.repeat(200_000) }],
      [`${'<p>filler text</p>'.repeat(2000)}{{to.firstName}}`, { to }],
    ];
    for (const [html, variables] of cases) {
      assert.equal(await renderInPool(html, variables), renderTemplate(html, variables), html.slice(0, 40));
      await checkRenders(html, variables);
    }
    await assert.rejects(
      renderInPool('{{#each items}}{{sku}}{{/each}}', { items: [{ sku: 1 }, {}] }),
      (error) => error instanceof MissingVariableError && error.variable === 'items.[].sku',
    );
    await assert.rejects(
      renderInPool('{{#if a}}x{{/each}}', { a: 1 }),
      (error) => error instanceof TemplateSyntaxError && /if doesn't match each/.test(error.message),
    );
    await assert.rejects(
      checkCompiles(`${'{{a}}'.repeat(100)}{{#if}}`),
      (error) => error instanceof TemplateSyntaxError,
    );
    await checkCompiles(`${'{{a}} '.repeat(100)}{{#each b}}{{c}}{{/each}}`);
  });

  test('a render past its CPU budget is stopped; the thread is replaced and the next render works', async (t) => {
    const release = withLimits({ TEMPLATE_RENDER_TIMEOUT: '300ms', TEMPLATE_RENDER_THREADS: '1' });
    t.after(release);
    await renderInPool('{{#if a}}warm{{/if}}', { a: true });
    const [before] = renderThreadIds();
    const error = await limitHit(checkRenders(cube, three));
    assert.equal(error.limit, 'time');
    assert.match(error.message, /more than the 300 ms budget \(TEMPLATE_RENDER_TIMEOUT\)/);
    // Its thread was terminated and another took its place (how soon the answer comes is held to the
    // budget over HTTP, in template-bombs.test.ts).
    const after = renderThreadIds();
    assert.equal(after.length, 1);
    assert.notEqual(after[0], before);
    assert.equal(
      await renderInPool('{{#each items}}<i>{{this}}</i>{{/each}}', { items: [1, 2] }),
      '<i>1</i><i>2</i>',
    );
    assert.deepEqual(renderThreadIds(), after);
  });

  test('time waiting in the queue behind a stopped render does not count against the budget', async (t) => {
    // One thread: the three renders wait for the bomb, longer than their own budget, and still succeed.
    const release = withLimits({ TEMPLATE_RENDER_TIMEOUT: '300ms', TEMPLATE_RENDER_THREADS: '1' });
    t.after(release);
    await renderInPool('{{#if a}}warm{{/if}}', { a: true });
    const bomb = limitHit(checkRenders(cube, three));
    const queued = [1, 2, 3].map((i) => renderInPool('{{#each items}}[{{this}}]{{/each}}', { items: [i] }));
    const started = performance.now();
    assert.deepEqual(await Promise.all(queued), ['[1]', '[2]', '[3]']);
    assert.ok(performance.now() - started >= 300, 'the renders waited for the stopped one');
    assert.equal((await bomb).limit, 'time');
  });

  test('the output cap stops an exploding render early, whatever prints it', async (t) => {
    const release = withLimits({});
    t.after(release);
    const cap = renderingLimits().maxOutputLength;
    const big = 'x'.repeat(1024 * 1024);
    const items = Array.from({ length: 600 }, (_, i) => i);
    const bombs: [string, Record<string, unknown>][] = [
      ['{{#each a}}{{@root.big}}{{/each}}', { a: items, big }],
      ['{{#each a}}{{{@root.big}}}{{/each}}', { a: items, big }],
      ['{{#a}}{{@root.big}}{{/a}}', { a: items, big }],
      ['{{#each a}}{{#if @root.big}}{{@root.big}}{{/if}}{{/each}}', { a: items, big }],
      ['{{{big}}}'.repeat(600), { big }],
      ['{{list}}', { list: Array.from({ length: 6 }, () => big) }],
    ];
    await renderInPool('{{#if a}}warm{{/if}}', { a: true });
    const threads = renderThreadIds();
    for (const [html, variables] of bombs) {
      const error = await limitHit(checkRenders(html, variables));
      assert.equal(error.limit, 'output', html);
      assert.match(
        error.message,
        new RegExp(`longer than the ${cap}-character limit \\(TEMPLATE_RENDER_MAX_OUTPUT\\)`),
      );
    }
    // The meter stopped each render as its output passed the cap, before the whole string (600 MB, past
    // V8's string limit) was built: no thread ran out of memory or time, none was replaced.
    assert.deepEqual(renderThreadIds(), threads);
  });

  test('the cap stops a render before its heap fills; past the heap limit the thread is replaced', async (t) => {
    // Each pass escapes a fresh 500,000-character string: 600 passes need some 300 MB of heap.
    const amp = { a: Array.from({ length: 600 }, (_, i) => i), amp: '&'.repeat(100_000) };
    const html = '{{#each a}}{{@root.amp}}{{/each}}';
    const capped = withLimits({ TEMPLATE_RENDER_MEMORY: '64' });
    await renderInPool('{{#if a}}warm{{/if}}', { a: true });
    const threads = renderThreadIds();
    assert.equal((await limitHit(checkRenders(html, amp))).limit, 'output');
    assert.deepEqual(renderThreadIds(), threads, 'stopped at 5 MB of output, well inside 64 MB');
    await capped();

    // With a cap too high to help, the heap limit is the backstop: the thread dies, another replaces it.
    const uncapped = withLimits({
      TEMPLATE_RENDER_MEMORY: '64',
      TEMPLATE_RENDER_MAX_OUTPUT: '200000000',
      TEMPLATE_RENDER_TIMEOUT: '30s',
    });
    t.after(uncapped);
    await renderInPool('{{#if a}}warm{{/if}}', { a: true });
    const before = renderThreadIds();
    const error = await limitHit(checkRenders(html, amp));
    assert.equal(error.limit, 'memory');
    assert.equal(
      error.message,
      'rendering needed more than the 64 MB memory limit (TEMPLATE_RENDER_MEMORY).',
    );
    const after = renderThreadIds();
    assert.equal(after.length, before.length);
    assert.notDeepEqual(after, before);
    assert.equal(await renderInPool('{{#each a}}{{this}}{{/each}}', { a: [1, 2] }), '12');
  });

  test('the output cap is the configured one, exact at the boundary, on both paths', async (t) => {
    const release = withLimits({ TEMPLATE_RENDER_MAX_OUTPUT: '1000' });
    t.after(release);
    // Inline: a small flat template whose output is provably short.
    assert.equal((await renderInPool('{{a}}', { a: 'y'.repeat(100) })).length, 100);
    // On a thread: the bound of a flat template is over the cap, but its output is exactly at it.
    assert.equal((await renderInPool('{{a}}', { a: 'y'.repeat(1000) })).length, 1000);
    assert.equal((await limitHit(renderInPool('{{a}}', { a: 'y'.repeat(1001) }))).limit, 'output');
    // Escaping counts: 200 `&` print 1000 characters.
    assert.equal((await renderInPool('{{a}}', { a: '&'.repeat(200) })).length, 1000);
    assert.equal((await limitHit(renderInPool('{{a}}!', { a: '&'.repeat(200) }))).limit, 'output');
    const rows = Array.from({ length: 100 }, (_, i) => i % 10);
    assert.equal((await renderInPool('{{#each rows}}[{{this}}]{{/each}}', { rows })).length, 300);
    const many = Array.from({ length: 334 }, () => 1);
    assert.equal(
      (await limitHit(renderInPool('{{#each many}}[{{this}}]{{/each}}', { many }))).limit,
      'output',
    );
  });

  test('a new user with other limits gets them; releasing restores the ones before', async () => {
    const first = withLimits({ TEMPLATE_RENDER_MAX_OUTPUT: '5000' });
    const second = withLimits({ TEMPLATE_RENDER_MAX_OUTPUT: '2000' });
    assert.equal(renderingLimits().maxOutputLength, 2000);
    await second();
    assert.equal(renderingLimits().maxOutputLength, 5000);
    await first();
    assert.equal(renderingLimits().maxOutputLength, loadRenderingConfig({}).maxOutputLength);
    assert.equal(renderPoolThreads(), 0);
  });
});
