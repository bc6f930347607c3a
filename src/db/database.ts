import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type RawBuilder, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// Bigints (count(*), sequences) arrive as strings by default; every count we read fits a JS number.
pg.types.setTypeParser(20, (value) => Number(value));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repo functions take either the database or a transaction, so services decide the transaction. */
export type Executor = Db | Tx;

const PREPARE_MARK = '/* prepared */ ';

/**
 * Starts a hot statement (`sql\`${prepared} with …\``) so each connection prepares it once and reuses its
 * plan: planning the one-statement order create cost PostgreSQL as much as running it. Only for statements
 * whose text comes in a few fixed variants — every distinct text stays prepared on the connection.
 */
export const prepared: RawBuilder<unknown> = sql.raw(PREPARE_MARK);

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `ms_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** pg's client, naming the statements marked `prepared` (a named statement is parsed and planned once). */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; this passes them all through
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARE_MARK)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export function createDb(databaseUrl: string, poolSize: number): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    Client: PreparingClient,
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
