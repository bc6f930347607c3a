import { useState } from 'react';
import { api, errorText } from '../api.ts';

/**
 * Downloads a CSV report the API serves at `url` (e.g. an import's reportURL), through the API client so
 * the request carries the session's mode, under a name that says what it holds.
 */
export function CsvDownload({ url, name, label }: { url: string; name: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const download = async () => {
    setBusy(true);
    setError('');
    try {
      const csv = await api<string>(url.replace(/^\/print-mail\/v1/, ''), { text: true });
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
        {busy ? 'Downloading…' : label}
      </button>
      {error && (
        <p className="error" role="alert">
          Could not download: {error}
        </p>
      )}
    </>
  );
}
