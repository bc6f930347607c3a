import { useState } from 'react';
import { api, errorText } from '../api.ts';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Downloads every row the list's filters match (orders, contacts, templates, bank accounts) as CSV from
 * the server's export (not just the page on screen), under a name that says what it holds.
 */
export function ListExport({ path, query, name }: { path: string; query: Query; name: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const download = async () => {
    setBusy(true);
    setError('');
    try {
      const csv = await api<string>(`${path}/export`, { query, text: true });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = `${name}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button" disabled={busy} onClick={download}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      {error && (
        <p className="error" role="alert">
          Could not export: {error}
        </p>
      )}
    </>
  );
}
