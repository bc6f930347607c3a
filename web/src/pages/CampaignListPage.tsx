import { api, type List } from '../api.ts';
import { type Campaign, campaignBusy, campaignProfile, campaignProgress } from '../bulk.ts';
import { usePolled } from '../bulkPolling.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ProgressBar } from '../components/ProgressBar.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { formatDateTime, words } from '../format.ts';
import { Link, setQuery, useLocation } from '../router.tsx';

const PAGE_SIZE = 20;

export function CampaignListPage() {
  const { query } = useLocation();
  const skip = Number(query.get('skip') ?? 0) || 0;
  const campaigns = usePolled(
    () => api<List<Campaign>>('/campaigns', { query: { skip, limit: PAGE_SIZE } }),
    String(skip),
    (page) => page.data.some(campaignBusy),
  );
  return (
    <section className="page">
      <div className="page-head">
        <h1>Campaigns</h1>
        <Link href="/campaigns/new" className="button primary">
          New campaign
        </Link>
      </div>
      <ErrorMessage error={campaigns.error} prefix="Could not load campaigns" />
      {campaigns.data && (
        <>
          <table className="orders progress-table">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Profile</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Progress</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.data.map((c) => (
                <tr key={c.id}>
                  <td data-label="Campaign">
                    <Link href={`/campaigns/${c.id}`}>{c.description ?? c.id}</Link>
                  </td>
                  <td data-label="Profile">{campaignProfile(c)?.label ?? '—'}</td>
                  <td data-label="Status">
                    <StatusBadge status={c.status} />
                  </td>
                  <td data-label="Created">{formatDateTime(c.createdAt)}</td>
                  <td data-label="Progress">
                    {c.rowCount > 0 || campaignBusy(c) ? (
                      <ProgressBar
                        label={words(c.status)}
                        value={campaignProgress(c)}
                        detail={
                          c.rowCount
                            ? `${c.createdCount.toLocaleString()} of ${c.rowCount.toLocaleString()}`
                            : undefined
                        }
                      />
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {campaigns.data.data.length === 0 && <p className="empty">No campaigns yet.</p>}
          <Pagination
            skip={skip}
            limit={PAGE_SIZE}
            totalCount={campaigns.data.totalCount}
            onPage={(next) => setQuery({ skip: next ? String(next) : undefined })}
          />
        </>
      )}
    </section>
  );
}
