import { availableParallelism } from 'node:os';
import { duration, type Env, integer } from './config.ts';

/**
 * Limits of customer HTML and its rendering (src/templates/render-pool.ts). Renders that could run long or
 * grow large run on worker threads, each with a CPU-time budget and an output cap, so no request can stall
 * or exhaust the process.
 */
export interface RenderingConfig {
  /** CPU time one render (compile included) may use on its thread before the thread is stopped. */
  timeoutMs: number;
  /** Longest rendered HTML, in characters. */
  maxOutputLength: number;
  /** Worker threads rendering at once per process. */
  threads: number;
  /** Heap of one worker thread, in MB: the backstop if a render allocates more than its output. */
  memoryMb: number;
  /** Longest inline HTML of an order (`html`, `frontHTML`, `letterHTML`…), in characters. */
  maxHtmlLength: number;
  /** Longest HTML of a saved template, in characters. */
  maxTemplateHtmlLength: number;
  /** Longest `mergeVariables` of an order, as JSON, in characters. */
  maxMergeVariablesLength: number;
}

/** The create schemas' own ceiling for HTML fields; the configured limits can only be lower. */
export const HTML_SCHEMA_MAX_LENGTH = 2_000_000;

export function loadRenderingConfig(env: Env): RenderingConfig {
  return {
    timeoutMs: duration(env, 'TEMPLATE_RENDER_TIMEOUT', '500ms', 10, 60_000),
    maxOutputLength: integer(env, 'TEMPLATE_RENDER_MAX_OUTPUT', 5_000_000, 1000, 200_000_000),
    threads: integer(env, 'TEMPLATE_RENDER_THREADS', Math.min(availableParallelism(), 8), 1, 64),
    memoryMb: integer(env, 'TEMPLATE_RENDER_MEMORY', 256, 64, 16_384),
    maxHtmlLength: integer(env, 'HTML_MAX_LENGTH', HTML_SCHEMA_MAX_LENGTH, 1, HTML_SCHEMA_MAX_LENGTH),
    maxTemplateHtmlLength: integer(
      env,
      'TEMPLATE_HTML_MAX_LENGTH',
      HTML_SCHEMA_MAX_LENGTH,
      1,
      HTML_SCHEMA_MAX_LENGTH,
    ),
    maxMergeVariablesLength: integer(env, 'MERGE_VARIABLES_MAX_LENGTH', 2_000_000, 2, 100_000_000),
  };
}
