import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../support/app.ts';
import { imbState, mailedLetter, pushFeed, scanEvent, trackingCode } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
let t: TestApp;
let dir: string;
before(async () => {
  t = await startTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'ivmtr-import-'));
});
after(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mailstream …` as a user would, against this test's database. */
function cli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/mailstream.js'), ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'error' },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

async function file(name: string, content: string): Promise<string> {
  const full = path.join(dir, name);
  await writeFile(full, content);
  return full;
}

describe('mailstream ivmtr import', () => {
  test('imports a JSON-lines file in batches with a progress bar and prints the totals', async () => {
    const order = await mailedLetter(t, 61);
    const lines = [
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-10T14:00:00Z' }),
      scanEvent(order.trackingCode, {
        scanDatetime: '2025-03-12T06:00:00Z',
        mailPhase: 'Phase 3c - Destination Sequenced Carrier Sortation',
      }),
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-10T14:00:00Z' }),
      { imb: order.trackingCode },
      ...Array.from({ length: 25 }, (_, i) => scanEvent(trackingCode(600_000 + i))),
    ].map((e) => JSON.stringify(e));
    const jsonl = await file(
      'scans.jsonl',
      `${lines.slice(0, 3).join('\n')}\n\n${lines.slice(3).join('\r\n')}\n`,
    );

    const result = await cli('ivmtr', 'import', jsonl, '--batch-size', '7', '--json');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      received: 29,
      matched: 2,
      unmatched: 25,
      duplicates: 1,
      invalid: 1,
    });
    assert.match(result.stderr, /importing \[#+\] 100% 29\/29/);
    assert.match(result.stderr, /invalid: line 5: scanDatetime is missing/);
    assert.equal((await imbState(t, order.id)).imbStatus, 'out_for_delivery');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from usps_scans where source = 'file'`.execute(t.database.db);
    assert.equal(rows[0]!.n, 27);
  });

  test('imports a JSON array and an {"events": [...]} file; a second import is all duplicates', async () => {
    const order = await mailedLetter(t, 62);
    const events = [
      scanEvent(order.trackingCode),
      scanEvent(order.trackingCode, { scanDatetime: '2025-03-11T01:00:00Z' }),
    ];
    const array = await file('array.json', JSON.stringify(events, null, 2));
    const wrapped = await file('wrapped.json', JSON.stringify({ events }, null, 2));
    const first = await cli('ivmtr', 'import', array);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^received 2\nmatched 2\nunmatched 0\nduplicates 0\ninvalid 0\n$/);
    const second = await cli('ivmtr', 'import', wrapped, '--json');
    assert.deepEqual(JSON.parse(second.stdout), {
      received: 2,
      matched: 0,
      unmatched: 0,
      duplicates: 2,
      invalid: 0,
    });
  });

  test('a file with a broken line changes nothing and names the line', async () => {
    const code = trackingCode(650_001);
    const broken = await file('broken.jsonl', `${JSON.stringify(scanEvent(code))}\n{"imb": "oops"\n`);
    const result = await cli('ivmtr', 'import', broken);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /line 2 is not valid JSON/);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from usps_scans where tracking_code = ${code}`.execute(t.database.db);
    assert.equal(rows[0]!.n, 0);
    const missing = await cli('ivmtr', 'import', path.join(dir, 'nope.json'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
  });

  test('token create prints a token the feed endpoint accepts; revoke stops it', async () => {
    const made = await cli('ivmtr', 'token', 'create', '--description', 'cli test', '--json');
    assert.equal(made.code, 0, made.stderr);
    const { id, token } = JSON.parse(made.stdout);
    assert.match(token, /^usps_ft_/);
    assert.equal((await pushFeed(t, [], token)).status, 200);
    const revoked = await cli('ivmtr', 'token', 'revoke', id);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await pushFeed(t, [], token)).status, 401);
  });
});
