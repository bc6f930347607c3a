// USPS IV-MTR piece scans → an order's `imbStatus` (BRIEF §10). Pure: parsing, classifying one scan, and
// folding scans into the state kept on the order.
//
// Scans arrive late (days), duplicated and out of order, so the fold is written as "keep the best state"
// under a total order of states — see `foldImbStatus`. Folding any permutation of any multiset of scans
// therefore ends in the same state, which is what makes replays and late feeds harmless.
import { hash } from 'node:crypto';
import { parseTrackingCode } from './imb.ts';

export type ImbStatus = 'entered_mail_stream' | 'out_for_delivery' | 'returned_to_sender';

/** One piece event as IV-MTR reports it (push, file or API); names as in the IV-MTR JSON feeds. */
export interface IvmtrEvent {
  /** Full IMb digits: 20-digit tracking code + 0/5/9/11-digit routing code. */
  imb?: string;
  imbTrackingCode?: string;
  imbRoutingCode?: string;
  imbMid?: string;
  imbSerialNumber?: string;
  imbStid?: string;
  scanDatetime: string;
  /** The operation code of the scan. */
  scanEventCode?: string;
  scanFacilityZip?: string;
  scanFacilityCity?: string;
  scanFacilityState?: string;
  /** e.g. `Phase 1a - Origin Primary Processing`, `Phase 3c - Destination Sequenced Carrier Sortation`. */
  mailPhase?: string;
  handlingEventType?: string;
  machineName?: string;
  predictedDeliveryDate?: string;
}

/** A validated scan. Absent text fields are null (never empty strings). */
export interface NormalizedScan {
  mailerId: string;
  /** Serial within the Mailer ID, zero-padded so MID + serial = 15 digits. */
  serial: string;
  trackingCode: string | null;
  routingCode: string | null;
  serviceTypeId: string | null;
  scannedAt: Date;
  eventCode: string | null;
  facilityZip: string | null;
  facilityCity: string | null;
  facilityState: string | null;
  mailPhase: string | null;
  handlingEventType: string | null;
  machineName: string | null;
  predictedDeliveryDate: string | null;
  /** sha256 hex of the scan's identity; equal for duplicate deliveries of the same scan. */
  fingerprint: string;
}

export type ParsedScan = { ok: true; event: NormalizedScan } | { ok: false; reason: string };

/** What the order keeps: `imbStatus`, `imbDate`, `imbZIPCode`. */
export interface ImbState {
  status: ImbStatus;
  date: Date;
  zip: string | null;
}

/** The parts of a scan the status logic looks at. */
export type ScanSignal = Pick<
  NormalizedScan,
  'scannedAt' | 'facilityZip' | 'mailPhase' | 'handlingEventType' | 'eventCode'
>;

// --- parsing ----------------------------------------------------------------------------------------

class Invalid extends Error {}

const TEXT_FIELDS = [
  'imb',
  'imbTrackingCode',
  'imbRoutingCode',
  'imbMid',
  'imbSerialNumber',
  'imbStid',
  'scanDatetime',
  'scanEventCode',
  'scanFacilityZip',
  'scanFacilityCity',
  'scanFacilityState',
  'mailPhase',
  'handlingEventType',
  'machineName',
  'predictedDeliveryDate',
] as const;

type Field = (typeof TEXT_FIELDS)[number];

/** Validates and normalizes one raw IV-MTR event. Never throws; a rejection names the offending field. */
export function parseIvmtrEvent(raw: unknown): ParsedScan {
  try {
    return { ok: true, event: normalize(raw) };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, reason: err.message };
    throw err;
  }
}

function normalize(raw: unknown): NormalizedScan {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Invalid('event must be a JSON object');
  }
  const record = raw as Record<string, unknown>;
  // One object literal of fixed shape (read in TEXT_FIELDS order, so the first bad field is the one
  // reported): ingestion parses 10,000 events a batch and a shape built key by key costs each of them.
  const f: Record<Field, string | null> = {
    imb: text(record, 'imb'),
    imbTrackingCode: text(record, 'imbTrackingCode'),
    imbRoutingCode: text(record, 'imbRoutingCode'),
    imbMid: text(record, 'imbMid'),
    imbSerialNumber: text(record, 'imbSerialNumber'),
    imbStid: text(record, 'imbStid'),
    scanDatetime: text(record, 'scanDatetime'),
    scanEventCode: text(record, 'scanEventCode'),
    scanFacilityZip: text(record, 'scanFacilityZip'),
    scanFacilityCity: text(record, 'scanFacilityCity'),
    scanFacilityState: text(record, 'scanFacilityState'),
    mailPhase: text(record, 'mailPhase'),
    handlingEventType: text(record, 'handlingEventType'),
    machineName: text(record, 'machineName'),
    predictedDeliveryDate: text(record, 'predictedDeliveryDate'),
  };

  if (f.scanDatetime === null) throw new Invalid('scanDatetime is missing');
  const scannedAt = parseScanDatetime(f.scanDatetime);
  if (!scannedAt) throw new Invalid(`scanDatetime "${f.scanDatetime}" is not a valid date-time`);

  const identity = pieceIdentity(f);
  const eventCode = f.scanEventCode;
  const facilityZip = f.scanFacilityZip;
  const mailPhase = f.mailPhase;
  return {
    mailerId: identity.mailerId,
    serial: identity.serial,
    trackingCode: identity.trackingCode,
    routingCode: identity.routingCode,
    serviceTypeId: identity.serviceTypeId,
    scannedAt,
    eventCode,
    facilityZip,
    facilityCity: f.scanFacilityCity,
    facilityState: f.scanFacilityState,
    mailPhase,
    handlingEventType: f.handlingEventType,
    machineName: f.machineName,
    predictedDeliveryDate: f.predictedDeliveryDate,
    // MID + serial (not the tracking code) identify the piece, so the same scan delivered once with `imb`
    // and once with only `imbMid`/`imbSerialNumber` still counts as a duplicate. A serial is unique per
    // MID for 45 days (USPS-B-3200), far longer than scans keep arriving. One-shot hash(): a Hash object
    // per event cost more (mostly in garbage collection) than the digest itself.
    fingerprint: hash(
      'sha256',
      JSON.stringify([
        identity.mailerId,
        identity.serial,
        scannedAt.toISOString(),
        eventCode ?? '',
        facilityZip ?? '',
        mailPhase ?? '',
      ]),
    ),
  };
}

/**
 * A number that is the same for every scan of one piece — the last two digits of its serial — read from a
 * raw event without validating it, in the order `pieceIdentity` reads the identity fields: ingestion
 * splits a batch by it before parsing, so that each part holds all the scans of its pieces. A malformed
 * event gets some number; parsing reports it.
 */
export function pieceHint(raw: unknown): number {
  if (raw === null || typeof raw !== 'object') return 0;
  const record = raw as Record<string, unknown>;
  const present = (value: unknown) =>
    (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
  let digits = '';
  // The serial ends the 20-digit tracking code, whatever the Mailer ID's length.
  if (present(record.imb)) digits = String(record.imb).replace(/[\s-]/g, '').slice(18, 20);
  else if (present(record.imbTrackingCode)) digits = String(record.imbTrackingCode).trim().slice(18, 20);
  else if (present(record.imbSerialNumber)) digits = String(record.imbSerialNumber).trim().slice(-2);
  const hint = Number.parseInt(digits, 10);
  return Number.isNaN(hint) ? 0 : hint;
}

/** Strings are trimmed (empty → null); numbers are accepted as their decimal text (CSV/JSON feeds). */
function text(record: Record<string, unknown>, key: Field): string | null {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new Invalid(`${key} must be a string`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

type Identity = Pick<
  NormalizedScan,
  'mailerId' | 'serial' | 'trackingCode' | 'routingCode' | 'serviceTypeId'
>;

function pieceIdentity(f: Record<Field, string | null>): Identity {
  let trackingCode: string | null = null;
  let routingCode: string | null = null;
  if (f.imb !== null) {
    const imb = f.imb.replace(/[\s-]/g, '');
    if (!/^\d+$/.test(imb)) throw new Invalid('imb must contain digits only');
    if (![20, 25, 29, 31].includes(imb.length)) {
      throw new Invalid(`imb must be 20, 25, 29 or 31 digits, got ${imb.length}`);
    }
    trackingCode = imb.slice(0, 20);
    routingCode = imb.slice(20) || null;
  } else if (f.imbTrackingCode !== null) {
    if (!/^\d{20}$/.test(f.imbTrackingCode)) throw new Invalid('imbTrackingCode must be exactly 20 digits');
    trackingCode = f.imbTrackingCode;
    if (f.imbRoutingCode !== null) {
      const routing = f.imbRoutingCode.replace(/[\s-]/g, '');
      if (!/^(\d{5}|\d{9}|\d{11})?$/.test(routing)) {
        throw new Invalid('imbRoutingCode must be 0, 5, 9 or 11 digits');
      }
      routingCode = routing || null;
    }
  }

  if (trackingCode !== null) {
    let parts: ReturnType<typeof parseTrackingCode>;
    try {
      parts = parseTrackingCode(trackingCode);
    } catch (err) {
      throw new Invalid(`${f.imb !== null ? 'imb' : 'imbTrackingCode'}: ${(err as Error).message}`);
    }
    // Redundant fields that contradict the barcode mean the event is corrupt; better reported than guessed.
    if (f.imbMid !== null && f.imbMid !== parts.mailerId) {
      throw new Invalid(`imbMid ${f.imbMid} does not match the tracking code's Mailer ID ${parts.mailerId}`);
    }
    if (f.imbSerialNumber !== null && !sameSerial(f.imbSerialNumber, parts.serial)) {
      throw new Invalid(
        `imbSerialNumber ${f.imbSerialNumber} does not match the tracking code's serial ${parts.serial}`,
      );
    }
    return {
      mailerId: parts.mailerId,
      serial: parts.serial,
      trackingCode,
      routingCode,
      serviceTypeId: parts.serviceTypeId,
    };
  }

  if (f.imbMid === null || f.imbSerialNumber === null) {
    throw new Invalid(
      'piece identity is missing: needs imb, imbTrackingCode, or imbMid with imbSerialNumber',
    );
  }
  // A Mailer ID is 9 digits when it starts with 9, else 6; the serial fills the 15 digits after it.
  const mid = f.imbMid;
  if (!/^(9\d{8}|[0-8]\d{5})$/.test(mid)) {
    throw new Invalid('imbMid must be 6 digits (not starting with 9) or 9 digits starting with 9');
  }
  const serialLength = 15 - mid.length;
  if (!/^\d+$/.test(f.imbSerialNumber) || f.imbSerialNumber.length > serialLength) {
    throw new Invalid(`imbSerialNumber must be at most ${serialLength} digits for Mailer ID ${mid}`);
  }
  if (f.imbStid !== null && !/^\d{3}$/.test(f.imbStid)) throw new Invalid('imbStid must be 3 digits');
  return {
    mailerId: mid,
    // Feeds (and spreadsheets) drop leading zeros of the serial; the barcode always has them.
    serial: f.imbSerialNumber.padStart(serialLength, '0'),
    trackingCode: null,
    routingCode: null,
    serviceTypeId: f.imbStid,
  };
}

function sameSerial(given: string, fromBarcode: string): boolean {
  return /^\d+$/.test(given) && given.padStart(fromBarcode.length, '0') === fromBarcode;
}

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO-8601-like date-times: `2024-03-15T12:00:00Z`, `2024-03-15 12:00:00.123-05:00`, `2024-03-15T12:00`.
 * A time without a zone is read as UTC, on purpose: reading it in the server's zone would make the same
 * feed mean different instants on different machines (and different fingerprints). Other formats are
 * rejected rather than left to `Date.parse`, whose non-ISO behaviour is implementation-defined.
 */
export function parseScanDatetime(value: string): Date | null {
  // Fast path for the form feeds send (and toISOString writes): `2024-03-15T12:00:00.000Z`. When the
  // instant prints back as the same text, every field was in range, so the checks below would agree.
  // Years before 0100 are left to them (Date.UTC reads those as 19xx).
  if (value.length === 24 && value[0] !== '0' && value.charCodeAt(23) === 90 /* Z */) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) {
      const date = new Date(time);
      if (date.toISOString() === value) return date;
    }
  }
  const m = DATETIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offset = zone.toUpperCase();
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    offset = `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4).padEnd(2, '0')}`;
  }
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const time = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  return Number.isNaN(time) ? null : new Date(time);
}

// --- classifying one scan ---------------------------------------------------------------------------

/**
 * `handlingEventType` values that flag a return. These are not IV-MTR codes; they are accepted so that
 * sources which mark returns explicitly (a print partner's relay, mailstream's own simulator) are honoured.
 */
export const RETURN_HANDLING_EVENT_TYPES: ReadonlySet<string> = new Set(['R', 'RTS']);

/**
 * `scanEventCode` values that flag a return: textual markers (`RTS` return to sender, `UAA` undeliverable
 * as addressed) that some relays send. USPS's numeric operation codes for return processing are not in a
 * public list we could verify, so none is relied upon; the USPS-side signal is the mail phase (below).
 */
export const RETURN_EVENT_CODES: ReadonlySet<string> = new Set(['RTS', 'UAA']);

/**
 * What a single scan signals:
 * - `returned_to_sender` when the mail phase names a return or PARS/FPARS processing (the Postal
 *   Automated Redirection System handles undeliverable-as-addressed letters: it forwards or returns them
 *   and issues the address-correction notice), or the handling event type / event code is a return
 *   marker (`RETURN_HANDLING_EVENT_TYPES`, `RETURN_EVENT_CODES`);
 * - `out_for_delivery` for `Phase 3c - Destination Sequenced Carrier Sortation` and `Phase 4c - Delivery`
 *   (matched on the `Phase 3c` / `Phase 4c` prefix, which also covers the feed's `Phase 3c- …` spelling);
 * - `entered_mail_stream` for anything else, origin phases included: any scan proves the piece is in the
 *   mail stream.
 */
export function scanImbStatus(
  scan: Pick<ScanSignal, 'mailPhase' | 'handlingEventType' | 'eventCode'>,
): ImbStatus {
  const phase = scan.mailPhase?.trim() ?? '';
  if (
    /return/i.test(phase) ||
    /^f?pars\b/i.test(phase) ||
    RETURN_HANDLING_EVENT_TYPES.has(scan.handlingEventType?.trim().toUpperCase() ?? '') ||
    RETURN_EVENT_CODES.has(scan.eventCode?.trim().toUpperCase() ?? '')
  ) {
    return 'returned_to_sender';
  }
  if (/^phase\s*[34]c\b/i.test(phase)) return 'out_for_delivery';
  return 'entered_mail_stream';
}

// --- folding ----------------------------------------------------------------------------------------

export const IMB_STATUS_RANK: Readonly<Record<ImbStatus, number>> = {
  entered_mail_stream: 1,
  out_for_delivery: 2,
  // A return can follow anything and nothing after it undoes it.
  returned_to_sender: 3,
};

/**
 * Folds one scan into the current state; returns the new state, or null when nothing changes.
 *
 * States are totally ordered and the fold keeps the better one:
 * 1. higher status rank wins (entered 1 < out_for_delivery 2 < returned_to_sender 3), so the status never
 *    moves backwards and a return overrides anything;
 * 2. at the same rank, the earlier scan wins: `imbDate` is the first qualifying scan, so a late-arriving
 *    scan with an earlier timestamp corrects `imbDate`/`imbZIPCode`, and a later one changes nothing;
 * 3. at the same instant, the smaller ZIP wins (a ZIP beats none) — an arbitrary but fixed tie-break.
 * Taking the best of a set does not depend on order or repetition, so any arrival order of the same scans
 * (with duplicates) ends in the same state.
 */
export function foldImbStatus(current: ImbState | null, scan: ScanSignal): ImbState | null {
  const candidate: ImbState = {
    status: scanImbStatus(scan),
    date: new Date(scan.scannedAt.getTime()),
    zip: scan.facilityZip ?? null,
  };
  if (current === null) return candidate;
  return compareStates(candidate, current) < 0 ? candidate : null;
}

/** Negative when `a` is the better state (see `foldImbStatus`), 0 when equal. */
export function compareStates(a: ImbState, b: ImbState): number {
  const rank = IMB_STATUS_RANK[b.status] - IMB_STATUS_RANK[a.status];
  if (rank !== 0) return rank;
  const time = new Date(a.date).getTime() - new Date(b.date).getTime();
  if (time !== 0) return time;
  if (a.zip === b.zip) return 0;
  if (a.zip === null) return 1;
  if (b.zip === null) return -1;
  return a.zip < b.zip ? -1 : 1;
}

/** Folds many scans from `initial`; returns the final state (null only for no scans and no initial). */
export function foldImbStatuses(initial: ImbState | null, scans: Iterable<ScanSignal>): ImbState | null {
  let state = initial;
  for (const scan of scans) state = foldImbStatus(state, scan) ?? state;
  return state;
}
