import { ConfigError, type Env } from '../config/config.ts';
import { ratesDay } from './price.ts';
import { DEFAULT_RATES_FILE, loadRateTable, type RateTable, RateTableError } from './rate-table.ts';

/**
 * RATES_FILE: the rate table every order is priced with (default config/rates.yaml). Read and checked at
 * start, so a broken file stops the process naming the problem rather than pricing orders wrong.
 */
export function loadRatesConfig(env: Env, now = new Date()): RateTable {
  const file = env.RATES_FILE || DEFAULT_RATES_FILE;
  let table: RateTable;
  try {
    table = loadRateTable(file);
  } catch (error) {
    if (error instanceof RateTableError) throw new ConfigError('RATES_FILE', error.message);
    throw error;
  }
  // Orders are sent from today on: a table whose first version starts later would price them with it.
  const today = ratesDay(now);
  if (table.versions[0]!.effectiveFrom > today) {
    throw new ConfigError(
      'RATES_FILE',
      `${file}: versions[0].effectiveFrom is ${table.versions[0]!.effectiveFrom}: no version is in effect today (${today})`,
    );
  }
  return table;
}
