// Shared builders for bulk-sending tests (test/bulk, test/sdk/bulk.test.ts): CSVs of customers, imports
// waited out, and the mapping those CSVs use.
import type { TestApp } from './app.ts';
import { eventually } from './eventually.ts';

export const customerMapping = {
  firstName: 'First Name',
  lastName: 'Last Name',
  addressLine1: 'Address',
  city: 'City',
  provinceOrState: 'State',
  postalOrZip: 'ZIP',
  countryCode: 'Country',
};

export const customerHeader = 'First Name,Last Name,Address,City,State,ZIP,Country,Plan';

/** A customers CSV: row n is "Customer n" at a distinct street number in New York (valid unless told). */
export function customersCsv(count: number, row: (n: number) => string | undefined = () => undefined) {
  const lines = [customerHeader];
  for (let n = 1; n <= count; n++) {
    lines.push(row(n) ?? `Customer,${n},${n} Broadway,New York,NY,10001,US,gold`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function createImport(
  t: TestApp,
  csv: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return t.api('/mailing_list_imports', {
    method: 'POST',
    headers,
    json: {
      file: csv,
      fileType: 'csv',
      receiverAddressMapping: customerMapping,
      receiverMergeVariableMapping: { plan: 'Plan' },
      ...extra,
    },
  });
}

export async function importDone(t: TestApp, id: string, timeoutMs = 60_000) {
  return eventually(
    async () => {
      const r = await t.api(`/mailing_list_imports/${id}`);
      return r.body.status !== 'validating' ? r.body : null;
    },
    timeoutMs,
    `import ${id} to finish validating`,
  );
}

/** A completed mailing list of one import of `csv`. */
export async function listOf(t: TestApp, csv: string) {
  const imp = await importDone(t, (await createImport(t, csv)).body.id);
  const list = await t.api('/mailing_lists', { method: 'POST', json: {} });
  await t.api(`/mailing_lists/${list.body.id}/jobs`, {
    method: 'POST',
    json: { addMailingListImports: [imp.id] },
  });
  await eventually(
    async () => (await t.api(`/mailing_lists/${list.body.id}`)).body.status === 'completed',
    60_000,
    'the list job',
  );
  return { importId: imp.id as string, listId: list.body.id as string };
}

export async function campaignIn(t: TestApp, id: string, statuses: string[], timeoutMs = 120_000) {
  return eventually(
    async () => {
      const r = await t.api(`/campaigns/${id}`);
      return statuses.includes(r.body.status) ? r.body : null;
    },
    timeoutMs,
    `campaign ${id} to be ${statuses.join(' or ')}`,
  );
}
