import type { TaskList } from 'graphile-worker';
import type { WorkerContext } from '../worker/tasks.ts';
import { purgeFinishedDeliveries } from './delivery-queue.ts';

/** Deliveries finished this long ago are dropped; their attempts stay listed as invocations. */
export const FINISHED_DELIVERY_RETENTION_DAYS = 30;

/**
 * Sending itself is not a graphile-worker task (see DeliveryWorker): these are the webhook module's
 * housekeeping jobs.
 */
export function webhookTasks(context: WorkerContext): TaskList {
  return {
    purge_webhook_deliveries: async () => {
      const removed = await purgeFinishedDeliveries(context.db, FINISHED_DELIVERY_RETENTION_DAYS);
      if (removed) context.logger.info({ removed }, 'finished webhook deliveries purged');
    },
  };
}
