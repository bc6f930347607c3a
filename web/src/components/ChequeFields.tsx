import type { BankAccount } from '../bankAccounts.ts';
import { bankAccountName } from '../bankAccounts.ts';
import { type FieldErrors, invalidProps } from '../forms/fieldErrors.ts';
import { Link } from '../router.tsx';
import { FieldMessage } from './FieldMessage.tsx';

export interface ChequeDraft {
  bankAccount: string;
  /** In dollars as typed ("1250.50"); sent in cents. */
  amount: string;
  currencyCode: 'USD' | 'CAD';
  number: string;
  memo: string;
  message: string;
}

export const emptyCheque: ChequeDraft = {
  bankAccount: '',
  amount: '',
  currencyCode: 'USD',
  number: '',
  memo: '',
  message: '',
};

/** "1,250.50" → 125050; undefined when it is not an amount of dollars and cents. */
export function centsOf(amount: string): number | undefined {
  const text = amount.replaceAll(',', '').trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  return Math.round(Number(text) * 100);
}

/** The cheque's own fields, in PostGrid's names: what is paid, from which account. */
export function ChequeFields(props: {
  value: ChequeDraft;
  bankAccounts: BankAccount[] | undefined;
  errors: FieldErrors;
  onChange: (value: ChequeDraft) => void;
}) {
  const { value, errors } = props;
  const set = (change: Partial<ChequeDraft>) => props.onChange({ ...value, ...change });
  return (
    <fieldset>
      <legend>Cheque</legend>
      <div className="form-row">
        <label>
          Bank account
          <select
            {...invalidProps(errors, 'bankAccount')}
            name="bankAccount"
            value={value.bankAccount}
            onChange={(e) => set({ bankAccount: e.target.value })}
          >
            <option value="">Choose a bank account</option>
            {props.bankAccounts?.map((account) => (
              <option key={account.id} value={account.id}>
                {bankAccountName(account)}
              </option>
            ))}
          </select>
          <FieldMessage errors={errors} field="bankAccount" />
        </label>
        <label>
          Amount
          <input
            {...invalidProps(errors, 'amount')}
            name="amount"
            inputMode="decimal"
            placeholder="1250.00"
            value={value.amount}
            onChange={(e) => set({ amount: e.target.value })}
          />
          <FieldMessage errors={errors} field="amount" />
        </label>
        <label>
          Currency
          <select
            name="currencyCode"
            value={value.currencyCode}
            onChange={(e) => set({ currencyCode: e.target.value as ChequeDraft['currencyCode'] })}
          >
            <option value="USD">USD</option>
            <option value="CAD">CAD</option>
          </select>
        </label>
        <label>
          Cheque number
          <input
            {...invalidProps(errors, 'number')}
            name="number"
            inputMode="numeric"
            placeholder="Next unused"
            value={value.number}
            onChange={(e) => set({ number: e.target.value })}
          />
          <FieldMessage errors={errors} field="number" />
        </label>
      </div>
      {props.bankAccounts?.length === 0 && (
        <p className="hint">
          No bank accounts in this mode yet: <Link href="/bank_accounts/new">add one</Link>.
        </p>
      )}
      <div className="grid-2">
        <label>
          Memo
          <input
            {...invalidProps(errors, 'memo')}
            name="memo"
            maxLength={40}
            value={value.memo}
            onChange={(e) => set({ memo: e.target.value })}
          />
          <FieldMessage errors={errors} field="memo" />
        </label>
        <label>
          Message
          <input
            {...invalidProps(errors, 'message')}
            name="message"
            maxLength={400}
            value={value.message}
            onChange={(e) => set({ message: e.target.value })}
          />
          <FieldMessage errors={errors} field="message" />
        </label>
      </div>
    </fieldset>
  );
}

/** The cheque fields of the create body. */
export function chequeBody(value: ChequeDraft): Record<string, unknown> {
  const cents = centsOf(value.amount);
  return {
    bankAccount: value.bankAccount,
    // An amount the form cannot read is sent as typed, so the server's message names it.
    amount: cents ?? value.amount,
    currencyCode: value.currencyCode,
    ...(value.number.trim() ? { number: Number(value.number) } : {}),
    ...(value.memo.trim() ? { memo: value.memo.trim() } : {}),
    ...(value.message.trim() ? { message: value.message.trim() } : {}),
  };
}
