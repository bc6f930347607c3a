// Series read from the database at each scrape: what the whole installation is doing (the scheduler's
// backlog, webhook queues, jobs, SLA), the same from every process of it — aggregate them with max(), not
// sum(). Each query reads a partial index or a small table, so a scrape stays cheap at any scale.
import { sql } from 'kysely';
import type pg from 'pg';
import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import { dueForPrinting, type PipelineSettings } from '../scheduling/estimates.ts';

/** Counts of backlogs stop here: past it the number says "at least", and the lag says how old. */
export const COUNT_CAP = 100_000;

export interface DatabaseMetricsOptions {
  db: Db;
  pool?: pg.Pool;
  settings: PipelineSettings;
  topWebhooks: number;
}

interface Snapshot {
  due: { step: string; n: number; lag: number }[];
  pending: { webhook_id: string; n: number; oldest: number }[];
  pendingTotal: number;
  pendingOldest: number;
  disabled: { reason: string; n: number }[];
  breached: number;
  jobs: { task: string; state: string; n: number }[] | null;
}

export function databaseMetrics(registry: Registry, options: DatabaseMetricsOptions): () => Promise<void> {
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const up = gauge(
    'mailstream_metrics_database_up',
    '1 when the last scrape could read the database, else 0.',
  );
  const took = gauge(
    'mailstream_metrics_database_seconds',
    'Time the last scrape spent reading the database.',
  );
  const due = gauge(
    'mailstream_scheduler_due_orders',
    `Orders due for a scheduler step and not yet moved (capped at ${COUNT_CAP}), by step: printing (live), test_completion, completion.`,
    ['step'],
  );
  const lag = gauge(
    'mailstream_scheduler_lag_seconds',
    'How long the oldest order due for a scheduler step has been due (0 when none is), by step.',
    ['step'],
  );
  const pendingTotal = gauge(
    'mailstream_webhook_deliveries_pending',
    'Webhook deliveries waiting to be sent or retried.',
  );
  const pendingOldest = gauge(
    'mailstream_webhook_deliveries_oldest_pending_seconds',
    'Age of the oldest pending webhook delivery (0 when none).',
  );
  const pendingByHook = gauge(
    'mailstream_webhook_pending_deliveries',
    `Pending deliveries of the ${options.topWebhooks} webhooks with the most, by webhook id.`,
    ['webhook'],
  );
  const oldestByHook = gauge(
    'mailstream_webhook_oldest_pending_seconds',
    `Age of the oldest pending delivery of the ${options.topWebhooks} webhooks with the most pending, by webhook id.`,
    ['webhook'],
  );
  const disabled = gauge(
    'mailstream_webhooks_disabled',
    'Webhooks disabled, by reason: gone (410), failing (WEBHOOKS_DISABLE_AFTER of failures), user.',
    ['reason'],
  );
  const breached = gauge(
    'mailstream_sla_breached_orders',
    `Orders still printing past their SLA deadline (capped at ${COUNT_CAP}).`,
  );
  const jobs = gauge(
    'mailstream_jobs',
    'graphile-worker jobs by task and state (queued, scheduled, running, failed).',
    ['task', 'state'],
  );
  const poolConnections = gauge(
    'mailstream_db_pool_connections',
    "This process's database pool connections, by state: in_use, idle.",
    ['state'],
  );
  const poolWaiting = gauge(
    'mailstream_db_pool_waiting_requests',
    "Queries waiting for a connection of this process's pool.",
  );
  const poolMax = gauge(
    'mailstream_db_pool_max_connections',
    "The most connections this process's pool opens.",
  );

  let running: Promise<void> | undefined;
  const refresh = async () => {
    const { pool } = options;
    if (pool) {
      poolConnections.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      poolConnections.set({ state: 'idle' }, pool.idleCount);
      poolWaiting.set(pool.waitingCount);
      poolMax.set(pool.options.max ?? 10);
    }
    const started = performance.now();
    try {
      const snapshot = await read(options);
      due.reset();
      lag.reset();
      for (const row of snapshot.due) {
        due.set({ step: row.step }, row.n);
        lag.set({ step: row.step }, row.lag);
      }
      pendingTotal.set(snapshot.pendingTotal);
      pendingOldest.set(snapshot.pendingOldest);
      // Only the current top N: a webhook that left it leaves the series.
      pendingByHook.reset();
      oldestByHook.reset();
      for (const row of snapshot.pending) {
        pendingByHook.set({ webhook: row.webhook_id }, row.n);
        oldestByHook.set({ webhook: row.webhook_id }, row.oldest);
      }
      disabled.reset();
      for (const reason of ['gone', 'failing', 'user']) disabled.set({ reason }, 0);
      for (const row of snapshot.disabled) disabled.set({ reason: row.reason }, row.n);
      breached.set(snapshot.breached);
      jobs.reset();
      for (const row of snapshot.jobs ?? []) jobs.set({ task: row.task, state: row.state }, row.n);
      up.set(1);
    } catch {
      up.set(0);
    }
    took.set((performance.now() - started) / 1000);
  };
  // Scrapes arriving together share one read.
  return () => {
    running ??= refresh().finally(() => {
      running = undefined;
    });
    return running;
  };
}

async function read(options: DatabaseMetricsOptions): Promise<Snapshot> {
  const { db, settings, topWebhooks } = options;
  return db.transaction().execute(async (tx) => {
    // A scrape must never hang on a busy database.
    await sql`set local statement_timeout = '5s'`.execute(tx);
    const now = new Date();
    const step = async (name: string, where: ReturnType<typeof sql>, orderBy: ReturnType<typeof sql>) => {
      const { rows } = await sql<{ n: number; oldest: Date | null }>`
        select (select count(*) from (select 1 from orders where ${where} limit ${COUNT_CAP}) capped)::int as n,
               (select ${orderBy} from orders where ${where} order by ${orderBy} limit 1) as oldest`.execute(
        tx,
      );
      const row = rows[0]!;
      return {
        step: name,
        n: row.n,
        lag: row.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0,
      };
    };
    const live = dueForPrinting(settings, true, now);
    const test = dueForPrinting(settings, false, now);
    const due = [
      await step('printing', sql`status = 'ready' and ${live.where}`, live.orderBy),
      await step('test_completion', sql`status = 'ready' and ${test.where}`, test.orderBy),
      await step(
        'completion',
        sql`status = 'processed_for_delivery' and complete_at <= ${now}`,
        sql`complete_at`,
      ),
    ];
    const { rows: pending } = await sql<{
      webhook_id: string;
      n: number;
      oldest: number;
      total: number;
      oldest_all: number;
    }>`
      with per as (
        select webhook_id, count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest
        from webhook_deliveries where status = 'pending' group by webhook_id
      )
      select webhook_id, n, oldest, (sum(n) over ())::int as total, max(oldest) over () as oldest_all
      from per order by n desc, oldest desc, webhook_id limit greatest(${topWebhooks}, 1)`.execute(tx);
    const { rows: disabled } = await sql<{ reason: string; n: number }>`
      select coalesce(disabled_reason, 'user') as reason, count(*)::int as n
      from webhooks where not enabled and deleted_at is null group by 1`.execute(tx);
    const { rows: breached } = await sql<{ n: number }>`
      select count(*)::int as n from (
        select 1 from orders where status = 'printing' and sla_deadline < now() limit ${COUNT_CAP}) capped`.execute(
      tx,
    );
    const { rows: hasJobs } = await sql<{ present: boolean }>`
      select to_regclass('graphile_worker.jobs') is not null as present`.execute(tx);
    const jobs = hasJobs[0]!.present
      ? (
          await sql<{ task: string; state: string; n: number }>`
            select task_identifier as task,
                   case when locked_at is not null then 'running'
                        when attempts >= max_attempts then 'failed'
                        when run_at > now() then 'scheduled'
                        else 'queued' end as state,
                   count(*)::int as n
            from graphile_worker.jobs group by 1, 2`.execute(tx)
        ).rows
      : null;
    return {
      due,
      pending: topWebhooks === 0 ? [] : pending,
      pendingTotal: pending[0]?.total ?? 0,
      pendingOldest: pending[0]?.oldest_all ?? 0,
      disabled,
      breached: breached[0]!.n,
      jobs,
    };
  });
}
