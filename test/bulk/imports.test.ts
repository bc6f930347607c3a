// Mailing-list imports (issue 18 item 1): CSV in, rows validated in the background, per-row report and
// CSV export; hostile files refused whole or row by row, never a 5xx, never half-imported.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createImport, customerHeader, customerMapping, customersCsv, importDone } from '../support/bulk.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({}, { worker: true });
});
after(async () => {
  await t.close();
});

async function importCount(): Promise<number> {
  return (await t.api('/mailing_list_imports?limit=100')).body.totalCount;
}

test('a CSV with a BOM, CRLF, quoted fields and ZIPs missing their zeros validates into counts and rows', async () => {
  const csv =
    '\ufeff' +
    customersCsv(5, (n) => {
      if (n === 2) return '"Smith, Jr.","O""Neil","12 ""Main"" St",Boston,MA,2134,US,silver';
      if (n === 4) return 'Nobody,,,Nowhere,NY,10001,US,gold';
      return undefined;
    });
  const created = await createImport(t, csv);
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.equal(created.body.object, 'mailing_list_import');
  assert.equal(created.body.status, 'validating');
  const done = await importDone(t, created.body.id);
  assert.equal(done.status, 'completed');
  assert.equal(done.validRowCount, 4);
  assert.equal(done.invalidRowCount, 1);
  assert.deepEqual(done.receiverStatusCount, { verifiedCount: 3, correctedCount: 1, failedCount: 1 });
  assert.ok(done.notes.some((n: { type: string }) => n.type === 'restored_leading_zeros'));
  assert.equal(done.file.receiverAddressMapping.firstName, 'First Name');

  const failed = await t.api(`/mailing_list_imports/${done.id}/rows?status=failed`);
  assert.equal(failed.body.totalCount, 1);
  assert.equal(failed.body.data[0].rowNumber, 4);
  assert.match(failed.body.data[0].errors.join(' '), /addressLine1 is required/);

  const valid = await t.api(`/mailing_list_imports/${done.id}/rows?status=valid`);
  const boston = valid.body.data.find((r: { rowNumber: number }) => r.rowNumber === 2);
  assert.equal(boston.receiver.firstName, 'Smith, Jr.');
  assert.equal(boston.receiver.lastName, 'O"Neil');
  assert.equal(boston.receiver.postalOrZip, '02134');
  assert.deepEqual(boston.corrections, [
    { field: 'postalOrZip', from: '2134', to: '02134', reason: 'leading zeros restored' },
  ]);
});

test('the CSV export lists every row with its errors and neutralises formula cells', async () => {
  const csv = customersCsv(2, (n) =>
    n === 2 ? `"=cmd|' /C calc'!A0",x,,NY,NY,10001,US,@SUM(1)` : undefined,
  );
  const created = await createImport(t, csv);
  const done = await importDone(t, created.body.id);
  assert.match(done.reportURL, new RegExp(`/mailing_list_imports/${done.id}/report$`));
  const response = await fetch(`${t.baseUrl}${done.reportURL}`, {
    headers: { 'x-api-key': t.org.testApiKey },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
  const records: string[][] = parse(await response.text());
  assert.equal(records.length, 3);
  assert.deepEqual(records[0]!.slice(-4), ['rowNumber', 'status', 'errors', 'corrections']);
  assert.equal(records[1]![9], 'valid');
  assert.equal(records[2]![0], `'=cmd|' /C calc'!A0`, 'a formula is shown, not run');
  assert.equal(records[2]![7], `'@SUM(1)`);
  assert.equal(records[2]![9], 'failed');
});

test('a multipart upload is streamed in; mappings may follow the file part', async () => {
  const form = new FormData();
  form.append('file', new Blob([customersCsv(3)], { type: 'text/csv' }), 'customers.csv');
  form.append('fileType', 'csv');
  form.append('receiverAddressMapping', JSON.stringify(customerMapping));
  const created = await t.api('/mailing_list_imports', { method: 'POST', body: form });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const done = await importDone(t, created.body.id);
  assert.equal(done.validRowCount, 3);
});

const hostile: [string, () => string | Blob, RegExp][] = [
  [
    'broken quoting',
    () => `${customerHeader}\nA,"B,1 Main,NY\nC,D"x,2 Main,NY,NY,10001,US,gold\n`,
    /not a valid CSV/,
  ],
  [
    'a header of 10,000 columns',
    () => `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n1\n`,
    /10000 columns/,
  ],
  ['a file of blank lines', () => '\r\n\r\n', /file is empty/],
  ['a header and no rows', () => `${customerHeader}\n`, /no rows/],
  ['a mapping naming a missing column', () => 'Name,Street\nA,1 Main\n', /does not have/],
];

for (const [name, file, message] of hostile) {
  test(`hostile CSV: ${name} is a 400 naming the problem, and nothing is imported`, async () => {
    const before = await importCount();
    const body = file();
    const response = await createImport(t, body as string);
    assert.equal(response.status, 400, JSON.stringify(response.body));
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, message);
    assert.equal(await importCount(), before);
  });
}

test('hostile CSV: a line of 8 MB (streamed upload) is refused whole as a record too long', async () => {
  const before = await importCount();
  const chunk = 'x'.repeat(64 * 1024);
  const lines = Readable.from(
    (function* () {
      yield `${customerHeader}\nA,`;
      for (let i = 0; i < 128; i++) yield chunk;
      yield ',1 Main,NY,NY,10001,US,gold\n';
    })(),
  );
  const parts: Buffer[] = [];
  for await (const part of lines) parts.push(Buffer.from(part as string));
  const form = new FormData();
  form.append('file', new Blob(parts), 'long.csv');
  form.append('fileType', 'csv');
  form.append('receiverAddressMapping', JSON.stringify(customerMapping));
  const response = await t.api('/mailing_list_imports', { method: 'POST', body: form });
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.match(response.body.error.message, /longer than 1000000 characters/);
  assert.equal(await importCount(), before);
});

test('hostile CSV: NULs, bad UTF-8, a row of 10,000 fields are failed rows with reasons', async () => {
  const good = `Ann,B,1 Main St,New York,NY,10001,US,gold`;
  const text = Buffer.concat([
    Buffer.from(`${customerHeader}\n${good}\nN\u0000ul,B,2 Main St,New York,NY,10001,US,gold\n`),
    Buffer.from('Ren'),
    Buffer.from([0xe9]), // Latin-1 é: not UTF-8
    Buffer.from(`e,B,3 Main St,New York,NY,10001,US,gold\n${good},${'x,'.repeat(10_000)}\n`),
  ]);
  const form = new FormData();
  form.append('file', new Blob([text]), 'mixed.csv');
  form.append('fileType', 'csv');
  form.append('receiverAddressMapping', JSON.stringify(customerMapping));
  const created = await t.api('/mailing_list_imports', { method: 'POST', body: form });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const done = await importDone(t, created.body.id);
  assert.equal(done.validRowCount, 1);
  assert.equal(done.invalidRowCount, 3);
  const failed = await t.api(`/mailing_list_imports/${done.id}/rows?status=failed`);
  const reasons = failed.body.data.map((r: { rowNumber: number; errors: string[] }) => [
    r.rowNumber,
    r.errors[0],
  ]);
  assert.deepEqual(reasons, [
    [2, 'Row contains a NUL character.'],
    [3, 'Row is not valid UTF-8 (save the file as UTF-8).'],
    [4, 'Row has 10009 fields; the header has 8.'],
  ]);
});

test('an import retried with its Idempotency-Key is the same import, not a second one', async () => {
  const before = await importCount();
  const headers = { 'idempotency-key': `import-${Date.now()}` };
  const first = await createImport(t, customersCsv(3), {}, headers);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const retried = await createImport(t, customersCsv(3), {}, headers);
  assert.equal(retried.status, 200, JSON.stringify(retried.body));
  assert.equal(retried.body.id, first.body.id);
  assert.equal(await importCount(), before + 1);
  // The same key with another file is refused, not taken for the first.
  const other = await createImport(t, customersCsv(4), {}, headers);
  assert.equal(other.status, 422, JSON.stringify(other.body));
  assert.equal(other.body.error.type, 'idempotency_key_reused_error');
});

test('update, delete and list imports', async () => {
  const created = await createImport(t, customersCsv(1), { description: 'spring' });
  assert.equal(created.body.description, 'spring');
  const updated = await t.api(`/mailing_list_imports/${created.body.id}`, {
    method: 'POST',
    json: { description: 'summer', metadata: { a: 'b' } },
  });
  assert.equal(updated.body.description, 'summer');
  assert.deepEqual(updated.body.metadata, { a: 'b' });
  const deleted = await t.api(`/mailing_list_imports/${created.body.id}`, { method: 'DELETE' });
  assert.deepEqual(deleted.body, { id: created.body.id, object: 'mailing_list_import', deleted: true });
  assert.equal((await t.api(`/mailing_list_imports/${created.body.id}`)).status, 404);
});
