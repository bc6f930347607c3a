import '../forms.css';
import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { TextField } from '../components/TextField.tsx';
import type { Contact } from '../contacts.ts';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { splitFailure } from '../forms/submitErrors.ts';
import { Link, navigate } from '../router.tsx';

const fields = [
  ['firstName', 'First name', 100],
  ['lastName', 'Last name', 100],
  ['companyName', 'Company', 200],
  ['jobTitle', 'Job title', 100],
  ['email', 'Email', 320],
  ['phoneNumber', 'Phone number', 40],
  ['addressLine1', 'Address line 1', 200],
  ['addressLine2', 'Address line 2', 200],
  ['city', 'City', 100],
  ['provinceOrState', 'State or province', 100],
  ['postalOrZip', 'ZIP or postal code', 20],
  ['countryCode', 'Country code', 2],
  ['description', 'Description', 1000],
] as const;
type Field = (typeof fields)[number][0];

/** POST /contacts; the API verifies the address and the contact page shows the outcome. */
export function CreateContactPage() {
  const [values, setValues] = useState<Record<Field, string>>(
    () =>
      Object.fromEntries(fields.map(([f]) => [f, f === 'countryCode' ? 'US' : ''])) as Record<Field, string>,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!values.firstName.trim() && !values.companyName.trim())
      problems.firstName = 'firstName or companyName is required.';
    if (!values.addressLine1.trim()) problems.addressLine1 = 'addressLine1 is required.';
    if (!/^[A-Za-z]{2}$/.test(values.countryCode.trim()))
      problems.countryCode = 'countryCode must be a 2-letter country code.';
    setErrors(problems);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    try {
      const contact = await api<Contact>('/contacts', { method: 'POST', body });
      navigate(`/contacts/${contact.id}`);
    } catch (error) {
      const split = splitFailure(
        error,
        fields.map(([f]) => f),
      );
      setErrors(split.errors);
      setFailure(split.failure);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/contacts">← Contacts</Link>
      </p>
      <h1>New contact</h1>
      <form className="create-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Contact</legend>
          <div className="contact-grid">
            {fields.map(([field, label, maxLength]) => (
              <TextField
                key={field}
                field={field}
                label={label}
                maxLength={maxLength}
                wide={field === 'description' || field.startsWith('addressLine')}
                value={values[field]}
                errors={errors}
                onChange={(value) => setValues({ ...values, [field]: value })}
              />
            ))}
          </div>
        </fieldset>
        <FormErrors errors={errors} what="create the contact" />
        <ErrorMessage error={failure} prefix="Could not create the contact" />
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create contact'}
          </button>
        </div>
      </form>
    </section>
  );
}
