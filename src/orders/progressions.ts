// Test mode (BRIEF §7): `POST /{kind}/{id}/progressions` moves a test order one step, giving it what a live
// order gets at that step (an IMb for US mail on printing, a tracking number for extra services and express
// on processed_for_delivery); `POST /{kind}/{id}/tracking_story` (beyond PostGrid) makes a test order play
// the simulated postal service's story: mailed now, then USPS scans, then completed by the estimate.
import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db, Tx } from '../db/database.ts';
import type { OrderStatus } from '../db/schema.ts';
import { ApiError, notFound } from '../errors.ts';
import { scheduleSimulatedScans } from '../ingestion/simulated-usps.ts';
import { moveMailed } from '../printers/mailed.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import { assignImbs } from '../tracking/imb-assignment.ts';
import { transitionOrder } from './lifecycle.ts';
import { findOrder, type OrderJson } from './repo.ts';
import type { OrderKindSpec } from './service.ts';

/** Locks a test order of this kind and organization for the rest of the transaction; its status. */
async function lockTestOrder(
  tx: Tx,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
): Promise<OrderStatus> {
  // Looked up in the caller's own mode first: an id from another organization or mode is a 404 like
  // everywhere else, and only the caller's own live orders hear that progressions are for test orders.
  const row = await sql<{ status: OrderStatus }>`
    select status from orders
    where id = ${id} and kind = ${spec.kind} and organization_id = ${auth.organizationId} and live = ${auth.live}
    for update`.execute(tx);
  const status = row.rows[0]?.status;
  if (!status) throw notFound(spec.label, id);
  if (auth.live) {
    throw new ApiError(
      'invalid_progression_error',
      `Progressions are for test orders only; ${id} is a live order.`,
    );
  }
  return status;
}

/** The next step of a locked test order; `estimateCompletion` lets it complete on its own afterwards. */
async function step(
  tx: Tx,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
  status: OrderStatus,
  settings: PipelineSettings,
  at: Date,
  estimateCompletion: boolean,
): Promise<void> {
  const one = { id, kind: spec.kind, scope: auth, at };
  if (status === 'ready') {
    // The IMb first, so the printing event shows the order as a printer would get it.
    await assignImbs(tx, settings.pipeline, [id], at);
    await transitionOrder(tx, {
      ...one,
      to: 'printing',
      set: {
        sla_deadline: sql`business_sla_deadline(${at}::timestamptz, ${settings.pipeline.slaBusinessDays}::int)`,
      },
      updatedFields: ['status', 'slaDeadline'],
    });
  } else if (status === 'printing') {
    await moveMailed(tx, settings, {
      orderIds: [id],
      where: sql`organization_id = ${auth.organizationId} and live = false`,
      at,
      estimateCompletion,
      locked: 'wait',
    });
  } else if (status === 'processed_for_delivery') {
    await transitionOrder(tx, { ...one, to: 'completed', updatedFields: ['status'] });
  } else {
    throw new ApiError(
      'invalid_progression_error',
      `${spec.label} ${id} is ${status} and cannot be progressed further.`,
    );
  }
}

async function current(tx: Tx, auth: ApiAuth, spec: OrderKindSpec<never>, id: string): Promise<OrderJson> {
  return (await findOrder(tx, auth, spec.kind, id))!;
}

/** The tracking story an order was given (its options, once scheduled its ending), or null. */
async function trackingStoryOf(tx: Tx, id: string): Promise<{ returnToSender?: unknown } | null> {
  const { rows } = await sql<{ story: { returnToSender?: unknown } | null }>`
    select tracking_story as story from orders where id = ${id}`.execute(tx);
  return rows[0]?.story ?? null;
}

/** ready → printing → processed_for_delivery → completed, one step per call. */
export async function progressTestOrder(
  db: Db,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
  settings: PipelineSettings,
  at = new Date(),
): Promise<OrderJson> {
  return db.transaction().execute(async (tx) => {
    const status = await lockTestOrder(tx, auth, spec, id);
    await step(tx, auth, spec, id, status, settings, at, false);
    return current(tx, auth, spec, id);
  });
}

/**
 * Plays the simulated tracking story on a test order to a US address: a ready or printing order is mailed
 * now (IMb, tracking number), the simulated postal service produces its scans (optionally ending in a
 * return to sender), and the order completes by the estimate, at the demo's pace in every profile.
 */
export async function playTrackingStory(
  db: Db,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
  settings: PipelineSettings,
  options: { returnToSender?: boolean },
  at = new Date(),
): Promise<OrderJson> {
  return db.transaction().execute(async (tx) => {
    let status = await lockTestOrder(tx, auth, spec, id);
    const order = await current(tx, auth, spec, id);
    const country = String(
      (order.to as Record<string, unknown> | undefined)?.countryCode ?? '',
    ).toUpperCase();
    if (country !== 'US') {
      throw new ApiError(
        'invalid_progression_error',
        `A tracking story needs a US destination (USPS scans follow the IMb); ${spec.label} ${id} goes to ${country || 'an unknown country'}.`,
      );
    }
    if (status === 'cancelled') {
      throw new ApiError(
        'invalid_progression_error',
        `${spec.label} ${id} is cancelled and will never be mailed.`,
      );
    }
    if (status === 'completed') {
      throw new ApiError(
        'invalid_progression_error',
        `${spec.label} ${id} is completed: its story is over, and a tracking story plays only on an order still on its way.`,
      );
    }
    // A story is told once; a second call must not look as if its options (returnToSender) took effect.
    const story = await trackingStoryOf(tx, id);
    if (story) {
      const ending = story.returnToSender === true ? 'returned to sender' : 'delivered';
      throw new ApiError(
        'invalid_progression_error',
        `${spec.label} ${id} is already playing its tracking story (ending ${ending}); a story plays once, so this call's options were not applied.`,
      );
    }
    // The story runs at the demo's pace whatever the profile: it is a simulation for integration tests.
    const storySettings: PipelineSettings = { profile: 'demo', pipeline: settings.pipeline };
    while (status === 'ready' || status === 'printing') {
      await step(tx, auth, spec, id, status, storySettings, at, true);
      status = status === 'ready' ? 'printing' : 'processed_for_delivery';
    }
    // An order mailed by hand before gets its IMb (if it had none) and an estimate now.
    await assignImbs(tx, settings.pipeline, [id], at);
    await sql`update orders set complete_at = coalesce(complete_at, ${at}::timestamptz
                + ${settings.pipeline.demoCompleteAfterProcessedMs}::int * interval '1 millisecond')
              where id = ${id} and status = 'processed_for_delivery'`.execute(tx);
    await scheduleSimulatedScans(tx, { id }, { returnToSender: options.returnToSender, now: at });
    return current(tx, auth, spec, id);
  });
}
