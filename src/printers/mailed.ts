// printing → processed_for_delivery: the piece is with the postal service (BRIEF §5). Shared by printers
// reporting mail (live orders) and by test-mode progressions, so both get what that step gives: a tracking
// number for extra services and express (BRIEF §8), and a completion estimate.
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { type BatchTransition, transitionOrders } from '../orders/lifecycle.ts';
import {
  completionEstimateSql,
  outForDeliveryEstimateSql,
  type PipelineSettings,
} from '../scheduling/estimates.ts';
import { trackingNumbersFor } from '../tracking/tracking-number-assignment.ts';

export interface MailedBatch {
  /** Orders to move; only those still printing (and matching `where`) move. */
  orderIds: string[];
  /** Further condition, e.g. that the reporting printer holds the claim. */
  where: RawBuilder<unknown>;
  at: Date;
  /** Carrier tracking numbers the printer reported, by order id. */
  reported?: Record<string, string>;
  /** Whether the simulated postal service should play these pieces' scans (those with an IMb). */
  simulateScans?: boolean;
  /** Whether the order completes by the estimate on its own (test orders progressed by hand do not). */
  estimateCompletion: boolean;
  /**
   * Orders locked elsewhere (e.g. by scan ingestion), as transitionOrders takes them: `wait` for a report
   * of named pieces, which must not be refused because another transaction held a row for a moment;
   * `skip` (default) for the simulated printer's batches, which take them on its next pass.
   */
  locked?: BatchTransition['locked'];
}

/**
 * The class's estimate, or sooner when an out_for_delivery scan came before the printer reported the
 * piece mailed (the scheduler folds only scans of orders already processed_for_delivery).
 */
function completionEstimate(settings: PipelineSettings, at: Date): RawBuilder<Date> {
  const estimate = completionEstimateSql(settings, at);
  return sql<Date>`case when imb_status = 'out_for_delivery'
    then least(${estimate}, ${outForDeliveryEstimateSql(settings)}) else ${estimate} end`;
}

/** Moves a batch to processed_for_delivery with its tracking numbers and events; returns the moved ids. */
export async function moveMailed(
  db: Executor,
  settings: PipelineSettings,
  batch: MailedBatch,
): Promise<string[]> {
  if (batch.orderIds.length === 0) return [];
  const numbers = await trackingNumbersFor(db, settings.pipeline.imbMailerId, batch.orderIds, batch.reported);
  const map = JSON.stringify(numbers);
  return transitionOrders(db, {
    where: sql`id = any(${batch.orderIds}::text[]) and (${batch.where})`,
    orderBy: sql`id`,
    limit: batch.orderIds.length,
    locked: batch.locked,
    to: 'processed_for_delivery',
    at: batch.at,
    set: {
      tracking_number: sql`coalesce(${map}::jsonb ->> id, tracking_number)`,
      complete_at: batch.estimateCompletion ? completionEstimate(settings, batch.at) : null,
      claimable_at: null,
      ...(batch.simulateScans
        ? { tracking_story: sql`case when imb is not null then coalesce(tracking_story, '{}'::jsonb) end` }
        : {}),
    },
    updatedFields: sql`case when ${map}::jsonb ? changed.id then '["status","trackingNumber"]'::jsonb
                            else '["status"]'::jsonb end`,
  });
}
