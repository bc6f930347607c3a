/**
 * `npm test`: prepares a PostgreSQL server (DATABASE_URL, or an embedded cluster made for the run), builds
 * a migrated template database, then runs every test file with node:test. Each test file clones the
 * template (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';

const root = path.resolve(import.meta.dirname, '..');
const logger = pino({ level: 'warn' });

async function testFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return testFiles(full);
      return e.name.endsWith('.test.ts') ? [full] : [];
    }),
  );
  return files.flat().sort();
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main() {
  const filters = process.argv.slice(2);
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  const dataDir = path.join(root, '.tmp', `test-pg-${process.pid}`);
  if (!serverUrl) {
    // A throw-away cluster: durability off makes the suite fast and loses nothing that matters.
    const embedded = await startEmbedded({
      dataDir,
      logger,
      role: 'owner',
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const template = `mailstream_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  let code = 1;
  try {
    await admin.query(`create database ${template}`);
    await migrate(withDatabase(serverUrl, template), logger);
    const all = await testFiles(path.join(root, 'test'));
    const files = filters.length ? all.filter((f) => filters.some((x) => f.includes(x))) : all;
    process.stdout.write(
      `mailstream tests: ${files.length} files on ${stopEmbedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}\n`,
    );
    code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
        {
          cwd: root,
          stdio: 'inherit',
          env: {
            ...process.env,
            MAILSTREAM_TEST_SERVER_URL: serverUrl,
            MAILSTREAM_TEST_TEMPLATE: template,
            DATABASE_URL: '',
          },
        },
      );
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    });
  } finally {
    // Databases cloned by test files that crashed are dropped here, with the template.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`${template}_%`, template],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
    if (stopEmbedded) {
      await stopEmbedded();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  process.exit(code);
}

await main();
