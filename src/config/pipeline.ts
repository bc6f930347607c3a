import { boolean, ConfigError, duration, type Env, integer } from './config.ts';

/**
 * Settings of the tracking pipeline (scheduler, printers, IMb, completion estimates). Production keeps
 * real timings; the demo profile plays the same story in seconds, with every demo timing overridable.
 */
export interface PipelineConfig {
  /** How often each worker process runs the scheduler and the simulated printer. */
  tickIntervalMs: number;
  /** Orders moved per statement. */
  batchSize: number;
  /** Printing SLA in business days (BRIEF §5). */
  slaBusinessDays: number;
  /**
   * Typical delivery time per mailing class, in business days after processed_for_delivery (BRIEF §5).
   * Classes not listed fall back to `standard_class` (standard classes) or `first_class` (all others).
   */
  deliveryBusinessDays: Record<string, number>;
  /** Demo profile: completion this long after processed_for_delivery, and after an out_for_delivery scan. */
  demoCompleteAfterProcessedMs: number;
  demoCompleteAfterOutForDeliveryMs: number;
  /** USPS Mailer ID: 6 digits starting 0-8, or 9 digits starting with 9. */
  imbMailerId: string;
  /** IMb service type ID (3 digits). */
  imbServiceTypeId: string;
  /** How long a printer's claim on an order lasts before another printer may take it. */
  printerClaimTtlMs: number;
  /** Whether worker processes run the built-in simulated printer. */
  simulatedPrinter: boolean;
  /** How long the simulated printer takes from claiming an order to reporting it mailed. */
  simulatedPrinterMailAfterMs: number;
}

/** The placeholder Mailer ID used when IMB_MAILER_ID is unset; production needs a USPS-assigned one. */
export const PLACEHOLDER_MAILER_ID = '899999';

const DAY = 86_400_000;

function mailerId(env: Env): string {
  const raw = env.IMB_MAILER_ID?.trim();
  if (!raw) return PLACEHOLDER_MAILER_ID;
  if (!/^([0-8]\d{5}|9\d{8})$/.test(raw)) {
    throw new ConfigError(
      'IMB_MAILER_ID',
      `must be 6 digits starting 0-8 or 9 digits starting with 9, got "${raw}"`,
    );
  }
  return raw;
}

function serviceTypeId(env: Env): string {
  const raw = env.IMB_SERVICE_TYPE_ID?.trim();
  if (!raw) return '270';
  if (!/^\d{3}$/.test(raw)) throw new ConfigError('IMB_SERVICE_TYPE_ID', `must be 3 digits, got "${raw}"`);
  return raw;
}

/** `first_class=5,standard_class=10`: mailing class = business days, merged over the defaults. */
function deliveryDays(env: Env): Record<string, number> {
  const days: Record<string, number> = { first_class: 5, standard_class: 10 };
  const raw = env.DELIVERY_BUSINESS_DAYS?.trim();
  if (!raw) return days;
  for (const part of raw.split(',')) {
    const match = /^\s*([a-z0-9_]+)\s*=\s*(\d{1,3})\s*$/.exec(part);
    if (!match) {
      throw new ConfigError(
        'DELIVERY_BUSINESS_DAYS',
        `must look like first_class=5,standard_class=10, got "${raw}"`,
      );
    }
    days[match[1]!] = Number(match[2]);
  }
  return days;
}

export function loadPipelineConfig(env: Env, profile: 'demo' | 'production'): PipelineConfig {
  const demo = profile === 'demo';
  return {
    tickIntervalMs: duration(env, 'PIPELINE_TICK_INTERVAL', '1s', 50, 3_600_000),
    batchSize: integer(env, 'PIPELINE_BATCH_SIZE', 5000, 1, 100_000),
    slaBusinessDays: integer(env, 'SLA_BUSINESS_DAYS', 2, 0, 30),
    deliveryBusinessDays: deliveryDays(env),
    demoCompleteAfterProcessedMs: duration(env, 'DEMO_COMPLETE_AFTER_PROCESSED', '40s', 0, DAY),
    demoCompleteAfterOutForDeliveryMs: duration(env, 'DEMO_COMPLETE_AFTER_OUT_FOR_DELIVERY', '5s', 0, DAY),
    imbMailerId: mailerId(env),
    imbServiceTypeId: serviceTypeId(env),
    printerClaimTtlMs: duration(env, 'PRINTER_CLAIM_TTL', demo ? '30s' : '4h', 1000, 30 * DAY),
    // Never pretend to mail live orders in production unless asked to: there the printers are real.
    simulatedPrinter: boolean(env, 'SIMULATED_PRINTER', demo),
    simulatedPrinterMailAfterMs: duration(
      env,
      'SIMULATED_PRINTER_MAIL_AFTER',
      demo ? '2s' : '1h',
      0,
      30 * DAY,
    ),
  };
}
