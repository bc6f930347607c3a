import { useState } from 'react';
import { api } from '../api.ts';
import { AddressStatusBadge } from '../components/AddressStatusBadge.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import type { Contact } from '../contacts.ts';
import { contactLines, contactName, formatDateTime } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

export function ContactPage({ id }: { id: string }) {
  const contact = useLoad(() => api<Contact>(`/contacts/${id}`), `contact-${id}`);
  const [error, setError] = useState<unknown>();
  const remove = async () => {
    setError(undefined);
    try {
      await api(`/contacts/${id}`, { method: 'DELETE' });
      navigate('/contacts');
    } catch (failure) {
      setError(failure);
    }
  };
  const c = contact.data;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/contacts">← Contacts</Link>
      </p>
      <ErrorMessage error={contact.error} prefix={`Could not load contact ${id}`} />
      {c && (
        <>
          <div className="page-head">
            <h1>
              {contactName(c)} <span className="mono id">{c.id}</span>
            </h1>
            <button type="button" className="danger" onClick={remove}>
              Delete contact
            </button>
          </div>
          <ErrorMessage error={error} prefix="Could not delete the contact" />
          <div className="grid-2">
            <div className="card">
              <h2>Address</h2>
              <address>
                {contactLines(c).map((line) => (
                  <span key={line}>{line}</span>
                ))}
              </address>
              <dl className="facts">
                <dt>Address status</dt>
                <dd>
                  <AddressStatusBadge contact={c} />
                </dd>
                {c.originalAddress && (
                  <>
                    <dt>As typed</dt>
                    <dd>
                      {[
                        c.originalAddress.addressLine1,
                        c.originalAddress.addressLine2,
                        c.originalAddress.city,
                        c.originalAddress.provinceOrState,
                        c.originalAddress.postalOrZip,
                      ]
                        .filter(Boolean)
                        .join(', ')}
                    </dd>
                  </>
                )}
              </dl>
            </div>
            <div className="card">
              <h2>Details</h2>
              <dl className="facts">
                <dt>Email</dt>
                <dd>{c.email ?? '—'}</dd>
                <dt>Phone</dt>
                <dd>{c.phoneNumber ?? '—'}</dd>
                <dt>Job title</dt>
                <dd>{c.jobTitle ?? '—'}</dd>
                <dt>Description</dt>
                <dd>{c.description ?? '—'}</dd>
                <dt>Metadata</dt>
                <dd>
                  <MetadataList metadata={c.metadata} />
                </dd>
                <dt>Created</dt>
                <dd>{formatDateTime(c.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{formatDateTime(c.updatedAt)}</dd>
              </dl>
            </div>
          </div>
        </>
      )}
    </section>
  );
}
