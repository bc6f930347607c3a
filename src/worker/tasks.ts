import type { TaskList } from 'graphile-worker';
import { CAMPAIGN_WORK_TASK } from '../campaigns/service.ts';
import { campaignsCrontab, campaignTasks } from '../campaigns/tasks.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { documentsCrontab, documentTasks } from '../documents/tasks.ts';
import { purgeExpiredIdempotencyKeys } from '../idempotency/service.ts';
import { VALIDATE_IMPORTS_TASK } from '../imports/service.ts';
import { importsCrontab, importTasks } from '../imports/tasks.ts';
import {
  SIMULATED_USPS_TASK,
  simulatedUspsCrontab,
  simulatedUspsTask,
} from '../ingestion/simulated-usps-task.ts';
import type { Logger } from '../logger.ts';
import { LIST_JOBS_TASK } from '../mailing-lists/service.ts';
import { mailingListsCrontab, mailingListTasks } from '../mailing-lists/tasks.ts';
import type { LazyHtmlRenderer } from '../rendering/lazy-renderer.ts';
import { purgeEndedSessions } from '../sessions/service.ts';
import { pruneImbSerials } from '../tracking/imb-assignment.ts';
import { webhookTasks } from '../webhooks/tasks.ts';

export interface WorkerContext {
  db: Db;
  config: Config;
  logger: Logger;
  /**
   * HTML → PDF in render processes (src/rendering/html-renderer.ts), started on first use; startWorker
   * makes it from config.pdfRendering unless given one, and closes it when the worker stops.
   */
  htmlRenderer: LazyHtmlRenderer;
}

/** Every background task, by name. Each domain contributes its own; handlers call service functions. */
export function taskList(context: WorkerContext): TaskList {
  return {
    ...webhookTasks(context),
    ...documentTasks(context),
    ...importTasks(context),
    ...mailingListTasks(context),
    ...campaignTasks(context),
    [SIMULATED_USPS_TASK]: simulatedUspsTask(context),
    purge_idempotency_keys: async () => {
      const removed = await purgeExpiredIdempotencyKeys(context.db);
      if (removed) context.logger.info({ removed }, 'expired idempotency keys purged');
    },
    prune_imb_serials: async () => {
      const removed = await pruneImbSerials(context.db);
      if (removed) context.logger.info({ removed }, 'IMb serials past their 45-day window pruned');
    },
    purge_sessions: async () => {
      const removed = await purgeEndedSessions(context.db);
      if (removed) context.logger.info({ removed }, 'ended dashboard sessions purged');
    },
  };
}

/** Bulk-sending tasks, queued at every worker start to resume what a dead worker left. */
export const bulkTasks = [VALIDATE_IMPORTS_TASK, LIST_JOBS_TASK, CAMPAIGN_WORK_TASK];

/** graphile-worker crontab: minute-granularity housekeeping. */
export const crontab = [
  '17 * * * * purge_idempotency_keys ?max=1',
  '41 3 * * * purge_webhook_deliveries ?max=1',
  simulatedUspsCrontab,
  '23 * * * * purge_sessions ?max=1',
  '29 4 * * * prune_imb_serials ?max=1',
  documentsCrontab,
  importsCrontab,
  mailingListsCrontab,
  campaignsCrontab,
].join('\n');
