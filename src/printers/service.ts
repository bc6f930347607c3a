// Printers (BRIEF §12): print partners with their own keys. They claim printing orders, fetch what to print,
// and report each piece mailed or failed. The simulated printer calls the same functions.
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { hashApiKey } from '../auth/api-keys.ts';
import type { Db, Executor } from '../db/database.ts';
import type { DocumentStore } from '../documents/store.ts';
import { ApiError, notFound } from '../errors.ts';
import { newId, randomBase62 } from '../ids.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import { touchImbSerials } from '../tracking/imb-assignment.ts';
import { type MailedBatch, moveMailed } from './mailed.ts';
import { type PrintDocument, type PrintJob, printJob } from './print-job.ts';
import {
  claimOrders,
  findPrinterByKeyHash,
  findPrintJobRows,
  findSimulatedPrinter,
  heldOrderIds,
  insertPrinter,
  type Printer,
  recordFailure,
  touchPrinter,
} from './repo.ts';

export type { Printer };

const KEY_PATTERN = /^printer_sk_[0-9A-Za-z]{32}$/;

export interface CreatedPrinter {
  id: string;
  name: string;
  /** Shown once; only its hash is stored. */
  key: string;
}

export async function createPrinter(db: Executor, name: string, simulated = false): Promise<CreatedPrinter> {
  const key = `printer_sk_${randomBase62(32)}`;
  const id = newId('printer');
  await insertPrinter(db, { id, name, simulated, keyHash: hashApiKey(key), keyHint: key.slice(-4) });
  return { id, name, key };
}

/** A malformed key never reaches the database. */
export async function authenticatePrinter(db: Executor, key: string | undefined): Promise<Printer | null> {
  if (!key || !KEY_PATTERN.test(key)) return null;
  return (await findPrinterByKeyHash(db, hashApiKey(key))) ?? null;
}

/** The built-in simulated printer's record, made on first use (its key is random and never shown). */
export async function simulatedPrinter(db: Db): Promise<Printer> {
  const existing = await findSimulatedPrinter(db);
  if (existing) return existing;
  try {
    await createPrinter(db, 'Simulated printer', true);
  } catch (error) {
    // Another process made it first (the unique index allows one simulated printer).
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  return (await findSimulatedPrinter(db))!;
}

/**
 * Claims up to `limit` printing live orders for `printer`. Their IMbs were assigned when they were
 * rendered (the print-ready PDF carries the bars: src/tracking/imb-assignment.ts); the claim marks those
 * serials used again, so their 45 days without reuse run from the printing.
 */
export async function claimForPrinting(
  db: Db,
  settings: PipelineSettings,
  printer: Printer,
  limit: number,
  at: Date,
): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    const until = new Date(at.getTime() + settings.pipeline.printerClaimTtlMs);
    const ids = await claimOrders(tx, { printerId: printer.id, limit, at, until });
    await touchImbSerials(tx, ids, at);
    return ids;
  });
}

async function printJobs(db: Executor, printer: Printer, ids: string[], at: Date): Promise<PrintJob[]> {
  const rows = await findPrintJobRows(db, ids);
  return rows.map((row) => printJob(row, printer.id, at));
}

/** POST /printer/v1/claims: claims orders and returns their print jobs. */
export async function claimPrintJobs(
  db: Db,
  settings: PipelineSettings,
  printer: Printer,
  limit: number,
  at = new Date(),
): Promise<PrintJob[]> {
  await touchPrinter(db, printer.id, at);
  const ids = await claimForPrinting(db, settings, printer, limit, at);
  return printJobs(db, printer, ids, at);
}

/** The print jobs `printer` holds now. */
export async function listHeldPrintJobs(db: Db, printer: Printer, limit: number, at = new Date()) {
  return printJobs(db, printer, await heldOrderIds(db, printer.id, at, limit), at);
}

/** One order's print job; only for orders this printer claimed (held now or handled before). */
export async function getPrintJob(
  db: Db,
  printer: Printer,
  orderId: string,
  at = new Date(),
): Promise<PrintJob> {
  const [job] = await printJobs(db, printer, [orderId], at);
  if (!job || (job.claimExpiresAt === null && !(await handledBy(db, printer, orderId)))) {
    throw notFound('Order', orderId);
  }
  return job;
}

async function handledBy(db: Executor, printer: Printer, orderId: string): Promise<boolean> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('id', '=', orderId)
    .where('printer_id', '=', printer.id)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Printers report mailed pieces: printing → processed_for_delivery for the orders `printer` claimed (an
 * expired claim still counts while nobody else has taken the order). Returns the ids that moved.
 */
export async function reportMailed(
  db: Db,
  settings: PipelineSettings,
  printer: Printer,
  orderIds: string[],
  at: Date,
  options: Pick<MailedBatch, 'reported' | 'locked'> = {},
): Promise<string[]> {
  return db.transaction().execute((tx) =>
    moveMailed(tx, settings, {
      orderIds,
      where: sql`printer_id = ${printer.id} and live`,
      at,
      reported: options.reported,
      simulateScans: printer.simulated,
      estimateCompletion: true,
      locked: options.locked,
    }),
  );
}

/** POST /printer/v1/orders/{id}/mailed. A repeated report of the same piece answers as the first did. */
export async function markMailed(
  db: Db,
  settings: PipelineSettings,
  printer: Printer,
  orderId: string,
  input: { trackingNumber?: string },
  at = new Date(),
): Promise<PrintJob> {
  const reported = input.trackingNumber ? { [orderId]: input.trackingNumber } : {};
  try {
    // Waits for the order's lock: scan ingestion may hold it for a moment, and a skipped row would be
    // answered as "it is printing".
    await reportMailed(db, settings, printer, [orderId], at, { reported, locked: 'wait' });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new ApiError(
        'conflict_error',
        `trackingNumber ${input.trackingNumber} is already used by another order.`,
      );
    }
    throw error;
  }
  const [job] = await printJobs(db, printer, [orderId], at);
  const status = job?.order.status;
  if (!job || !(await handledBy(db, printer, orderId))) throw notFound('Order', orderId);
  if (status !== 'processed_for_delivery' && status !== 'completed') {
    throw new ApiError(
      'invalid_progression_error',
      `Order ${orderId} cannot be reported mailed: it is ${String(status).replaceAll('_', ' ')}.`,
    );
  }
  return job;
}

/** POST /printer/v1/orders/{id}/failures: the failure is kept and the order can be claimed again. */
export async function reportFailure(
  db: Db,
  printer: Printer,
  orderId: string,
  reason: string,
  at = new Date(),
): Promise<{
  object: 'print_failure';
  orderId: string;
  printerId: string;
  reason: string;
  createdAt: string;
}> {
  const recorded = await recordFailure(db, { orderId, printerId: printer.id, reason, at });
  if (!recorded) {
    if (!(await handledBy(db, printer, orderId))) throw notFound('Order', orderId);
    throw new ApiError(
      'invalid_progression_error',
      `Order ${orderId} is not printing under this printer's claim.`,
    );
  }
  return { object: 'print_failure', orderId, printerId: printer.id, reason, createdAt: at.toISOString() };
}

/**
 * GET /printer/v1/orders/{id}/pdf: the print-ready PDF of an order this printer claimed (held now or
 * handled before), as a stream, with its reference (sha256, pages) for the printer to check.
 */
export async function openPrintDocument(
  db: Db,
  store: DocumentStore,
  printer: Printer,
  orderId: string,
  at = new Date(),
): Promise<{ document: PrintDocument; stream: Readable }> {
  const job = await getPrintJob(db, printer, orderId, at);
  if (!job.content) {
    throw new ApiError('unprocessable_error', `Order ${orderId} has no print-ready PDF.`);
  }
  const stream = await store.open(db, { id: job.content.documentId, sha256: job.content.sha256 });
  return { document: job.content, stream };
}
