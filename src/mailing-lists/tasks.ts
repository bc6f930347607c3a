import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { runPendingListJobs } from './jobs.ts';
import { LIST_JOBS_TASK } from './service.ts';

/** Every minute, and at each worker start: jobs left by a worker that died are taken up. */
export const mailingListsCrontab = `* * * * * ${LIST_JOBS_TASK} ?max=1`;

export function mailingListTasks(context: { db: Db; logger: Logger }): TaskList {
  return {
    [LIST_JOBS_TASK]: async () => {
      const ran = await runPendingListJobs(context.db);
      if (ran) context.logger.info({ ran }, 'mailing list jobs run');
    },
  };
}
