import { type FormEvent, useEffect, useState } from 'react';
import { api, type List } from '../api.ts';
import { CreatedFilter, createdRange } from '../components/CreatedFilter.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ListExport } from '../components/ListExport.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { contactName, formatDate, formatDateTime, words } from '../format.ts';
import { extraServices, imbStatuses, type Kind, type Order, orderStatuses } from '../kinds.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;

export function OrderListPage({ kind }: { kind: Kind }) {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const search = query.get('search') ?? '';
  const imbStatus = query.get('imbStatus') ?? '';
  const extraService = query.get('extraService') ?? '';
  const sla = query.get('sla') ?? '';
  const createdFrom = query.get('createdFrom') ?? '';
  const createdTo = query.get('createdTo') ?? '';
  const skip = Number(query.get('skip') ?? 0) || 0;
  const [searchText, setSearchText] = useState(search);
  useEffect(() => setSearchText(search), [search]);

  const filters = {
    status,
    search,
    imbStatus,
    extraService,
    slaBreached: sla === '' ? undefined : sla === 'breached',
    ...createdRange(createdFrom, createdTo),
  };
  const orders = useLoad(
    () => api<List<Order>>(`/${kind.path}`, { query: { skip, limit: PAGE_SIZE, ...filters } }),
    JSON.stringify([kind.path, filters, skip]),
    5000,
  );

  const filter = (changes: Record<string, string | undefined>) => setQuery({ ...changes, skip: undefined });
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    filter({ search: searchText.trim() });
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{kind.label}</h1>
        <div className="action-row">
          <ListExport path={`/${kind.path}`} query={filters} name={kind.path} />
          {kind.creatable && (
            <Link href={`/${kind.path}/new`} className="button primary">
              New {kind.singular.toLowerCase()}
            </Link>
          )}
        </div>
      </div>

      <fieldset className="tabs">
        <legend className="visually-hidden">Status</legend>
        {['', ...orderStatuses].map((value) => (
          <button
            key={value || 'all'}
            type="button"
            aria-pressed={status === value}
            className={status === value ? 'tab active' : 'tab'}
            onClick={() => filter({ status: value })}
          >
            {value ? words(value) : 'All'}
          </button>
        ))}
      </fieldset>

      <div className="filters">
        <form className="search" onSubmit={submitSearch}>
          <label>
            Search
            <input
              type="search"
              name="search"
              placeholder="Name, address, ZIP, e-mail, id or description"
              title="Whole words, in the order typed; quotes are optional. Counted exactly up to 100,000 orders."
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
            />
          </label>
          <button type="submit">Search</button>
        </form>
        <label>
          IMb status
          <select value={imbStatus} onChange={(e) => filter({ imbStatus: e.target.value })}>
            <option value="">Any</option>
            {imbStatuses.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Extra service
          <select value={extraService} onChange={(e) => filter({ extraService: e.target.value })}>
            <option value="">Any</option>
            {extraServices.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          SLA
          <select value={sla} onChange={(e) => filter({ sla: e.target.value })}>
            <option value="">Any</option>
            <option value="breached">Breached</option>
            <option value="within">Within SLA</option>
          </select>
        </label>
        <CreatedFilter from={createdFrom} to={createdTo} onChange={filter} />
      </div>

      <ErrorMessage error={orders.error} prefix={`Could not load ${kind.label.toLowerCase()}`} />
      {orders.data && (
        <>
          <table className="orders">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Recipient</th>
                <th scope="col">Description</th>
                <th scope="col">Metadata</th>
                <th scope="col">Status</th>
                <th scope="col">IMb status</th>
                <th scope="col">Extra service</th>
                <th scope="col">Send date</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {orders.data.data.map((order) => (
                <tr key={order.id}>
                  <td data-label="ID">
                    <Link href={`/${kind.path}/${order.id}`} className="mono">
                      {order.id}
                    </Link>
                  </td>
                  <td data-label="Recipient">{contactName(order.to)}</td>
                  <td data-label="Description">{order.description ?? '—'}</td>
                  <td data-label="Metadata">
                    <MetadataList metadata={order.metadata as Record<string, unknown> | undefined} />
                  </td>
                  <td data-label="Status">
                    <StatusBadge status={order.status} />
                    {order.slaBreached && <span className="badge badge-breached">SLA breached</span>}
                  </td>
                  <td data-label="IMb status">{words(order.imbStatus)}</td>
                  <td data-label="Extra service">{words(order.extraService)}</td>
                  <td data-label="Send date">{formatDate(order.sendDate)}</td>
                  <td data-label="Created">{formatDateTime(order.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {orders.data.data.length === 0 && <p className="empty">No {kind.label.toLowerCase()} match.</p>}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={orders.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
