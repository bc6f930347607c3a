import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { rateTable } from '../pricing/current.ts';
import { quantile } from './buckets.ts';
import {
  durationRollup,
  mailedRollup,
  orderRollup,
  type Period,
  slaRollup,
  webhookBacklog,
  webhookRollup,
} from './repo.ts';

const DAY_MS = 86_400_000;
/** The longest period one request covers. */
export const MAX_DAYS = 366;

const utcDay = (date: Date) => date.toISOString().slice(0, 10);

function parseDay(value: string, name: string): number {
  const time = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(time) || utcDay(new Date(time)) !== value)
    throw invalid(`${name} must be a date such as 2025-07-13, got ${value}.`);
  return time;
}

/** A period of whole UTC days, from ≤ to, at most MAX_DAYS long. */
export function resolvePeriod(
  query: { from?: string; to?: string },
  defaultFrom: (to: number) => number,
  now = new Date(),
): Period & { days: string[] } {
  const to = query.to === undefined ? parseDay(utcDay(now), 'to') : parseDay(query.to, 'to');
  const from = query.from === undefined ? defaultFrom(to) : parseDay(query.from, 'from');
  if (from > to) throw invalid('from must be on or before to.');
  const count = Math.round((to - from) / DAY_MS) + 1;
  if (count > MAX_DAYS) throw invalid(`The period is at most ${MAX_DAYS} days, got ${count}.`);
  const days = Array.from({ length: count }, (_, i) => utcDay(new Date(from + i * DAY_MS)));
  return { from: days[0]!, to: days.at(-1)!, days };
}

const last30Days = (to: number) => to - 29 * DAY_MS;

function timing(histogram: Map<number, number>) {
  let count = 0;
  for (const n of histogram.values()) count += n;
  return { count, p50: round(quantile(histogram, 0.5)), p90: round(quantile(histogram, 0.9)) };
}

const round = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10) / 10);

function add<K>(map: Map<K, number>, key: K, n: number) {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** GET /stats: the overview of a period in the caller's mode, from the rollups alone. */
export async function getStats(db: Executor, auth: ApiAuth, query: { from?: string; to?: string }) {
  const period = resolvePeriod(query, last30Days);
  const [orders, mailed, durations, sla, attempts, backlog] = await Promise.all([
    orderRollup(db, auth, period),
    mailedRollup(db, auth, period),
    durationRollup(db, auth, period),
    slaRollup(db, auth, period),
    webhookRollup(db, auth, period),
    webhookBacklog(db, auth),
  ]);

  const byStatus: Record<string, number> = {};
  const daily = new Map<string, { date: string; kind: string; status: string; count: number }>();
  const cost = new Map<string, number>();
  for (const row of orders) {
    byStatus[row.status] = (byStatus[row.status] ?? 0) + row.n;
    add(cost, row.day, row.amount);
    const key = `${row.day} ${row.kind} ${row.status}`;
    const entry = daily.get(key) ?? { date: row.day, kind: row.kind, status: row.status, count: 0 };
    entry.count += row.n;
    daily.set(key, entry);
  }

  const histograms = { mailed: new Map<number, number>(), completed: new Map<number, number>() };
  const perDay = new Map<string, typeof histograms>();
  for (const row of durations) {
    add(histograms[row.stage], row.bucket, row.n);
    const day = perDay.get(row.day) ?? {
      mailed: new Map<number, number>(),
      completed: new Map<number, number>(),
    };
    perDay.set(row.day, day);
    add(day[row.stage], row.bucket, row.n);
  }

  const funnel = { mailed: 0, enteredMailStream: 0, outForDelivery: 0, completed: 0, returnedToSender: 0 };
  for (const row of mailed) {
    funnel.mailed += row.n;
    if (row.imb_status !== '') funnel.enteredMailStream += row.n;
    if (row.imb_status === 'out_for_delivery') funnel.outForDelivery += row.n;
    if (row.imb_status === 'returned_to_sender') funnel.returnedToSender += row.n;
    else if (row.completed) funnel.completed += row.n;
  }

  const slaTotals = { open: 0, met: 0, missed: 0 };
  const breachesByDay = new Map<string, number>();
  for (const row of sla) {
    slaTotals[row.state] += row.n;
    if (row.state !== 'met') add(breachesByDay, row.day, row.n);
  }

  const hooks = { delivered: 0, retried: 0, failed: 0 };
  const hooksByDay = new Map<string, typeof hooks>();
  for (const row of attempts) {
    hooks[row.outcome] += row.n;
    const day = hooksByDay.get(row.day) ?? { delivered: 0, retried: 0, failed: 0 };
    hooksByDay.set(row.day, day);
    day[row.outcome] += row.n;
  }
  const attemptCount = hooks.delivered + hooks.retried + hooks.failed;

  return {
    object: 'stats' as const,
    live: auth.live,
    from: period.from,
    to: period.to,
    days: period.days,
    orders: {
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      daily: [...daily.values()].filter((d) => d.count !== 0),
    },
    deliveryTimes: {
      mailed: timing(histograms.mailed),
      completed: timing(histograms.completed),
      daily: period.days.map((date) => {
        const day = perDay.get(date);
        return {
          date,
          mailedP50: day ? round(quantile(day.mailed, 0.5)) : null,
          mailedP90: day ? round(quantile(day.mailed, 0.9)) : null,
          completedP50: day ? round(quantile(day.completed, 0.5)) : null,
          completedP90: day ? round(quantile(day.completed, 0.9)) : null,
        };
      }),
    },
    imbFunnel: funnel,
    sla: {
      breaches: slaTotals.missed + slaTotals.open,
      ...slaTotals,
      daily: period.days.map((date) => ({ date, breaches: breachesByDay.get(date) ?? 0 })),
    },
    webhooks: {
      attempts: attemptCount,
      ...hooks,
      successRate: attemptCount === 0 ? null : hooks.delivered / attemptCount,
      pending: backlog.pending,
      oldestPendingSeconds: backlog.oldest === null ? null : Math.round(backlog.oldest),
      daily: period.days.map((date) => ({
        date,
        ...(hooksByDay.get(date) ?? { delivered: 0, retried: 0, failed: 0 }),
      })),
    },
    cost: {
      currency: rateTable().currency,
      total: [...cost.values()].reduce((a, b) => a + b, 0),
      daily: period.days.map((date) => ({ date, amount: cost.get(date) ?? 0 })),
    },
  };
}

const monthStart = (to: number) => {
  const date = new Date(to);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};

/** GET /usage: what the orders created in a period cost, by kind and extra service. */
export async function getUsage(db: Executor, auth: ApiAuth, query: { from?: string; to?: string }) {
  const period = resolvePeriod(query, monthStart);
  const rows = await orderRollup(db, auth, period);
  const groups = new Map<
    string,
    { kind: string; extraService: string | null; orders: number; cancelled: number; amount: number }
  >();
  for (const row of rows) {
    const key = `${row.kind} ${row.extra_service}`;
    const group = groups.get(key) ?? {
      kind: row.kind,
      extraService: row.extra_service || null,
      orders: 0,
      cancelled: 0,
      amount: 0,
    };
    if (row.status === 'cancelled') group.cancelled += row.n;
    else group.orders += row.n;
    group.amount += row.amount;
    groups.set(key, group);
  }
  const data = [...groups.values()].sort(
    (a, b) => a.kind.localeCompare(b.kind) || (a.extraService ?? '').localeCompare(b.extraService ?? ''),
  );
  return {
    object: 'usage' as const,
    live: auth.live,
    from: period.from,
    to: period.to,
    currency: rateTable().currency,
    total: data.reduce((sum, g) => sum + g.amount, 0),
    orders: data.reduce((sum, g) => sum + g.orders, 0),
    data,
  };
}

/** Cents as a decimal amount: 12345 → "123.45". */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The usage as CSV (RFC 4180): one row per kind and extra service, then the total. */
export function usageCsv(usage: Awaited<ReturnType<typeof getUsage>>): string {
  const lines = [['kind', 'extra_service', 'orders', 'cancelled', 'amount', 'currency', 'from', 'to']];
  for (const row of usage.data) {
    lines.push([
      row.kind,
      row.extraService ?? '',
      String(row.orders),
      String(row.cancelled),
      money(row.amount),
      usage.currency,
      usage.from,
      usage.to,
    ]);
  }
  const cancelled = usage.data.reduce((sum, row) => sum + row.cancelled, 0);
  lines.push([
    'total',
    '',
    String(usage.orders),
    String(cancelled),
    money(usage.total),
    usage.currency,
    usage.from,
    usage.to,
  ]);
  // Every field is a known word, a number or a date: none needs quoting.
  return `${lines.map((line) => line.join(',')).join('\r\n')}\r\n`;
}
