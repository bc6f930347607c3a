// The SQL side of the calendar (migrations/0004_pipeline.sql) against src/scheduling/calendar.ts, the
// tested source of truth: holidays, business days, add_business_days, business_sla_deadline and the
// generated print_at column. The scheduler's set-based statements rely on these agreeing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createOrganization } from '../../src/organizations/service.ts';
import {
  addBusinessDays,
  isBusinessDay,
  printingDueAt,
  slaDeadline,
  usFederalHolidays,
} from '../../src/scheduling/calendar.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

const iso = (d: Date) => d.toISOString();
const DAY = 86_400_000;
// Instants between 2000-01-03 and 2100-11-30, so that every computed date stays in the table's range.
const instant = fc
  .integer({ min: Date.UTC(2000, 0, 3), max: Date.UTC(2100, 10, 30) })
  .map((ms) => new Date(ms));
// Exact New York midnights (and a minute either side): the boundary the SLA rule turns on.
const midnight = fc
  .tuple(fc.integer({ min: 0, max: 36_500 }), fc.constantFrom(-60_000, 0, 60_000))
  .map(
    ([days, shift]) => new Date(printingDueAt(new Date(Date.UTC(2000, 0, 3) + days * DAY)).getTime() + shift),
  );

test('us_federal_holidays holds exactly calendar.ts usFederalHolidays for 2000-2100', async () => {
  const { rows } = await sql<{
    day: string;
  }>`select to_char(day, 'YYYY-MM-DD') as day from us_federal_holidays order by day`.execute(database.db);
  const expected: string[] = [];
  for (let year = 2000; year <= 2100; year++) expected.push(...usFederalHolidays(year));
  assert.deepEqual(
    rows.map((r) => r.day),
    expected,
  );
  assert.ok(
    rows.some((r) => r.day === '2026-11-26'),
    'Thanksgiving 2026 is listed',
  );
});

test('business_calendar marks every day 2000-2100 as calendar.ts isBusinessDay does, with running ordinals', async () => {
  const { rows } = await sql<{ day: string; is_business_day: boolean; business_ordinal: number }>`
    select to_char(day, 'YYYY-MM-DD') as day, is_business_day, business_ordinal from business_calendar order by day`.execute(
    database.db,
  );
  assert.equal(rows.length, 36_890);
  let ordinal = 0;
  const mismatches: string[] = [];
  for (const row of rows) {
    if (isBusinessDay(row.day)) ordinal++;
    if (row.is_business_day !== isBusinessDay(row.day) || row.business_ordinal !== ordinal)
      mismatches.push(row.day);
  }
  assert.deepEqual(mismatches, []);
});

async function sqlAddBusinessDays(cases: { at: Date; n: number }[]): Promise<string[]> {
  const { rows } = await sql<{ result: Date }>`
    select add_business_days(c.at, c.n) as result
    from unnest(${cases.map((c) => iso(c.at))}::timestamptz[], ${cases.map((c) => c.n)}::int[]) with ordinality
      as c(at, n, i)
    order by c.i`.execute(database.db);
  return rows.map((r) => iso(r.result));
}

async function sqlSlaDeadlines(cases: { at: Date; n: number }[]): Promise<string[]> {
  const { rows } = await sql<{ result: Date }>`
    select business_sla_deadline(c.at, c.n) as result
    from unnest(${cases.map((c) => iso(c.at))}::timestamptz[], ${cases.map((c) => c.n)}::int[]) with ordinality
      as c(at, n, i)
    order by c.i`.execute(database.db);
  return rows.map((r) => iso(r.result));
}

test('add_business_days agrees with addBusinessDays (holidays, weekends, both DST changes)', async () => {
  const fixed = [
    // Wednesday before Thanksgiving 2026, 10:00 ET: Thursday is a holiday.
    { at: new Date('2026-11-25T15:00:00Z'), n: 1, expected: '2026-11-27T15:00:00.000Z' },
    // Friday 15:00 EDT before the fall-back Sunday: Monday 15:00 EST is an hour later in UTC.
    { at: new Date('2026-10-30T19:00:00Z'), n: 1, expected: '2026-11-02T20:00:00.000Z' },
    // Friday before the spring-forward Sunday.
    { at: new Date('2026-03-06T15:00:00Z'), n: 1, expected: '2026-03-09T14:00:00.000Z' },
    // First class: 5 business days from Monday 2026-11-23 10:00 ET, over Thanksgiving.
    { at: new Date('2026-11-23T15:00:00Z'), n: 5, expected: '2026-12-01T15:00:00.000Z' },
    { at: new Date('2026-11-23T15:00:00Z'), n: 0, expected: '2026-11-23T15:00:00.000Z' },
  ];
  assert.deepEqual(
    await sqlAddBusinessDays(fixed),
    fixed.map((c) => c.expected),
  );
  assert.deepEqual(
    fixed.map((c) => iso(addBusinessDays(c.at, c.n))),
    fixed.map((c) => c.expected),
  );
  const samples = fc.sample(fc.tuple(instant, fc.integer({ min: 0, max: 12 })), { numRuns: 400, seed: 4 });
  const cases = samples.map(([at, n]) => ({ at, n }));
  assert.deepEqual(
    await sqlAddBusinessDays(cases),
    cases.map((c) => iso(addBusinessDays(c.at, c.n))),
  );
});

test('business_sla_deadline agrees with slaDeadline, at midnight and in the day', async () => {
  const fixed = [
    // Entered Wednesday 00:00 ET before Thanksgiving 2026: Wednesday and Friday count.
    { at: new Date('2026-11-25T05:00:00Z'), n: 2, expected: '2026-11-28T05:00:00.000Z' },
    // Entered Wednesday 10:00: counting starts Friday, then Monday → Tuesday 00:00.
    { at: new Date('2026-11-25T15:00:00Z'), n: 2, expected: '2026-12-01T05:00:00.000Z' },
    // Entered Saturday midnight: Monday and Tuesday → Wednesday 00:00.
    { at: new Date('2026-03-07T05:00:00Z'), n: 2, expected: '2026-03-11T04:00:00.000Z' },
  ];
  assert.deepEqual(
    await sqlSlaDeadlines(fixed),
    fixed.map((c) => c.expected),
  );
  assert.deepEqual(
    fixed.map((c) => iso(slaDeadline(c.at, c.n))),
    fixed.map((c) => c.expected),
  );
  const samples = fc.sample(fc.tuple(fc.oneof(instant, midnight), fc.integer({ min: 0, max: 5 })), {
    numRuns: 400,
    seed: 5,
  });
  const cases = samples.map(([at, n]) => ({ at, n }));
  assert.deepEqual(
    await sqlSlaDeadlines(cases),
    cases.map((c) => iso(slaDeadline(c.at, c.n))),
  );
});

test('print_at, generated from send_date, is printingDueAt: the first midnight ET after it', async () => {
  const org = await createOrganization(database.db, 'Calendar org');
  const sendDates = [
    new Date('2026-03-07T04:59:59.999Z'), // 23:59:59.999 EST Friday
    new Date('2026-03-07T05:00:00.000Z'), // exactly midnight: the next midnight
    new Date('2026-03-08T16:00:00Z'), // spring-forward Sunday, noon EDT → Monday 00:00 EDT
    new Date('2026-11-01T05:30:00Z'), // fall-back Sunday, 01:30 EDT (the first 01:30)
    new Date('2026-11-01T06:30:00Z'), // 01:30 EST (the repeated hour) → Monday 00:00 EST
    ...fc.sample(instant, { numRuns: 300, seed: 6 }),
  ];
  await sql`
    insert into orders (id, kind, organization_id, live, to_contact, send_date, mailing_class)
    select 'letter_cal' || i, 'letter', ${org.organizationId}, false, '{}'::jsonb, s, 'first_class'
    from unnest(${sendDates.map(iso)}::timestamptz[]) with ordinality as u(s, i)`.execute(database.db);
  const { rows } = await sql<{ print_at: Date }>`
    select print_at from orders where id like 'letter_cal%' order by substr(id, 11)::int`.execute(
    database.db,
  );
  assert.deepEqual(
    rows.map((r) => iso(r.print_at)),
    sendDates.map((d) => iso(printingDueAt(d))),
  );
  assert.deepEqual(
    rows.slice(0, 5).map((r) => iso(r.print_at)),
    [
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
    ],
  );
});
