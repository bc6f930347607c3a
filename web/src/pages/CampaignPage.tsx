import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type List } from '../api.ts';
import {
  type Campaign,
  type CampaignRow,
  campaignBusy,
  campaignProfile,
  campaignProgress,
  type StatusCounts,
} from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { CsvDownload } from '../components/CsvDownload.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tile } from '../components/Tile.tsx';
import { contactName, formatDateTime, words } from '../format.ts';
import { kinds, orderStatuses } from '../kinds.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;
/** The overview's status colours, so a status reads the same on every chart. */
const STATUS_COLOURS: Record<string, string> = {
  ready: '#8da2c0',
  printing: '#c26d00',
  processed_for_delivery: '#2456c7',
  completed: '#177245',
  cancelled: '#b42318',
};

interface Order {
  id: string;
  object: string;
  status: string;
  to?: { firstName?: string; lastName?: string; companyName?: string };
  campaignRow?: number;
  createdAt: string;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function orderHref(order: Order): string {
  const kind = kinds.find((k) => k.object === order.object);
  return `/${kind?.path ?? 'letters'}/${order.id}`;
}

/**
 * A campaign: its progress while it drafts and creates orders, sending it once drafted, its orders by
 * status over time (GET /campaigns/{id}/status_counts), the rows that failed with why, and its orders.
 */
export function CampaignPage({ id }: { id: string }) {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const campaign = usePolled(() => api<Campaign>(`/campaigns/${id}`), `campaign-${id}`, campaignBusy);
  const c = campaign.data;
  const busy = campaignBusy(c);
  // Orders keep moving after the campaign is ready (printing, mailed): the chart follows them slowly.
  const counts = useLoad(
    () => api<StatusCounts>(`/campaigns/${id}/status_counts`, { query: { points: 30 } }),
    `counts-${id}-${c?.status}-${c?.createdCount}`,
    busy ? 5000 : 30_000,
  );
  const failed = useLoad(
    () => api<List<CampaignRow>>(`/campaigns/${id}/rows`, { query: { status: 'failed', limit: PAGE_SIZE } }),
    `failed-${id}-${c?.failedCount}`,
  );
  const orders = useLoad(
    () => api<List<Order>>(`/campaigns/${id}/orders`, { query: { skip, limit: PAGE_SIZE } }),
    `orders-${id}-${skip}-${c?.createdCount}`,
  );
  const [error, setError] = useState<unknown>();
  const act = async (path: string, method: 'POST' | 'DELETE' = 'POST') => {
    setError(undefined);
    try {
      await api(`/campaigns/${id}${path}`, { method, body: method === 'POST' ? {} : undefined });
      await campaign.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  const profile = c && campaignProfile(c);
  const progress = c && campaignProgress(c);
  const total = counts.data ? Object.values(counts.data.byStatus).reduce((a, b) => a + b, 0) : 0;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/campaigns">← Campaigns</Link>
      </p>
      <ErrorMessage error={campaign.error} prefix={`Could not load campaign ${id}`} />
      {c && (
        <>
          <div className="page-head">
            <h1>
              {c.description ?? 'Campaign'} <span className="mono id">{c.id}</span>
            </h1>
            <div className="head-badges" data-testid="campaign-status">
              <StatusBadge status={c.status} />
            </div>
          </div>
          {(busy || c.rowCount > 0) && (
            <ProgressBar
              label={c.status === 'drafting' ? 'Drafting (checking the first row)' : 'Orders created'}
              value={progress}
              detail={
                c.rowCount
                  ? `${c.createdCount.toLocaleString()} created, ${c.failedCount.toLocaleString()} failed of ${c.rowCount.toLocaleString()} rows`
                  : undefined
              }
            />
          )}
          {c.errors.map((e) => (
            <p key={e.message} className="error">
              {e.message}
            </p>
          ))}
          <ErrorMessage error={error} />
          <div className="action-row">
            {c.status === 'draft' && (
              <button type="button" className="primary" onClick={() => act('/send')}>
                Send campaign
              </button>
            )}
            {(c.status === 'creating_orders' || c.status === 'ready') && (
              <button type="button" className="danger" onClick={() => act('/cancel')}>
                Cancel campaign
              </button>
            )}
            {['drafting', 'draft', 'changes_required'].includes(c.status) && (
              <button type="button" className="danger" onClick={() => act('', 'DELETE')}>
                Delete campaign
              </button>
            )}
            {c.reportURL && (
              <CsvDownload url={c.reportURL} name={`${c.id}-report`} label="Download report CSV" />
            )}
          </div>
          <div className="tiles">
            <Tile label="Rows" value={c.rowCount} />
            <Tile label="Created" value={c.createdCount} />
            <Tile label="Failed" value={c.failedCount} warn={c.failedCount > 0} />
            {orderStatuses.map((s) => (
              <Tile key={s} label={words(s)} value={counts.data?.byStatus[s] ?? 0} />
            ))}
          </div>
          <figure className="card chart bulk-chart" aria-label="Orders by status over time">
            <figcaption>
              <h2>Orders by status over time</h2>
              <p className="chart-summary" data-testid="status-summary">
                {total
                  ? orderStatuses
                      .filter((s) => counts.data?.byStatus[s])
                      .map((s) => `${words(s)} ${counts.data?.byStatus[s]}`)
                      .join(' · ')
                  : 'No orders yet'}
              </p>
            </figcaption>
            <div className="chart-area">
              <ResponsiveContainer width="100%" height={240}>
                <AreaChart
                  data={(counts.data?.series ?? []).map((p) => ({
                    ...p,
                    label: time.format(new Date(p.at)),
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" vertical={false} />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={24} />
                  <YAxis allowDecimals={false} width={48} />
                  <Tooltip />
                  <Legend />
                  {orderStatuses.map((s) => (
                    <Area
                      key={s}
                      type="stepAfter"
                      dataKey={s}
                      name={words(s)}
                      stackId="status"
                      stroke={STATUS_COLOURS[s]}
                      fill={STATUS_COLOURS[s]}
                      isAnimationActive={false}
                    />
                  ))}
                </AreaChart>
              </ResponsiveContainer>
            </div>
          </figure>
          <div className="grid-2">
            <div className="card">
              <h2>Details</h2>
              <dl className="facts">
                <dt>Mailing list</dt>
                <dd>
                  <Link href={`/mailing_lists/${c.mailingList}`}>{c.mailingList}</Link>
                </dd>
                <dt>{profile ? `${profile.label} profile` : 'Profile'}</dt>
                <dd className="mono">{profile?.id ?? '—'}</dd>
                <dt>Sender</dt>
                <dd>
                  {c.defaultSenderContact ? (
                    <Link href={`/contacts/${c.defaultSenderContact}`}>{c.defaultSenderContact}</Link>
                  ) : (
                    '—'
                  )}
                </dd>
                <dt>Send date</dt>
                <dd>{formatDateTime(c.sendDate)}</dd>
                <dt>Created</dt>
                <dd>{formatDateTime(c.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(c.updatedAt)}</dd>
              </dl>
            </div>
            <div className="card">
              <h2>Failed rows</h2>
              <ErrorMessage error={failed.error} prefix="Could not load the failed rows" />
              {failed.data && failed.data.data.length === 0 && <p className="empty">No failed rows.</p>}
              {failed.data && failed.data.data.length > 0 && (
                <>
                  <table className="orders" aria-label="Failed rows">
                    <thead>
                      <tr>
                        <th scope="col">Row</th>
                        <th scope="col">Recipient</th>
                        <th scope="col">Reason</th>
                      </tr>
                    </thead>
                    <tbody>
                      {failed.data.data.map((r) => (
                        <tr key={r.row}>
                          <td data-label="Row">
                            {r.mailingListImport ? (
                              <Link href={`/imports/${r.mailingListImport}?status=all`}>
                                {r.row} (import row {r.importRow})
                              </Link>
                            ) : (
                              r.row
                            )}
                          </td>
                          <td data-label="Recipient">{contactName(r.to)}</td>
                          <td data-label="Reason" className="error">
                            {r.error}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {failed.data.totalCount > failed.data.data.length && (
                    <p className="muted">
                      {failed.data.totalCount - failed.data.data.length} more in the report CSV.
                    </p>
                  )}
                </>
              )}
            </div>
          </div>
          <div className="card">
            <h2>Orders</h2>
            <ErrorMessage error={orders.error} prefix="Could not load the orders" />
            {orders.data && (
              <>
                <table className="orders" aria-label="Campaign orders">
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Order</th>
                      <th scope="col">Recipient</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {orders.data.data.map((o) => (
                      <tr key={o.id}>
                        <td data-label="Row">{o.campaignRow ?? '—'}</td>
                        <td data-label="Order">
                          <Link href={orderHref(o)} className="mono">
                            {o.id}
                          </Link>
                        </td>
                        <td data-label="Recipient">{contactName(o.to)}</td>
                        <td data-label="Status">
                          <StatusBadge status={o.status} />
                        </td>
                        <td data-label="Created">{formatDateTime(o.createdAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {orders.data.data.length === 0 && (
                  <p className="empty">
                    {c.status === 'draft' ? 'Send the campaign to create its orders.' : 'No orders yet.'}
                  </p>
                )}
                <Pagination
                  skip={skip}
                  limit={PAGE_SIZE}
                  totalCount={orders.data.totalCount}
                  onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
                />
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
