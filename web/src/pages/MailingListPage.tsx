import { type FormEvent, useState } from 'react';
import { api, type List } from '../api.ts';
import { listBusy, type MailingList, type MailingListImport } from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Tile } from '../components/Tile.tsx';
import { formatDateTime, words } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

/** A mailing list: its contacts count, the job running (one at a time), and adding or removing imports. */
export function MailingListPage({ id }: { id: string }) {
  const list = usePolled(() => api<MailingList>(`/mailing_lists/${id}`), `list-${id}`, listBusy);
  const imports = useLoad(
    () => api<List<MailingListImport>>('/mailing_list_imports', { query: { limit: 100 } }),
    'imports',
  );
  const usable = imports.data?.data.filter((i) => i.status === 'completed') ?? [];
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<unknown>();
  const l = list.data;

  const job = async (body: Record<string, string[]>) => {
    setError(undefined);
    try {
      await api(`/mailing_lists/${id}/jobs`, { method: 'POST', body });
      await list.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const importId = chosen || usable[0]?.id;
    if (importId) void job({ addMailingListImports: [importId] });
  };
  const remove = async () => {
    setError(undefined);
    try {
      await api(`/mailing_lists/${id}`, { method: 'DELETE' });
      navigate('/mailing_lists');
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/mailing_lists">← Mailing lists</Link>
      </p>
      <ErrorMessage error={list.error} prefix={`Could not load mailing list ${id}`} />
      {l && (
        <>
          <div className="page-head">
            <h1>
              {l.description ?? 'Mailing list'} <span className="mono id">{l.id}</span>
            </h1>
            <div className="head-badges" data-testid="list-status">
              <StatusBadge status={l.status} />
            </div>
          </div>
          {listBusy(l) && <ProgressBar label={words(l.status)} />}
          <div className="tiles">
            <Tile label="Contacts" value={l.contactCount} />
          </div>
          {l.errors.map((e) => (
            <p key={e.message} className="error">
              {e.message}
            </p>
          ))}
          <ErrorMessage error={error} />
          <form className="card form-row" onSubmit={add}>
            <label className="grow">
              Import to add
              <select name="import" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                {usable.length === 0 && <option value="">No completed imports</option>}
                {usable.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.description ?? i.id} ({i.validRowCount.toLocaleString()} valid rows)
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="primary" disabled={listBusy(l) || usable.length === 0}>
              Add import
            </button>
            <button
              type="button"
              disabled={listBusy(l) || usable.length === 0}
              onClick={() => {
                const importId = chosen || usable[0]?.id;
                if (importId) void job({ removeMailingListImports: [importId] });
              }}
            >
              Remove import
            </button>
          </form>
          <div className="card">
            <dl className="facts">
              <dt>Created</dt>
              <dd>{formatDateTime(l.createdAt)}</dd>
              <dt>Updated</dt>
              <dd>{formatDateTime(l.updatedAt)}</dd>
            </dl>
          </div>
          <div className="action-row">
            <Link
              href={`/campaigns/new?mailingList=${encodeURIComponent(l.id)}`}
              className="button primary"
              aria-disabled={listBusy(l) || l.contactCount === 0}
            >
              New campaign to this list
            </Link>
            <button type="button" className="danger" onClick={remove}>
              Delete mailing list
            </button>
          </div>
        </>
      )}
    </section>
  );
}
