import { run, Logger as WorkerLogger } from 'graphile-worker';
import type pg from 'pg';
import { firstTickJob, SIMULATED_USPS_TASK } from '../ingestion/simulated-usps-task.ts';
import type { Logger } from '../logger.ts';
import { startPipelineLoop } from '../scheduling/loop.ts';
import { DeliveryWorker } from '../webhooks/delivery-worker.ts';
import { crontab, taskList, type WorkerContext } from './tasks.ts';

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

export async function startWorker(context: WorkerContext, pool: pg.Pool): Promise<RunningWorker> {
  const concurrency = context.config.workerConcurrency;
  const runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: taskList(context),
    crontab,
    logger: workerLogger(context.logger),
    // Batch-fetching jobs more than doubles throughput (graphile-worker's localQueue).
    preset: { worker: { localQueue: { size: concurrency + 1, refetchDelay: { durationMs: 10 } } } },
  });
  // The simulated postal service re-books its own ticks; this starts the chain (src/ingestion).
  await runner.addJob(SIMULATED_USPS_TASK, {}, firstTickJob);
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
  return {
    stop: async () => {
      await pipeline.stop();
      await webhooks.stop();
      await runner.stop();
    },
  };
}
