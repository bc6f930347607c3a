/**
 * Lists and searches of letters at 1,000,000 and 10,000,000 stored orders (20,000 and 60,000 with --quick, a
 * smoke check that still grows the table once): p50/p99 of `GET /print-mail/v1/letters` filtered by status,
 * unfiltered, searched by free text and by metadata, and a deep page (skip), each beside its floor — the
 * plain SELECT of the same ten rows, run directly with pg at the same concurrency on the same database in the
 * same run — and the totalCount path: the counters (migrations/0008) beside the count(*) they replace.
 *
 * The orders are generated set-based in SQL, a million per INSERT … SELECT … FROM generate_series, spread
 * like a real installation: ten organizations (the main one holds 80%), 70% live, four kinds (60% letters),
 * the newest 50,000 orders still moving through the pipeline and the rest completed or cancelled. The rows
 * are those the API writes: contacts, details and search text are copied from a letter made by the order
 * service. Events are not generated (lists never read them).
 * Before loading, the secondary indexes of `orders` are dropped and afterwards rebuilt from their own
 * definitions (checked identical), as one loads a table in bulk; the count triggers stay on throughout.
 */
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { createDb } from '../src/db/database.ts';
import { letterSpec } from '../src/letters/service.ts';
import { createOrder } from '../src/orders/service.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { senderAddress, usAddress } from '../test/support/addresses.ts';
import { freePort, spawnCli, waitForHttp } from '../test/support/process.ts';
import {
  alternatingLatencies,
  type BenchContext,
  type BenchPoint,
  type BenchResult,
  type BenchRow,
  percentile,
} from './context.ts';

const CONCURRENCY = 4;
const BATCH = 1_000_000;
const OTHER_ORGS = 9;
/** The newest orders, still ready, printing or processed_for_delivery (or cancelled while ready). */
const IN_PIPELINE = 50_000;
/** Orders are 6.3 s apart, newest first: 10,000,000 span two years. */
const SPACING_SECONDS = 6.3;
export const NEWEST = '2025-06-02T12:00:00Z';
const statuses = ['ready', 'printing', 'processed_for_delivery', 'completed', 'cancelled'] as const;
const GROUP = 'Lists (issue 7)';

interface Query {
  name: string;
  /** The name in the charts' legends. */
  short: string;
  /** The API request of the i-th call. */
  path(i: number): string;
  /** The plain SELECT of the same rows: text and parameters of the i-th call. */
  floor(i: number): [string, unknown[]];
  /** The bound on this query's p99 (ms), judged at every scale measured. */
  p99TargetMs?: number;
}

/** Helper tables the generator joins: 100,000 recipients and 200,000 metadata objects, made once. */
export async function prepareGenerator(client: pg.Client, modelId: string): Promise<void> {
  await client.query(
    `
    create unlogged table bench_contacts as
    select c, to_contact || jsonb_build_object(
             'id', 'contact_bench' || c,
             'firstName', (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Ken','Margaret','Linus','Radia'])[1 + c % 10],
             'lastName', 'Lovelace' || abs(hashint4(c)) % 100,
             'addressLine1', (c % 9000 + 1) || ' ' || (array['Main St','Oak Ave','Pine Rd','Maple Dr','Cedar Ln','Elm St','Park Ave','Lake Rd'])[1 + c % 8],
             'city', (array['New York','Chicago','Houston','Phoenix','Denver','Seattle','Boston','Austin','Miami','Portland'])[1 + c / 7 % 10],
             'postalOrZip', lpad((abs(hashint4(c + 1)) % 100000)::text, 5, '0')) as contact
    from orders, generate_series(0, 99999) c where id = $1`,
    [modelId],
  );
  // The contact's part of search_text, as src/orders/service.ts builds it.
  await client.query(`alter table bench_contacts add column search text`);
  await client.query(`update bench_contacts set search = lower(concat_ws(' ', contact->>'firstName',
    contact->>'lastName', coalesce(contact->>'companyName', ''), contact->>'addressLine1', contact->>'city',
    contact->>'postalOrZip', coalesce(contact->>'email', '')))`);
  await client.query(`
    create unlogged table bench_metadata as
    select m, jsonb_build_object('campaign', 'spring-' || m % 40, 'customerId', 'cus_' || m) as metadata
    from generate_series(0, 199999) m`);
  await client.query('analyze bench_contacts; analyze bench_metadata');
}

/** Orders start+1 … start+n (order g is the g-th newest), one INSERT … SELECT. */
async function insertOrders(
  client: pg.Client,
  start: number,
  n: number,
  main: string,
  others: string[],
  modelId: string,
) {
  await client.query(
    `
    insert into orders (id, kind, organization_id, live, status, to_contact, from_contact, send_date, mailing_class,
                        description, metadata, details, cancellation, search_text, event_seq,
                        printing_at, processed_at, completed_at, cancelled_at, created_at, updated_at)
    select o.id, o.kind, o.org, o.live, o.status, c.contact, model.from_contact, o.created_at, 'first_class',
           o.description, m.metadata,
           case o.kind
             when 'letter' then model.details
             when 'postcard' then '{"size":"6x4","frontHTML":"<p>Front</p>","backHTML":"<p>Back {{to.firstName}}</p>"}'::jsonb
             when 'cheque' then jsonb_build_object('number', o.g, 'amount', 10000, 'currencyCode', 'USD',
                                                   'bankAccount', 'bank_bench')
             else '{"size":"8.5x11_bifold","insideHTML":"<p>Inside</p>","outsideHTML":"<p>Outside</p>"}'::jsonb
           end,
           case when o.status = 'cancelled' then '{"reason":"user_initiated"}'::jsonb end,
           o.id || ' ' || lower(o.description) || ' ' || c.search,
           case o.status when 'ready' then 1 when 'printing' then 2 when 'cancelled' then 2
                         when 'processed_for_delivery' then 3 else 4 end,
           case when o.status in ('printing', 'processed_for_delivery', 'completed') then o.created_at + interval '1 day' end,
           case when o.status in ('processed_for_delivery', 'completed') then o.created_at + interval '2 days' end,
           case when o.status = 'completed' then o.created_at + interval '6 days' end,
           case when o.status = 'cancelled' then o.created_at + interval '1 hour' end,
           o.created_at,
           o.created_at + case o.status when 'ready' then interval '0' when 'cancelled' then interval '1 hour'
                                        when 'printing' then interval '1 day'
                                        when 'processed_for_delivery' then interval '2 days'
                                        else interval '6 days' end
    from (
      select g, org, live, kind, status, created_at,
             kind || '_bench' || lpad(g::text, 17, '0') as id,
             'Statement ' || to_char(created_at, 'YYYY-MM') as description
      from (
        select g,
               case when r_org < 0.8 then $3 else ($4::text[])[1 + floor((r_org - 0.8) * 5 * ${OTHER_ORGS})::int] end as org,
               r_live < 0.7 as live,
               case when r_kind < 0.60 then 'letter' when r_kind < 0.85 then 'postcard'
                    when r_kind < 0.93 then 'cheque' else 'self_mailer' end as kind,
               case when g <= ${IN_PIPELINE} then
                      case when r_status < 0.30 then 'ready' when r_status < 0.45 then 'printing'
                           when r_status < 0.90 then 'processed_for_delivery' else 'cancelled' end
                    else case when r_status < 0.93 then 'completed' else 'cancelled' end end as status,
               timestamptz '${NEWEST}' - make_interval(secs => g * ${SPACING_SECONDS} + r_status) as created_at
        from (select g, random() as r_org, random() as r_live, random() as r_kind, random() as r_status
              from generate_series($1::bigint + 1, $1::bigint + $2) as g) r
      ) a
    ) o
    join bench_contacts c on c.c = o.g % 100000
    join bench_metadata m on m.m = o.g % 200000
    cross join (select from_contact, details from orders where id = $5) model`,
    [start, n, main, others, modelId],
  );
}

/** Grows `orders` from `from` to `to` rows; returns the seconds spent loading and rebuilding indexes. */
export async function grow(
  client: pg.Client,
  from: number,
  to: number,
  main: string,
  others: string[],
  modelId: string,
) {
  const definitions = async () =>
    (
      await client.query<{ name: string; def: string }>(
        `select indexname as name, indexdef as def from pg_indexes
         where schemaname = 'public' and tablename = 'orders' and indexname <> 'orders_pkey' order by 1`,
      )
    ).rows;
  const indexes = await definitions();
  let started = performance.now();
  for (const index of indexes) await client.query(`drop index ${index.name}`);
  for (let start = from; start < to; start += BATCH) {
    await insertOrders(client, start, Math.min(BATCH, to - start), main, others, modelId);
  }
  const load = (performance.now() - started) / 1000;
  started = performance.now();
  // Each index's build time, by name: what one index costs a bulk load (bench/search.ts reports its own).
  const indexSeconds: Record<string, number> = {};
  for (const index of indexes) {
    const built = performance.now();
    await client.query(index.def);
    indexSeconds[index.name] = (performance.now() - built) / 1000;
  }
  const rebuilt = await definitions();
  if (JSON.stringify(rebuilt) !== JSON.stringify(indexes))
    throw new Error('orders indexes differ after rebuild');
  const index = (performance.now() - started) / 1000;
  started = performance.now();
  // Insert-only tables are vacuumed by autovacuum in production too; this sets the visibility map now.
  await client.query('vacuum analyze orders');
  // The load leaves gigabytes of dirty pages; flushed now rather than by the checkpointer mid-measurement.
  // Needs superuser or pg_checkpoint; without them the checkpointer does it in its own time.
  await client.query('checkpoint').catch(() => undefined);
  const vacuum = (performance.now() - started) / 1000;
  return { load, index, vacuum, indexSeconds };
}

async function timeOnce(pool: pg.Pool, text: string, values: unknown[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await pool.query(text, values);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1]!;
}

/**
 * What the generator needs in a fresh database: the main organization, the letter every generated order is
 * modelled on (made by the service the API calls) and the other organizations' ids (inserted by the bench).
 */
export async function generationModel(url: string) {
  const { db } = createDb(url, 2);
  const main = await createOrganization(db, 'Bench main');
  const model = await db.transaction().execute((tx) =>
    createOrder(tx, { organizationId: main.organizationId, live: true, keyId: 'bench' }, letterSpec, {
      to: usAddress(),
      from: senderAddress(),
      html: '<p>Hello {{to.firstName}}, your statement is ready.</p>',
    }),
  );
  await db.destroy();
  const others = Array.from({ length: OTHER_ORGS }, (_, i) => `org_bench_other_${i}`);
  return { main, model, others };
}

export async function benchLists(context: BenchContext): Promise<BenchResult> {
  const scales = context.quick ? [20_000, 60_000] : [1_000_000, 10_000_000];
  const seconds = context.quick ? 0.3 : 8;
  const warmUp = context.quick ? 50 : 2000;
  const url = await context.createDatabase();
  const { main, model, others } = await generationModel(url);

  // Started now, waited for after the first load.
  const port = await freePort();
  const server = spawnCli(['start', '--role', 'api'], {
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Each list runs its page and its count at once.
    DATABASE_POOL_SIZE: String(CONCURRENCY * 2),
    // Measured here is the list, not the limiter (which would refuse a few thousand lists a second).
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const client = new pg.Client({ connectionString: url });
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  let http: HttpPool | undefined;
  const rows: BenchRow[] = [];
  const points: BenchPoint[] = [];
  try {
    await client.connect();
    await client.query(`set maintenance_work_mem = '512MB'`);
    await client.query(`set work_mem = '64MB'`);
    await client.query(`insert into organizations (id, name) select unnest($1::text[]), 'Bench other'`, [
      others,
    ]);
    const modelId = model.id;
    await prepareGenerator(client, modelId);
    const get = async (path: string) => {
      const response = await http!.request({
        path,
        method: 'GET',
        headers: { 'x-api-key': main.liveApiKey },
      });
      const body = await response.body.text();
      if (response.statusCode !== 200)
        throw new Error(`GET ${path}: ${response.statusCode} ${body.slice(0, 300)}`);
      return body;
    };

    const scope = `organization_id = $1 and live and kind = 'letter'`;
    const page = `order by created_at desc, id desc limit 10`;
    const org = main.organizationId;
    let stored = 0;
    for (const scale of scales) {
      context.log(
        `lists: generating orders ${stored.toLocaleString('en-US')} → ${scale.toLocaleString('en-US')}`,
      );
      const grown = await grow(client, stored, scale, org, others, modelId);
      stored = scale;
      if (!http) {
        await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
        http = new HttpPool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
      }
      const { rows: sizes } = await client.query<{ total: number; scoped: number; heap: string }>(
        `select (select n_live_tup from pg_stat_user_tables where relname = 'orders')::bigint as total,
                (select count(*) from orders where ${scope}) as scoped,
                pg_size_pretty(pg_total_relation_size('orders')) as heap`,
        [org],
      );
      const size = sizes[0]!;
      const label = `${(scale / 1e6).toLocaleString('en-US')}M orders`;
      context.log(
        `lists: ${label} generated in ${(grown.load + grown.index + grown.vacuum).toFixed(0)} s ` +
          `(insert ${grown.load.toFixed(0)} s, indexes ${grown.index.toFixed(0)} s, vacuum ${grown.vacuum.toFixed(0)} s), ` +
          `${size.heap}, main org live letters ${size.scoped.toLocaleString('en-US')}`,
      );
      rows.push({
        group: GROUP,
        name: `generate ${scale.toLocaleString('en-US')} orders (set-based SQL, batches of 1M)`,
        value: grown.load + grown.index + grown.vacuum,
        unit: 's',
        note:
          `insert ${grown.load.toFixed(0)} s + rebuild indexes ${grown.index.toFixed(0)} s + vacuum analyze, checkpoint ` +
          `${grown.vacuum.toFixed(0)} s; table with indexes ${size.heap}`,
      });

      // --quick: 60,000 orders hold about 3,000 completed live letters of the main organization.
      const deep = context.quick ? 1000 : 100_000;
      const queries: Query[] = [
        {
          name: 'GET /letters?status=… (5 statuses in turn)',
          short: 'status filter',
          path: (i) => `/print-mail/v1/letters?status=${statuses[i % 5]}`,
          floor: (i) => [
            `select * from orders where ${scope} and status = $2 ${page}`,
            [org, statuses[i % 5]],
          ],
          p99TargetMs: 25,
        },
        {
          name: 'GET /letters (no filter)',
          short: 'no filter',
          path: () => '/print-mail/v1/letters',
          floor: () => [`select * from orders where ${scope} ${page}`, [org]],
        },
        {
          name: 'GET /letters?search=lovelace42 (free text, 1% of orders)',
          short: 'free text, 1%',
          path: () => '/print-mail/v1/letters?search=lovelace42',
          floor: () => [
            `select * from orders where ${scope} and search_text ilike '%lovelace42%' ${page}`,
            [org],
          ],
        },
        {
          // A ZIP code: its recipients' orders and the few ids containing it, ~0.005% of orders.
          name: 'GET /letters?search=60614 (free text, rare)',
          short: 'free text, rare',
          path: () => '/print-mail/v1/letters?search=60614',
          floor: () => [`select * from orders where ${scope} and search_text ilike '%60614%' ${page}`, [org]],
        },
        {
          name: 'GET /letters?search={"metadata.campaign":"spring-7"} (2.5% of orders)',
          short: 'metadata, 2.5%',
          path: () =>
            `/print-mail/v1/letters?search=${encodeURIComponent('{"metadata.campaign":"spring-7"}')}`,
          floor: () => [
            `select * from orders where ${scope} and metadata @> '{"campaign":"spring-7"}' ${page}`,
            [org],
          ],
        },
        {
          name: `GET /letters?status=completed&skip=${deep.toLocaleString('en-US')}`,
          short: `skip ${deep.toLocaleString('en-US')}`,
          path: () => `/print-mail/v1/letters?status=completed&skip=${deep}`,
          floor: () => [
            `select * from orders where ${scope} and status = 'completed' order by created_at desc, id desc
             offset ${deep} limit 10`,
            [org],
          ],
        },
      ];
      for (const query of queries) {
        let i = 0;
        let j = 0;
        const api = () => get(query.path(i++)).then(() => undefined);
        const floor = () => {
          const [text, values] = query.floor(j++);
          return pool.query(text, values).then(() => undefined);
        };
        const {
          subject: apiLatencies,
          floor: floorLatencies,
          subjectSeconds: apiSeconds,
        } = await alternatingLatencies(CONCURRENCY, warmUp, seconds * 1000, api, floor);
        const p99 = percentile(apiLatencies, 99);
        const floorP99 = percentile(floorLatencies, 99);
        const point = { x: scale, unit: 'ms' };
        points.push({ ...point, chart: 'lists-queries', series: query.short, y: p99, floor: floorP99 });
        if (query.p99TargetMs !== undefined) {
          for (const p of [50, 99])
            points.push({
              ...point,
              chart: 'lists-latency',
              series: `p${p}`,
              y: percentile(apiLatencies, p),
              floor: percentile(floorLatencies, p),
            });
        }
        rows.push({
          group: GROUP,
          name: `${label}: ${query.name}, p99, concurrency ${CONCURRENCY}`,
          value: p99,
          unit: 'ms (p99)',
          floor: floorP99,
          ratio: p99 / floorP99,
          ...(query.p99TargetMs === undefined
            ? {}
            : { target: `p99 < ${query.p99TargetMs} ms at 10M`, met: p99 < query.p99TargetMs }),
          note:
            `p50 ${percentile(apiLatencies, 50).toFixed(1)} ms (floor ${percentile(floorLatencies, 50).toFixed(1)} ms), ` +
            `${Math.round(apiLatencies.length / apiSeconds)} lists/s, ${apiLatencies.length} requests; ratio = latency ÷ floor`,
        });
        context.log(
          `lists: ${label} ${query.name}: p99 ${p99.toFixed(1)} ms, floor ${floorP99.toFixed(1)} ms`,
        );
      }

      // totalCount of the biggest list: the counters (what the API reads) beside count(*) (what it replaced).
      const counters = await timeOnce(
        pool,
        `select coalesce(sum(n), 0)::bigint from order_counts where ${scope} and status = 'completed'`,
        [org],
      );
      const countStar = await timeOnce(
        pool,
        `select count(*) from orders where ${scope} and status = 'completed'`,
        [org],
      );
      rows.push({
        group: GROUP,
        name: `${label}: totalCount of status=completed from the counters`,
        value: counters,
        unit: 'ms',
        floor: countStar,
        ratio: counters / countStar,
        note: 'floor: count(*) over the list index (what totalCount cost before); median of 3, one at a time',
      });
    }
    await client.query('drop table bench_contacts, bench_metadata');
    return { rows, points };
  } finally {
    await http?.close();
    await pool.end();
    await client.end();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
