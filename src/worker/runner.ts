import { Logger as WorkerLogger, run } from 'graphile-worker';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { type WorkerContext, crontab, taskList } from './tasks.ts';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** graphile-worker's log lines go through our pino logger, so they carry the same JSON shape. */
function workerLogger(logger: Logger) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : level === 'info' ? 'info' : 'debug';
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
  return { stop: () => runner.stop() };
}
