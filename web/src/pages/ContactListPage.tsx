import { api, type List } from '../api.ts';
import { AddressStatusBadge } from '../components/AddressStatusBadge.tsx';
import { CreatedFilter, createdRange } from '../components/CreatedFilter.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ListExport } from '../components/ListExport.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import { Pagination } from '../components/Pagination.tsx';
import type { Contact } from '../contacts.ts';
import { contactName, formatDateTime } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;

export function ContactListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const status = query.get('addressStatus') ?? '';
  const createdFrom = query.get('createdFrom') ?? '';
  const createdTo = query.get('createdTo') ?? '';
  const filters = {
    // PostGrid's structured search does the filtering: {"addressStatus":"failed"}.
    search: status ? JSON.stringify({ addressStatus: status }) : undefined,
    ...createdRange(createdFrom, createdTo),
  };
  const contacts = useLoad(
    () => api<List<Contact>>('/contacts', { query: { skip, limit: PAGE_SIZE, ...filters } }),
    JSON.stringify([skip, filters]),
  );
  const filter = (changes: Record<string, string | undefined>) => setQuery({ ...changes, skip: undefined });
  return (
    <section className="page">
      <div className="page-head">
        <h1>Contacts</h1>
        <div className="action-row">
          <ListExport path="/contacts" query={filters} name="contacts" />
          <Link href="/contacts/new" className="button primary">
            New contact
          </Link>
        </div>
      </div>
      <div className="filters">
        <label>
          Address status
          <select
            name="addressStatus"
            value={status}
            onChange={(e) => filter({ addressStatus: e.target.value })}
          >
            <option value="">Any</option>
            <option value="verified">Verified</option>
            <option value="corrected">Corrected</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <CreatedFilter from={createdFrom} to={createdTo} onChange={filter} />
      </div>
      <ErrorMessage error={contacts.error} prefix="Could not load contacts" />
      {contacts.data && (
        <>
          <table className="orders contacts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Address status</th>
                <th scope="col">Description</th>
                <th scope="col">Metadata</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {contacts.data.data.map((contact) => (
                <tr key={contact.id}>
                  <td data-label="Name">
                    <Link href={`/contacts/${contact.id}`}>{contactName(contact)}</Link>
                  </td>
                  <td data-label="Address">
                    {[contact.addressLine1, contact.city, contact.provinceOrState, contact.countryCode]
                      .filter(Boolean)
                      .join(', ')}
                  </td>
                  <td data-label="Address status">
                    <AddressStatusBadge contact={contact} />
                  </td>
                  <td data-label="Description">{contact.description ?? '—'}</td>
                  <td data-label="Metadata">
                    <MetadataList metadata={contact.metadata} />
                  </td>
                  <td data-label="Created">{formatDateTime(contact.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {contacts.data.data.length === 0 && (
            <p className="empty">
              {createdFrom || createdTo
                ? 'No contacts match.'
                : status
                  ? `No contacts with a ${status} address.`
                  : 'No contacts yet.'}
            </p>
          )}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={contacts.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
