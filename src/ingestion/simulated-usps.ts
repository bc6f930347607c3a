// The simulated postal service: for pieces of the simulated printer (and test orders given a tracking
// story), it produces realistic IV-MTR scans with the pure generator in src/tracking/usps-simulator.ts and
// feeds them, at their delivery times, through the same ingestion service as the USPS feed endpoint.

import type { SimulatedUspsConfig } from '../config/simulated-usps.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import { simulateScans } from '../tracking/usps-simulator.ts';
import { type IngestResult, ingestScans } from './service.ts';
import {
  type ClaimedPiece,
  claimPieces,
  insertPendingScans,
  markTrackingStory,
  type PendingScan,
  takeDueScans,
} from './simulated-usps-repo.ts';

/**
 * Default pace of a story started by `scheduleSimulatedScans` without a timeScale: the demo's, so an
 * integrator's test order tells its whole story in well under a minute.
 */
export const DEMO_TIME_SCALE = 1 / 30_000;

function piecesScans(
  pieces: readonly ClaimedPiece[],
  timeScale: number,
  now: Date,
  rng: () => number,
): PendingScan[] {
  return pieces.flatMap((piece) => {
    const mailedAt = piece.mailed_at ?? now;
    const { events, deliverAt } = simulateScans({
      trackingCode: piece.tracking_code,
      routingCode: piece.routing_code,
      mailedAt,
      destinationZip: piece.routing_code.slice(0, 5) || piece.destination_zip || '',
      returnToSender: piece.return_to_sender,
      rng,
      timeScale,
    });
    return events.map((event, i) => ({
      orderId: piece.id,
      deliverAt: new Date(mailedAt.getTime() + deliverAt[i]!),
      event,
    }));
  });
}

export interface ScheduleOptions {
  /** Force the ending; otherwise what the order's tracking_story says, else none. */
  returnToSender?: boolean;
  /** Multiplies the story's durations; default DEMO_TIME_SCALE. */
  timeScale?: number;
  now?: Date;
  rng?: () => number;
}

/**
 * Gives one order a simulated tracking story, in the caller's transaction (test mode's "tracking story"
 * option, the simulated printer). If the piece is already mailed with an IMb (processed_for_delivery or
 * completed), its scans are produced now, starting at its processed_for_delivery time; otherwise the
 * order is marked and the simulated-USPS tick produces them once it is. A story is told once: calling
 * again after the scans exist changes nothing. Returns how many scans were scheduled now.
 */
export async function scheduleSimulatedScans(
  tx: Tx,
  order: { id: string },
  options: ScheduleOptions = {},
): Promise<number> {
  const now = options.now ?? new Date();
  if (!(await markTrackingStory(tx, order.id, options.returnToSender))) return 0;
  const pieces = await claimPieces(tx, {
    limit: 1,
    now,
    returnRate: 0,
    orderId: order.id,
    force: options.returnToSender,
  });
  const scans = piecesScans(pieces, options.timeScale ?? DEMO_TIME_SCALE, now, options.rng ?? Math.random);
  await insertPendingScans(tx, scans);
  return scans.length;
}

export interface TickResult {
  piecesScheduled: number;
  scansScheduled: number;
  delivered: IngestResult | null;
}

/**
 * One round of the simulated postal service: take on the pieces waiting for a story (one batch), then
 * feed the scans due by `now` (one batch) through ingestScans. Each step is one transaction and safe to
 * run from any number of workers at once.
 */
export async function runSimulatedUspsTick(
  db: Db,
  config: SimulatedUspsConfig,
  options: { now?: Date; rng?: () => number } = {},
): Promise<TickResult> {
  const now = options.now ?? new Date();
  const scheduled = await db.transaction().execute(async (tx) => {
    const pieces = await claimPieces(tx, { limit: config.batchSize, now, returnRate: config.returnRate });
    const scans = piecesScans(pieces, config.timeScale, now, options.rng ?? Math.random);
    await insertPendingScans(tx, scans);
    return { pieces: pieces.length, scans: scans.length };
  });
  const delivered = await deliverDueScans(db, now, config.batchSize);
  return { piecesScheduled: scheduled.pieces, scansScheduled: scheduled.scans, delivered };
}

/** Feeds the scans due by `now` (at most `limit`, earliest first) through ingestion; null when none. */
export async function deliverDueScans(db: Executor, now: Date, limit: number): Promise<IngestResult | null> {
  const run = async (tx: Executor) => {
    const events = await takeDueScans(tx, now, limit);
    return events.length === 0 ? null : ingestScans(tx, events, { source: 'simulator', now });
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
