import { useState } from 'react';
import { api, type List } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { WebhookForm } from '../components/WebhookForm.tsx';
import { formatDateTime } from '../format.ts';
import { Link, navigate, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';
import { rememberSecret, type Webhook, webhookPaths } from '../webhooks.ts';

const PAGE_SIZE = 20;

export function WebhooksPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const [creating, setCreating] = useState(false);
  const hooks = useLoad(
    () => api<List<Webhook>>(webhookPaths.list, { query: { skip, limit: PAGE_SIZE } }),
    String(skip),
  );

  const create = async (draft: {
    url: string;
    enabledEvents: string[];
    payloadFormat: string;
    description: string;
  }) => {
    const created = await api<Webhook>(webhookPaths.list, {
      method: 'POST',
      body: {
        url: draft.url.trim(),
        enabledEvents: draft.enabledEvents,
        payloadFormat: draft.payloadFormat,
        ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      },
    });
    rememberSecret(created.id, created.secret);
    navigate(`/webhooks/${created.id}`);
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>Webhooks</h1>
        {!creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New webhook
          </button>
        )}
      </div>
      {creating && (
        <div className="card">
          <h2>New webhook</h2>
          <WebhookForm
            initial={{
              url: '',
              enabledEvents: ['letter.created', 'letter.updated'],
              payloadFormat: 'jwt',
              description: '',
            }}
            submitLabel="Create webhook"
            errorPrefix="Could not create the webhook"
            onSubmit={create}
          />
        </div>
      )}
      <ErrorMessage error={hooks.error} prefix="Could not load webhooks" />
      {hooks.data && (
        <>
          <table className="webhooks">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Format</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {hooks.data.data.map((hook) => (
                <tr key={hook.id}>
                  <td data-label="URL">
                    <Link href={`/webhooks/${hook.id}`} className="mono break">
                      {hook.url}
                    </Link>
                    {hook.description && <div className="muted">{hook.description}</div>}
                  </td>
                  <td data-label="Events">{hook.enabledEvents.join(', ')}</td>
                  <td data-label="Format">{hook.payloadFormat}</td>
                  <td data-label="State">
                    <WebhookState hook={hook} />
                  </td>
                  <td data-label="Created">{formatDateTime(hook.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {hooks.data.data.length === 0 && <p className="empty">No webhooks in this mode yet.</p>}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={hooks.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}

export function WebhookState({ hook }: { hook: Webhook }) {
  if (hook.enabled) return <span className="badge badge-completed">Enabled</span>;
  const why =
    hook.disabledReason === 'gone'
      ? ' (receiver answered 410 Gone)'
      : hook.disabledReason === 'failing'
        ? ' (failing for days)'
        : '';
  return <span className="badge badge-cancelled">Disabled{why}</span>;
}
