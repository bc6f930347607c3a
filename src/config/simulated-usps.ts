import { ConfigError, type Env, integer } from './config.ts';

/** The simulated postal service (src/ingestion/simulated-usps.ts). */
export interface SimulatedUspsConfig {
  /**
   * Multiplies every duration of a piece's journey (usps-simulator's `timeScale`): 1 plays real time
   * (1–4 days to carrier sortation). The demo profile's 1/30,000 brings out_for_delivery ~3–12 s after
   * mailing, so a letter created in the demo shows it within 30 s.
   */
  timeScale: number;
  /** Share of live pieces whose story ends returned to sender, 0–1. */
  returnRate: number;
  /** Pieces given their scans per statement, and scans fed per ingestion batch. */
  batchSize: number;
}

function rate(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(raw))
    throw new ConfigError(name, `must be a number from 0 to 1, got "${raw}"`);
  return Number(raw);
}

export function loadSimulatedUspsConfig(env: Env, profile: 'demo' | 'production'): SimulatedUspsConfig {
  // Expressed as a speed-up factor (an integer) rather than a tiny decimal.
  const speedUp = integer(env, 'SIMULATED_USPS_SPEEDUP', profile === 'demo' ? 30_000 : 1, 1, 100_000_000);
  return {
    timeScale: 1 / speedUp,
    returnRate: rate(env, 'SIMULATED_USPS_RETURN_RATE', 0.05),
    batchSize: integer(env, 'SIMULATED_USPS_BATCH_SIZE', 1000, 1, 10_000),
  };
}
