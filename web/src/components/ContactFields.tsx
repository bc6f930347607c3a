import { useId } from 'react';
import type { List } from '../api.ts';
import type { ContactLike } from '../format.ts';
import { contactName } from '../format.ts';
import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import { FieldMessage } from './FieldMessage.tsx';

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
  /** Server errors by field path; this group's fields are `<field>.<key>` (`to.city`). */
  errors?: FieldErrors;
  field?: string;
}) {
  const { value, onChange } = props;
  const errors = props.errors ?? {};
  const field = props.field ?? props.legend.toLowerCase();
  const id = useId();
  return (
    <fieldset className="contact">
      <legend>{props.legend}</legend>
      <label>
        Saved contact
        <select
          {...invalidProps(errors, field)}
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
        <FieldMessage errors={errors} field={field} />
      </label>
      {!value.contactId && (
        <div className="contact-grid">
          {fields.map((input) => (
            <label key={input.key} className={input.wide ? 'wide' : undefined} htmlFor={`${id}-${input.key}`}>
              {input.label}
              <input
                {...invalidProps(errors, `${field}.${input.key}`)}
                id={`${id}-${input.key}`}
                name={`${props.legend}-${input.key}`}
                autoComplete={`section-${props.legend} ${input.autoComplete}`}
                value={value.draft[input.key]}
                maxLength={input.key === 'countryCode' ? 2 : 200}
                onChange={(e) =>
                  onChange({ ...value, draft: { ...value.draft, [input.key]: e.target.value } })
                }
              />
              <FieldMessage errors={errors} field={`${field}.${input.key}`} />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** The field paths of a contact group, for matching server messages to them. */
export function contactFieldPaths(field: string): string[] {
  return [field, ...fields.map((input) => `${field}.${input.key}`)];
}
