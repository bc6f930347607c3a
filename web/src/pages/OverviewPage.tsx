import type { ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { words } from '../format.ts';
import { kinds, orderStatuses } from '../kinds.ts';
import { setQuery, useLocation } from '../router.tsx';
import { daysBefore, duration, money, type Stats, shortDay, utcToday } from '../stats.ts';
import { useLoad } from '../useLoad.ts';

const PERIODS = [7, 30, 90] as const;
const KIND_COLOURS: Record<string, string> = {
  letter: '#2456c7',
  postcard: '#7a4cc2',
  cheque: '#177245',
  self_mailer: '#c26d00',
};
const STATUS_COLOURS: Record<string, string> = {
  ready: '#8da2c0',
  printing: '#c26d00',
  processed_for_delivery: '#2456c7',
  completed: '#177245',
  cancelled: '#b42318',
};

/** Orders created each day, one column per kind (or status), for a stacked bar chart. */
function pivot(stats: Stats, by: 'kind' | 'status') {
  const rows = new Map(
    stats.days.map((date) => [date, { date, label: shortDay(date) } as Record<string, string | number>]),
  );
  for (const entry of stats.orders.daily) {
    const row = rows.get(entry.date);
    if (row) row[entry[by]] = ((row[entry[by]] as number | undefined) ?? 0) + entry.count;
  }
  return [...rows.values()];
}

function Chart({ title, summary, children }: { title: string; summary: ReactNode; children: ReactNode }) {
  return (
    <figure className="card chart" aria-label={title}>
      <figcaption>
        <h2>{title}</h2>
        <p className="chart-summary">{summary}</p>
      </figcaption>
      <div className="chart-area">
        <ResponsiveContainer width="100%" height={220}>
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const axes = (
  <>
    <CartesianGrid strokeDasharray="3 3" vertical={false} />
    <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={12} />
  </>
);

export function OverviewPage() {
  const { query } = useLocation();
  const days = PERIODS.find((p) => String(p) === query.get('days')) ?? 30;
  const to = utcToday();
  const from = daysBefore(to, days - 1);
  const stats = useLoad(() => api<Stats>('/stats', { query: { from, to } }), `${from} ${to}`, 30_000);
  const data = stats.data;

  return (
    <section className="page overview">
      <div className="page-head">
        <h1>Overview</h1>
        <fieldset className="tabs" aria-label="Period">
          <legend className="visually-hidden">Period</legend>
          {PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={days === p}
              className={days === p ? 'tab active' : 'tab'}
              onClick={() => setQuery({ days: p === 30 ? undefined : String(p) })}
            >
              Last {p} days
            </button>
          ))}
        </fieldset>
      </div>
      <ErrorMessage error={stats.error} prefix="Could not load the overview" />
      {data && (
        <>
          <p className="muted period" data-testid="period">
            {shortDay(data.from)} – {shortDay(data.to)} (UTC days), {data.live ? 'live' : 'test'} mode
          </p>
          <div className="tiles">
            <Tile label="Orders" value={data.orders.total.toLocaleString()} />
            <Tile label="Cost" value={money(data.cost.total, data.cost.currency)} />
            <Tile
              label="Create → mailed"
              value={`${duration(data.deliveryTimes.mailed.p50)} / ${duration(data.deliveryTimes.mailed.p90)}`}
              hint="p50 / p90"
            />
            <Tile
              label="Create → completed"
              value={`${duration(data.deliveryTimes.completed.p50)} / ${duration(data.deliveryTimes.completed.p90)}`}
              hint="p50 / p90"
            />
            <Tile
              label="SLA breaches"
              value={data.sla.breaches.toLocaleString()}
              warn={data.sla.breaches > 0}
            />
            <Tile
              label="Webhook success"
              value={
                data.webhooks.successRate === null ? '—' : `${(data.webhooks.successRate * 100).toFixed(1)}%`
              }
              hint={`${data.webhooks.pending.toLocaleString()} pending`}
              warn={data.webhooks.pending > 0}
            />
          </div>
          <div className="grid-2 charts">
            <Chart
              title="Orders per day by kind"
              summary={`${data.orders.total.toLocaleString()} orders created`}
            >
              <BarChart data={pivot(data, 'kind')}>
                {axes}
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                {kinds.map((k) => (
                  <Bar
                    key={k.object}
                    dataKey={k.object}
                    name={k.label}
                    stackId="kind"
                    fill={KIND_COLOURS[k.object]}
                  />
                ))}
              </BarChart>
            </Chart>
            <Chart
              title="Orders per day by status"
              summary={
                orderStatuses
                  .filter((s) => data.orders.byStatus[s])
                  .map((s) => `${words(s)} ${data.orders.byStatus[s]}`)
                  .join(' · ') || 'No orders'
              }
            >
              <BarChart data={pivot(data, 'status')}>
                {axes}
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                {orderStatuses.map((s) => (
                  <Bar key={s} dataKey={s} name={words(s)} stackId="status" fill={STATUS_COLOURS[s]} />
                ))}
              </BarChart>
            </Chart>
            <Chart
              title="Time from create (p50 / p90)"
              summary={`mailed ${duration(data.deliveryTimes.mailed.p50)} / ${duration(data.deliveryTimes.mailed.p90)}, completed ${duration(data.deliveryTimes.completed.p50)} / ${duration(data.deliveryTimes.completed.p90)}`}
            >
              <LineChart data={data.deliveryTimes.daily.map((d) => ({ ...d, label: shortDay(d.date) }))}>
                {axes}
                <YAxis width={56} tickFormatter={(s: number) => duration(s)} />
                <Tooltip formatter={(s) => duration(Number(s))} />
                <Legend />
                <Line dataKey="mailedP50" name="Mailed p50" stroke="#2456c7" dot={false} connectNulls />
                <Line dataKey="mailedP90" name="Mailed p90" stroke="#9fb6ea" dot={false} connectNulls />
                <Line dataKey="completedP50" name="Completed p50" stroke="#177245" dot={false} connectNulls />
                <Line dataKey="completedP90" name="Completed p90" stroke="#8cc9a8" dot={false} connectNulls />
              </LineChart>
            </Chart>
            <Chart
              title="IMb funnel"
              summary={`of ${data.imbFunnel.mailed.toLocaleString()} pieces mailed in the period`}
            >
              <BarChart
                layout="vertical"
                data={[
                  { stage: 'Mailed', n: data.imbFunnel.mailed },
                  { stage: 'Entered mail stream', n: data.imbFunnel.enteredMailStream },
                  { stage: 'Out for delivery', n: data.imbFunnel.outForDelivery },
                  { stage: 'Completed', n: data.imbFunnel.completed },
                  { stage: 'Returned to sender', n: data.imbFunnel.returnedToSender },
                ]}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="stage" width={140} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="n" name="Pieces" fill="#2456c7" />
              </BarChart>
            </Chart>
            <Chart
              title="SLA breaches"
              summary={`${data.sla.missed} mailed late, ${data.sla.open} still printing past the deadline`}
            >
              <BarChart data={data.sla.daily.map((d) => ({ ...d, label: shortDay(d.date) }))}>
                {axes}
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Bar dataKey="breaches" name="Breaches" fill="#b42318" />
              </BarChart>
            </Chart>
            <Chart
              title="Webhook deliveries"
              summary={`${data.webhooks.attempts.toLocaleString()} attempts, ${data.webhooks.pending.toLocaleString()} pending now${data.webhooks.oldestPendingSeconds ? ` (oldest ${duration(data.webhooks.oldestPendingSeconds)})` : ''}`}
            >
              <BarChart data={data.webhooks.daily.map((d) => ({ ...d, label: shortDay(d.date) }))}>
                {axes}
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                <Bar dataKey="delivered" name="Delivered" stackId="hooks" fill="#177245" />
                <Bar dataKey="retried" name="Retried" stackId="hooks" fill="#c26d00" />
                <Bar dataKey="failed" name="Failed" stackId="hooks" fill="#b42318" />
              </BarChart>
            </Chart>
            <Chart
              title="Cost per day"
              summary={`${money(data.cost.total, data.cost.currency)} in the period`}
            >
              <BarChart
                data={data.cost.daily.map((d) => ({ label: shortDay(d.date), amount: d.amount / 100 }))}
              >
                {axes}
                <YAxis width={56} tickFormatter={(v: number) => money(v * 100, data.cost.currency)} />
                <Tooltip formatter={(v) => money(Number(v) * 100, data.cost.currency)} />
                <Bar dataKey="amount" name="Cost" fill="#7a4cc2" />
              </BarChart>
            </Chart>
          </div>
        </>
      )}
    </section>
  );
}

function Tile({ label, value, hint, warn }: { label: string; value: string; hint?: string; warn?: boolean }) {
  return (
    <div className={warn ? 'tile warn' : 'tile'} data-testid={`tile-${label}`}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">{value}</span>
      {hint && <span className="tile-hint">{hint}</span>}
    </div>
  );
}
