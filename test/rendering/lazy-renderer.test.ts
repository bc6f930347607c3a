// The worker's renderer starts its processes on the first render, not before: a worker that never
// renders runs no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyHtmlRenderer } from '../../src/rendering/lazy-renderer.ts';
import { RenderError } from '../../src/rendering/render-error.ts';
import { findText, readPdf } from './read-pdf.ts';

test('no render process until the first render; then it renders, and close() stops it', async () => {
  const renderer = lazyHtmlRenderer({ processes: 1, pagesPerProcess: 1 });
  assert.equal(renderer.stats(), undefined);
  const [page] = await readPdf(await renderer.render({ html: '<p>Lazy</p>', width: 612, height: 792 }));
  findText(page!, 'Lazy');
  const stats = renderer.stats();
  assert.equal(stats?.processes.length, 1);
  assert.equal(stats?.rendered, 1);
  await renderer.close();
  assert.deepEqual(renderer.stats()?.processes, []);
  await assert.rejects(
    renderer.render({ html: '<p>x</p>', width: 612, height: 792 }),
    (error: unknown) => error instanceof RenderError && error.reason === 'closed',
  );
});

test('closing a renderer that never rendered starts nothing', async () => {
  const renderer = lazyHtmlRenderer({ processes: 1 });
  await renderer.close();
  assert.equal(renderer.stats(), undefined);
});
