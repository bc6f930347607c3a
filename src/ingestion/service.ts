import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { newIds } from '../ids.ts';
import { countScans } from '../metrics/process-metrics.ts';
import { findOrder } from '../orders/repo.ts';
import type { OrderKindSpec } from '../orders/service.ts';
import { type NormalizedScan, parseIvmtrEvent, pieceHint, scanImbStatus } from '../tracking/scan-status.ts';
import {
  listOrderScans,
  type ScanRecord,
  type ScanRow,
  type ScanSource,
  type StoredBatch,
  storeScanBatch,
} from './repo.ts';

/** IV-MTR pushes and our own batches hold at most this many events. */
export const MAX_BATCH_EVENTS = 10_000;
/** Rejections listed in a response; the count covers them all. */
const MAX_LISTED_ERRORS = 100;

export interface InvalidEvent {
  /** Position of the event in the batch, from 0. */
  index: number;
  message: string;
}

/**
 * The outcome of a batch. received = matched + unmatched + duplicates + invalid. Invalid events are
 * counted and listed (first 100) rather than failing the batch: one corrupt event must not hold back
 * the other 9,999, and a feed that retries a rejected batch would otherwise never get past it.
 */
export interface IngestResult {
  received: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  invalid: number;
  errors: InvalidEvent[];
}

/** `{"events": [...]}` or a bare array → the events; anything else is refused whole. */
export function feedEvents(body: unknown): unknown[] {
  const events = Array.isArray(body)
    ? body
    : body !== null && typeof body === 'object' && 'events' in body
      ? (body as { events: unknown }).events
      : undefined;
  if (!Array.isArray(events)) {
    throw invalid('Body must be {"events": [...]} or a JSON array of IV-MTR piece events.');
  }
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalid(`events must hold at most ${MAX_BATCH_EVENTS} events per request, got ${events.length}.`);
  }
  return events;
}

// What a scan's text must not hold: control characters (PostgreSQL text cannot hold NUL, and the unit
// separator divides values on their way to the database, see storeScanBatch; IV-MTR fields are printable
// text) and UTF-16 halves of a character (lone surrogates). Such an event is corrupt, so it is reported,
// not stored (nor allowed to fail the rest of the batch).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// A control character or any surrogate at all: one cheap scan per field; only a hit (rare) runs the
// exact check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const SUSPECT = /[\u0000-\u001f\ud800-\udfff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is looked for
const CONTROL = /[\u0000-\u001f]/;

function unstorableText(value: string | null): boolean {
  return value !== null && SUSPECT.test(value) && (CONTROL.test(value) || LONE_SURROGATE.test(value));
}

/** The scan's text fields (ids and the computed fields are ours, always storable). */
function unstorable(scan: NormalizedScan): boolean {
  return (
    unstorableText(scan.mailerId) ||
    unstorableText(scan.serial) ||
    unstorableText(scan.trackingCode) ||
    unstorableText(scan.routingCode) ||
    unstorableText(scan.serviceTypeId) ||
    unstorableText(scan.eventCode) ||
    unstorableText(scan.facilityZip) ||
    unstorableText(scan.facilityCity) ||
    unstorableText(scan.facilityState) ||
    unstorableText(scan.mailPhase) ||
    unstorableText(scan.handlingEventType) ||
    unstorableText(scan.machineName) ||
    unstorableText(scan.predictedDeliveryDate)
  );
}

/**
 * A batch of at least PART_EVENTS × 2 events is stored in parts of about PART_EVENTS, each in its own
 * transaction, at most LANES at a time. PostgreSQL runs a statement on one core, so parts side by side
 * let a batch use more than one; and with more parts than lanes, one part's events are parsed while
 * another's are being stored. The ingestion benchmark measured 0.18 of its floor with one statement per
 * batch (BENCHMARKS.md has the current figure).
 */
const PART_EVENTS = 2_500;
const LANES = 2;

/** What one part of a batch came to. */
interface PartOutcome {
  stored: StoredBatch;
  /** Valid events of the part (stored now or duplicates). */
  valid: number;
  errors: InvalidEvent[];
}

/** Parses the events at `indexes` (positions in the whole batch) and stores the valid ones in `db`. */
async function ingestPart(
  db: Executor,
  events: readonly unknown[],
  indexes: readonly number[],
  source: ScanSource,
  now: Date,
): Promise<PartOutcome> {
  const rows: ScanRow[] = [];
  const errors: InvalidEvent[] = [];
  const ids = newIds('scan', indexes.length);
  indexes.forEach((index, n) => {
    const parsed = parseIvmtrEvent(events[index]);
    let message = parsed.ok ? null : parsed.reason;
    if (parsed.ok) {
      const scan = parsed.event;
      if (unstorable(scan))
        message = 'event contains a control character (such as NUL) or a broken Unicode character';
      else rows.push({ scan, id: ids[n]!, imbStatus: scanImbStatus(scan) });
    }
    if (message !== null) errors.push({ index, message });
  });
  const stored =
    rows.length === 0
      ? { inserted: 0, matched: 0, ordersUpdated: 0 }
      : db.isTransaction
        ? await storeScanBatch(db, rows, source, now)
        : await db.transaction().execute((tx) => storeScanBatch(tx, rows, source, now));
  return { stored, valid: rows.length, errors };
}

/**
 * Splits a batch so that every scan of a piece is in the same part (by `pieceHint`): parts then update
 * disjoint orders and store disjoint scans, and never wait for each other's locks.
 */
function partition(events: readonly unknown[], parts: number): number[][] {
  const indexes: number[][] = Array.from({ length: parts }, () => []);
  events.forEach((raw, index) => {
    indexes[pieceHint(raw) % parts]!.push(index);
  });
  return indexes.filter((part) => part.length > 0);
}

/**
 * Validates a batch of raw IV-MTR piece events, stores the new ones and folds them into their orders'
 * imbStatus / imbDate / imbZIPCode (with their `*.updated` events). The endpoint, the file import and the
 * simulated postal service all come through here.
 *
 * Given a transaction, all of it happens in that transaction. Otherwise a large batch is stored in parts,
 * each in a transaction of its own (see PART_EVENTS): if one fails the call fails, and the parts already
 * stored stay stored. That is safe to retry, as feeds do with a batch that failed: a scan stored before
 * counts as a duplicate, and folding a scan twice, or in any order, ends in the same state.
 */
export async function ingestScans(
  db: Executor,
  events: readonly unknown[],
  options: { source: ScanSource; now?: Date },
): Promise<IngestResult> {
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalid(`events must hold at most ${MAX_BATCH_EVENTS} events per batch, got ${events.length}.`);
  }
  const now = options.now ?? new Date();
  const partCount = db.isTransaction ? 1 : Math.max(1, Math.floor(events.length / PART_EVENTS));
  const parts = partCount === 1 ? [events.map((_, index) => index)] : partition(events, partCount);
  const outcomes: PartOutcome[] = [];
  const failures: unknown[] = [];
  // Each lane takes the next part when its last one is stored. Parsing is synchronous, so a lane parses
  // while the other lane's statement runs. A failed part stops its lane; the call waits for the other
  // lane to finish before failing, so nothing of the batch is still running once it has answered.
  let next = 0;
  const lane = async () => {
    while (next < parts.length && failures.length === 0) {
      const part = parts[next++]!;
      try {
        outcomes.push(await ingestPart(db, events, part, options.source, now));
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANES, parts.length) }, lane));
  if (failures.length > 0) throw failures[0];

  const sum = (pick: (outcome: PartOutcome) => number) => outcomes.reduce((n, o) => n + pick(o), 0);
  const inserted = sum((o) => o.stored.inserted);
  const matched = sum((o) => o.stored.matched);
  const errors = outcomes.flatMap((o) => o.errors).sort((a, b) => a.index - b.index);
  const result = {
    received: events.length,
    matched,
    unmatched: inserted - matched,
    duplicates: sum((o) => o.valid) - inserted,
    invalid: errors.length,
    errors: errors.slice(0, MAX_LISTED_ERRORS),
  };
  countScans(options.source, result);
  return result;
}

/** A stored scan as the API shows it: IV-MTR's own field names, plus what the scan signalled. */
function trackingEventJson(scan: ScanRecord) {
  const imb = scan.tracking_code === null ? null : scan.tracking_code + (scan.routing_code ?? '');
  const fields = {
    id: scan.id,
    object: 'tracking_event',
    imbStatus: scan.imb_status,
    imb,
    imbMid: scan.mailer_id,
    imbSerialNumber: scan.serial,
    imbStid: scan.service_type_id,
    scanDatetime: scan.scanned_at.toISOString(),
    scanEventCode: scan.event_code,
    scanFacilityZip: scan.facility_zip,
    scanFacilityCity: scan.facility_city,
    scanFacilityState: scan.facility_state,
    mailPhase: scan.mail_phase,
    handlingEventType: scan.handling_event_type,
    machineName: scan.machine_name,
    predictedDeliveryDate: scan.predicted_delivery_date,
    source: scan.source,
    receivedAt: scan.received_at.toISOString(),
  };
  // Absent fields are left out, as order_json does.
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}

/** GET /{kind}/{id}/tracking_events: the order's scan timeline, in scan-time order. */
export async function listTrackingEvents(
  db: Executor,
  auth: ApiAuth,
  spec: OrderKindSpec<never>,
  id: string,
  page: { skip: number; limit: number },
) {
  const order = await findOrder(db, auth, spec.kind, id);
  if (!order) throw notFound(spec.label, id);
  const { rows, totalCount } = await listOrderScans(db, id, page);
  return {
    object: 'list' as const,
    limit: page.limit,
    skip: page.skip,
    totalCount,
    data: rows.map(trackingEventJson),
  };
}
