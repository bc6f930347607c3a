import { DEFAULT_RATES_FILE, loadRateTable, type RateTable } from './rate-table.ts';

let installed: RateTable | undefined;

/**
 * The process's rate table: the one the configuration loaded (installed by buildApp), or the shipped
 * default for code that prices orders without an app (tools, benchmarks). One table per process: every
 * API and worker of a process reads the same RATES_FILE.
 */
export function rateTable(): RateTable {
  installed ??= loadRateTable(DEFAULT_RATES_FILE);
  return installed;
}

export function installRateTable(table: RateTable): void {
  installed = table;
}
