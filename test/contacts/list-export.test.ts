// GET /contacts takes the order lists' createdAtFrom/createdAtTo, and GET /contacts/export streams every
// match as CSV (the dashboard's export), with formula cells neutralised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportContacts } from '../../src/contacts/export.ts';
import { contactFiltersOf } from '../../src/contacts/service.ts';
import { usAddress } from '../support/app.ts';
import { csvRows, resourceListSuite } from '../support/resource-list-export.ts';

resourceListSuite({
  path: '/contacts',
  table: 'contacts',
  body: (name, description, metadata) => usAddress({ firstName: name, description, metadata }),
  filtersOf: contactFiltersOf,
  exportRows: exportContacts,
  more(t, ids) {
    test('the export carries the name, address and its status', async () => {
      const rows = csvRows((await t().api('/contacts/export?search=Grace')).body);
      assert.equal(rows.length, 1);
      const { id, firstName, lastName, addressLine1, city, postalOrZip, countryCode, addressStatus } =
        rows[0]!;
      assert.deepEqual(
        { id, firstName, lastName, addressLine1, city, postalOrZip, countryCode, addressStatus },
        {
          id: ids.Grace,
          firstName: 'Grace',
          lastName: 'Lovelace',
          addressLine1: '20 W 34th St',
          city: 'New York',
          postalOrZip: '10001',
          countryCode: 'US',
          addressStatus: 'verified',
        },
      );
    });
  },
});
