import type { AddressVerification } from '../contacts.ts';
import { words } from '../format.ts';

/**
 * A contact's address status as a badge, with what verification found under it: the errors in
 * PostGrid's words (`postalOrZip: Incorrect Value`) and each correction it made, so a failed or
 * corrected address can be judged without opening the API.
 */
export function AddressStatusBadge({ contact }: { contact: AddressVerification }) {
  const status = contact.addressStatus;
  if (!status) return <span className="muted">—</span>;
  const errors = contact.addressErrors?.split('; ').filter(Boolean) ?? [];
  const changes = contact.addressChanges ?? [];
  return (
    <div className="address-status">
      <span className={`badge badge-address-${status}`}>{words(status)}</span>
      {errors.length > 0 && (
        <ul className="address-errors" aria-label="Address errors">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      {changes.length > 0 && (
        <ul className="address-changes" aria-label="Address changes">
          {changes.map((change) => (
            <li key={`${change.field}-${change.from}-${change.to}`}>
              {change.field}: {change.from || '(empty)'} → {change.to || '(empty)'}
              <span className="muted"> ({change.reason})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
