import { Fragment, useState } from 'react';
import { api, type List } from '../api.ts';
import {
  contactFields,
  type ImportRow,
  importBusy,
  type MailingList,
  type MailingListImport,
} from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { CsvDownload } from '../components/CsvDownload.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tile } from '../components/Tile.tsx';
import { formatDateTime } from '../format.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;

/** How far validation is: rows no longer pending out of all rows, from the rows report's counts. */
async function validated(id: string) {
  const [all, pending] = await Promise.all([
    api<List<ImportRow>>(`/mailing_list_imports/${id}/rows`, { query: { limit: 1 } }),
    api<List<ImportRow>>(`/mailing_list_imports/${id}/rows`, { query: { limit: 1, status: 'pending' } }),
  ]);
  return { total: all.totalCount, done: all.totalCount - pending.totalCount };
}

/** An import's validation report: counters, notes, the failed rows with their reasons, the CSV report. */
export function ImportPage({ id }: { id: string }) {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const status = query.get('status') ?? 'failed';
  const imp = usePolled(
    async () => {
      const found = await api<MailingListImport>(`/mailing_list_imports/${id}`);
      return { found, progress: importBusy(found) ? await validated(id) : undefined };
    },
    `import-${id}`,
    (data) => importBusy(data.found),
  );
  const i = imp.data?.found;
  const rows = useLoad(
    () =>
      api<List<ImportRow>>(`/mailing_list_imports/${id}/rows`, {
        query: { skip, limit: PAGE_SIZE, status: status === 'all' ? undefined : status },
      }),
    JSON.stringify([id, skip, status, i?.status]),
  );
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const toList = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const list = await api<MailingList>('/mailing_lists', {
        method: 'POST',
        body: { description: i?.description ?? `From import ${id}` },
      });
      await api(`/mailing_lists/${list.id}/jobs`, { method: 'POST', body: { addMailingListImports: [id] } });
      navigate(`/mailing_lists/${list.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const mapping = Object.entries(i?.file.receiverAddressMapping ?? {});
  const variables = Object.entries(i?.file.receiverMergeVariableMapping ?? {});
  const progress = imp.data?.progress;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/imports">← Imports</Link>
      </p>
      <ErrorMessage error={imp.error} prefix={`Could not load import ${id}`} />
      {i && (
        <>
          <div className="page-head">
            <h1>
              {i.description ?? 'Import'} <span className="mono id">{i.id}</span>
            </h1>
            <div className="head-badges" data-testid="import-status">
              <StatusBadge status={i.status} />
            </div>
          </div>
          {i.status === 'validating' && (
            <ProgressBar
              label="Validating rows"
              value={progress?.total ? progress.done / progress.total : undefined}
              detail={
                progress
                  ? `${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} rows`
                  : undefined
              }
            />
          )}
          <div className="tiles">
            <Tile label="Valid rows" value={i.validRowCount} />
            <Tile label="Invalid rows" value={i.invalidRowCount} warn={i.invalidRowCount > 0} />
            <Tile label="Verified" value={i.receiverStatusCount.verifiedCount} />
            <Tile label="Corrected" value={i.receiverStatusCount.correctedCount} />
            <Tile label="Address failed" value={i.receiverStatusCount.failedCount} />
          </div>
          {[...i.errors, ...i.notes].map((note) => (
            <p key={note.type} className={i.errors.includes(note) ? 'error' : 'notice-line'}>
              {note.message}
            </p>
          ))}
          <div className="action-row">
            {i.reportURL && (
              <CsvDownload url={i.reportURL} name={`${i.id}-report`} label="Download report CSV" />
            )}
            {i.status === 'completed' && (
              <button type="button" className="primary" disabled={busy} onClick={toList}>
                Create mailing list from this import
              </button>
            )}
          </div>
          <ErrorMessage error={error} prefix="Could not create the mailing list" />
          <div className="grid-2">
            <div className="card">
              <h2>Mapping</h2>
              <dl className="facts">
                {mapping.map(([field, column]) => (
                  <Fragment key={field}>
                    <dt>{contactFields.find(([f]) => f === field)?.[1] ?? field}</dt>
                    <dd>{column}</dd>
                  </Fragment>
                ))}
                {variables.map(([name, column]) => (
                  <Fragment key={name}>
                    <dt className="mono">{`{{${name}}}`}</dt>
                    <dd>{column}</dd>
                  </Fragment>
                ))}
              </dl>
            </div>
            <div className="card">
              <h2>Details</h2>
              <dl className="facts">
                <dt>Created</dt>
                <dd>{formatDateTime(i.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(i.updatedAt)}</dd>
              </dl>
            </div>
          </div>
          <div className="card">
            <div className="page-head">
              <h2>Rows</h2>
              <label>
                Show
                <select
                  name="status"
                  value={status}
                  onChange={(e) =>
                    setQuery({
                      status: e.target.value === 'failed' ? undefined : e.target.value,
                      skip: undefined,
                    })
                  }
                >
                  <option value="failed">Failed rows</option>
                  <option value="valid">Valid rows</option>
                  <option value="pending">Pending rows</option>
                  <option value="all">All rows</option>
                </select>
              </label>
            </div>
            <ErrorMessage error={rows.error} prefix="Could not load the rows" />
            {rows.data && (
              <>
                <table className="orders" aria-label="Import rows">
                  <thead>
                    <tr>
                      <th scope="col">Row</th>
                      <th scope="col">Status</th>
                      <th scope="col">Values</th>
                      <th scope="col">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.data.data.map((row) => (
                      <tr key={row.rowNumber}>
                        <td data-label="Row">{row.rowNumber}</td>
                        <td data-label="Status">
                          <StatusBadge status={row.status} />
                        </td>
                        <td data-label="Values" className="small">
                          {Object.values(row.values).filter(Boolean).join(', ')}
                        </td>
                        <td data-label="Reason">
                          {row.errors?.length ? (
                            <ul className="row-errors">
                              {row.errors.map((e) => (
                                <li key={e}>{e}</li>
                              ))}
                            </ul>
                          ) : (
                            (row.corrections ?? [])
                              .map((c) => `${c.field}: ${c.from} → ${c.to}`)
                              .join('; ') || '—'
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {rows.data.data.length === 0 && (
                  <p className="empty">{status === 'failed' ? 'No failed rows.' : 'No rows.'}</p>
                )}
                <Pagination
                  skip={skip}
                  limit={PAGE_SIZE}
                  totalCount={rows.data.totalCount}
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
