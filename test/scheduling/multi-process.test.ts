// Four worker processes (`mailstream start --role worker`) on one database over 20,000 due orders: every
// transition and its event happen exactly once (issue 4, "Judged by"). Counted in rows, not trusted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { type Spawned, spawnCli } from '../support/process.ts';

let database: TestDatabase;
const workers: Spawned[] = [];
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await database.drop();
});

const LIVE = 12_000;
const TEST = 8_000;

test('4 worker processes, 20,000 due orders: each moves once, with exactly one event', {
  timeout: 300_000,
}, async (t) => {
  const db = database.db;
  const org = await createOrganization(db, 'Four workers');
  for (let i = 0; i < 4; i++) {
    workers.push(
      spawnCli(['start', '--role', 'worker'], {
        DATABASE_URL: database.url,
        PORT: '0',
        HOST: '127.0.0.1',
        MAILSTREAM_PROFILE: 'production',
        SIMULATED_PRINTER: 'false',
        // Small batches and a fast tick, so that the four really compete for the same rows.
        PIPELINE_BATCH_SIZE: '250',
        PIPELINE_TICK_INTERVAL: '100ms',
        // debug: each tick that moved orders logs its counts, so the work can be attributed to processes.
        LOG_LEVEL: 'debug',
        WORKER_CONCURRENCY: '2',
        DATABASE_POOL_SIZE: '4',
      }),
    );
  }
  // All four are ticking before a single order is due.
  await eventually(
    () =>
      workers.every((w) => {
        if (w.child.exitCode !== null) throw new Error(`a worker exited: ${w.stderr()}${w.stdout()}`);
        return w.stdout().includes('pipeline running (profile production');
      }),
    120_000,
    'four pipelines running',
    { intervalMs: 200 },
  );

  // Due since the midnight after yesterday's sendDate: live ones print, test ones complete (BRIEF §7).
  await sql`
    insert into orders (id, kind, organization_id, live, to_contact, from_contact, send_date, mailing_class,
                        event_seq, render_status)
    select 'letter_mp' || lpad(g::text, 6, '0'), 'letter', ${org.organizationId}, g <= ${LIVE},
           '{"firstName": "Ada", "postalOrZip": "10001", "countryCode": "US"}'::jsonb, null,
           -- Rendered already: this test is about the scheduler's moves (rendering: test/rendering).
           now() - interval '2 days', 'first_class', 1, 'rendered'
    from generate_series(1, ${LIVE + TEST}) g`.execute(db);

  await eventually(
    async () => {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from orders where status = 'ready'`.execute(db);
      return rows[0]!.n === 0;
    },
    240_000,
    'every order to leave ready',
    { intervalMs: 200 },
  );
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.race([
    Promise.all(workers.map((w) => w.exited)),
    new Promise((_, reject) => setTimeout(() => reject(new Error('workers did not stop')), 60_000)),
  ]);

  const { rows: statuses } = await sql<{ live: boolean; status: string; n: number }>`
    select live, status, count(*)::int as n from orders group by live, status order by live, status`.execute(
    db,
  );
  assert.deepEqual(statuses, [
    { live: false, status: 'completed', n: TEST },
    { live: true, status: 'printing', n: LIVE },
  ]);
  const { rows: events } = await sql<{
    events: number;
    orders: number;
    wrong_sequence: number;
    wrong_data: number;
    seq_not_2: number;
  }>`
    select count(*)::int as events,
           count(distinct e.order_id)::int as orders,
           count(*) filter (where e.sequence <> 2)::int as wrong_sequence,
           count(*) filter (where e.data ->> 'status' <> o.status or e.type <> 'letter.updated')::int as wrong_data,
           (select count(*)::int from orders where event_seq <> 2) as seq_not_2
    from events e join orders o on o.id = e.order_id`.execute(db);
  assert.deepEqual(events[0], {
    events: LIVE + TEST,
    orders: LIVE + TEST,
    wrong_sequence: 0,
    wrong_data: 0,
    seq_not_2: 0,
  });
  // Every live order got its SLA deadline and is open to printers; no test order did.
  const { rows: fields } = await sql<{ missing: number; extra: number }>`
    select count(*) filter (where live and (sla_deadline is null or claimable_at is null))::int as missing,
           count(*) filter (where not live and (sla_deadline is not null or printing_at is not null))::int as extra
    from orders`.execute(db);
  assert.deepEqual(fields[0], { missing: 0, extra: 0 });
  for (const w of workers) assert.doesNotMatch(w.stdout() + w.stderr(), /pipeline tick failed/);
  // What each process says it moved adds up to exactly the orders, and the work was shared.
  const moved = workers.map((w) =>
    w
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"msg":"pipeline tick"'))
      .map((line) => JSON.parse(line).pipeline as { printing: number; testCompleted: number })
      .reduce((sum, tick) => sum + tick.printing + tick.testCompleted, 0),
  );
  assert.equal(
    moved.reduce((a, b) => a + b, 0),
    LIVE + TEST,
    `per process: ${moved.join(', ')}`,
  );
  assert.ok(moved.filter((n) => n > 0).length >= 2, `per process: ${moved.join(', ')}`);
  t.diagnostic(`orders moved per process: ${moved.join(', ')}`);
});
