import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations as runWorkerMigrations, Logger as WorkerLogger } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '../logger.ts';

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 7_246_001;
const silentWorkerLogger = new WorkerLogger(() => () => {});

interface MigrationFile {
  version: number;
  name: string;
  file: string;
}

export async function migrationFiles(): Promise<MigrationFile[]> {
  const names = (await readdir(migrationsDir)).filter((n) => /^\d{4}_[\w-]+\.sql$/.test(n)).sort();
  return names.map((name) => ({
    version: Number(name.slice(0, 4)),
    name,
    file: path.join(migrationsDir, name),
  }));
}

/**
 * Applies pending numbered migrations, each in its own transaction, then graphile-worker's schema.
 * A session advisory lock serialises processes that start at the same moment: the second waits and then
 * finds nothing left to do.
 */
export async function migrate(
  databaseUrl: string,
  logger: Logger,
  // Stop after this version: tests of a data migration start from the schema before it.
  options: { through?: number } = {},
): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'mailstream migrate' });
  // The connection idles between statements (and while graphile-worker migrates on its own). Should its
  // server end it then (a restart, a postmaster that died), pg emits 'error' on the client; unheard, that
  // would kill the process instead of failing the migration, which the next statement now does.
  client.on('error', () => {});
  await client.connect();
  const applied: number[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`create table if not exists schema_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null default now())`);
    const done = new Set(
      (await client.query<{ version: number }>('select version from schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const migration of await migrationFiles()) {
      if (done.has(migration.version)) continue;
      if (options.through !== undefined && migration.version > options.through) break;
      const sql = await readFile(migration.file, 'utf8');
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (version, name) values ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      applied.push(migration.version);
      logger.info({ migration: migration.name }, 'migration applied');
    }
    await runWorkerMigrations({ connectionString: databaseUrl, logger: silentWorkerLogger });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
  return applied;
}
