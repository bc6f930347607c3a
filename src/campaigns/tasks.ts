import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { CAMPAIGN_WORK_TASK } from './service.ts';
import { runCampaignWork } from './work.ts';

/** Every minute, and at each worker start: campaigns a dead worker left drafting or sending go on. */
export const campaignsCrontab = `* * * * * ${CAMPAIGN_WORK_TASK} ?max=1`;

export function campaignTasks(context: { db: Db; logger: Logger }): TaskList {
  return {
    [CAMPAIGN_WORK_TASK]: async () => {
      const steps = await runCampaignWork(context.db);
      if (steps) context.logger.info({ steps }, 'campaign work done');
    },
  };
}
