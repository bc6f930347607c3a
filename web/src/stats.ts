// GET /print-mail/v1/stats and /usage as the dashboard reads them (src/stats/schemas.ts).

export interface Stats {
  object: 'stats';
  live: boolean;
  from: string;
  to: string;
  days: string[];
  orders: {
    total: number;
    byStatus: Record<string, number>;
    daily: { date: string; kind: string; status: string; count: number }[];
  };
  deliveryTimes: {
    mailed: Timing;
    completed: Timing;
    daily: {
      date: string;
      mailedP50: number | null;
      mailedP90: number | null;
      completedP50: number | null;
      completedP90: number | null;
    }[];
  };
  imbFunnel: {
    mailed: number;
    enteredMailStream: number;
    outForDelivery: number;
    completed: number;
    returnedToSender: number;
  };
  sla: {
    breaches: number;
    missed: number;
    open: number;
    met: number;
    daily: { date: string; breaches: number }[];
  };
  webhooks: {
    attempts: number;
    delivered: number;
    retried: number;
    failed: number;
    successRate: number | null;
    pending: number;
    oldestPendingSeconds: number | null;
    daily: { date: string; delivered: number; retried: number; failed: number }[];
  };
  cost: { currency: string; total: number; daily: { date: string; amount: number }[] };
}

export interface Timing {
  count: number;
  p50: number | null;
  p90: number | null;
}

export interface Usage {
  object: 'usage';
  live: boolean;
  from: string;
  to: string;
  currency: string;
  total: number;
  orders: number;
  data: { kind: string; extraService: string | null; orders: number; cancelled: number; amount: number }[];
}

/** Cents in the currency, e.g. 12345 USD → $123.45. */
export function money(cents: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
}

/** Seconds as a short duration: 42 s, 12 min, 5.2 h, 3.1 d. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** A UTC day as the axis shows it: Jul 13. */
export function shortDay(day: string): string {
  return new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

export const utcToday = () => new Date().toISOString().slice(0, 10);

export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
