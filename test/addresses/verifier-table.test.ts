import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { verifyOffline } from '../../src/addresses/offline-verifier.ts';
import { uspsText } from '../../src/addresses/text.ts';

/** The table (test/fixtures/addresses/verifier-table.txt): see its header for the columns and sources. */
const file = path.join(import.meta.dirname, '..', 'fixtures', 'addresses', 'verifier-table.txt');
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('|').map((c) => c.trim()));

const blank = (v: string | undefined) => (v ? v : undefined);

test('the table has at least 200 addresses of every kind', () => {
  assert.ok(rows.length >= 200, `${rows.length} rows`);
  for (const status of ['verified', 'corrected', 'failed']) {
    assert.ok(
      rows.some((r) => r[0] === status),
      status,
    );
  }
  assert.ok(rows.filter((r) => r[1] === 'CA').length >= 20);
});

for (const row of rows) {
  const [status, country, line1, line2, city, state, zip] = row as string[];
  const source = row[row.length - 1];
  test(`${status}: ${[line1, line2, city, state, zip, country].filter(Boolean).join(', ')} (${source})`, () => {
    const result = verifyOffline({
      line1: line1 as string,
      line2: blank(line2),
      city: blank(city),
      provinceOrState: blank(state),
      postalOrZip: blank(zip),
      country: country as string,
    });
    const got = [
      result.address.line1,
      result.address.line2,
      result.address.city,
      result.address.provinceOrState,
      result.address.postalOrZip,
    ];
    const detail = JSON.stringify({
      address: result.address,
      errors: result.errors,
      changes: result.changes,
    });
    assert.equal(result.status, status, detail);
    if (status === 'verified') {
      assert.deepEqual(
        got,
        [line1, line2, city, state, zip].map((v) => blank(uspsText(v))),
        detail,
      );
      assert.deepEqual(result.changes, []);
    } else if (status === 'corrected') {
      assert.equal(row[7], '=>');
      assert.deepEqual(got, row.slice(8, 13).map(blank), detail);
      assert.ok(result.changes.length > 0);
      for (const change of result.changes) assert.ok(change.reason, `every change is named: ${detail}`);
    } else {
      const fields = (row[7] as string)
        .split(',')
        .map((f) => f.trim())
        .sort();
      const failing = Object.keys(result.errors).sort();
      for (const field of fields) assert.ok(failing.includes(field), `${field} in error: ${detail}`);
    }
  });
}
