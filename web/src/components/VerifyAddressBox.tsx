import { useState } from 'react';
import { addver } from '../api.ts';
import type { AddressChange, AddressStatus } from '../contacts.ts';
import { words } from '../format.ts';
import type { ContactChoice, ContactDraft } from './ContactFields.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

/** PostGrid's verification answer (`data` of POST /v1/addver/verifications). */
interface Verified {
  line1: string;
  line2?: string;
  city: string;
  provinceOrState: string;
  postalOrZip: string;
  zipPlus4?: string;
  country: string;
  status: AddressStatus;
  errors: Record<string, string[] | undefined>;
  changes: AddressChange[];
}

const addressKeys = [
  'addressLine1',
  'addressLine2',
  'city',
  'provinceOrState',
  'postalOrZip',
  'countryCode',
] as const;

const keyOf = (draft: ContactDraft) => JSON.stringify(addressKeys.map((key) => draft[key].trim()));

/** The typed fields with the verifier's standard form put in, ready to send. */
function withCorrected(draft: ContactDraft, data: Verified): ContactDraft {
  return {
    ...draft,
    addressLine1: data.line1,
    addressLine2: data.line2 ?? '',
    city: data.city,
    provinceOrState: data.provinceOrState,
    postalOrZip: data.zipPlus4 ? `${data.postalOrZip}-${data.zipPlus4}` : data.postalOrZip,
    countryCode: data.country.toUpperCase(),
  };
}

/**
 * Checks a typed recipient address with the same verifier live orders go through, before sending: the
 * corrected form (with "Use corrected" to put it in the fields) or what is wrong, field by field. An
 * answer is shown only while the fields still hold the address it was given for.
 */
export function VerifyAddressBox(props: { value: ContactChoice; onChange: (value: ContactChoice) => void }) {
  const { value, onChange } = props;
  const [answer, setAnswer] = useState<{ key: string; data: Verified }>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (value.contactId) return null;
  const draft = value.draft;
  const current = answer && answer.key === keyOf(draft) ? answer.data : undefined;

  const verify = async () => {
    setFailure(undefined);
    setBusy(true);
    const typed = draft;
    try {
      const response = await addver<{ data: Verified }>('/verifications', {
        method: 'POST',
        body: {
          address: {
            line1: typed.addressLine1.trim(),
            ...(typed.addressLine2.trim() ? { line2: typed.addressLine2.trim() } : {}),
            ...(typed.city.trim() ? { city: typed.city.trim() } : {}),
            ...(typed.provinceOrState.trim() ? { provinceOrState: typed.provinceOrState.trim() } : {}),
            ...(typed.postalOrZip.trim() ? { postalOrZip: typed.postalOrZip.trim() } : {}),
            ...(typed.countryCode.trim() ? { country: typed.countryCode.trim() } : {}),
          },
        },
      });
      setAnswer({ key: keyOf(typed), data: response.data });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const errors = current
    ? Object.entries(current.errors).flatMap(([field, list]) =>
        list?.length ? [`${field}: ${list.join(', ')}`] : [],
      )
    : [];
  return (
    <section className="verify-address" aria-label="Verify address">
      <button type="button" onClick={verify} disabled={busy || !draft.addressLine1.trim()}>
        {busy ? 'Verifying…' : 'Verify address'}
      </button>
      <ErrorMessage error={failure} prefix="Could not verify the address" />
      {current && (
        <div className="verify-result" role="status">
          <p>
            <span className={`badge badge-address-${current.status}`}>{words(current.status)}</span>
          </p>
          {current.status !== 'failed' && (
            <address className="verified-address" aria-label="Verified address">
              <span>{current.line1}</span>
              {current.line2 && <span>{current.line2}</span>}
              <span>
                {current.city} {current.provinceOrState}{' '}
                {current.zipPlus4 ? `${current.postalOrZip}-${current.zipPlus4}` : current.postalOrZip}
              </span>
              <span>{current.country.toUpperCase()}</span>
            </address>
          )}
          {errors.length > 0 && (
            <ul className="address-errors" aria-label="Address errors">
              {errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          )}
          {current.changes.length > 0 && (
            <ul className="address-changes" aria-label="Address changes">
              {current.changes.map((change) => (
                <li key={`${change.field}-${change.from}-${change.to}`}>
                  {change.field}: {change.from || '(empty)'} → {change.to || '(empty)'}
                </li>
              ))}
            </ul>
          )}
          {current.status === 'corrected' && (
            <button
              type="button"
              onClick={() => onChange({ ...value, draft: withCorrected(draft, current) })}
            >
              Use corrected
            </button>
          )}
        </div>
      )}
    </section>
  );
}
