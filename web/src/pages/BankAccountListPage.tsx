import { api, type List } from '../api.ts';
import { type BankAccount, bankAccountName } from '../bankAccounts.ts';
import { CreatedFilter, createdRange } from '../components/CreatedFilter.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ListExport } from '../components/ListExport.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { formatDateTime } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;

export function BankAccountListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const createdFrom = query.get('createdFrom') ?? '';
  const createdTo = query.get('createdTo') ?? '';
  const filters = createdRange(createdFrom, createdTo);
  const accounts = useLoad(
    () => api<List<BankAccount>>('/bank_accounts', { query: { skip, limit: PAGE_SIZE, ...filters } }),
    JSON.stringify([skip, filters]),
  );
  const filter = (changes: Record<string, string | undefined>) => setQuery({ ...changes, skip: undefined });
  return (
    <section className="page">
      <div className="page-head">
        <h1>Bank accounts</h1>
        <div className="action-row">
          <ListExport path="/bank_accounts" query={filters} name="bank_accounts" />
          <Link href="/bank_accounts/new" className="button primary">
            New bank account
          </Link>
        </div>
      </div>
      <div className="filters">
        <CreatedFilter from={createdFrom} to={createdTo} onChange={filter} />
      </div>
      <ErrorMessage error={accounts.error} prefix="Could not load bank accounts" />
      {accounts.data && (
        <>
          <table className="orders bank-accounts">
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Country</th>
                <th scope="col">Routing</th>
                <th scope="col">Description</th>
                <th scope="col">Metadata</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.data.map((account) => (
                <tr key={account.id}>
                  <td data-label="Account">
                    <Link href={`/bank_accounts/${account.id}`}>{bankAccountName(account)}</Link>
                  </td>
                  <td data-label="Country">{account.bankCountryCode}</td>
                  <td data-label="Routing" className="mono">
                    {account.routingNumber ??
                      [account.routeNumber, account.transitNumber].filter(Boolean).join('-')}
                  </td>
                  <td data-label="Description">{account.description ?? '—'}</td>
                  <td data-label="Metadata">
                    <MetadataList metadata={account.metadata} />
                  </td>
                  <td data-label="Created">{formatDateTime(account.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {accounts.data.data.length === 0 && (
            <p className="empty">
              {createdFrom || createdTo ? 'No bank accounts match.' : 'No bank accounts yet.'}
            </p>
          )}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={accounts.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
