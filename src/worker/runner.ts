import { type Runner, run, Logger as WorkerLogger } from 'graphile-worker';
import type pg from 'pg';
import { firstTickJob, SIMULATED_USPS_TASK } from '../ingestion/simulated-usps-task.ts';
import type { Logger } from '../logger.ts';
import { htmlRendererOptions } from '../rendering/html-renderer.ts';
import { lazyHtmlRenderer } from '../rendering/lazy-renderer.ts';
import { startRenderQueue } from '../rendering/render-queue.ts';
import { startPipelineLoop } from '../scheduling/loop.ts';
import { DeliveryWorker } from '../webhooks/delivery-worker.ts';
import { bulkTasks, crontab, taskList, type WorkerContext } from './tasks.ts';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** graphile-worker's log lines go through our pino logger, so they carry the same JSON shape. */
function workerLogger(logger: Logger) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const method =
      level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
    logger[method]({ worker: scope, ...meta }, message);
  });
}

/** A graphile-worker runner with our tasks, and the simulated postal service's tick chain started. */
async function startRunner(context: WorkerContext, pool: pg.Pool): Promise<Runner> {
  const concurrency = context.config.workerConcurrency;
  const runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: taskList(context),
    crontab,
    logger: workerLogger(context.logger),
    preset: {
      worker: {
        // Batch-fetching jobs more than doubles throughput (graphile-worker's localQueue).
        localQueue: { size: concurrency + 1, refetchDelay: { durationMs: 10 } },
        // Unbatched, graphile-worker 0.17 records a job's outcome in a promise nobody awaits: when the
        // database is unreachable at that moment, the rejection is unhandled and kills the process (found by
        // test/scale/crash.test.ts). Batched, the failure stops the runner instead, which
        // superviseRunner replaces.
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
      },
    },
  });
  // The simulated postal service re-books its own ticks; this starts the chain (src/ingestion).
  try {
    await runner.addJob(SIMULATED_USPS_TASK, {}, firstTickJob);
    // Bulk work a worker that died left half done (imports validating, list jobs, campaigns drafting or
    // sending) is taken up at once rather than at the next minute's sweep.
    for (const task of bulkTasks) await runner.addJob(task, {});
  } catch (error) {
    await runner.stop().catch(() => {});
    throw error;
  }
  return runner;
}

/**
 * graphile-worker stops its runner, and rejects the runner's promise, when it cannot record a job's outcome
 * (PostgreSQL restarting, failing over, unreachable). Left alone, that rejection ends the whole process.
 * Everything else in a worker process waits such outages out (the pools reconnect; the pipeline loop and
 * the delivery worker retry), so the runner is replaced instead: a new one, started again until it starts.
 */
function superviseRunner(context: WorkerContext, pool: pg.Pool, first: Runner): RunningWorker {
  let current: Runner | null = first;
  let starting: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  const replace = (delayMs: number) => {
    timer = setTimeout(() => {
      if (stopping) return;
      starting = startRunner(context, pool).then(
        async (runner) => {
          if (stopping) return runner.stop();
          current = runner;
          watch(runner);
          context.logger.warn('background job runner started again');
        },
        (error) => {
          if (stopping) return;
          context.logger.warn({ err: error }, 'background job runner could not start; retrying');
          replace(Math.min(delayMs * 2, 10_000));
        },
      );
    }, delayMs);
  };
  const watch = (runner: Runner) => {
    const ended = (error?: unknown) => {
      if (stopping || current !== runner) return;
      current = null;
      context.logger.error({ err: error }, 'background job runner stopped; starting a new one');
      replace(1000);
    };
    runner.promise.then(() => ended(), ended);
  };
  watch(first);
  return {
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await starting;
      await current?.stop();
    },
  };
}

export async function startWorker(
  base: Omit<WorkerContext, 'htmlRenderer'> & Partial<Pick<WorkerContext, 'htmlRenderer'>>,
  pool: pg.Pool,
): Promise<RunningWorker> {
  const ownRenderer = base.htmlRenderer === undefined;
  const context: WorkerContext = {
    ...base,
    htmlRenderer:
      base.htmlRenderer ?? lazyHtmlRenderer(htmlRendererOptions(base.config.pdfRendering, base.logger)),
  };
  const runner = superviseRunner(context, pool, await startRunner(context, pool));
  // Webhook deliveries run beside graphile-worker, woken by NOTIFY: a dead receiver must not hold job slots.
  const webhooks = new DeliveryWorker({ ...context, pool });
  try {
    await webhooks.start();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  // Scheduler and simulated printer: a loop in every worker process (src/scheduling/loop.ts).
  const pipeline = startPipelineLoop({ db: context.db, config: context.config, logger: context.logger });
  // Every order is rendered to its print-ready PDF here, before the scheduler lets it print.
  const rendering = startRenderQueue({ db: context.db, config: context.config, logger: context.logger });
  return {
    stop: async () => {
      // Each part's time is logged: a shutdown that hangs shows which part held it.
      const part = async (name: string, stop: () => Promise<void>) => {
        const begun = Date.now();
        await stop();
        context.logger.info({ part: name, ms: Date.now() - begun }, `stopped worker ${name}`);
      };
      await part('render queue', () => rendering.stop());
      await part('pipeline', () => pipeline.stop());
      await part('webhook deliveries', () => webhooks.stop());
      await part('job runner', () => runner.stop());
      // After the runner: no job is rendering any more.
      if (ownRenderer) await part('renderer', () => context.htmlRenderer.close());
    },
  };
}
