// Which Chromium renders: CHROMIUM_PATH, then Debian's `chromium` on PATH, then the one packaged in
// @sparticuz/chromium — which must really render, since that is what a fresh machine runs.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { resolveChromium } from '../../src/rendering/chromium.ts';
import { PagePool } from '../../src/rendering/page-pool.ts';
import { findText, readPdf } from './read-pdf.ts';
import { textAt } from './sizes.ts';

let dir: string;
let fakeChromium: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailstream-chromium-'));
  fakeChromium = path.join(dir, 'chromium');
  await writeFile(fakeChromium, '#!/bin/sh\nexit 1\n');
  await chmod(fakeChromium, 0o755);
});
after(() => rm(dir, { recursive: true, force: true }));

test('CHROMIUM_PATH comes first, then `chromium` on PATH', async () => {
  assert.deepEqual(await resolveChromium({ chromiumPath: '/opt/chrome/chrome', searchPath: dir }), {
    executablePath: '/opt/chrome/chrome',
    source: 'CHROMIUM_PATH',
  });
  assert.deepEqual(await resolveChromium({ searchPath: `/nonexistent${path.delimiter}${dir}` }), {
    executablePath: fakeChromium,
    source: 'PATH',
  });
});

test('with no CHROMIUM_PATH and no chromium on PATH, the packaged Chromium launches and renders a letter', async () => {
  const resolved = await resolveChromium({ searchPath: '/nonexistent' });
  assert.equal(resolved.source, '@sparticuz/chromium');
  const pool = await PagePool.open(resolved.executablePath, 1);
  try {
    const [page] = await readPdf(
      await pool.render({ html: textAt('Packaged', 72, 72), width: 612, height: 792 }, 30_000),
    );
    assert.deepEqual([page!.width, page!.height], [612, 792]);
    assert.ok(Math.abs(findText(page!, 'Packaged').x - 72) < 0.5);
  } finally {
    await pool.close();
  }
});

test('CHROMIUM_PATH must be an absolute path to an executable file', () => {
  for (const value of ['chromium', '/nonexistent/chromium', dir]) {
    assert.throws(
      () => loadConfig({ CHROMIUM_PATH: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'CHROMIUM_PATH',
      value,
    );
  }
  assert.equal(loadConfig({ CHROMIUM_PATH: fakeChromium }).pdfRendering.chromiumPath, fakeChromium);
});

test('render process settings: documented defaults, bounds enforced', () => {
  assert.deepEqual(loadConfig({}).pdfRendering, {
    chromiumPath: undefined,
    processes: 1,
    pagesPerProcess: 4,
    timeoutMs: 30_000,
    maxRssMb: 1536,
  });
  const set = loadConfig({
    RENDER_PROCESSES: '3',
    RENDER_PAGES_PER_PROCESS: '8',
    RENDER_TIMEOUT: '2m',
    RENDER_MAX_RSS_MB: '512',
  }).pdfRendering;
  assert.deepEqual([set.processes, set.pagesPerProcess, set.timeoutMs, set.maxRssMb], [3, 8, 120_000, 512]);
  for (const [variable, value] of [
    ['RENDER_PROCESSES', '0'],
    ['RENDER_PAGES_PER_PROCESS', 'many'],
    ['RENDER_TIMEOUT', '5'],
    ['RENDER_MAX_RSS_MB', '10'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
    );
  }
});
