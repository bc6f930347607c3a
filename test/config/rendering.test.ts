import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

test('rendering limits: documented defaults', () => {
  assert.deepEqual(loadConfig({}).rendering, {
    timeoutMs: 500,
    maxOutputLength: 5_000_000,
    threads: Math.min(availableParallelism(), 8),
    memoryMb: 256,
    maxHtmlLength: 2_000_000,
    maxTemplateHtmlLength: 2_000_000,
    maxMergeVariablesLength: 2_000_000,
  });
});

test('rendering limits: each variable sets its field', () => {
  const rendering = loadConfig({
    TEMPLATE_RENDER_TIMEOUT: '2s',
    TEMPLATE_RENDER_MAX_OUTPUT: '10000',
    TEMPLATE_RENDER_THREADS: '3',
    TEMPLATE_RENDER_MEMORY: '128',
    HTML_MAX_LENGTH: '10000',
    TEMPLATE_HTML_MAX_LENGTH: '100000',
    MERGE_VARIABLES_MAX_LENGTH: '25000',
  }).rendering;
  assert.deepEqual(rendering, {
    timeoutMs: 2000,
    maxOutputLength: 10_000,
    threads: 3,
    memoryMb: 128,
    maxHtmlLength: 10_000,
    maxTemplateHtmlLength: 100_000,
    maxMergeVariablesLength: 25_000,
  });
});

for (const [variable, value] of [
  ['TEMPLATE_RENDER_TIMEOUT', '5ms'],
  ['TEMPLATE_RENDER_TIMEOUT', 'soon'],
  ['TEMPLATE_RENDER_MAX_OUTPUT', '10'],
  ['TEMPLATE_RENDER_THREADS', '0'],
  ['TEMPLATE_RENDER_MEMORY', '16'],
  // The create schemas refuse longer HTML whatever the configuration says.
  ['HTML_MAX_LENGTH', '2000001'],
  ['TEMPLATE_HTML_MAX_LENGTH', '2000001'],
  ['MERGE_VARIABLES_MAX_LENGTH', 'lots'],
] as const) {
  test(`${variable}=${value} is refused with a message naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
    );
  });
}
