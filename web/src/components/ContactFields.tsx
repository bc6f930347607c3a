import { useId } from 'react';
import type { List } from '../api.ts';
import type { ContactLike } from '../format.ts';
import { contactName } from '../format.ts';

export type ContactDraft = {
  firstName: string;
  lastName: string;
  companyName: string;
  addressLine1: string;
  addressLine2: string;
  city: string;
  provinceOrState: string;
  postalOrZip: string;
  countryCode: string;
};

export const emptyContact: ContactDraft = {
  firstName: '',
  lastName: '',
  companyName: '',
  addressLine1: '',
  addressLine2: '',
  city: '',
  provinceOrState: '',
  postalOrZip: '',
  countryCode: 'US',
};

/** A saved contact's id, or an address typed in (sent inline; the API saves and de-duplicates it). */
export interface ContactChoice {
  contactId: string;
  draft: ContactDraft;
}

/** What the API takes for `to`/`from`: the contact id, or the typed fields that are filled in. */
export function contactValue(choice: ContactChoice): string | Record<string, string> {
  if (choice.contactId) return choice.contactId;
  return Object.fromEntries(Object.entries(choice.draft).filter(([, value]) => value.trim() !== ''));
}

const fields: { key: keyof ContactDraft; label: string; autoComplete: string; wide?: boolean }[] = [
  { key: 'firstName', label: 'First name', autoComplete: 'given-name' },
  { key: 'lastName', label: 'Last name', autoComplete: 'family-name' },
  { key: 'companyName', label: 'Company', autoComplete: 'organization', wide: true },
  { key: 'addressLine1', label: 'Address line 1', autoComplete: 'address-line1', wide: true },
  { key: 'addressLine2', label: 'Address line 2', autoComplete: 'address-line2', wide: true },
  { key: 'city', label: 'City', autoComplete: 'address-level2' },
  { key: 'provinceOrState', label: 'State or province', autoComplete: 'address-level1' },
  { key: 'postalOrZip', label: 'ZIP or postal code', autoComplete: 'postal-code' },
  { key: 'countryCode', label: 'Country code', autoComplete: 'country' },
];

export function ContactFields(props: {
  legend: string;
  value: ContactChoice;
  onChange: (value: ContactChoice) => void;
  contacts: List<ContactLike & { id: string }> | undefined;
  optional?: boolean;
}) {
  const { value, onChange } = props;
  const id = useId();
  return (
    <fieldset className="contact">
      <legend>{props.legend}</legend>
      <label>
        Saved contact
        <select
          name={`${props.legend}-contact`}
          value={value.contactId}
          onChange={(e) => onChange({ ...value, contactId: e.target.value })}
        >
          <option value="">
            {props.optional ? 'None, or type an address below' : 'Type an address below'}
          </option>
          {props.contacts?.data.map((contact) => (
            <option key={contact.id} value={contact.id}>
              {contactName(contact)} — {contact.addressLine1}, {contact.city ?? ''}
            </option>
          ))}
        </select>
      </label>
      {!value.contactId && (
        <div className="contact-grid">
          {fields.map((field) => (
            <label key={field.key} className={field.wide ? 'wide' : undefined} htmlFor={`${id}-${field.key}`}>
              {field.label}
              <input
                id={`${id}-${field.key}`}
                name={`${props.legend}-${field.key}`}
                autoComplete={`section-${props.legend} ${field.autoComplete}`}
                value={value.draft[field.key]}
                maxLength={field.key === 'countryCode' ? 2 : 200}
                onChange={(e) =>
                  onChange({ ...value, draft: { ...value.draft, [field.key]: e.target.value } })
                }
              />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
