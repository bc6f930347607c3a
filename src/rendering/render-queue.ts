// The render queue of a worker process: orders still `rendering` are the queue (their rows, committed with
// the create, are its outbox), taken in batches with FOR UPDATE SKIP LOCKED and a lease, so any number of
// worker processes render side by side and each order is held by one worker at a time. A worker that dies
// leaves leases that run out (RENDER_LEASE); the orders are then taken again (render-task.ts makes that safe).
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { DocumentStore } from '../documents/store.ts';
import { randomBase62 } from '../ids.ts';
import type { Logger } from '../logger.ts';
import { registerRenderQueueMetrics } from '../metrics/process-metrics.ts';
import { resolveChromium } from './chromium.ts';
import type { HtmlToPdf } from './order-render.ts';
import { OrderRenderCache } from './order-render-cache.ts';
import { PagePool } from './page-pool.ts';
import { RenderError } from './render-error.ts';
import { type RenderOutcome, runRenderTask } from './render-task.ts';
import { closeThumbnailPool } from './thumbnails.ts';

/** Between polls of an empty queue. */
const IDLE_POLL_MS = 200;

/** Takes up to `limit` orders to render for `leaseMs`, oldest first; their ids. */
export async function takeRenderBatch(db: Db, limit: number, leaseMs: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    update orders set render_lease_until = now() + ${leaseMs}::int * interval '1 millisecond'
    where id = any(array(
      select id from orders
      where render_status = 'rendering' and status = 'ready'
        and (render_lease_until is null or render_lease_until < now())
      order by created_at
      limit ${limit} for update skip locked))
      and render_status = 'rendering'
    returning id`.execute(db);
  return rows.map((r) => r.id);
}

/** Depth and age of the queue, for /metrics. */
export async function renderQueueState(db: Db) {
  const { rows } = await sql<{ depth: number; oldest: number | null }>`
    select count(*)::int as depth, extract(epoch from now() - min(created_at))::float8 as oldest
    from orders where render_status = 'rendering' and status = 'ready'`.execute(db);
  return { depth: rows[0]!.depth, oldestAgeSeconds: rows[0]!.oldest };
}

/**
 * The HTML → PDF engine of this process: one Chromium with a pool of pages (src/rendering/page-pool.ts),
 * launched on the first render and launched again after a crash.
 */
export function chromiumHtmlToPdf(config: Config): HtmlToPdf & { close(): Promise<void> } {
  let pool: Promise<PagePool> | undefined;
  const open = () => {
    pool ??= (async () => {
      const { executablePath } = await resolveChromium({ chromiumPath: config.pdfRendering.chromiumPath });
      const opened = await PagePool.open(executablePath, config.pdfRendering.pagesPerProcess);
      opened.browser.on('disconnected', () => {
        if (pool && pool === current) pool = undefined;
      });
      return opened;
    })();
    const current = pool;
    current.catch(() => {
      if (pool === current) pool = undefined;
    });
    return current;
  };
  return {
    async render(request) {
      let opened: PagePool;
      try {
        opened = await open();
      } catch (error) {
        throw new RenderError('unavailable', `no browser could be started: ${(error as Error).message}`);
      }
      return opened.render(request, config.pdfRendering.timeoutMs);
    },
    async close() {
      const current = pool;
      pool = undefined;
      if (current) await (await current.catch(() => null))?.close();
    },
  };
}

export interface RenderQueueOptions {
  db: Db;
  config: Config;
  logger: Logger;
  /** Defaults to Chromium (chromiumHtmlToPdf). */
  html?: HtmlToPdf & { close?(): Promise<void> };
  /** Called after each order's render (tests, benchmarks). */
  onRendered?: (orderId: string, outcome: RenderOutcome) => void;
}

/**
 * Renders every order waiting now, in this process, and returns how each ended: for tools and tests
 * that move orders without a worker process (the worker's queue does this continuously).
 */
export async function renderPendingOrders(
  options: Omit<RenderQueueOptions, 'onRendered'>,
): Promise<Map<string, RenderOutcome>> {
  const { db, config, logger } = options;
  const store = new DocumentStore(config.documents);
  const own = options.html ? null : chromiumHtmlToPdf(config);
  const html = options.html ?? own!;
  const deps = {
    db,
    logger,
    store,
    html,
    worker: `${hostname()}:${process.pid}:inline`,
    documents: config.documents,
    cache: new OrderRenderCache(),
    maxAttempts: config.renderQueue.maxAttempts,
    leaseMs: config.renderQueue.leaseMs,
    retryDelayMs: 0,
    imb: config.pipeline,
  };
  const outcomes = new Map<string, RenderOutcome>();
  try {
    for (;;) {
      const ids = await takeRenderBatch(db, config.renderQueue.concurrency, config.renderQueue.leaseMs);
      if (ids.length === 0) break;
      const results = await Promise.all(ids.map((id) => runRenderTask(deps, id)));
      for (const [i, id] of ids.entries()) outcomes.set(id, results[i]!);
    }
  } finally {
    await own?.close();
    store.close();
  }
  return outcomes;
}

export interface RunningRenderQueue {
  stop(): Promise<void>;
}

/** Starts rendering: up to RENDER_QUEUE_CONCURRENCY orders at once, until stopped. */
export function startRenderQueue(options: RenderQueueOptions): RunningRenderQueue {
  const { db, config, logger } = options;
  const settings = config.renderQueue;
  const store = new DocumentStore(config.documents);
  const html = options.html ?? chromiumHtmlToPdf(config);
  const worker = `${hostname()}:${process.pid}:${randomBase62(6)}`;
  const deps = {
    db,
    logger,
    store,
    html,
    worker,
    documents: config.documents,
    cache: new OrderRenderCache(),
    maxAttempts: settings.maxAttempts,
    leaseMs: settings.leaseMs,
    retryDelayMs: Math.min(settings.leaseMs, 5000),
    imb: config.pipeline,
  };
  registerRenderQueueMetrics(() => renderQueueState(db));
  let stopped = false;
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> | null = null;
  const running = new Set<Promise<void>>();
  let wake: () => void = () => {};

  const runOne = (orderId: string) => {
    inFlight++;
    const task = runRenderTask(deps, orderId)
      .then((outcome) => options.onRendered?.(orderId, outcome))
      .catch((error) => {
        if (!stopped) logger.error({ err: error, orderId }, 'order render could not be recorded');
      })
      .finally(() => {
        inFlight--;
        running.delete(task);
        wake();
      });
    running.add(task);
  };

  const fill = async () => {
    while (!stopped && inFlight < settings.concurrency) {
      let ids: string[];
      try {
        ids = await takeRenderBatch(db, settings.concurrency - inFlight, settings.leaseMs);
      } catch (error) {
        if (!stopped) logger.error({ err: error }, 'render queue could not take orders');
        ids = [];
      }
      for (const id of ids) runOne(id);
      if (ids.length === 0) break;
    }
  };

  const loop = () => {
    if (stopped || filling) return;
    clearTimeout(timer);
    filling = fill().finally(() => {
      filling = null;
      if (!stopped) timer = setTimeout(loop, IDLE_POLL_MS);
    });
  };
  wake = loop;
  loop();
  logger.info({ worker, concurrency: settings.concurrency }, 'render queue running');
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await filling;
      await Promise.allSettled([...running]);
      await html.close?.();
      await closeThumbnailPool();
      store.close();
    },
  };
}
