import { Pool as HttpPool } from 'undici';
import { verifyOffline } from '../src/addresses/offline-verifier.ts';
import type { AddressInput } from '../src/addresses/types.ts';
import { lookupZip } from '../src/addresses/zip-database.ts';
import { createDb } from '../src/db/database.ts';
import { createOrganization } from '../src/organizations/service.ts';
import { senderAddress, usAddress } from '../test/support/addresses.ts';
import { freePort, spawnCli, waitForHttp } from '../test/support/process.ts';
import { type BenchContext, type BenchResult, type BenchRow, besideFloor, closedLoop } from './context.ts';

const CONCURRENCY = 16;
const BATCH = 100;

/** A mix like real input: already standard, written out, misspelled, a wrong ZIP, Canada. */
const inputs: AddressInput[] = [
  {
    line1: '1600 Pennsylvania Ave NW',
    city: 'Washington',
    provinceOrState: 'DC',
    postalOrZip: '20500',
    country: 'US',
  },
  {
    line1: '20 West 34th Street Apt 5B',
    city: 'New York',
    provinceOrState: 'New York',
    postalOrZip: '10001',
    country: 'US',
  },
  {
    line1: '5000 Forbes Avenue',
    city: 'Pittsburg',
    provinceOrState: 'PA',
    postalOrZip: '15213',
    country: 'US',
  },
  { line1: '1 Cyclotron Raod', city: 'Berkeley', provinceOrState: 'CA', postalOrZip: '94720', country: 'US' },
  { line1: '1100 Congress Ave', city: 'Austin', provinceOrState: 'TX', postalOrZip: '90210', country: 'US' },
  { line1: 'PSC 802 Box 74', city: 'APO', provinceOrState: 'AE', postalOrZip: '09499', country: 'US' },
  {
    line1: '111 Wellington Street',
    city: 'Ottawa',
    provinceOrState: 'Ontario',
    postalOrZip: 'k1a0a9',
    country: 'CA',
  },
  { line1: '1 Castle Point Ter', city: 'Hobokin', provinceOrState: 'NJ', country: 'US' },
];
/** The i-th input with its own house number: distinct addresses, so the verifier's cache never answers. */
const distinct = (i: number): AddressInput => {
  const a = inputs[i % inputs.length] as AddressInput;
  return a.line1.startsWith('PSC') ? a : { ...a, line1: a.line1.replace(/^\d+/, String(1 + (i % 100_000))) };
};
const zips = ['20500', '10001', '15213', '94720', '90210', '09499', '07030', '78701'];

function loop(seconds: number, work: (i: number) => void): number {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let n = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 1000; k++) work(n++);
  }
  return n / ((performance.now() - started) / 1000);
}

/**
 * Verifications per second: in process (single), over HTTP (single and batches of 100), beside the
 * floor of a bare ZIP lookup loop; and live letters per second with verification on beside off
 * (skipVerification), in alternating halves over one API process.
 */
export async function benchAddresses(context: BenchContext): Promise<BenchResult> {
  const seconds = context.quick ? 1 : 10;
  const rows: BenchRow[] = [];

  const floor = loop(seconds / 2, (i) => lookupZip(zips[i % zips.length] as string));
  const single = loop(seconds, (i) => verifyOffline(distinct(i)));
  rows.push({
    group: 'Address verification',
    name: 'offline verifications/s, in process, distinct addresses (one core)',
    value: single,
    unit: 'verifications/s',
    ...besideFloor(single, floor),
    note: 'floor: a bare ZIP lookup loop (Map.get) on the same ZIPs',
  });

  const url = await context.createDatabase();
  const { db } = createDb(url, 2);
  const org = await createOrganization(db, 'Bench addresses');
  await db.destroy();
  const port = await freePort();
  const server = spawnCli(['start', '--role', 'api'], {
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: String(CONCURRENCY),
  });
  let http: HttpPool | undefined;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 60_000);
    http = new HttpPool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY });
    const pool = http;
    let failures = 0;
    const post = (path: string, body: unknown) => async () => {
      const r = await pool.request({
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': org.liveApiKey },
        body: JSON.stringify(body),
      });
      await r.body.text();
      if (r.statusCode !== 200) failures++;
    };
    const structured = (a: AddressInput) => ({ ...a, country: a.country.toLowerCase() });
    let n = 0;
    const one = async () =>
      post('/v1/addver/verifications', {
        address: structured(inputs[n++ % inputs.length] as AddressInput),
      })();
    const batchBody = {
      addresses: Array.from({ length: BATCH }, (_, i) =>
        structured(inputs[i % inputs.length] as AddressInput),
      ),
    };
    const batch = post('/v1/addver/verifications/batch', batchBody);
    await closedLoop(CONCURRENCY, 500, one);
    context.log(`addresses: measuring HTTP verifications for ${seconds}s, single and batch`);
    const singles = await closedLoop(CONCURRENCY, seconds * 1000, one);
    const batches = await closedLoop(CONCURRENCY, seconds * 1000, batch);
    const singleRate = singles.count / singles.seconds;
    const batchRate = (batches.count * BATCH) / batches.seconds;
    rows.push({
      group: 'Address verification',
      name: `POST /v1/addver/verifications, concurrency ${CONCURRENCY}`,
      value: singleRate,
      unit: 'verifications/s',
      ...besideFloor(singleRate, floor),
      note: 'HTTP, auth and rate limit included; floor: the bare ZIP lookup loop',
    });
    rows.push({
      group: 'Address verification',
      name: `POST /v1/addver/verifications/batch (${BATCH} a request)`,
      value: batchRate,
      unit: 'verifications/s',
      ...besideFloor(batchRate, floor),
      note: 'floor: the bare ZIP lookup loop',
    });

    // Live letters, verification on (a verified recipient: 20 W 34th St) beside off (skipVerification).
    let k = 0;
    const letter = (skip: boolean) => async () =>
      post('/print-mail/v1/letters', {
        to: usAddress({ lastName: `Lovelace ${k++ % 500}`, ...(skip ? { skipVerification: true } : {}) }),
        from: senderAddress(skip ? { skipVerification: true } : {}),
        html: '<p>Hello {{to.firstName}}</p>',
      })();
    const on = { count: 0, seconds: 0 };
    const off = { count: 0, seconds: 0 };
    await closedLoop(CONCURRENCY, 500, letter(false));
    await closedLoop(CONCURRENCY, 500, letter(true));
    context.log(`addresses: measuring live letters with and without verification for ${seconds}s each`);
    for (let half = 0; half < 2; half++) {
      for (const [skip, sum] of [
        [true, off],
        [false, on],
      ] as const) {
        const run = await closedLoop(CONCURRENCY, (seconds * 1000) / 2, letter(skip));
        sum.count += run.count;
        sum.seconds += run.seconds;
      }
    }
    if (failures) throw new Error(`${failures} requests failed during the address benchmark`);
    const onRate = on.count / on.seconds;
    const offRate = off.count / off.seconds;
    rows.push({
      group: 'Address verification',
      name: `live letters/s with verification (concurrency ${CONCURRENCY})`,
      value: onRate,
      unit: 'letters/s',
      ...besideFloor(onRate, offRate, 0.9),
      note: 'floor: the same live creates with skipVerification, alternating halves',
    });
  } finally {
    await http?.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return { rows, points: [] };
}
