import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { newIds } from '../ids.ts';
import { findOrder } from '../orders/repo.ts';
import type { OrderKindSpec } from '../orders/service.ts';
import { type NormalizedScan, parseIvmtrEvent, scanImbStatus } from '../tracking/scan-status.ts';
import { listOrderScans, type ScanRecord, type ScanRow, type ScanSource, storeScanBatch } from './repo.ts';

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

// What PostgreSQL text cannot hold: NUL, and UTF-16 halves of a character (lone surrogates). Such an
// event is corrupt, so it is reported, not stored (nor allowed to fail the rest of the batch).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// A NUL or any surrogate at all: one cheap scan per field; only a hit (rare) runs the exact check.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters looked for
const SUSPECT = /[\u0000\ud800-\udfff]/;

function unstorableText(value: string | null): boolean {
  return value !== null && SUSPECT.test(value) && (value.includes('\u0000') || LONE_SURROGATE.test(value));
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
 * Validates a batch of raw IV-MTR piece events, stores the new ones and folds them into their orders'
 * imbStatus / imbDate / imbZIPCode (with their `*.updated` events) — all in the caller's transaction
 * when given one, else in a transaction of its own. The endpoint, the file import and the simulated
 * postal service all come through here.
 */
export async function ingestScans(
  db: Executor,
  events: readonly unknown[],
  options: { source: ScanSource; now?: Date },
): Promise<IngestResult> {
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalid(`events must hold at most ${MAX_BATCH_EVENTS} events per batch, got ${events.length}.`);
  }
  const rows: ScanRow[] = [];
  const errors: InvalidEvent[] = [];
  let invalidCount = 0;
  const ids = newIds('scan', events.length);
  events.forEach((raw, index) => {
    const parsed = parseIvmtrEvent(raw);
    let message = parsed.ok ? null : parsed.reason;
    if (parsed.ok) {
      const scan = parsed.event;
      if (unstorable(scan)) message = 'event contains a NUL character or a broken Unicode character';
      else rows.push({ scan, id: ids[index]!, imbStatus: scanImbStatus(scan) });
    }
    if (message !== null) {
      invalidCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push({ index, message });
    }
  });
  const now = options.now ?? new Date();
  const store = (tx: Executor) => storeScanBatch(tx, rows, options.source, now);
  const stored =
    rows.length === 0
      ? { inserted: 0, matched: 0, ordersUpdated: 0 }
      : db.isTransaction
        ? await store(db)
        : await db.transaction().execute(store);
  return {
    received: events.length,
    matched: stored.matched,
    unmatched: stored.inserted - stored.matched,
    duplicates: rows.length - stored.inserted,
    invalid: invalidCount,
    errors,
  };
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
