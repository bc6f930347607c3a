import { api, type List } from '../api.ts';
import { CreatedFilter, createdRange } from '../components/CreatedFilter.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { ListExport } from '../components/ListExport.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { formatDateTime } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';
import type { Template } from '../templates.ts';
import { useLoad } from '../useLoad.ts';

const PAGE_SIZE = 20;

export function TemplateListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const createdFrom = query.get('createdFrom') ?? '';
  const createdTo = query.get('createdTo') ?? '';
  const filters = createdRange(createdFrom, createdTo);
  const templates = useLoad(
    () => api<List<Template>>('/templates', { query: { skip, limit: PAGE_SIZE, ...filters } }),
    JSON.stringify([skip, filters]),
  );
  const filter = (changes: Record<string, string | undefined>) => setQuery({ ...changes, skip: undefined });
  return (
    <section className="page">
      <div className="page-head">
        <h1>Templates</h1>
        <div className="action-row">
          <ListExport path="/templates" query={filters} name="templates" />
          <Link href="/templates/new" className="button primary">
            New template
          </Link>
        </div>
      </div>
      <div className="filters">
        <CreatedFilter from={createdFrom} to={createdTo} onChange={filter} />
      </div>
      <ErrorMessage error={templates.error} prefix="Could not load templates" />
      {templates.data && (
        <>
          <table className="orders templates">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Description</th>
                <th scope="col">Metadata</th>
                <th scope="col">Updated</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.data.map((template) => (
                <tr key={template.id}>
                  <td data-label="ID">
                    <Link href={`/templates/${template.id}`} className="mono">
                      {template.id}
                    </Link>
                  </td>
                  <td data-label="Description">{template.description ?? '—'}</td>
                  <td data-label="Metadata">
                    <MetadataList metadata={template.metadata} />
                  </td>
                  <td data-label="Updated">{formatDateTime(template.updatedAt)}</td>
                  <td data-label="Created">{formatDateTime(template.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {templates.data.data.length === 0 && (
            <p className="empty">{createdFrom || createdTo ? 'No templates match.' : 'No templates yet.'}</p>
          )}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={templates.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
