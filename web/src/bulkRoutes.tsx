import { lazy, type ReactElement, Suspense } from 'react';
import './bulk.css';
import { CampaignCreatePage } from './pages/CampaignCreatePage.tsx';
import { CampaignListPage } from './pages/CampaignListPage.tsx';
import { ImportListPage } from './pages/ImportListPage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { ImportWizardPage } from './pages/ImportWizardPage.tsx';
import { MailingListListPage } from './pages/MailingListListPage.tsx';
import { MailingListPage } from './pages/MailingListPage.tsx';

/** The campaign page draws a chart: its chart library loads with it, as the overview's does. */
const CampaignPage = lazy(() =>
  import('./pages/CampaignPage.tsx').then((m) => ({ default: m.CampaignPage })),
);

/** Bulk sending (issue 18): CSV imports, mailing lists made of them, campaigns sent to a list. */
export const bulkSections = [
  { path: 'imports', label: 'Imports' },
  { path: 'mailing_lists', label: 'Mailing lists' },
  { path: 'campaigns', label: 'Campaigns' },
] as const;

/** The page for /{first}/{second}, or undefined when the path is not a bulk section. */
export function bulkPage(first: string, second: string | undefined): ReactElement | undefined {
  switch (first) {
    case 'imports':
      if (!second) return <ImportListPage />;
      return second === 'new' ? <ImportWizardPage /> : <ImportPage id={second} />;
    case 'mailing_lists':
      return second ? <MailingListPage id={second} /> : <MailingListListPage />;
    case 'campaigns':
      if (!second) return <CampaignListPage />;
      if (second === 'new') return <CampaignCreatePage />;
      return (
        <Suspense fallback={<p className="loading-page">Loading…</p>}>
          <CampaignPage id={second} />
        </Suspense>
      );
    default:
      return undefined;
  }
}
