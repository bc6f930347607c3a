import { type FormEvent, useState } from 'react';
import { eventTypes, payloadFormats } from '../webhooks.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface WebhookDraft {
  url: string;
  enabledEvents: string[];
  payloadFormat: string;
  description: string;
}

/** Create and edit share one form: URL, events, payload format, description. */
export function WebhookForm(props: {
  initial: WebhookDraft;
  submitLabel: string;
  onSubmit: (draft: WebhookDraft) => Promise<void>;
  errorPrefix: string;
}) {
  const [draft, setDraft] = useState(props.initial);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const toggle = (type: string, on: boolean) =>
    setDraft({
      ...draft,
      enabledEvents: on ? [...draft.enabledEvents, type] : draft.enabledEvents.filter((t) => t !== type),
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSubmit(draft);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="webhook-form" onSubmit={submit}>
      <label>
        Endpoint URL
        <input
          type="url"
          name="url"
          required
          placeholder="https://example.com/mailstream-events"
          value={draft.url}
          onChange={(e) => setDraft({ ...draft, url: e.target.value })}
        />
      </label>
      <fieldset>
        <legend>Events</legend>
        <div className="checks">
          {eventTypes.map((type) => (
            <label key={type} className="check">
              <input
                type="checkbox"
                name="enabledEvents"
                value={type}
                checked={draft.enabledEvents.includes(type)}
                onChange={(e) => toggle(type, e.target.checked)}
              />
              <span className="mono">{type}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-row">
        <label>
          Payload format
          <select
            name="payloadFormat"
            value={draft.payloadFormat}
            onChange={(e) => setDraft({ ...draft, payloadFormat: e.target.value })}
          >
            {payloadFormats.map((format) => (
              <option key={format.value} value={format.value}>
                {format.label}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          Description
          <input
            type="text"
            name="description"
            maxLength={1000}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </label>
      </div>
      <ErrorMessage error={error} prefix={props.errorPrefix} />
      <div className="action-row">
        <button type="submit" className="primary" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
