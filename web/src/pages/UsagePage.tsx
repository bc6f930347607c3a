import { useState } from 'react';
import { api, errorText } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { words } from '../format.ts';
import { setQuery, useLocation } from '../router.tsx';
import { money, type Usage, utcToday } from '../stats.ts';
import { useLoad } from '../useLoad.ts';

const monthStart = (day: string) => `${day.slice(0, 8)}01`;

/** What the orders created in a period cost, by kind and extra service, with a CSV download. */
export function UsagePage() {
  const { query } = useLocation();
  const to = query.get('to') ?? utcToday();
  const from = query.get('from') ?? monthStart(to);
  const usage = useLoad(() => api<Usage>('/usage', { query: { from, to } }), `${from} ${to}`);
  const [csvError, setCsvError] = useState('');

  const download = async () => {
    setCsvError('');
    try {
      const csv = await api<string>('/usage', { query: { from, to, format: 'csv' }, text: true });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = `usage-${from}-${to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setCsvError(errorText(error));
    }
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Usage</h1>
        <button type="button" className="button" onClick={download}>
          Download CSV
        </button>
      </div>
      <div className="filters">
        <label>
          From
          <input
            type="date"
            value={from}
            max={to}
            onChange={(e) => e.target.value && setQuery({ from: e.target.value })}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={to}
            min={from}
            onChange={(e) => e.target.value && setQuery({ to: e.target.value })}
          />
        </label>
      </div>
      {csvError && (
        <p className="error" role="alert">
          Could not download the CSV: {csvError}
        </p>
      )}
      <ErrorMessage error={usage.error} prefix="Could not load usage" />
      {usage.data && (
        <table className="orders usage">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Extra service</th>
              <th scope="col">Orders</th>
              <th scope="col">Cancelled</th>
              <th scope="col">Amount</th>
            </tr>
          </thead>
          <tbody>
            {usage.data.data.map((row) => (
              <tr key={`${row.kind} ${row.extraService}`}>
                <td data-label="Kind">{words(row.kind)}</td>
                <td data-label="Extra service">{words(row.extraService)}</td>
                <td data-label="Orders">{row.orders.toLocaleString()}</td>
                <td data-label="Cancelled">{row.cancelled.toLocaleString()}</td>
                <td data-label="Amount">{money(row.amount, usage.data!.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td>{usage.data.orders.toLocaleString()}</td>
              <td />
              <td data-testid="usage-total">{money(usage.data.total, usage.data.currency)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {usage.data && usage.data.data.length === 0 && <p className="empty">No orders in this period.</p>}
    </section>
  );
}
