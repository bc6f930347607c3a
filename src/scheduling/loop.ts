// The pipeline's heartbeat in worker processes: every PIPELINE_TICK_INTERVAL, one scheduler pass and (when
// enabled) one pass of the simulated printer. graphile-worker's cron is minute-granular, too coarse for the
// demo profile's seconds; every worker process ticks, and correctness comes from the SQL (SKIP LOCKED,
// conditional UPDATEs), not from a single ticker.
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
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

/** One full pass: scheduler, then the simulated printer. Exposed for tests and tools. */
export async function runPipelineTick(db: Db, config: Config, now: Date) {
  const scheduled = await runSchedulerTick(db, config, now);
  const printed = config.pipeline.simulatedPrinter ? await runSimulatedPrinter(db, config, now) : null;
  return {
    ...scheduled,
    ...(printed ? { simulatedMailed: printed.mailed, simulatedClaimed: printed.claimed } : {}),
  };
}

export function startPipelineLoop(options: PipelineLoopOptions): PipelineLoop {
  const { db, config, logger } = options;
  const clock = options.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const result = await runPipelineTick(db, config, clock());
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
    },
  };
}
