// The built-in simulated printer (BRIEF §12): claims printing orders like any printer, "prints" each for
// SIMULATED_PRINTER_MAIL_AFTER, then reports it mailed, through the same service functions, so a fresh
// install moves live orders with nobody else involved. Its pieces get the simulated postal service's scans.
import type { Db } from '../db/database.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import { claimedOrderIds } from './repo.ts';
import { claimForPrinting, reportMailed, simulatedPrinter } from './service.ts';

export interface SimulatedPrinterResult {
  mailed: number;
  claimed: number;
}

/** One pass at `now`: mail what has been "printing" long enough, then claim what is waiting. */
export async function runSimulatedPrinter(
  db: Db,
  settings: PipelineSettings,
  now: Date,
): Promise<SimulatedPrinterResult> {
  const printer = await simulatedPrinter(db);
  const limit = settings.pipeline.batchSize;
  const printedBefore = new Date(now.getTime() - settings.pipeline.simulatedPrinterMailAfterMs);
  let mailed = 0;
  for (;;) {
    const ids = await claimedOrderIds(db, printer.id, printedBefore, limit);
    if (ids.length === 0) break;
    const moved = await reportMailed(db, settings, printer, ids, now);
    mailed += moved.length;
    // Rows another process mailed first move nothing here; stop rather than spin on them.
    if (moved.length === 0 || ids.length < limit) break;
  }
  let claimed = 0;
  for (;;) {
    const ids = await claimForPrinting(db, settings, printer, limit, now);
    claimed += ids.length;
    if (ids.length < limit) break;
  }
  return { mailed, claimed };
}
