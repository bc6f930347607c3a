import pino from 'pino';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createDb, type Db } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import type { Logger } from '../logger.ts';

/**
 * Runs a CLI command against the database: the running server's embedded cluster when there is one,
 * otherwise a cluster started for the command and stopped after it. Logs go to stderr so stdout stays
 * machine-readable (`--json`).
 */
export async function runOneOff<T>(
  config: Config,
  work: (context: { db: Db; url: string; logger: Logger }) => Promise<T>,
): Promise<T> {
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
  const database = await openDatabase(config, logger, 'borrower');
  const { db } = createDb(database.url, 2);
  try {
    await migrate(database.url, logger);
    return await work({ db, url: database.url, logger });
  } finally {
    await db.destroy();
    await database.stop();
  }
}
