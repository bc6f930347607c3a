// The pipeline's heartbeat in worker processes: every PIPELINE_TICK_INTERVAL, one scheduler pass and (when
// enabled) one pass of the simulated printer. graphile-worker's cron is minute-granular, too coarse for the
// demo profile's seconds; every worker process ticks, and correctness comes from the SQL (SKIP LOCKED,
// conditional UPDATEs), not from a single ticker.
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { DocumentStore } from '../documents/store.ts';
import type { Logger } from '../logger.ts';
import { runSimulatedPrinter } from '../printers/simulated.ts';
import { runSchedulerTick } from './scheduler.ts';

export interface PipelineLoop {
  stop(): Promise<void>;
}

export interface PipelineLoopOptions {
  db: Db;
  config: Config;
  logger: Logger;
  /** The clock; tests and demos may inject one. */
  now?: () => Date;
}

/**
 * One full pass: scheduler, then the simulated printer (which fetches documents from `store`; one is made
 * for the pass when none is given). Exposed for tests and tools.
 */
export async function runPipelineTick(db: Db, config: Config, now: Date, store?: DocumentStore) {
  const scheduled = await runSchedulerTick(db, config, now);
  let printed: Awaited<ReturnType<typeof runSimulatedPrinter>> | null = null;
  if (config.pipeline.simulatedPrinter) {
    const documents = store ?? new DocumentStore(config.documents);
    try {
      printed = await runSimulatedPrinter(db, config, now, documents);
    } finally {
      if (!store) documents.close();
    }
  }
  return {
    ...scheduled,
    ...(printed
      ? {
          simulatedMailed: printed.mailed,
          simulatedClaimed: printed.claimed,
          simulatedRejected: printed.rejected,
        }
      : {}),
  };
}

export function startPipelineLoop(options: PipelineLoopOptions): PipelineLoop {
  const { db, config, logger } = options;
  const clock = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const store = new DocumentStore(config.documents);
  const tick = async () => {
    try {
      const result = await runPipelineTick(db, config, clock(), store);
      if (Object.values(result).some((n) => n > 0)) logger.debug({ pipeline: result }, 'pipeline tick');
    } catch (error) {
      if (!stopped) logger.error({ err: error }, 'pipeline tick failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(schedule);
    }, config.pipeline.tickIntervalMs);
  };
  logger.info(
    { profile: config.profile, simulatedPrinter: config.pipeline.simulatedPrinter },
    `pipeline running (profile ${config.profile}, simulated printer ${config.pipeline.simulatedPrinter ? 'on' : 'off'})`,
  );
  running = tick().then(schedule);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      store.close();
    },
  };
}
