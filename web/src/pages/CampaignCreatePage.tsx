import { type FormEvent, useState } from 'react';
import { api, type List } from '../api.ts';
import { type Campaign, type MailingList, profileKinds } from '../bulk.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import type { Contact } from '../contacts.ts';
import { contactName } from '../format.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

interface Profile {
  id: string;
  description?: string;
  createdAt: string;
}

/**
 * A campaign from an order profile and a mailing list (PostGrid's create): it drafts in the background
 * (its first row through the real create checks) and is sent from its page once it is a draft.
 */
export function CampaignCreatePage() {
  const { query } = useLocation();
  const [mailingList, setMailingList] = useState(query.get('mailingList') ?? '');
  const [kind, setKind] = useState<(typeof profileKinds)[number]['path']>('letters');
  const [profile, setProfile] = useState('');
  const [sender, setSender] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const lists = useLoad(() => api<List<MailingList>>('/mailing_lists', { query: { limit: 100 } }), 'lists');
  const profiles = useLoad(
    () => api<List<Profile>>(`/order_profiles/${kind}`, { query: { limit: 100 } }),
    `profiles-${kind}`,
  );
  const contacts = useLoad(() => api<List<Contact>>('/contacts', { query: { limit: 100 } }), 'contacts');
  const chosenList = mailingList || lists.data?.data[0]?.id || '';
  const chosenProfile = profiles.data?.data.some((p) => p.id === profile)
    ? profile
    : profiles.data?.data[0]?.id;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const field = profileKinds.find((k) => k.path === kind)!.field;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api<Campaign>('/campaigns', {
        method: 'POST',
        body: {
          mailingList: chosenList,
          [field]: chosenProfile,
          ...(sender ? { defaultSenderContact: sender } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
      navigate(`/campaigns/${created.id}`);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/campaigns">← Campaigns</Link>
      </p>
      <h1>New campaign</h1>
      <ErrorMessage
        error={lists.error ?? profiles.error ?? contacts.error}
        prefix="Could not load the choices"
      />
      <form className="create-form card" onSubmit={submit} noValidate>
        <label>
          Mailing list
          <select name="mailingList" value={chosenList} onChange={(e) => setMailingList(e.target.value)}>
            {lists.data?.data.length === 0 && <option value="">No mailing lists</option>}
            {lists.data?.data.map((l) => (
              <option key={l.id} value={l.id}>
                {l.description ?? l.id} ({l.contactCount.toLocaleString()} contacts)
              </option>
            ))}
          </select>
        </label>
        <div className="form-row">
          <label>
            Order kind
            <select
              name="kind"
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as typeof kind);
                setProfile('');
              }}
            >
              {profileKinds.map((k) => (
                <option key={k.path} value={k.path}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label className="grow">
            Order profile
            <select name="profile" value={chosenProfile ?? ''} onChange={(e) => setProfile(e.target.value)}>
              {profiles.data?.data.length === 0 && <option value="">No profiles of this kind</option>}
              {profiles.data?.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.description ?? p.id}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Sender (for rows without one)
          <select name="defaultSenderContact" value={sender} onChange={(e) => setSender(e.target.value)}>
            <option value="">None</option>
            {contacts.data?.data.map((c) => (
              <option key={c.id} value={c.id}>
                {contactName(c)} ({c.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Description
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <ErrorMessage error={error} prefix="Could not create the campaign" />
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy || !chosenList || !chosenProfile}>
            Create campaign
          </button>
        </div>
      </form>
    </section>
  );
}
