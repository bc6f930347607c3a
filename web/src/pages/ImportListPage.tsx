import { api, type List } from '../api.ts';
import { importBusy, type MailingListImport } from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';

const PAGE_SIZE = 20;

export function ImportListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const imports = usePolled(
    () => api<List<MailingListImport>>('/mailing_list_imports', { query: { skip, limit: PAGE_SIZE } }),
    String(skip),
    (page) => page.data.some(importBusy),
  );
  return (
    <section className="page">
      <div className="page-head">
        <h1>Imports</h1>
        <Link href="/imports/new" className="button primary">
          New import
        </Link>
      </div>
      <ErrorMessage error={imports.error} prefix="Could not load imports" />
      {imports.data && (
        <>
          <table className="orders progress-table">
            <thead>
              <tr>
                <th scope="col">Import</th>
                <th scope="col">Status</th>
                <th scope="col">Valid</th>
                <th scope="col">Invalid</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {imports.data.data.map((i) => (
                <tr key={i.id}>
                  <td data-label="Import">
                    <Link href={`/imports/${i.id}`}>{i.description ?? i.id}</Link>
                  </td>
                  <td data-label="Status">
                    {importBusy(i) ? <ProgressBar label="Validating" /> : <StatusBadge status={i.status} />}
                  </td>
                  <td data-label="Valid">{i.validRowCount.toLocaleString()}</td>
                  <td data-label="Invalid">{i.invalidRowCount.toLocaleString()}</td>
                  <td data-label="Created">{formatDateTime(i.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {imports.data.data.length === 0 && <p className="empty">No imports yet. Upload a CSV to start.</p>}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={imports.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
