import { api } from '../api.ts';
import { type BankAccount, bankAccountName } from '../bankAccounts.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { MetadataList } from '../components/MetadataList.tsx';
import { formatDateTime } from '../format.ts';
import { Link } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

export function BankAccountPage({ id }: { id: string }) {
  const account = useLoad(() => api<BankAccount>(`/bank_accounts/${id}`), `bank-account-${id}`);
  const a = account.data;
  return (
    <section className="page">
      <p className="crumbs">
        <Link href="/bank_accounts">← Bank accounts</Link>
      </p>
      <ErrorMessage error={account.error} prefix={`Could not load bank account ${id}`} />
      {a && (
        <>
          <div className="page-head">
            <h1>
              {bankAccountName(a)} <span className="mono id">{a.id}</span>
            </h1>
          </div>
          <div className="card">
            <dl className="facts bank-account-facts">
              <dt>Bank</dt>
              <dd>{[a.bankName, a.bankPrimaryLine, a.bankSecondaryLine].filter(Boolean).join(', ')}</dd>
              <dt>Country</dt>
              <dd>{a.bankCountryCode}</dd>
              <dt>Account number</dt>
              <dd className="mono">····{a.accountNumber.slice(-4)}</dd>
              {a.routingNumber && (
                <>
                  <dt>Routing number</dt>
                  <dd className="mono">{a.routingNumber}</dd>
                </>
              )}
              {a.transitNumber && (
                <>
                  <dt>Transit and institution</dt>
                  <dd className="mono">
                    {a.transitNumber}-{a.routeNumber}
                  </dd>
                </>
              )}
              <dt>Signature</dt>
              <dd>{a.signatureText ?? (a.signatureImage ? 'Image' : '—')}</dd>
              <dt>Description</dt>
              <dd>{a.description ?? '—'}</dd>
              <dt>Metadata</dt>
              <dd>
                <MetadataList metadata={a.metadata} />
              </dd>
              <dt>Created</dt>
              <dd>{formatDateTime(a.createdAt)}</dd>
            </dl>
          </div>
          <p>
            <Link href={`/cheques/new`}>Write a cheque</Link>
          </p>
        </>
      )}
    </section>
  );
}
