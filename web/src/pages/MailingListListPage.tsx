import { type FormEvent, useState } from 'react';
import { api, type List } from '../api.ts';
import { listBusy, type MailingList } from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime, words } from '../format.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';

const PAGE_SIZE = 20;

export function MailingListListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const lists = usePolled(
    () => api<List<MailingList>>('/mailing_lists', { query: { skip, limit: PAGE_SIZE } }),
    String(skip),
    (page) => page.data.some(listBusy),
  );
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const list = await api<MailingList>('/mailing_lists', {
        method: 'POST',
        body: description.trim() ? { description: description.trim() } : {},
      });
      navigate(`/mailing_lists/${list.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <section className="page">
      <h1>Mailing lists</h1>
      <form className="card form-row" onSubmit={create}>
        <label className="grow">
          New list description
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Create mailing list
        </button>
      </form>
      <ErrorMessage error={error} prefix="Could not create the mailing list" />
      <ErrorMessage error={lists.error} prefix="Could not load mailing lists" />
      {lists.data && (
        <>
          <table className="orders progress-table">
            <thead>
              <tr>
                <th scope="col">List</th>
                <th scope="col">Contacts</th>
                <th scope="col">Created</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {lists.data.data.map((l) => (
                <tr key={l.id}>
                  <td data-label="List">
                    <Link href={`/mailing_lists/${l.id}`}>{l.description ?? l.id}</Link>
                  </td>
                  <td data-label="Contacts">{l.contactCount.toLocaleString()}</td>
                  <td data-label="Created">{formatDateTime(l.createdAt)}</td>
                  <td data-label="Status">
                    {listBusy(l) ? (
                      <ProgressBar label={words(l.status)} />
                    ) : (
                      <StatusBadge status={l.status} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {lists.data.data.length === 0 && <p className="empty">No mailing lists yet.</p>}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={lists.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
