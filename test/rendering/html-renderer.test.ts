// startHtmlRenderer: render processes owning Chromium, seen from the caller — PDFs read back with
// pdfjs-dist, a real HTTP server that must see no request, a browser and a process killed with SIGKILL,
// a render past its timeout, a process past its memory cap.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { launchChromium, resolveChromium } from '../../src/rendering/chromium.ts';
import { type HtmlRenderer, RenderError, startHtmlRenderer } from '../../src/rendering/html-renderer.ts';
import { processTree } from '../../src/rendering/process-memory.ts';
import { eventually } from '../support/eventually.ts';
import { findText, readPdf } from './read-pdf.ts';
import { RENDER_SIZES, textAt } from './sizes.ts';

let renderer: HtmlRenderer;
let server: Server;
let port: number;
const seen: string[] = [];

before(async () => {
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  renderer = await startHtmlRenderer({ processes: 1, pagesPerProcess: 3, memoryIntervalMs: 200 });
});
after(async () => {
  await renderer.close();
  server.close();
});

/** HTML long enough to keep a page printing for a second or more. */
const heavy = (pages: number) =>
  Array.from(
    { length: pages },
    (_, i) => `<section style="break-after:page">${'Lorem ipsum dolor sit amet '.repeat(200)} ${i}</section>`,
  ).join('');

const isRenderError = (reason: string) => (error: unknown) =>
  error instanceof RenderError && error.reason === reason;

test('every kind and size, rendered at once in the render process, has its exact page size and its text in place', async () => {
  const pdfs = await Promise.all(
    RENDER_SIZES.map((size) => renderer.render({ html: textAt(size.name, 36, 100), ...size })),
  );
  for (const [index, size] of RENDER_SIZES.entries()) {
    const [page, ...rest] = await readPdf(pdfs[index]!);
    assert.equal(rest.length, 0);
    assert.ok(Math.abs(page!.width - size.width) < 0.01, `${size.name}: width ${page!.width}`);
    assert.ok(Math.abs(page!.height - size.height) < 0.01, `${size.name}: height ${page!.height}`);
    const text = findText(page!, size.name);
    assert.ok(Math.abs(text.x - 36) < 0.5, `${size.name}: x ${text.x}`);
    assert.ok(text.baseline > 100 + 7 && text.baseline < 112, `${size.name}: baseline ${text.baseline}`);
  }
  const stats = renderer.stats();
  assert.equal(stats.processes.length, 1);
  assert.notEqual(stats.processes[0]!.pid, process.pid, 'rendered in another process');
  assert.ok(stats.rendered >= RENDER_SIZES.length);
});

test('HTML cannot reach the network: images, CSS, fonts, frames, prefetches and refreshes never reach a server', async () => {
  const origin = `http://127.0.0.1:${port}`;
  const html = `<!doctype html><html><head>
<meta http-equiv="refresh" content="0; url=${origin}/refresh">
<link rel="stylesheet" href="${origin}/style.css">
<link rel="prefetch" href="${origin}/prefetch">
<link rel="preload" as="image" href="${origin}/preload.png">
<link rel="icon" href="${origin}/favicon.ico">
<style>
@import url("${origin}/import.css");
@font-face { font-family: Remote; src: url("${origin}/font.woff2"); }
body { background-image: url("${origin}/background.png"); font-family: Remote, sans-serif; }
</style></head><body>
<p>Visible text</p>
<img src="${origin}/image.png">
<img srcset="${origin}/srcset.png 2x">
<picture><source srcset="${origin}/picture.png"><img src="${origin}/picture-fallback.png"></picture>
<iframe src="${origin}/frame"></iframe>
<object data="${origin}/object"></object>
<embed src="${origin}/embed">
<video poster="${origin}/poster.png" src="${origin}/video.mp4"></video>
<audio src="${origin}/audio.mp3" autoplay></audio>
<a href="${origin}/link" ping="${origin}/ping">link</a>
<img src="http://localhost:${port}/by-name.png">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</body></html>`;
  const [page] = await readPdf(await renderer.render({ html, width: 612, height: 792 }));
  findText(page!, 'Visible text');
  // Anything the page started late (a refresh after load) has had time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(seen, []);
});

test('the same HTML in a bare browser page does reach the server (the blocking above is what stops it)', async () => {
  const { executablePath } = await resolveChromium({ chromiumPath: process.env.CHROMIUM_PATH });
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.newPage();
    await page.setContent(`<img src="http://127.0.0.1:${port}/image.png">`, { waitUntil: 'load' });
    assert.deepEqual(seen.splice(0), ['GET /image.png']);
  } finally {
    await browser.close();
  }
});

test('SIGKILL of the render process mid-render: the render is retried on a new process and succeeds', async () => {
  const before = renderer.stats();
  const victim = before.processes[0]!.pid!;
  const rendering = renderer.render({ html: heavy(150), width: 612, height: 792 });
  await eventually(() => renderer.stats().processes[0]?.inFlight === 1, 10_000, 'the render in flight');
  process.kill(victim, 'SIGKILL');
  const pages = await readPdf(await rendering);
  assert.equal(pages.length, 150);
  const after = renderer.stats();
  assert.equal(after.retried, before.retried + 1);
  assert.equal(after.restarts, before.restarts + 1);
  assert.notEqual(after.processes[0]!.pid, victim);
  const [next] = await readPdf(
    await renderer.render({ html: '<p>After the kill</p>', width: 612, height: 792 }),
  );
  findText(next!, 'After the kill');
});

test('SIGKILL of the browser mid-render: the process restarts it, the render is retried and succeeds', async () => {
  const before = renderer.stats();
  const owner = before.processes[0]!.pid!;
  const rendering = renderer.render({ html: heavy(150), width: 612, height: 792 });
  await eventually(() => renderer.stats().processes[0]?.inFlight === 1, 10_000, 'the render in flight');
  // Every process under the render process is the browser's: its main process and its children.
  const browserProcesses = (await processTree(owner)).filter((pid) => pid !== owner);
  assert.ok(browserProcesses.length > 0, 'the browser runs under the render process');
  for (const pid of browserProcesses) process.kill(pid, 'SIGKILL');
  const pages = await readPdf(await rendering);
  assert.equal(pages.length, 150);
  assert.equal(renderer.stats().retried, before.retried + 1);
  const [next] = await readPdf(
    await renderer.render({ html: '<p>After the crash</p>', width: 612, height: 792 }),
  );
  findText(next!, 'After the crash');
});

test('renders waiting behind a full process keep their order and all complete', async () => {
  const pdfs = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      renderer.render({ html: `<p>Queued ${i}</p>`, width: 612, height: 792 }),
    ),
  );
  for (const [i, pdf] of pdfs.entries()) findText((await readPdf(pdf))[0]!, `Queued ${i}`);
});

test('a bad request fails with RenderError invalid_request before reaching a process', async () => {
  await assert.rejects(
    renderer.render({ html: '<p>x</p>', width: -1, height: 792 }),
    isRenderError('invalid_request'),
  );
});

test('a render past RENDER_TIMEOUT fails with RenderError timeout, and the next render works', async () => {
  const quick = await startHtmlRenderer({ processes: 1, pagesPerProcess: 1, timeoutMs: 1500 });
  try {
    await assert.rejects(
      quick.render({ html: heavy(1500), width: 612, height: 792 }),
      isRenderError('timeout'),
    );
    const [page] = await readPdf(await quick.render({ html: '<p>Quick</p>', width: 612, height: 792 }));
    findText(page!, 'Quick');
  } finally {
    await quick.close();
  }
});

test('a process past its memory cap is replaced, and renders go on', async () => {
  const capped = await startHtmlRenderer({
    processes: 1,
    pagesPerProcess: 1,
    maxRssMb: 64,
    memoryIntervalMs: 100,
  });
  try {
    await capped.render({ html: '<p>One</p>', width: 612, height: 792 });
    const first = capped.stats().processes[0]!.pid;
    await eventually(() => capped.stats().restarts >= 1, 20_000, 'the process replaced');
    const [page] = await readPdf(await capped.render({ html: '<p>Two</p>', width: 612, height: 792 }));
    findText(page!, 'Two');
    assert.ok(!capped.stats().processes.some((p) => p.pid === first && !p.draining));
  } finally {
    await capped.close();
  }
});

test('a browser that cannot start fails renders with RenderError unavailable, not a hang', async () => {
  const broken = await startHtmlRenderer({ chromiumPath: '/bin/false', processes: 1 });
  try {
    await assert.rejects(
      broken.render({ html: '<p>x</p>', width: 612, height: 792 }),
      isRenderError('unavailable'),
    );
  } finally {
    await broken.close();
  }
});

test('with no CHROMIUM_PATH and no chromium on PATH, the renderer uses the packaged Chromium', async () => {
  const packaged = await startHtmlRenderer({ searchPath: '/nonexistent', processes: 1, pagesPerProcess: 1 });
  try {
    assert.equal(packaged.stats().chromium.source, '@sparticuz/chromium');
    const [page] = await readPdf(
      await packaged.render({ html: textAt('Packaged', 72, 72), width: 612, height: 792 }),
    );
    assert.deepEqual([page!.width, page!.height], [612, 792]);
    findText(page!, 'Packaged');
  } finally {
    await packaged.close();
  }
});

test('close() fails renders still waiting with RenderError closed, and later renders too', async () => {
  const closing = await startHtmlRenderer({ processes: 1, pagesPerProcess: 1 });
  const waiting = assert.rejects(
    closing.render({ html: '<p>x</p>', width: 612, height: 792 }),
    isRenderError('closed'),
  );
  await closing.close();
  await waiting;
  await assert.rejects(
    closing.render({ html: '<p>x</p>', width: 612, height: 792 }),
    isRenderError('closed'),
  );
  assert.deepEqual(closing.stats().processes, []);
});
