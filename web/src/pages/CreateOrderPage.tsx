import { type FormEvent, useState } from 'react';
import { api, type List } from '../api.ts';
import {
  type ContactChoice,
  ContactFields,
  contactValue,
  emptyContact,
} from '../components/ContactFields.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { type ContactLike, words } from '../format.ts';
import { extraServices, type Kind, type Order } from '../kinds.ts';
import { Link, navigate } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const starterLetter = `<p>Hello {{to.firstName}},</p>
<p>Thank you for your order.</p>`;

const sizeLabels: Record<string, string> = {
  us_letter: 'US Letter (8.5 × 11 in)',
  a4: 'A4',
  '6x4': '6 × 4 in',
  '9x6': '9 × 6 in',
  '11x6': '11 × 6 in',
};

function blankChoice(): ContactChoice {
  return { contactId: '', draft: { ...emptyContact } };
}

function isBlank(choice: ContactChoice): boolean {
  return (
    !choice.contactId && Object.entries(choice.draft).every(([key, v]) => key === 'countryCode' || !v.trim())
  );
}

/** Creates a letter or a postcard in the current mode; contacts are picked from saved ones or typed. */
export function CreateOrderPage({ kind }: { kind: Kind }) {
  const isLetter = kind.path === 'letters';
  const contacts = useLoad(
    () => api<List<ContactLike & { id: string }>>('/contacts', { query: { limit: 100 } }),
    'contacts',
  );
  const [to, setTo] = useState(blankChoice);
  const [from, setFrom] = useState(blankChoice);
  const [html, setHtml] = useState(starterLetter);
  const [frontHTML, setFrontHTML] = useState('<h1>Hello {{to.firstName}}</h1>');
  const [backHTML, setBackHTML] = useState('<p>See you soon.</p>');
  const [size, setSize] = useState(isLetter ? 'us_letter' : '6x4');
  const [mailingClass, setMailingClass] = useState('first_class');
  const [extraService, setExtraService] = useState('');
  const [sendDate, setSendDate] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = {
      to: contactValue(to),
      size,
      mailingClass,
      ...(isBlank(from) ? {} : { from: contactValue(from) }),
      ...(sendDate ? { sendDate } : {}),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(isLetter ? { html, ...(extraService ? { extraService } : {}) } : { frontHTML, backHTML }),
    };
    try {
      const order = await api<Order>(`/${kind.path}`, { method: 'POST', body });
      navigate(`/${kind.path}/${order.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href={`/${kind.path}`}>← {kind.label}</Link>
      </p>
      <h1>New {kind.singular.toLowerCase()}</h1>
      <form className="create-form" onSubmit={submit}>
        <ErrorMessage error={contacts.error} prefix="Could not load saved contacts" />
        <div className="grid-2">
          <ContactFields legend="To" value={to} onChange={setTo} contacts={contacts.data} />
          <ContactFields
            legend="From"
            value={from}
            onChange={setFrom}
            contacts={contacts.data}
            optional={!isLetter}
          />
        </div>

        <fieldset>
          <legend>Content</legend>
          {isLetter ? (
            <label>
              HTML content
              <textarea
                name="html"
                rows={8}
                required
                value={html}
                onChange={(e) => setHtml(e.target.value)}
              />
            </label>
          ) : (
            <div className="grid-2">
              <label>
                Front HTML
                <textarea
                  name="frontHTML"
                  rows={6}
                  required
                  value={frontHTML}
                  onChange={(e) => setFrontHTML(e.target.value)}
                />
              </label>
              <label>
                Back HTML
                <textarea
                  name="backHTML"
                  rows={6}
                  required
                  value={backHTML}
                  onChange={(e) => setBackHTML(e.target.value)}
                />
              </label>
            </div>
          )}
          <p className="hint">
            Merge variables such as {'{{to.firstName}}'} are filled in from the recipient.
          </p>
        </fieldset>

        <fieldset>
          <legend>Mailing</legend>
          <div className="form-row">
            <label>
              Size
              <select name="size" value={size} onChange={(e) => setSize(e.target.value)}>
                {(isLetter ? ['us_letter', 'a4'] : ['6x4', '9x6', '11x6']).map((value) => (
                  <option key={value} value={value}>
                    {sizeLabels[value] ?? value}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Mailing class
              <select
                name="mailingClass"
                value={mailingClass}
                onChange={(e) => setMailingClass(e.target.value)}
              >
                <option value="first_class">First class</option>
                <option value="standard_class">Standard class</option>
              </select>
            </label>
            {isLetter && (
              <label>
                Extra service
                <select
                  name="extraService"
                  value={extraService}
                  onChange={(e) => setExtraService(e.target.value)}
                >
                  <option value="">None</option>
                  {extraServices.map((value) => (
                    <option key={value} value={value}>
                      {words(value)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              Send date
              <input
                type="date"
                name="sendDate"
                value={sendDate}
                onChange={(e) => setSendDate(e.target.value)}
              />
            </label>
          </div>
          <label>
            Description
            <input
              type="text"
              name="description"
              maxLength={1000}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </label>
        </fieldset>

        <ErrorMessage error={error} prefix={`Could not create the ${kind.singular.toLowerCase()}`} />
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : `Create ${kind.singular.toLowerCase()}`}
          </button>
        </div>
      </form>
    </section>
  );
}
