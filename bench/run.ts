/**
 * `npm run bench [-- --quick] [-- --only NAME]`: runs every benchmark, each beside its floor measured in
 * the same run on the same database, and writes BENCHMARKS.md with its charts in docs/bench/ (a quick run
 * writes .tmp/BENCHMARKS.quick.md and .tmp/bench-charts/).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startEmbedded } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { benchAddresses } from './addresses.ts';
import { benchBulk, benchBulkEndToEnd } from './bulk.ts';
import { drawCharts } from './charts.ts';
import type { BenchContext, BenchPoint, BenchResult, BenchRow } from './context.ts';
import { benchIngestion } from './ingestion.ts';
import { benchLetters } from './letters.ts';
import { benchLists } from './lists.ts';
import { benchPipeline } from './pipeline.ts';
import { benchRenderBatch, benchRendering } from './rendering.ts';
import { resultTable, targetSummary } from './report.ts';
import { benchSearch } from './search.ts';
import { benchStamping } from './stamping.ts';
import { benchStats } from './stats.ts';
import { benchWebhooks } from './webhooks.ts';

const root = path.resolve(import.meta.dirname, '..');
const benches: Record<string, (context: BenchContext) => Promise<BenchResult>> = {
  letters: benchLetters,
  pipeline: benchPipeline,
  ingestion: benchIngestion,
  webhooks: benchWebhooks,
  lists: benchLists,
  stats: benchStats,
  search: benchSearch,
  stamping: benchStamping,
  rendering: benchRendering,
  'render-batch': benchRenderBatch,
  addresses: benchAddresses,
  bulk: benchBulk,
  'bulk-e2e': benchBulkEndToEnd,
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined;
  const logger = pino({ level: 'warn' });
  let serverUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  const dataDir = path.join(root, '.tmp', `bench-pg-${process.pid}`);
  if (!serverUrl) {
    const embedded = await startEmbedded({ dataDir, logger, role: 'owner' });
    serverUrl = embedded.url;
    stop = embedded.stop;
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  const pgVersion =
    (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
  const made: string[] = [];
  const context: BenchContext = {
    quick,
    createDatabase: async () => {
      const name = `mailstream_bench_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database ${name}`);
      made.push(name);
      const url = withDatabase(serverUrl!, name);
      await migrate(url, logger);
      return url;
    },
    log: (message) => process.stderr.write(`${message}\n`),
  };

  const dropMade = async () => {
    for (const name of made.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
  };
  // Each benchmark starts on a quiet cluster: the databases of the ones before dropped and their dirty
  // pages flushed, so nothing one left behind (page writes, autovacuum) runs during the next one's timing.
  const quiet = async () => {
    await dropMade();
    await admin.query('checkpoint').catch(() => undefined);
  };

  const rows: BenchRow[] = [];
  const points: BenchPoint[] = [];
  const started = Date.now();
  // Other work on the machine skews every figure (floors included), so the report states it.
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    for (const [name, run] of Object.entries(benches)) {
      if (only && !only.includes(name)) continue;
      context.log(`== ${name}`);
      const benchStarted = Date.now();
      const result = await run(context);
      rows.push(...result.rows);
      points.push(...result.points);
      context.log(`== ${name} took ${Math.round((Date.now() - benchStarted) / 1000)} s`);
      await quiet();
    }
  } finally {
    await dropMade();
    await admin.end();
    if (stop) {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const cpus = os.cpus();
  const lines = [
    '# mailstream benchmarks',
    '',
    `Made by \`${command}\` on ${new Date().toISOString().slice(0, 10)} in ${Math.round((Date.now() - started) / 1000)} s.`,
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${pgVersion} ` +
      `(${process.env.DATABASE_URL ? 'external, DATABASE_URL' : 'embedded, default durability'}). ` +
      `Load average (1 min) before / after the run: ${loadBefore.toFixed(1)} / ${(os.loadavg()[0] ?? 0).toFixed(1)}.`,
    '',
    'Every figure stands beside its floor: the plainest way to do the same work on the same database in',
    'the same run. The ratio is figure ÷ floor: for rates higher is better; for latencies, and for how a',
    "step's time grows from 100,000 to 1,000,000 orders beside how its floor's grows, lower is better.",
    '',
    ...resultTable(rows),
    '',
    ...targetSummary(rows),
  ];
  const out = quick ? path.join(root, '.tmp', 'BENCHMARKS.quick.md') : path.join(root, 'BENCHMARKS.md');
  const chartDir = quick ? path.join(root, '.tmp', 'bench-charts') : path.join(root, 'docs', 'bench');
  const charts = drawCharts(points);
  // The directory holds only these charts: emptied first, so none is left over from another selection.
  await rm(chartDir, { recursive: true, force: true });
  await mkdir(chartDir, { recursive: true });
  if (charts.length) lines.push('## Charts', '');
  for (const chart of charts) {
    const file = path.join(chartDir, chart.file);
    await writeFile(file, chart.svg);
    lines.push(`![${chart.title}](${path.relative(path.dirname(out), file).split(path.sep).join('/')})`, '');
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\nwritten to ${path.relative(root, out)}\n`);
}

await main();
