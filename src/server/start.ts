import type { FastifyInstance } from 'fastify';
import { openKeyVault } from '../auth/key-vault.ts';
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { buildApp } from '../http/app.ts';
import type { Logger } from '../logger.ts';
import { type RunningWorker, startWorker } from '../worker/runner.ts';
import { announceFirstStart } from './first-start.ts';

export type Role = 'api' | 'worker' | 'all';

/**
 * Runs one mailstream process: the API, the background workers, or both. Stops in reverse order on
 * SIGINT/SIGTERM (HTTP first, so no request is cut off mid-transaction; then workers; then PostgreSQL).
 */
export async function startServer(config: Config, logger: Logger, role: Role): Promise<void> {
  logger.info(
    { role, profile: config.profile },
    `mailstream starting (role ${role}, profile ${config.profile})`,
  );
  const database = await openDatabase(config, logger, 'owner');
  let app: FastifyInstance | undefined;
  let worker: RunningWorker | undefined;
  let stopping = false;
  let started = false;

  const { db, pool } = createDb(database.url, config.databasePoolSize);
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'shutdown took longer than SHUTDOWN_TIMEOUT; exiting',
      );
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Each step is logged: a shutdown that hangs (and is forced after 30 s) shows where.
    const step = async (name: string, run: () => Promise<void> | undefined) => {
      const begun = Date.now();
      await run();
      logger.info({ step: name, ms: Date.now() - begun }, `stopped ${name}`);
    };
    try {
      await step('http', () => app?.close());
      await step('workers', () => worker?.stop());
      await step('pool', () => db.destroy());
      await step('database', () => database.stop());
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exitCode = 1;
    }
    logger.info('stopped');
    process.exit();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await migrate(database.url, logger);
    const vault = await openKeyVault(config);
    app = await buildApp({ db, config, logger, role, vault, pool, started: () => started });
    if (role !== 'api') worker = await startWorker({ db, config, logger }, pool);
    await app.listen({ port: config.port, host: config.host });
    // Last, once the server answers: a start that failed before this made and showed nothing.
    await announceFirstStart(db, vault);
    started = true;
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    // A failed start must not look like a clean stop (exit 0) to whatever supervises the process.
    process.exitCode = 1;
    await shutdown('startup failure');
  }
}
