import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort, type Spawned, spawnCli, waitForHttp } from '../support/process.ts';
import { multipartFields, sendStreamed } from '../support/streamed-body.ts';

const MiB = 1024 * 1024;
const BOUNDARY = 'limits-boundary';

let database: TestDatabase;
let server: Spawned;
let baseUrl: string;
let apiKey: string;

// The server runs in its own process, so its memory is its own: the client making 300 MiB, this test
// runner and other test files do not count.
before(async () => {
  database = await createTestDatabase();
  apiKey = (await createOrganization(database.db, 'Limits')).testApiKey;
  const port = await freePort();
  server = spawnCli(['start', '--role', 'api'], {
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    MAILSTREAM_SECRET: 'a test secret that is at least thirty-two characters long',
  });
  baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/readyz`, 60_000);
});
after(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await database.drop();
});

/** A value of /proc/PID/status in bytes (VmRSS: resident now; VmHWM: the most resident since a reset). */
function memory(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  assert.ok(kb, `${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

const send = (fields: number, fieldBytes: number) =>
  sendStreamed(
    `${baseUrl}/print-mail/v1/letters`,
    { 'x-api-key': apiKey, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    multipartFields(BOUNDARY, fields, fieldBytes),
  );

test('300 MiB of multipart fields, streamed: 413 in the error shape, the server grows by under 64 MB', async (t) => {
  const pid = server.child.pid!;
  // Warm up the multipart path (code, parser, error reply), so the measure is the big body alone.
  for (let i = 0; i < 3; i++) {
    const small = await send(8, 1024);
    assert.equal(small.status, 400, JSON.stringify(small.body));
  }
  const warm = await send(6, MiB);
  assert.equal(warm.status, 413, JSON.stringify(warm.body));

  // Writing 5 to clear_refs resets the peak (VmHWM) to what is resident now, so the peak read after
  // the request is the most the process held during it, however briefly, whenever garbage was collected.
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const baseline = memory(pid, 'VmRSS');
  const answer = await send(300, MiB);
  const peak = memory(pid, 'VmHWM');

  assert.equal(answer.status, 413);
  assert.deepEqual(answer.body, {
    object: 'error',
    error: { type: 'payload_too_large_error', message: 'Request body is too large.' },
  });
  const growth = peak - baseline;
  t.diagnostic(
    `RSS ${(baseline / MiB).toFixed(0)} MiB, peak +${(growth / MiB).toFixed(1)} MiB; client sent ${(answer.sent / MiB).toFixed(0)} MiB`,
  );
  assert.ok(growth < 64 * MiB, `RSS grew by ${(growth / MiB).toFixed(1)} MiB (from ${baseline / MiB} MiB)`);
  // The answer came while the body was still being sent: the server did not wait for all 300 MiB.
  assert.ok(answer.sent < 100 * MiB, `the client sent ${(answer.sent / MiB).toFixed(1)} MiB`);
  // And it still serves.
  assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
});
