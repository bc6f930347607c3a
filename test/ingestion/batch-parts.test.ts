// A large batch is stored in parts, side by side, each in its own transaction (src/ingestion/service.ts).
// These hold a split batch to what the same batch gives in one transaction, check that splitting actually
// happens, and that a part that fails leaves a batch that sending it again completes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { ingestScans } from '../../src/ingestion/service.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { type IvmtrEvent, pieceHint } from '../../src/tracking/scan-status.ts';
import { seededRng, simulateScans } from '../../src/tracking/usps-simulator.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { MID, trackingCode } from './fixtures.ts';

let database: TestDatabase;
let db: Db;
let organizationId: string;
before(async () => {
  database = await createTestDatabase();
  db = database.db;
  organizationId = (await createOrganization(db, 'Parts org')).organizationId;
});
after(async () => {
  await database.drop();
});

const PIECES = 700;

/** `PIECES` mailed live letters with the IMbs of serials `first`…, as the printer hand-off leaves them. */
async function mailedLetters(first: number) {
  await sql`
    insert into orders (id, kind, organization_id, live, status, to_contact, send_date, mailing_class, event_seq,
                        imb, imb_mailer_id, imb_serial, imb_assigned_at, processed_at)
    select 'letter_parts' || lpad(g::text, 10, '0'), 'letter', ${organizationId}, true, 'processed_for_delivery',
           '{"postalOrZip": "10001", "countryCode": "US"}'::jsonb, now(), 'first_class', 1,
           jsonb_build_object('trackingCode', '00270' || ${MID} || lpad(g::text, 9, '0'), 'routingCode', '10001'),
           ${MID}, lpad(g::text, 9, '0'), '2025-03-09T00:00:00Z', '2025-03-10T00:00:00Z'
    from generate_series(${first}::int, ${first + PIECES - 1}::int) g`.execute(db);
}

/**
 * The simulated postal service's scans of the pieces from serial `first` (the same stories for any
 * `first`), each scan once more for a tenth of them, shuffled, with an invalid event every 37th place.
 */
function feed(first: number): unknown[] {
  const rng = seededRng(11);
  const events: unknown[] = [];
  for (let n = 0; n < PIECES; n++) {
    const story = simulateScans({
      trackingCode: trackingCode(first + n),
      routingCode: '10001',
      mailedAt: new Date('2025-03-10T12:00:00Z'),
      destinationZip: '10001',
      returnToSender: n % 10 === 0,
      rng,
    });
    events.push(...story.events, ...story.events.filter((_, i) => i % 10 === 0));
  }
  const order = seededRng(3);
  const shuffled = events
    .map((event) => ({ event, key: order() }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.event);
  for (let i = 0; i < shuffled.length; i += 37) shuffled.splice(i, 0, { imb: 'not a barcode' });
  return shuffled;
}

/** Each order's imb state and number of events, by serial relative to `first`. */
async function outcome(first: number) {
  const { rows } = await sql<{ n: number; state: string; events: number; queued: boolean }>`
    select imb_serial::int - ${first}::int as n,
           concat_ws(' ', imb_status, to_char(imb_date at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), imb_zip) as state,
           (select count(*)::int from events e where e.order_id = o.id and e.type = 'letter.updated') as events,
           exists (select 1 from pending_scan_estimates p where p.order_id = o.id) as queued
    from orders o
    where imb_mailer_id = ${MID} and imb_serial::int between ${first}::int and ${first + PIECES - 1}::int
    order by 1`.execute(db);
  return rows;
}

/** How many transactions stored the scans of serials `first`…: distinct xmin of their rows. */
async function transactionsOf(first: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct xmin::text)::int as n from usps_scans
    where mailer_id = ${MID} and serial::int between ${first}::int and ${first + PIECES - 1}::int`.execute(
    db,
  );
  return rows[0]!.n;
}

describe('a batch stored in parts', () => {
  test('ends as the same batch stored in one transaction: counts, errors, states, events', async () => {
    await mailedLetters(1);
    await mailedLetters(10_001);
    const whole = feed(1);
    const split = feed(10_001);
    assert.ok(split.length >= 5000 && split.length <= 10_000, `${split.length} events: enough for parts`);

    const inOne = await db.transaction().execute((tx) => ingestScans(tx, whole, { source: 'feed' }));
    const inParts = await ingestScans(db, split, { source: 'feed' });

    assert.equal(await transactionsOf(1), 1);
    assert.ok((await transactionsOf(10_001)) > 1, 'the batch was stored in more than one transaction');
    assert.deepEqual(inParts, inOne);
    assert.equal(inParts.received, split.length);
    assert.equal(inParts.matched + inParts.unmatched + inParts.duplicates + inParts.invalid, split.length);
    assert.ok(inParts.duplicates > 0 && inParts.unmatched === 0);
    // Listed in batch order, the first 100 of them.
    const invalidAt = split.flatMap((e, i) => ((e as IvmtrEvent).imb === 'not a barcode' ? [i] : []));
    assert.equal(inParts.invalid, invalidAt.length);
    assert.deepEqual(
      inParts.errors.map((e) => e.index),
      invalidAt.slice(0, 100),
    );

    const expected = await outcome(1);
    assert.equal(expected.length, PIECES);
    assert.ok(expected.every((o) => o.events === 1));
    assert.ok(expected.some((o) => o.state.startsWith('returned_to_sender')));
    assert.ok(expected.some((o) => o.queued));
    assert.deepEqual(await outcome(10_001), expected);
  });

  test('a part that fails fails the call; the parts stored stay, and the batch sent again completes', async () => {
    await mailedLetters(20_001);
    await mailedLetters(30_001);
    const reference = await ingestScans(db, feed(20_001), { source: 'feed' });
    // The part holding serial 30,350 cannot be stored.
    await sql`create function refuse_serial() returns trigger language plpgsql as $$
      begin
        if new.serial = '000030350' then raise exception 'refused for the test'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_serial before insert on usps_scans
      for each row execute function refuse_serial()`.execute(db);
    const events = feed(30_001);
    await assert.rejects(ingestScans(db, events, { source: 'feed' }), /refused for the test/);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from usps_scans where mailer_id = ${MID} and serial like '00003%'`.execute(
      db,
    );
    const stored = rows[0]!.n;
    assert.ok(stored > 0 && stored < reference.matched, `${stored} of ${reference.matched} stored`);

    await sql`drop trigger refuse_serial on usps_scans`.execute(db);
    const again = await ingestScans(db, events, { source: 'feed' });
    assert.equal(again.matched, reference.matched - stored);
    assert.equal(again.duplicates, reference.duplicates + stored);
    assert.deepEqual(await outcome(30_001), await outcome(20_001));
  });
});

test('pieceHint: every way of naming a piece gives it the same hint', () => {
  const code = trackingCode(123_457);
  const forms = [
    { imb: `${code}10001` },
    { imb: `${code.slice(0, 11)} ${code.slice(11)}-10001` },
    { imb: `${code}100011234`, imbSerialNumber: '999' },
    { imbTrackingCode: code, imbRoutingCode: '10001' },
    { imbMid: MID, imbSerialNumber: '000123457' },
    { imbMid: MID, imbSerialNumber: '123457' },
    { imbMid: MID, imbSerialNumber: 123_457 },
  ];
  for (const form of forms) assert.equal(pieceHint({ ...form, scanDatetime: 'x' }), 57, JSON.stringify(form));
  assert.equal(pieceHint({ imbMid: MID, imbSerialNumber: '000123458' }), 58);
  assert.equal(pieceHint(null), 0);
  assert.equal(pieceHint({ imb: 'letters' }), 0);
});
