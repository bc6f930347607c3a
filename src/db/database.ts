import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// Bigints (count(*), sequences) arrive as strings by default; every count we read fits a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repo functions take either the database or a transaction, so services decide the transaction. */
export type Executor = Db | Tx;

export function createDb(databaseUrl: string, poolSize: number): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
