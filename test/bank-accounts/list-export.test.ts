// GET /bank_accounts takes the order lists' createdAtFrom/createdAtTo, and GET /bank_accounts/export
// streams every match as CSV (the dashboard's export), with formula cells neutralised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportBankAccounts } from '../../src/bank-accounts/export.ts';
import { bankAccountFiltersOf } from '../../src/bank-accounts/service.ts';
import { usBankAccount } from '../support/app.ts';
import { csvRows, resourceListSuite } from '../support/resource-list-export.ts';

resourceListSuite({
  path: '/bank_accounts',
  table: 'bank_accounts',
  body: (name, description, metadata) =>
    usBankAccount({ bankName: `${name} Savings`, description, metadata }),
  filtersOf: bankAccountFiltersOf,
  exportRows: exportBankAccounts,
  more(t, ids) {
    test('the export shows the account number’s last 4 digits only', async () => {
      const csv = (await t().api('/bank_accounts/export')).body as string;
      assert.doesNotMatch(csv, /123456789/);
      const grace = csvRows(csv).find((r) => r.id === ids.Grace)!;
      assert.deepEqual(
        [grace.bankName, grace.bankCountryCode, grace.accountNumber, grace.routingNumber],
        ['Grace Savings', 'US', '6789', '021000021'],
      );
    });
  },
});
