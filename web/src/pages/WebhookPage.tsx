import { useState } from 'react';
import { api, type List } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { WebhookForm } from '../components/WebhookForm.tsx';
import { formatDateTime } from '../format.ts';
import { kinds } from '../kinds.ts';
import { Link, navigate } from '../router.tsx';
import { useLoad } from '../useLoad.ts';
import { takeSecret, type Webhook, type WebhookInvocation, webhookPaths } from '../webhooks.ts';
import { WebhookState } from './WebhooksPage.tsx';

const PAGE_SIZE = 20;

/** `letter.updated` + its order id → the order's page; return-envelope orders have no page here. */
function orderPath(type: string, orderId: string | undefined): string | undefined {
  const kind = kinds.find((k) => k.object === type.slice(0, type.lastIndexOf('.')));
  return kind && orderId ? `/${kind.path}/${orderId}` : undefined;
}
// Deliveries and retries happen in the background; the list follows them.
const POLL_MS = 2000;

export function WebhookPage({ id }: { id: string }) {
  const hook = useLoad(() => api<Webhook>(webhookPaths.one(id)), id);
  const [secret] = useState(() => takeSecret(id));
  const [skip, setSkip] = useState(0);
  const invocations = useLoad(
    () => api<List<WebhookInvocation>>(webhookPaths.invocations(id), { query: { skip, limit: PAGE_SIZE } }),
    `${id}?skip=${skip}`,
    POLL_MS,
  );
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [testType, setTestType] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  const act = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      await run();
      setNotice(done);
      await Promise.all([hook.reload(), invocations.reload()]);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const data = hook.data;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/webhooks">← Webhooks</Link>
      </p>
      <ErrorMessage error={hook.error} prefix={`Could not load webhook ${id}`} />
      {data && (
        <>
          <div className="page-head">
            <h1 className="break">
              Webhook <span className="mono id">{data.id}</span>
            </h1>
            <WebhookState hook={data} />
          </div>
          {secret && (
            <div className="card notice">
              <h2>Signing secret</h2>
              <p>Copy it now: it is not shown again.</p>
              <code className="secret">{secret}</code>
            </div>
          )}

          <div className="card">
            {editing ? (
              <>
                <h2>Edit webhook</h2>
                <WebhookForm
                  initial={{
                    url: data.url,
                    enabledEvents: data.enabledEvents,
                    payloadFormat: data.payloadFormat,
                    description: data.description ?? '',
                  }}
                  submitLabel="Save changes"
                  errorPrefix="Could not save the webhook"
                  onSubmit={async (draft) => {
                    await api(webhookPaths.one(id), {
                      method: 'POST',
                      body: {
                        url: draft.url.trim(),
                        enabledEvents: draft.enabledEvents,
                        payloadFormat: draft.payloadFormat,
                        description: draft.description.trim() || null,
                      },
                    });
                    setEditing(false);
                    await hook.reload();
                  }}
                />
                <button type="button" onClick={() => setEditing(false)}>
                  Cancel editing
                </button>
              </>
            ) : (
              <>
                <dl className="facts">
                  <dt>URL</dt>
                  <dd className="mono break">{data.url}</dd>
                  <dt>Events</dt>
                  <dd>{data.enabledEvents.join(', ')}</dd>
                  <dt>Payload format</dt>
                  <dd>{data.payloadFormat}</dd>
                  <dt>Description</dt>
                  <dd>{data.description ?? '—'}</dd>
                  <dt>Created</dt>
                  <dd>{formatDateTime(data.createdAt)}</dd>
                </dl>
                <div className="action-row">
                  <button type="button" onClick={() => setEditing(true)} disabled={busy}>
                    Edit
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      act(
                        () => api(webhookPaths.one(id), { method: 'POST', body: { enabled: !data.enabled } }),
                        data.enabled ? 'Webhook disabled.' : 'Webhook enabled.',
                      )
                    }
                  >
                    {data.enabled ? 'Disable' : 'Enable'}
                  </button>
                  {confirmDelete ? (
                    <>
                      <button
                        type="button"
                        className="danger"
                        disabled={busy}
                        onClick={() =>
                          act(async () => {
                            await api(webhookPaths.one(id), { method: 'DELETE' });
                            navigate('/webhooks');
                          }, 'Webhook deleted.')
                        }
                      >
                        Confirm delete
                      </button>
                      <button type="button" onClick={() => setConfirmDelete(false)}>
                        Keep it
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      disabled={busy}
                      onClick={() => setConfirmDelete(true)}
                    >
                      Delete
                    </button>
                  )}
                </div>
              </>
            )}
          </div>

          <div className="card">
            <h2>Send a test event</h2>
            <div className="form-row test-event">
              <label>
                Event type
                <select value={testType} onChange={(e) => setTestType(e.target.value)}>
                  <option value="">Default ({data.enabledEvents[0]})</option>
                  {data.enabledEvents.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() =>
                  act(
                    () =>
                      api(webhookPaths.testEvent(id), {
                        method: 'POST',
                        body: testType ? { type: testType } : {},
                      }),
                    'Test event sent; its attempt is listed below.',
                  )
                }
              >
                Send test event
              </button>
            </div>
          </div>
          {notice && (
            <p className="notice-line" role="status">
              {notice}
            </p>
          )}
          <ErrorMessage error={error} prefix="The action failed" />

          <div className="card">
            <h2>Invocations</h2>
            <ErrorMessage error={invocations.error} prefix="Could not load invocations" />
            {invocations.data && (
              <>
                <table className="invocations">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Event</th>
                      <th scope="col">Attempt</th>
                      <th scope="col">Status code</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Error</th>
                      <th scope="col">Response</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {invocations.data.data.map((inv) => (
                      <tr key={inv.id} data-invocation={inv.id}>
                        <td data-label="Time">{formatDateTime(inv.createdAt)}</td>
                        <td data-label="Event">
                          <span className="mono">{inv.type}</span>
                          {orderPath(inv.type, inv.orderID) && (
                            <div className="small">
                              <Link href={orderPath(inv.type, inv.orderID)!} className="mono">
                                {inv.orderID}
                              </Link>
                            </div>
                          )}
                          <div className="muted mono small">{inv.event}</div>
                        </td>
                        <td data-label="Attempt">{inv.attempt}</td>
                        <td data-label="Status code">
                          <span
                            className={inv.statusCode >= 200 && inv.statusCode < 300 ? 'code-ok' : 'code-bad'}
                          >
                            {inv.statusCode === 0 ? 'No response' : inv.statusCode}
                          </span>
                        </td>
                        <td data-label="Duration">{inv.durationMs} ms</td>
                        <td data-label="Error">
                          {inv.errorKind
                            ? `${inv.errorKind}${inv.errorMessage ? `: ${inv.errorMessage}` : ''}`
                            : '—'}
                          {inv.nextAttemptAt && (
                            <div className="muted small">
                              Next attempt {formatDateTime(inv.nextAttemptAt)}
                            </div>
                          )}
                        </td>
                        <td data-label="Response">
                          {inv.responseBody ? (
                            <pre className="excerpt">{inv.responseBody.slice(0, 300)}</pre>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td data-label="Actions">
                          {inv.event.startsWith('event_') && (
                            <button
                              type="button"
                              disabled={busy}
                              onClick={() =>
                                act(
                                  () => api(webhookPaths.resend(id, inv.event), { method: 'POST' }),
                                  `Event ${inv.event} queued to be sent again.`,
                                )
                              }
                            >
                              Resend
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {invocations.data.data.length === 0 && <p className="empty">No attempts yet.</p>}
                <Pagination
                  skip={skip}
                  limit={PAGE_SIZE}
                  totalCount={invocations.data.totalCount}
                  onPage={setSkip}
                />
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
