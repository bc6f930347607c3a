import { useState } from 'react';
import { dashboard } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { formatDateTime } from '../format.ts';
import { useLoad } from '../useLoad.ts';

interface ApiKey {
  id: string;
  mode: 'test' | 'live';
  masked: string;
  revealable: boolean;
  createdAt: string;
}

interface RevealedKey {
  id: string;
  mode: 'test' | 'live';
  key: string;
}

/** Both keys of the organization, whatever the mode switch shows: each works in its own mode only. */
export function ApiKeysPage() {
  const keys = useLoad(() => dashboard<{ data: ApiKey[] }>('/api-keys'), 'api-keys');
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [confirmRotate, setConfirmRotate] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const reveal = (key: ApiKey) =>
    run(async () => {
      const result = await dashboard<RevealedKey>(`/api-keys/${key.id}/reveal`, { method: 'POST' });
      setRevealed((current) => ({ ...current, [key.id]: result.key }));
    });

  const rotate = (mode: 'test' | 'live') =>
    run(async () => {
      const result = await dashboard<RevealedKey>('/api-keys/rotate', { method: 'POST', body: { mode } });
      setRevealed((current) => ({ ...current, [result.id]: result.key }));
      setConfirmRotate(undefined);
      await keys.reload();
    });

  return (
    <section className="page">
      <h1>API keys</h1>
      <p className="hint">
        Send a key in the <code>x-api-key</code> header. The test key only sees test data, the live key only
        live data.
      </p>
      <ErrorMessage error={keys.error} prefix="Could not load API keys" />
      <ErrorMessage error={error} prefix="The action failed" />
      {keys.data?.data.map((key) => (
        <div className="card api-key" key={key.id} data-mode={key.mode}>
          <h2>{key.mode === 'test' ? 'Test key' : 'Live key'}</h2>
          <code className="secret" data-key-mode={key.mode}>
            {revealed[key.id] ?? key.masked}
          </code>
          <p className="muted small">Created {formatDateTime(key.createdAt)}</p>
          <div className="action-row">
            {revealed[key.id] ? (
              <button
                type="button"
                onClick={() => setRevealed(({ [key.id]: _hidden, ...rest }) => rest)}
                disabled={busy}
              >
                Hide
              </button>
            ) : (
              <button type="button" onClick={() => reveal(key)} disabled={busy || !key.revealable}>
                Reveal
              </button>
            )}
            {confirmRotate === key.mode ? (
              <>
                <button type="button" className="danger" onClick={() => rotate(key.mode)} disabled={busy}>
                  Confirm: replace the {key.mode} key
                </button>
                <button type="button" onClick={() => setConfirmRotate(undefined)}>
                  Keep it
                </button>
              </>
            ) : (
              <button
                type="button"
                className="danger"
                onClick={() => setConfirmRotate(key.mode)}
                disabled={busy}
              >
                Rotate
              </button>
            )}
          </div>
          {!key.revealable && (
            <p className="muted small">
              This key was made before keys could be revealed; rotate it to get one you can.
            </p>
          )}
          {confirmRotate === key.mode && (
            <p className="warning">
              The current {key.mode} key stops working at once. Integrations using it will fail.
            </p>
          )}
        </div>
      ))}
    </section>
  );
}
