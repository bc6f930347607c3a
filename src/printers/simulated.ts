// The built-in simulated printer (BRIEF §12): claims printing orders like any printer, "prints" each for
// SIMULATED_PRINTER_MAIL_AFTER, then reports it mailed, through the same service functions, so a fresh
// install moves live orders with nobody else involved. Like a real printer it fetches each claimed order's
// print-ready PDF and checks it against the print job's sha256 and page count; a piece whose PDF does not
// match is reported failed instead. Its pieces get the simulated postal service's scans.
import { createHash } from 'node:crypto';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Db } from '../db/database.ts';
import type { DocumentStore } from '../documents/store.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import { claimedOrderIds } from './repo.ts';
import {
  claimForPrinting,
  openPrintDocument,
  type Printer,
  reportFailure,
  reportMailed,
  simulatedPrinter,
} from './service.ts';

export interface SimulatedPrinterResult {
  mailed: number;
  claimed: number;
  /** Claimed pieces whose PDF did not match its print job (reported as failures). */
  rejected: number;
}

/** Why the fetched PDF cannot be printed, or null when it is the one the print job names. */
async function checkPrintDocument(
  db: Db,
  store: DocumentStore,
  printer: Printer,
  orderId: string,
): Promise<string | null> {
  try {
    const { document, stream } = await openPrintDocument(db, store, printer, orderId);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== document.sha256)
      return `the PDF's sha256 is ${sha256}, the print job says ${document.sha256}`;
    const pages = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    if (pages !== document.pageCount)
      return `the PDF has ${pages} pages, the print job says ${document.pageCount}`;
    return null;
  } catch (error) {
    return `the PDF could not be fetched: ${(error as Error).message}`;
  }
}

/** One pass at `now`: mail what has been "printing" long enough, then claim what is waiting. */
export async function runSimulatedPrinter(
  db: Db,
  settings: PipelineSettings,
  now: Date,
  store: DocumentStore,
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
  let rejected = 0;
  for (;;) {
    const ids = await claimForPrinting(db, settings, printer, limit, now);
    claimed += ids.length;
    for (const id of ids) {
      const problem = await checkPrintDocument(db, store, printer, id);
      if (problem === null) continue;
      rejected++;
      await reportFailure(db, printer, id, `simulated printer: ${problem}`, now).catch(() => {});
    }
    if (ids.length < limit || rejected > 0) break;
  }
  return { mailed, claimed, rejected };
}
