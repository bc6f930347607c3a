import { api } from '../api.ts';
import { type BankAccount, bankAccountName } from '../bankAccounts.ts';
import { formatMoney } from '../format.ts';
import type { Order } from '../kinds.ts';
import { Link } from '../router.tsx';
import { useLoad } from '../useLoad.ts';

/** What a cheque pays: amount, number, memo, and the bank account it draws on. */
export function ChequeFacts({ order }: { order: Order }) {
  const bankAccountId = typeof order.bankAccount === 'string' ? order.bankAccount : '';
  const account = useLoad(
    () => api<BankAccount>(`/bank_accounts/${bankAccountId}`),
    `bank-account-${bankAccountId}`,
  );
  const currency = typeof order.currencyCode === 'string' ? order.currencyCode : 'USD';
  return (
    <div className="card cheque-facts">
      <h2>Cheque</h2>
      <dl className="facts">
        <dt>Amount</dt>
        <dd className="amount" data-cents={String(order.amount)}>
          {formatMoney(order.amount as number | undefined, currency)} {currency}
        </dd>
        <dt>Cheque number</dt>
        <dd className="mono">{String(order.number ?? '—')}</dd>
        <dt>Memo</dt>
        <dd>{typeof order.memo === 'string' && order.memo ? order.memo : '—'}</dd>
        {typeof order.message === 'string' && order.message && (
          <>
            <dt>Message</dt>
            <dd>{order.message}</dd>
          </>
        )}
        <dt>Bank account</dt>
        <dd>
          <Link href={`/bank_accounts/${bankAccountId}`}>
            {account.data ? bankAccountName(account.data) : bankAccountId}
          </Link>
          {account.data && <span className="muted mono"> {bankAccountId}</span>}
        </dd>
      </dl>
    </div>
  );
}
