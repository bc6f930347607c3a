// A pure generator of realistic IV-MTR piece scans for one mail piece, for test mode, demos and tests of
// the tracking pipeline. It tells a story — origin processing, destination processing, carrier sortation,
// optionally a return — and reproduces the feed's bad habits: reports arrive after the scan, one scan is
// delivered twice, and one origin scan arrives last of all (IV-MTR data can be days late, BRIEF §10).
//
// Mail phases are the names IV-MTR uses. Facilities, machine names and operation codes are illustrative:
// plausible values, not a copy of USPS reference data, and nothing in the status logic depends on them.
import { parseTrackingCode } from './imb.ts';
import type { IvmtrEvent } from './scan-status.ts';

export interface SimulateScansOptions {
  trackingCode: string;
  /** Routing code printed in the IMb: '' or 5, 9 or 11 digits. */
  routingCode: string;
  /** When the printer handed the piece to USPS; scan times start from here. */
  mailedAt: Date;
  destinationZip: string;
  /** The printer's ZIP; a random origin plant when absent. */
  originZip?: string;
  /** Whether the piece comes back as undeliverable (PARS processing after carrier sortation). */
  returnToSender: boolean;
  /** Source of randomness in [0, 1); the output is a function of it (deterministic for a seeded rng). */
  rng: () => number;
  /** Multiplies every duration: 1 = real time; 1/8640 turns a 4-day journey into 40 seconds. */
  timeScale?: number;
  /** Deliver one scan twice (default true); with `lateOriginScan`, never the late one. */
  duplicate?: boolean;
  /** Deliver the first origin scan after every other scan, out of order (default true). */
  lateOriginScan?: boolean;
}

export interface SimulatedScans {
  /** The scans in the order they happened (`scanDatetime` non-decreasing). */
  events: IvmtrEvent[];
  /**
   * deliverAt[i]: milliseconds after `mailedAt` at which events[i] should be fed to the tracking pipeline.
   * Always ≥ the scan's own offset; sorting by it gives the (out-of-order) arrival order.
   */
  deliverAt: number[];
}

interface Facility {
  zip: string;
  city: string;
  state: string;
}

// One regional processing plant per national ZIP area (the first ZIP digit).
const PLANTS: Readonly<Record<string, Facility>> = {
  '0': { zip: '02205', city: 'BOSTON', state: 'MA' },
  '1': { zip: '10199', city: 'NEW YORK', state: 'NY' },
  '2': { zip: '20066', city: 'WASHINGTON', state: 'DC' },
  '3': { zip: '30304', city: 'ATLANTA', state: 'GA' },
  '4': { zip: '46206', city: 'INDIANAPOLIS', state: 'IN' },
  '5': { zip: '55202', city: 'SAINT PAUL', state: 'MN' },
  '6': { zip: '60607', city: 'CHICAGO', state: 'IL' },
  '7': { zip: '75260', city: 'DALLAS', state: 'TX' },
  '8': { zip: '80266', city: 'DENVER', state: 'CO' },
  '9': { zip: '90052', city: 'LOS ANGELES', state: 'CA' },
};

export const MAIL_PHASES = {
  originPrimary: 'Phase 1a - Origin Primary Processing',
  originSecondary: 'Phase 1b - Origin Secondary Processing',
  destinationPrimary: 'Phase 2c - Destination Primary Processing',
  destinationSecondary: 'Phase 3a - Destination Secondary Processing',
  carrierSortation: 'Phase 3c - Destination Sequenced Carrier Sortation',
  pars: 'PARS Processing',
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Step {
  /** Real-time offset from mailedAt, before scaling. */
  at: number;
  phase: string;
  code: string;
  machine: string;
  plant: Facility;
}

/** Generates the scans of one piece; see `SimulateScansOptions`. */
export function simulateScans(options: SimulateScansOptions): SimulatedScans {
  const { rng, mailedAt } = options;
  const scale = options.timeScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('timeScale must be a positive number');
  const parts = parseTrackingCode(options.trackingCode);
  const between = (min: number, max: number) => min + (max - min) * rng();
  const pick = <T>(items: readonly T[]): T =>
    items[Math.min(items.length - 1, Math.floor(rng() * items.length))]!;
  const machine = (kind: string) => `${kind}-${String(1 + Math.floor(rng() * 24)).padStart(3, '0')}`;

  const plantFor = (zip: string | undefined): Facility => {
    const area = zip?.trim()[0];
    return (area !== undefined && PLANTS[area]) || pick(Object.values(PLANTS));
  };
  const origin = plantFor(options.originZip);
  const destination = plantFor(options.destinationZip);

  // The journey to carrier sortation takes 1–4 days; the steps before it are placed inside that window.
  const transit = between(1 * DAY, 4 * DAY);
  const steps: Step[] = [];
  let t = between(2 * HOUR, 6 * HOUR);
  steps.push({
    at: t,
    phase: MAIL_PHASES.originPrimary,
    code: '271',
    machine: machine('DIOSS'),
    plant: origin,
  });
  t += between(0.5 * HOUR, 3 * HOUR);
  steps.push({
    at: t,
    phase: MAIL_PHASES.originSecondary,
    code: '281',
    machine: machine('DBCS'),
    plant: origin,
  });
  t = Math.max(t + 2 * HOUR, transit * between(0.5, 0.7));
  steps.push({
    at: t,
    phase: MAIL_PHASES.destinationPrimary,
    code: '331',
    machine: machine('DIOSS'),
    plant: destination,
  });
  t += between(1 * HOUR, 4 * HOUR);
  steps.push({
    at: t,
    phase: MAIL_PHASES.destinationSecondary,
    code: '341',
    machine: machine('DBCS'),
    plant: destination,
  });
  t = Math.max(t + 1 * HOUR, transit);
  // Delivery Point Sequencing runs twice on the same sorter: first pass, then second pass.
  const dps = machine('DBCS');
  steps.push({ at: t, phase: MAIL_PHASES.carrierSortation, code: '918', machine: dps, plant: destination });
  const carrierAt = t;
  t += between(1 * HOUR, 3 * HOUR);
  steps.push({ at: t, phase: MAIL_PHASES.carrierSortation, code: '919', machine: dps, plant: destination });
  if (options.returnToSender) {
    // The carrier finds the piece undeliverable and brings it back; PARS marks it for return and it
    // re-enters the outgoing stream at the destination plant, headed for the sender.
    t += between(18 * HOUR, 30 * HOUR);
    steps.push({ at: t, phase: MAIL_PHASES.pars, code: '894', machine: machine('PARS'), plant: destination });
    t += between(2 * HOUR, 8 * HOUR);
    steps.push({
      at: t,
      phase: MAIL_PHASES.originPrimary,
      code: '271',
      machine: machine('DIOSS'),
      plant: destination,
    });
  }

  // Expected delivery: the day after carrier sortation, or the same day for an early-morning sort.
  const deliveryDay = new Date(mailedAt.getTime() + (carrierAt + (rng() < 0.5 ? 0 : DAY)) * scale);
  const predictedDeliveryDate = deliveryDay.toISOString().slice(0, 10);

  const routing = options.routingCode;
  const toEvent = (step: Step): IvmtrEvent => ({
    imb: options.trackingCode + routing,
    imbTrackingCode: options.trackingCode,
    ...(routing ? { imbRoutingCode: routing } : {}),
    imbMid: parts.mailerId,
    imbSerialNumber: parts.serial,
    imbStid: parts.serviceTypeId,
    scanDatetime: new Date(mailedAt.getTime() + Math.round(step.at * scale)).toISOString(),
    scanEventCode: step.code,
    scanFacilityZip: step.plant.zip,
    scanFacilityCity: step.plant.city,
    scanFacilityState: step.plant.state,
    mailPhase: step.phase,
    machineName: step.machine,
    predictedDeliveryDate,
  });

  const events = steps.map(toEvent);
  // A report reaches us minutes to a couple of hours after the scan.
  const deliverAt = steps.map((step) => Math.round((step.at + between(5 * MINUTE, 2 * HOUR)) * scale));

  const late = options.lateOriginScan ?? true;
  if (options.duplicate ?? true) {
    // IV-MTR redelivers a scan now and then; the copy is identical and arrives later. (Not the late origin
    // scan: an early copy of it would make it not late at all.)
    const i = late ? 1 + Math.floor(rng() * (events.length - 1)) : Math.floor(rng() * events.length);
    events.splice(i + 1, 0, { ...events[i]! });
    deliverAt.splice(i + 1, 0, deliverAt[i]! + Math.round(between(1 * HOUR, 24 * HOUR) * scale));
  }
  if (late) {
    // The first origin scan is reported last, up to two days after everything else (IV-MTR allows 5).
    deliverAt[0] = Math.max(...deliverAt) + Math.round(between(6 * HOUR, 48 * HOUR) * scale);
  }
  return { events, deliverAt };
}

/** A small seeded PRNG (mulberry32) for deterministic simulations: same seed, same scans. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
