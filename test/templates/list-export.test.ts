// GET /templates takes the order lists' createdAtFrom/createdAtTo, and GET /templates/export streams every
// match as CSV (the dashboard's export), with formula cells neutralised.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportTemplates } from '../../src/templates/export.ts';
import { templateFiltersOf } from '../../src/templates/service.ts';
import { csvRows, resourceListSuite } from '../support/resource-list-export.ts';

resourceListSuite({
  path: '/templates',
  table: 'templates',
  body: (name, description, metadata) => ({
    html: `<p>Dear {{to.firstName}}, from ${name}</p>`,
    description,
    metadata,
  }),
  filtersOf: templateFiltersOf,
  exportRows: exportTemplates,
  more(t) {
    test('the export lists templates without their HTML', async () => {
      const csv = (await t().api('/templates/export')).body as string;
      assert.deepEqual(Object.keys(csvRows(csv)[0]!), [
        'id',
        'createdAt',
        'updatedAt',
        'description',
        'metadata',
      ]);
      assert.doesNotMatch(csv, /Dear/);
    });
  },
});
