import '../forms.css';
import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import type { BankAccount } from '../bankAccounts.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { TextField } from '../components/TextField.tsx';
import type { FieldErrors } from '../forms/fieldErrors.ts';
import { splitFailure } from '../forms/submitErrors.ts';
import { Link, navigate } from '../router.tsx';

type Country = 'US' | 'CA';
const common = [
  ['bankName', 'Bank name', 200],
  ['bankPrimaryLine', 'Bank address line 1', 200],
  ['bankSecondaryLine', 'Bank address line 2', 200],
  ['accountNumber', 'Account number', 40],
] as const;
const byCountry = {
  US: [['routingNumber', 'Routing number (ABA)', 20]],
  CA: [
    ['transitNumber', 'Transit number', 20],
    ['routeNumber', 'Institution number', 20],
  ],
} as const;
const trailing = [
  ['signatureText', 'Signature text', 100],
  ['description', 'Description', 1000],
] as const;
const allFields = [
  'bankCountryCode',
  ...[...common, ...byCountry.US, ...byCountry.CA, ...trailing].map(([f]) => f),
];

/** POST /bank_accounts: the account cheques draw on. Only its last 4 digits are ever shown again. */
export function CreateBankAccountPage() {
  const [country, setCountry] = useState<Country>('US');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const shown = [...common, ...byCountry[country], ...trailing];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: FieldErrors = {};
    if (!values.bankName?.trim()) problems.bankName = 'bankName is required.';
    if (!values.accountNumber?.trim()) problems.accountNumber = 'accountNumber is required.';
    setErrors(problems);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const body: Record<string, string> = { bankCountryCode: country };
    for (const [field] of shown) {
      const value = values[field]?.trim();
      if (value) body[field] = value;
    }
    try {
      const account = await api<BankAccount>('/bank_accounts', { method: 'POST', body });
      navigate(`/bank_accounts/${account.id}`);
    } catch (error) {
      const split = splitFailure(error, allFields);
      setErrors(split.errors);
      setFailure(split.failure);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/bank_accounts">← Bank accounts</Link>
      </p>
      <h1>New bank account</h1>
      <form className="create-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Bank account</legend>
          <label>
            Country
            <select
              name="bankCountryCode"
              value={country}
              onChange={(e) => setCountry(e.target.value as Country)}
            >
              <option value="US">United States</option>
              <option value="CA">Canada</option>
            </select>
          </label>
          <div className="contact-grid">
            {shown.map(([field, label, maxLength]) => (
              <TextField
                key={field}
                field={field}
                label={label}
                maxLength={maxLength}
                wide={field === 'description'}
                value={values[field] ?? ''}
                errors={errors}
                onChange={(value) => setValues({ ...values, [field]: value })}
              />
            ))}
          </div>
        </fieldset>
        <FormErrors errors={errors} what="create the bank account" />
        <ErrorMessage error={failure} prefix="Could not create the bank account" />
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create bank account'}
          </button>
        </div>
      </form>
    </section>
  );
}
