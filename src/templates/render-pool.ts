// Every render of customer HTML goes through here, so no template can stall or exhaust the process.
//
// A template whose work is provably small renders inline: short, with few `{{…}}`, no blocks (nothing
// repeats), and an output bound (literal text + expressions × the longest value the data can print)
// far under the cap. Everything else renders on a pool of worker threads (piscina) with two limits:
// - CPU time (TEMPLATE_RENDER_TIMEOUT), counted on the rendering thread from the moment it takes the task
//   (time in the queue is not counted, nor time the thread waits for a core). Past it the thread is
//   terminated, piscina starts a replacement, and the caller gets a RenderLimitError.
// - Output length (TEMPLATE_RENDER_MAX_OUTPUT), counted while the output is produced
//   (src/templates/render-meter.ts), with the thread's heap limit (TEMPLATE_RENDER_MEMORY) as the
//   backstop: a thread that runs out of memory dies and is replaced.
//
// The pool is made on the first render that needs it and closed when the last app using it closes
// (`acquireRendering`); idle threads never keep a process alive.
import { Piscina } from 'piscina';
import { loadRenderingConfig, type RenderingConfig } from '../config/rendering.ts';
import type { Logger } from '../logger.ts';
import { MissingVariableError, renderTemplate, TemplateSyntaxError, templateShape } from './render.ts';
import type { RenderOutcome, RenderStarted, RenderTask } from './render-worker.ts';
import { threadCpuMs } from './thread-cpu.ts';

/** A render passed one of its limits; the message names the limit and its variable. */
export class RenderLimitError extends Error {
  override name = 'RenderLimitError';

  constructor(
    readonly limit: 'time' | 'output' | 'memory',
    message: string,
  ) {
    super(message);
  }
}

// The inline path's bounds: a compile of this much costs well under a millisecond or two, and so does
// printing this much output.
const INLINE_MAX_HTML = 20_000;
const INLINE_MAX_EXPRESSIONS = 50;
const INLINE_MAX_OUTPUT = 1_000_000;
/** The most characters escaping can make of one (`'` → `&#x27;`). */
const ESCAPE_GROWTH = 6;
/**
 * A render that has not used its CPU budget after this many times the budget in wall time is stopped too,
 * so an answer never waits long for a thread starved of CPU (a normal render uses a small part of it).
 */
const WALL_FACTOR = 4;

const defaults: RenderingConfig = loadRenderingConfig({});
let settings = defaults;
let log: Logger | undefined;
/** The configurations of the users holding the pool, oldest first; the newest one applies. */
const holders: RenderingConfig[] = [];
let pool: { piscina: Piscina; threads: number; memoryMb: number } | null = null;

/**
 * An app (or any other long-lived user) renders with `config`'s limits until it calls the returned
 * release; then the limits of the user before it apply again, and the pool closes when its last user
 * releases it. Renders outside any user get the defaults.
 */
export function acquireRendering(config: RenderingConfig, logger?: Logger): () => Promise<void> {
  const held = { ...config };
  holders.push(held);
  settings = held;
  log = logger ?? log;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders.splice(holders.indexOf(held), 1);
    settings = holders[holders.length - 1] ?? defaults;
    if (holders.length === 0) await closeRenderPool();
  };
}

/** The limits renders and input checks use now. */
export function renderingLimits(): RenderingConfig {
  return settings;
}

/** Stops the pool's threads (a later render starts a new pool). */
export async function closeRenderPool(): Promise<void> {
  const current = pool;
  pool = null;
  await current?.piscina.destroy();
}

/** Threads of the pool right now (for tests: a stopped thread is replaced, none are left behind). */
export function renderPoolThreads(): number {
  return pool?.piscina.threads.length ?? 0;
}

/** Ids of the pool's threads right now (for tests: which render stopped its thread). */
export function renderThreadIds(): number[] {
  return (pool?.piscina.threads ?? []).map((thread) => thread.threadId).sort((a, b) => a - b);
}

// Start notices from the threads (render-worker.ts), by task id: each starts its task's CPU clock.
const running = new Map<number, (started: RenderStarted) => void>();
let lastTaskId = 0;

function currentPool(): Piscina {
  if (pool && pool.threads === settings.threads && pool.memoryMb === settings.memoryMb) return pool.piscina;
  // New limits for the threads themselves: the old pool finishes what it runs, then stops.
  if (pool) void pool.piscina.close().catch(() => undefined);
  const piscina = new Piscina({
    filename: new URL('./render-thread.mjs', import.meta.url).href,
    // All threads are kept: starting one (tsx, Handlebars) costs a few hundred ms of CPU, and while a stopped
    // thread's replacement starts, the others take the renders.
    minThreads: settings.threads,
    maxThreads: settings.threads,
    // The entry registers tsx itself; inheriting `--import tsx` from a test or bench process would load it
    // twice.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: settings.memoryMb },
  });
  piscina.on('message', (message: RenderStarted) => running.get(message.renderStarted)?.(message));
  // A thread that fails with no task on it (none should): logged, and piscina replaces it.
  piscina.on('error', (error: unknown) => log?.error({ err: error }, 'render thread failed'));
  pool = { piscina, threads: settings.threads, memoryMb: settings.memoryMb };
  return piscina;
}

async function runInPool(task: Omit<RenderTask, 'id'>, timeoutMs: number): Promise<RenderOutcome> {
  const limits = settings;
  const id = ++lastTaskId;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let overTime = false;
  running.set(id, (started) => {
    const wallStart = performance.now();
    const check = () => {
      const now = started.thread && started.cpuMs !== null ? threadCpuMs(started.thread) : null;
      const wall = performance.now() - wallStart;
      const used = now === null ? wall : now - started.cpuMs!;
      if (used >= timeoutMs || wall >= timeoutMs * WALL_FACTOR) {
        overTime = true;
        controller.abort();
        return;
      }
      // CPU time never runs ahead of wall time on one thread, so the next look is due no sooner than this.
      timer = setTimeout(check, Math.max(timeoutMs - used, 10));
    };
    timer = setTimeout(check, timeoutMs);
  });
  try {
    return (await currentPool().run({ ...task, id }, { signal: controller.signal })) as RenderOutcome;
  } catch (error) {
    if (overTime) {
      throw new RenderLimitError(
        'time',
        `rendering took more than the ${limits.timeoutMs} ms budget (TEMPLATE_RENDER_TIMEOUT); simplify the template or its loops.`,
      );
    }
    if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      throw new RenderLimitError(
        'memory',
        `rendering needed more than the ${limits.memoryMb} MB memory limit (TEMPLATE_RENDER_MEMORY).`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    running.delete(id);
  }
}

function outputLimitError(limits: RenderingConfig): RenderLimitError {
  return new RenderLimitError(
    'output',
    `the rendered HTML is longer than the ${limits.maxOutputLength}-character limit (TEMPLATE_RENDER_MAX_OUTPUT).`,
  );
}

function unpack(outcome: RenderOutcome, limits: RenderingConfig): string | undefined {
  if (outcome.ok) return outcome.html;
  switch (outcome.error) {
    case 'missing_variable':
      throw new MissingVariableError(outcome.variable);
    case 'syntax':
      throw new TemplateSyntaxError(outcome.message, outcome.line);
    case 'output_limit':
      throw outputLimitError(limits);
  }
}

/** Upper bound of `{{` in `html`, which bounds its statements; stops counting past `max`. */
function openings(html: string, max: number): number {
  let count = 0;
  for (let at = html.indexOf('{{'); at !== -1 && count <= max; at = html.indexOf('{{', at + 2)) count++;
  return count;
}

/**
 * An upper bound of what any single value in `value` can print, or Infinity once it passes `budget`: the
 * printed lengths of all its leaves, plus a comma per array element and `[object Object]` per object (an
 * array prints as its elements joined, an object as that text). Stops early, so its cost is bounded too.
 */
function printableLength(value: unknown, budget: number, depth = 0): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object') return String(value).length;
  if (depth > 64) return Number.POSITIVE_INFINITY;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
    return String(value).length; // a Date, say
  }
  let total = Array.isArray(value) ? value.length : '[object Object]'.length;
  for (const item of Object.values(value)) {
    total += printableLength(item, budget - total, depth + 1);
    if (total > budget) return Number.POSITIVE_INFINITY;
  }
  return total;
}

/** Whether rendering `html` with `variables` is provably cheap enough for the event loop. */
function rendersInline(html: string, variables: Record<string, unknown>, limits: RenderingConfig): boolean {
  if (html.length > INLINE_MAX_HTML || openings(html, INLINE_MAX_EXPRESSIONS) > INLINE_MAX_EXPRESSIONS) {
    return false;
  }
  // Compiling is cheap at this size (and cached); a syntax error is thrown here, as the pool would.
  const { blocks, expressions } = templateShape(html);
  if (blocks > 0) return false;
  const room = Math.min(INLINE_MAX_OUTPUT, limits.maxOutputLength) - html.length;
  if (room < 0) return false;
  if (expressions === 0) return true;
  const perExpression = room / (expressions * ESCAPE_GROWTH);
  return printableLength(variables, perExpression) <= perExpression;
}

async function render(
  html: string,
  variables: Record<string, unknown>,
  options: { keepOutput: boolean; timeFactor?: number },
): Promise<string | undefined> {
  const limits = settings;
  if (rendersInline(html, variables, limits)) return renderTemplate(html, variables);
  const outcome = await runInPool(
    { html, variables, maxOutputLength: limits.maxOutputLength, keepOutput: options.keepOutput },
    limits.timeoutMs * (options.timeFactor ?? 1),
  );
  return unpack(outcome, limits);
}

/**
 * Checks that `html` renders with `variables` within the limits (an order's create). Throws
 * MissingVariableError, TemplateSyntaxError or RenderLimitError.
 */
export async function checkRenders(html: string, variables: Record<string, unknown>): Promise<void> {
  await render(html, variables, { keepOutput: false });
}

/**
 * Renders `html` with `variables` within the limits and returns the HTML. `timeFactor` stretches the CPU
 * budget: content accepted at create time renders again for printers, and the same render must not fail
 * on the jitter of a busy thread. Throws like `checkRenders`.
 */
export async function renderInPool(
  html: string,
  variables: Record<string, unknown>,
  options: { timeFactor?: number } = {},
): Promise<string> {
  return (await render(html, variables, { keepOutput: true, ...options }))!;
}

/** Checks that a saved template compiles, within the CPU budget. Throws TemplateSyntaxError or RenderLimitError. */
export async function checkCompiles(html: string): Promise<void> {
  const limits = settings;
  if (html.length <= INLINE_MAX_HTML && openings(html, INLINE_MAX_EXPRESSIONS) <= INLINE_MAX_EXPRESSIONS) {
    templateShape(html);
    return;
  }
  const outcome = await runInPool(
    { html, variables: null, maxOutputLength: limits.maxOutputLength, keepOutput: false },
    limits.timeoutMs,
  );
  unpack(outcome, limits);
}
