import type { JobHelpers, Task } from 'graphile-worker';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { runSimulatedUspsTick } from './simulated-usps.ts';

export const SIMULATED_USPS_TASK = 'simulated_usps_tick';

/** The job options that keep exactly one tick pending: a new one replaces a pending one. */
export function nextTickJob(config: Config, now = Date.now()) {
  return {
    runAt: new Date(now + config.pipeline.tickIntervalMs),
    jobKey: SIMULATED_USPS_TASK,
    jobKeyMode: 'replace' as const,
    maxAttempts: 1,
  };
}

/**
 * The simulated postal service's tick: one round (runSimulatedUspsTick), then the next round booked a
 * pipeline tick later. The chain is started at worker start-up and re-started by the crontab should it
 * ever break (a crash between the round and the booking).
 */
export function simulatedUspsTask(context: { db: Db; config: Config; logger: Logger }): Task {
  return async (_payload: unknown, helpers: JobHelpers) => {
    try {
      const result = await runSimulatedUspsTick(context.db, context.config.simulatedUsps);
      if (result.piecesScheduled || result.delivered) {
        const { errors: _errors, ...delivered } = result.delivered ?? {};
        context.logger.debug({ ...result, delivered }, 'simulated USPS tick');
      }
    } finally {
      await helpers.addJob(SIMULATED_USPS_TASK, {}, nextTickJob(context.config));
    }
  };
}

/** Worker start-up: start the chain now (a tick already pending keeps its time). */
export const firstTickJob = {
  jobKey: SIMULATED_USPS_TASK,
  jobKeyMode: 'preserve_run_at' as const,
  maxAttempts: 1,
};

/** Crontab line: restarts the tick chain within a minute if it is missing (keeps a pending one as is). */
export const simulatedUspsCrontab = `* * * * * ${SIMULATED_USPS_TASK} ?jobKey=${SIMULATED_USPS_TASK}&jobKeyMode=preserve_run_at&max=1`;
