/**
 * Free-text and metadata search of letters at 1,000,000 and 10,000,000 stored orders (20,000 and 60,000 with
 * --quick): p50/p99 of `GET /print-mail/v1/letters?search=…` at concurrency 4, each with its exact
 * totalCount, beside its floor from the same run on the same database — the same ten orders read by primary
 * key with pg at the same concurrency, the least any list of them can cost. The orders are bench/lists.ts's
 * (its generator, set-based SQL); the word index (migrations/0016) is rebuilt with the others after
 * each load and its build time reported.
 *
 * Generating 10,000,000 orders takes a quarter of an hour on two cores, so a database can be kept between
 * runs: with BENCH_SEARCH_DATABASE_URL the orders are generated there once (only the missing ones are
 * added when a larger scale is asked for) and measured again on each run. BENCH_SEARCH_SCALES picks the
 * scales (comma-separated; default 1000000,10000000).
 */
import pg from 'pg';
import pino from 'pino';
import { Pool as HttpPool } from 'undici';
import { migrate } from '../src/db/migrate.ts';
import { freePort, spawnCli, waitForHttp } from '../test/support/process.ts';
import {
  alternatingLatencies,
  type BenchContext,
  type BenchPoint,
  type BenchResult,
  type BenchRow,
  percentile,
} from './context.ts';
import { generationModel, grow, prepareGenerator } from './lists.ts';

const CONCURRENCY = 4;
const GROUP = 'Search (issue 15)';
const P99_TARGET_MS = 300;

interface SearchQuery {
  name: string;
  search: string;
}

const queries: SearchQuery[] = [
  // A ZIP code: its recipients' orders and the few ids containing it, ~0.005% of orders.
  { name: 'search=60614 (free text, rare: a ZIP)', search: '60614' },
  { name: 'search=lovelace42 (free text, 1% of orders)', search: 'lovelace42' },
  { name: 'search="Grace Lovelace42" (quoted phrase, 0.1%)', search: '"Grace Lovelace42"' },
  {
    name: 'search={"metadata.campaign":"spring-7"} (metadata, 2.5%)',
    search: '{"metadata.campaign":"spring-7"}',
  },
];

interface State {
  main_org: string;
  live_api_key: string;
  model_id: string;
  others: string[];
  stored: number;
}

/** The database measured: kept between runs (BENCH_SEARCH_DATABASE_URL) or a fresh one from bench/run.ts. */
async function database(context: BenchContext): Promise<string> {
  const kept = process.env.BENCH_SEARCH_DATABASE_URL;
  if (!kept) return context.createDatabase();
  await migrate(kept, pino({ level: 'warn' }));
  return kept;
}

async function loadState(client: pg.Client, url: string): Promise<State> {
  await client.query(`create table if not exists bench_search_state (
    main_org text not null, live_api_key text not null, model_id text not null, others text[] not null,
    stored bigint not null)`);
  const { rows } = await client.query<State>('select * from bench_search_state');
  if (rows[0]) return { ...rows[0], stored: Number(rows[0].stored) };
  const { main, model, others } = await generationModel(url);
  await client.query(`insert into organizations (id, name) select unnest($1::text[]), 'Bench other'`, [
    others,
  ]);
  await prepareGenerator(client, model.id);
  const state = {
    main_org: main.organizationId,
    live_api_key: main.liveApiKey,
    model_id: model.id,
    others,
    stored: 0,
  };
  await client.query('insert into bench_search_state values ($1, $2, $3, $4, 0)', [
    state.main_org,
    state.live_api_key,
    state.model_id,
    state.others,
  ]);
  return state;
}

export async function benchSearch(context: BenchContext): Promise<BenchResult> {
  const scales = context.quick
    ? [20_000, 60_000]
    : (process.env.BENCH_SEARCH_SCALES ?? '1000000,10000000').split(',').map(Number);
  const seconds = context.quick ? 0.3 : 8;
  const warmUp = context.quick ? 50 : 2000;
  const url = await database(context);
  const client = new pg.Client({ connectionString: url });
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const rows: BenchRow[] = [];
  const points: BenchPoint[] = [];
  let server: ReturnType<typeof spawnCli> | undefined;
  let http: HttpPool | undefined;
  try {
    await client.connect();
    await client.query(`set maintenance_work_mem = '512MB'`);
    await client.query(`set work_mem = '64MB'`);
    const state = await loadState(client, url);
    for (const scale of scales) {
      const label = `${(scale / 1e6).toLocaleString('en-US')}M orders`;
      if (state.stored < scale) {
        context.log(
          `search: generating orders ${state.stored.toLocaleString('en-US')} → ${scale.toLocaleString('en-US')}`,
        );
        const grown = await grow(client, state.stored, scale, state.main_org, state.others, state.model_id);
        state.stored = scale;
        await client.query('update bench_search_state set stored = $1', [scale]);
        const built = grown.indexSeconds.orders_search_words ?? Number.NaN;
        const { rows: size } = await client.query<{ size: string }>(
          `select pg_size_pretty(pg_relation_size('orders_search_words')) as size`,
        );
        rows.push({
          group: GROUP,
          name: `${label}: build the search index (orders_search_words) after a bulk load`,
          value: built,
          unit: 's',
          note:
            `${size[0]!.size}; the load's other indexes took ${(grown.index - built).toFixed(0)} s, ` +
            `its INSERTs ${grown.load.toFixed(0)} s`,
        });
        context.log(`search: ${label} generated; word index ${built.toFixed(0)} s, ${size[0]!.size}`);
      } else if (state.stored > scale) {
        context.log(`search: the kept database holds ${state.stored} orders; ${label} skipped`);
        continue;
      }
      if (!server) {
        const port = await freePort();
        server = spawnCli(['start', '--role', 'api'], {
          DATABASE_URL: url,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          // Each list runs its page and its count at once.
          DATABASE_POOL_SIZE: String(CONCURRENCY * 2),
          RATE_LIMIT_PER_MINUTE: '0',
        });
        await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
        http = new HttpPool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
      }
      const list = async (search: string) => {
        const response = await http!.request({
          path: `/print-mail/v1/letters?search=${encodeURIComponent(search)}`,
          method: 'GET',
          headers: { 'x-api-key': state.live_api_key },
        });
        const body = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`search ${search}: ${response.statusCode} ${body}`);
        return JSON.parse(body) as { totalCount: number; data: { id: string }[] };
      };
      // An order id: the primary key's path, beside the same lookup done directly.
      const { rows: sample } = await client.query<{ id: string }>(
        `select id from orders where organization_id = $1 and live and kind = 'letter'
         order by created_at desc offset $2 limit 1`,
        // Deep in the list at 10M; within it at the quick sizes.
        [state.main_org, Math.min(12_345, Math.floor(scale / 4))],
      );
      const all = [...queries, { name: 'search=<an order id>', search: sample[0]!.id }];
      for (const query of all) {
        const first = await list(query.search);
        const ids = first.data.map((order) => order.id);
        if (!ids.length) {
          // The rare terms are rarer than one in the quick datasets: nothing to time there.
          console.warn(`${label}: search ${query.search} finds no order at this size; not measured`);
          continue;
        }
        const api = () => list(query.search).then(() => undefined);
        const floor = () =>
          pool.query('select order_json(orders) from orders where id = any($1)', [ids]).then(() => undefined);
        const {
          subject: apiLatencies,
          floor: floorLatencies,
          subjectSeconds: apiSeconds,
        } = await alternatingLatencies(CONCURRENCY, warmUp, seconds * 1000, api, floor);
        const p99 = percentile(apiLatencies, 99);
        const floorP99 = percentile(floorLatencies, 99);
        const name = query.search === sample[0]!.id ? 'search=<an order id>' : query.name;
        points.push({
          chart: 'lists-queries',
          series: `search: ${name}`,
          x: scale,
          y: p99,
          floor: floorP99,
          unit: 'ms',
        });
        rows.push({
          group: GROUP,
          name: `${label}: GET /letters?${name}, p99, concurrency ${CONCURRENCY}`,
          value: p99,
          unit: 'ms (p99)',
          floor: floorP99,
          ratio: p99 / floorP99,
          target: `p99 < ${P99_TARGET_MS} ms at 10M`,
          met: p99 < P99_TARGET_MS,
          note:
            `totalCount ${first.totalCount.toLocaleString('en-US')}${query.search.startsWith('{') ? ' (a metadata count stops at 1,000)' : ' (exact)'}; p50 ${percentile(apiLatencies, 50).toFixed(1)} ms ` +
            `(floor ${percentile(floorLatencies, 50).toFixed(1)} ms), ${Math.round(apiLatencies.length / apiSeconds)} lists/s, ` +
            `${apiLatencies.length} requests; floor: the same ten orders by primary key`,
        });
        context.log(
          `search: ${label} ${name}: p99 ${p99.toFixed(1)} ms (floor ${floorP99.toFixed(1)} ms), totalCount ${first.totalCount}`,
        );
      }
    }
    return { rows, points };
  } finally {
    await http?.close();
    await pool.end();
    await client.end();
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }
}
