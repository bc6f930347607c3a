/**
 * `npm run soak`: the scale-out test's longer form — API and worker processes (`mailstream start --role …`)
 * on one PostgreSQL, rounds of load until --duration has passed, each round followed by quiescence and the
 * invariants of test/support/invariants.ts over everything so far. `--crash` adds the monkey that SIGKILLs
 * a random process every few seconds and starts it again (and, on the embedded database, the postmaster).
 * Exits 1 at the first broken invariant.
 *
 *   npm run soak -- [--duration 10m] [--apis 2] [--workers 3] [--crash] [--kill-every 2s-5s]
 *                   [--targets api,worker,postgres]
 *                   [--creates 400] [--concurrency 6] [--embedded] [--seed N]
 *
 * Database: with DATABASE_URL, a fresh database on that server (dropped afterwards); otherwise, or with
 * --embedded, an embedded cluster in .tmp/soak-<pid> that the first process starts and the others join.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { ChaosTarget } from '../test/support/chaos.ts';
import { runScaleScenario } from '../test/support/scale-scenario.ts';

const root = path.resolve(import.meta.dirname, '..');

function ms(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--${flag}: expected a duration like 90s or 10m, got "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}

function count(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${flag}: expected ${min}…${max}, got "${text}"`);
  return n;
}

function targets(text: string): ChaosTarget[] {
  const list = text.split(',').map((t) => t.trim());
  for (const t of list) {
    if (!['api', 'worker', 'postgres'].includes(t))
      throw new Error(`--targets: api, worker or postgres, got "${t}"`);
  }
  return list as ChaosTarget[];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '5m' },
      apis: { type: 'string', default: '2' },
      workers: { type: 'string', default: '3' },
      crash: { type: 'boolean', default: false },
      'kill-every': { type: 'string', default: '2s-5s' },
      targets: { type: 'string', default: 'api,worker,postgres' },
      creates: { type: 'string', default: '400' },
      concurrency: { type: 'string', default: '6' },
      embedded: { type: 'boolean', default: false },
      seed: { type: 'string' },
    },
  });
  const durationMs = ms(values.duration!, 'duration');
  const [killMin, killMax] = values['kill-every']!.split('-').map((part) => ms(part, 'kill-every'));
  const external = process.env.DATABASE_URL && !values.embedded ? process.env.DATABASE_URL : undefined;
  let database: { url: string } | { dataDir: string };
  let drop: (() => Promise<void>) | undefined;
  if (external) {
    const name = `mailstream_soak_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(external, 'postgres') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    database = { url: withDatabase(external, name) };
    drop = async () => {
      const client = new pg.Client({ connectionString: withDatabase(external, 'postgres') });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else {
    database = { dataDir: path.join(root, '.tmp', `soak-${process.pid}`) };
  }
  const exitLog = path.join(root, '.tmp', `soak-${process.pid}-exits.log`);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  log(
    `soak: ${values.apis} API + ${values.workers} worker processes, ${values.duration}, ` +
      `${external ? 'DATABASE_URL' : 'embedded PostgreSQL'}${values.crash ? `, SIGKILL every ${values['kill-every']}` : ''}`,
  );
  try {
    const result = await runScaleScenario({
      database,
      apis: count(values.apis!, 'apis', 1, 8),
      workers: count(values.workers!, 'workers', 1, 8),
      rounds: Number.POSITIVE_INFINITY,
      durationMs,
      plan: {
        creates: count(values.creates!, 'creates', 1, 100_000),
        // A crash round is bounded by time too: throughput depends on what the monkey hits.
        ...(values.crash ? { durationMs: 60_000 } : {}),
        concurrency: count(values.concurrency!, 'concurrency', 1, 64),
        keyedShare: values.crash ? 1 : 0.4,
        repeatShare: values.crash ? 0.2 : 0.3,
        cancelShare: 0.25,
        progressShare: 0.3,
        maxSendAheadMs: 5000,
      },
      ...(values.crash
        ? {
            crash: {
              everyMs: [killMin!, killMax ?? killMin!] as [number, number],
              targets: targets(values.targets!),
            },
          }
        : {}),
      settleTimeoutMs: 180_000,
      seed: values.seed ? Number(values.seed) : undefined,
      log,
      exitLog,
    });
    log(`seed ${result.seed}; timings ${JSON.stringify(result.timings)}`);
    log(`stats ${JSON.stringify(result.stats, null, 2)}`);
    if ((result.stats.unexpectedExits as string[]).length > 0)
      log(`output of processes that exited on their own: ${exitLog}`);
    if (result.chaos.length) log(`kills (${result.chaos.length}):\n  ${result.chaos.join('\n  ')}`);
    if (result.violations.length) {
      log(`FAILED: ${result.violations.length} violations:\n  ${result.violations.join('\n  ')}`);
      return 1;
    }
    log('every invariant held');
    return 0;
  } finally {
    await drop?.();
  }
}

process.exit(await main());
