import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { createDb, type Db, type Executor } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

export interface TestDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh database cloned from the migrated template `npm test` prepared: real PostgreSQL, isolated
 * per test file, and fast (a file copy, not a migration run).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.MAILSTREAM_TEST_SERVER_URL;
  const template = process.env.MAILSTREAM_TEST_TEMPLATE;
  if (!server || !template) {
    throw new Error('Run tests through `npm test` (scripts/run-tests.ts), which prepares the database.');
  }
  const name = `${template}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      if (attempt > 50 || (error as { code?: string }).code !== '55006') throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  return connect(server, name);
}

/** A fresh, empty database of the test server, not migrated: for tests of migrating itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const server = process.env.MAILSTREAM_TEST_SERVER_URL;
  if (!server) throw new Error('Run tests through `npm test` (scripts/run-tests.ts).');
  const name = `mailstream_migration_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return connect(server, name);
}

/**
 * A fresh, empty database of the test server migrated through `version` only: for tests of a data
 * migration, which start from the schema before it.
 */
export async function createDatabaseMigratedThrough(version: number): Promise<TestDatabase> {
  const database = await createEmptyDatabase();
  await migrate(database.url, pino({ level: 'silent' }), { through: version });
  return database;
}

function connect(server: string, name: string): TestDatabase {
  const url = withDatabase(server, name);
  const { db, pool } = createDb(url, 20);
  return {
    url,
    db,
    pool,
    drop: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * Rows of `table` this transaction has read so far, by index or by scan (pg_stat_xact_user_tables): the
 * difference across a statement shows whether it went to the rows it needs or through the whole table.
 */
export async function rowsReadInTransaction(tx: Executor, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select (coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0))::int as n
    from pg_stat_xact_user_tables where relname = ${table}`.execute(tx);
  return rows[0]!.n;
}
