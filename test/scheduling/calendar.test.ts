import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addBusinessDays,
  estimatedCompletion,
  fromWallClock,
  isBusinessDay,
  newYorkDate,
  nextMidnightNewYork,
  printingDueAt,
  slaDeadline,
  startOfDayNewYork,
  toWallClock,
  usFederalHolidays,
} from '../../src/scheduling/calendar.ts';

// Expected values below are written out by hand (OPM holiday tables, DST offsets) rather than derived
// from the implementation, so every assertion can fail.

const iso = (d: Date): string => d.toISOString();
const at = (s: string): Date => new Date(s);

test('federal holidays 2025 (all on weekdays, nothing observed)', () => {
  assert.deepEqual(usFederalHolidays(2025), [
    '2025-01-01',
    '2025-01-20',
    '2025-02-17',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-10-13',
    '2025-11-11',
    '2025-11-27',
    '2025-12-25',
  ]);
});

test('federal holidays 2026: Independence Day on Saturday is observed Friday Jul 3', () => {
  assert.deepEqual(usFederalHolidays(2026), [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
  ]);
});

test('federal holidays 2027: Sat/Sun shifts, and New Year 2028 (Saturday) observed on Fri 2027-12-31', () => {
  assert.deepEqual(usFederalHolidays(2027), [
    '2027-01-01',
    '2027-01-18',
    '2027-02-15',
    '2027-05-31',
    '2027-06-18', // Juneteenth on Saturday
    '2027-07-05', // Independence Day on Sunday
    '2027-09-06',
    '2027-10-11',
    '2027-11-11',
    '2027-11-25',
    '2027-12-24', // Christmas on Saturday
    '2027-12-31', // New Year's Day 2028
  ]);
});

test('federal holidays 2028 have no January 1 entry (observed in 2027) and Veterans Day moves to Friday', () => {
  assert.deepEqual(usFederalHolidays(2028), [
    '2028-01-17',
    '2028-02-21',
    '2028-05-29',
    '2028-06-19',
    '2028-07-04',
    '2028-09-04',
    '2028-10-09',
    '2028-11-10',
    '2028-11-23',
    '2028-12-25',
  ]);
});

test('federal holidays 2022: Christmas on Sunday observed Monday Dec 26, Juneteenth on Sunday → Jun 20', () => {
  const h = usFederalHolidays(2022);
  assert.deepEqual(h, [
    '2022-01-17',
    '2022-02-21',
    '2022-05-30',
    '2022-06-20',
    '2022-07-04',
    '2022-09-05',
    '2022-10-10',
    '2022-11-11',
    '2022-11-24',
    '2022-12-26',
  ]);
  // Jan 1 2022 was a Saturday: observed in 2021, together with Christmas 2021 (also a Saturday).
  assert.ok(usFederalHolidays(2021).includes('2021-12-31'));
  assert.ok(usFederalHolidays(2021).includes('2021-12-24'));
});

test('Juneteenth is only a holiday from 2021 on', () => {
  assert.equal(usFederalHolidays(2020).length, 10);
  assert.ok(!usFederalHolidays(2020).some((d) => d.startsWith('2020-06')));
  assert.ok(usFederalHolidays(2021).includes('2021-06-18')); // Jun 19 2021 was a Saturday
});

test('returned holiday lists are copies (callers cannot corrupt the cache)', () => {
  usFederalHolidays(2026).push('2026-03-03');
  assert.equal(isBusinessDay('2026-03-03'), true);
});

test('isBusinessDay: weekends, observed holidays and ordinary weekdays', () => {
  assert.equal(isBusinessDay('2026-03-06'), true); // Friday
  assert.equal(isBusinessDay('2026-03-07'), false); // Saturday
  assert.equal(isBusinessDay('2026-03-08'), false); // Sunday
  assert.equal(isBusinessDay('2026-11-26'), false); // Thanksgiving
  assert.equal(isBusinessDay('2026-11-27'), true); // day after Thanksgiving is not federal
  assert.equal(isBusinessDay('2026-07-03'), false); // observed Independence Day
  assert.equal(isBusinessDay('2026-07-06'), true);
  assert.equal(isBusinessDay('2027-12-31'), false); // observed New Year 2028
  assert.equal(isBusinessDay('2022-12-26'), false);
  assert.throws(() => isBusinessDay('2026-02-30'), RangeError);
  assert.throws(() => isBusinessDay('2026-3-6'), RangeError);
});

test('nextMidnightNewYork across spring-forward (2026-03-08)', () => {
  // Sat 12:00 EST → Sun 00:00 EST (still UTC-5: the change happens at 02:00).
  assert.equal(iso(nextMidnightNewYork(at('2026-03-07T17:00:00Z'))), '2026-03-08T05:00:00.000Z');
  // Sun 12:00 EDT → Mon 00:00 EDT (UTC-4).
  assert.equal(iso(nextMidnightNewYork(at('2026-03-08T16:00:00Z'))), '2026-03-09T04:00:00.000Z');
  // Exactly midnight → the next one, only 23 hours later on the short day.
  assert.equal(iso(nextMidnightNewYork(at('2026-03-08T05:00:00Z'))), '2026-03-09T04:00:00.000Z');
  // 1 ms before midnight → that midnight.
  assert.equal(iso(nextMidnightNewYork(at('2026-03-08T04:59:59.999Z'))), '2026-03-08T05:00:00.000Z');
});

test('nextMidnightNewYork across fall-back (2026-11-01)', () => {
  // Sat 12:00 EDT → Sun 00:00 EDT.
  assert.equal(iso(nextMidnightNewYork(at('2026-10-31T16:00:00Z'))), '2026-11-01T04:00:00.000Z');
  // Sun 12:00 EST → Mon 00:00 EST.
  assert.equal(iso(nextMidnightNewYork(at('2026-11-01T17:00:00Z'))), '2026-11-02T05:00:00.000Z');
  // Both occurrences of the repeated 01:30 belong to Nov 1.
  assert.equal(iso(nextMidnightNewYork(at('2026-11-01T05:30:00Z'))), '2026-11-02T05:00:00.000Z');
  assert.equal(iso(nextMidnightNewYork(at('2026-11-01T06:30:00Z'))), '2026-11-02T05:00:00.000Z');
  // Exactly midnight → the next one, 25 hours later on the long day.
  assert.equal(iso(nextMidnightNewYork(at('2026-11-01T04:00:00Z'))), '2026-11-02T05:00:00.000Z');
});

test('nextMidnightNewYork uses the New York date, not the UTC date', () => {
  // 2026-06-15 23:30 EDT is already June 16 in UTC; the next ET midnight is 30 minutes away.
  assert.equal(iso(nextMidnightNewYork(at('2026-06-16T03:30:00Z'))), '2026-06-16T04:00:00.000Z');
  assert.equal(newYorkDate(at('2026-06-16T03:30:00Z')), '2026-06-15');
  // Year boundary in winter.
  assert.equal(iso(nextMidnightNewYork(at('2026-12-31T23:00:00Z'))), '2027-01-01T05:00:00.000Z');
});

test('printingDueAt: first midnight America/New_York after sendDate', () => {
  // Created Tue 2026-11-24 15:00 EST → printing Wed 2026-11-25 00:00 EST.
  assert.equal(iso(printingDueAt(at('2026-11-24T20:00:00Z'))), '2026-11-25T05:00:00.000Z');
  assert.equal(iso(printingDueAt(at('2026-03-07T17:00:00Z'))), '2026-03-08T05:00:00.000Z');
});

test('property: nextMidnightNewYork is the next ET 00:00:00.000, strictly later, at most 25h away', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }), (ms) => {
      const next = nextMidnightNewYork(new Date(ms));
      const w = toWallClock(next);
      assert.deepEqual([w.hour, w.minute, w.second, w.millisecond], [0, 0, 0, 0]);
      assert.ok(next.getTime() > ms);
      assert.ok(next.getTime() - ms <= 25 * 3_600_000);
      // No other midnight lies in between: the day before `next` is the day containing `ms`.
      assert.equal(newYorkDate(new Date(next.getTime() - 1)), newYorkDate(new Date(ms)));
    }),
  );
});

test('startOfDayNewYork and newYorkDate', () => {
  assert.equal(iso(startOfDayNewYork(at('2026-03-08T20:00:00Z'))), '2026-03-08T05:00:00.000Z'); // EST start
  assert.equal(iso(startOfDayNewYork(at('2026-11-01T20:00:00Z'))), '2026-11-01T04:00:00.000Z'); // EDT start
  assert.equal(newYorkDate(at('2026-11-01T04:00:00Z')), '2026-11-01');
  assert.equal(newYorkDate(at('2026-11-01T03:59:59.999Z')), '2026-10-31');
});

test('fromWallClock: nonexistent spring-forward time moves forward, repeated fall-back time takes the earlier', () => {
  const wall = { second: 0, millisecond: 0 };
  // 02:30 does not exist on 2026-03-08 → 03:30 EDT.
  assert.equal(
    iso(fromWallClock({ ...wall, year: 2026, month: 3, day: 8, hour: 2, minute: 30 })),
    '2026-03-08T07:30:00.000Z',
  );
  assert.equal(
    iso(fromWallClock({ ...wall, year: 2026, month: 3, day: 8, hour: 3, minute: 0 })),
    '2026-03-08T07:00:00.000Z',
  );
  // 01:30 happens twice on 2026-11-01 (EDT then EST) → the EDT one.
  assert.equal(
    iso(fromWallClock({ ...wall, year: 2026, month: 11, day: 1, hour: 1, minute: 30 })),
    '2026-11-01T05:30:00.000Z',
  );
  assert.equal(
    iso(fromWallClock({ ...wall, year: 2026, month: 11, day: 1, hour: 2, minute: 0 })),
    '2026-11-01T07:00:00.000Z',
  );
  // Milliseconds survive the round trip.
  assert.deepEqual(toWallClock(at('2026-07-01T16:05:06.789Z')), {
    year: 2026,
    month: 7,
    day: 1,
    hour: 12,
    minute: 5,
    second: 6,
    millisecond: 789,
  });
});

test('addBusinessDays keeps the ET wall-clock time and skips weekends', () => {
  // Fri 2026-03-06 10:00 EST + 1 → Mon 2026-03-09 10:00 EDT (the UTC time shifts by the DST hour).
  assert.equal(iso(addBusinessDays(at('2026-03-06T15:00:00Z'), 1)), '2026-03-09T14:00:00.000Z');
  // Fri 2026-10-30 10:00 EDT + 1 → Mon 2026-11-02 10:00 EST.
  assert.equal(iso(addBusinessDays(at('2026-10-30T14:00:00Z'), 1)), '2026-11-02T15:00:00.000Z');
  // Starting on a Saturday: the start day never counts → Mon is day 1, Tue day 2.
  assert.equal(iso(addBusinessDays(at('2026-03-14T14:00:00Z'), 1)), '2026-03-16T14:00:00.000Z');
  assert.equal(iso(addBusinessDays(at('2026-03-14T14:00:00Z'), 2)), '2026-03-17T14:00:00.000Z');
  // n = 0 → unchanged, even on a weekend.
  assert.equal(iso(addBusinessDays(at('2026-03-14T14:00:00Z'), 0)), '2026-03-14T14:00:00.000Z');
  assert.throws(() => addBusinessDays(at('2026-03-14T14:00:00Z'), -1), RangeError);
  assert.throws(() => addBusinessDays(at('2026-03-14T14:00:00Z'), 1.5), RangeError);
  assert.throws(() => addBusinessDays(new Date(Number.NaN), 1), RangeError);
});

test('addBusinessDays honours another time zone', () => {
  // Fri 2026-03-06 23:00 in Los Angeles (07:00Z Sat) + 1 → Mon 2026-03-09 23:00 PDT (06:00Z Tue).
  assert.equal(
    iso(addBusinessDays(at('2026-03-07T07:00:00Z'), 1, 'America/Los_Angeles')),
    '2026-03-10T06:00:00.000Z',
  );
});

test('slaDeadline: entered at midnight on a business day counts that day', () => {
  // Entered Fri 2026-03-06 00:00 EST → Fri, Mon → deadline Tue 2026-03-10 00:00 EDT.
  assert.equal(iso(slaDeadline(at('2026-03-06T05:00:00Z'))), '2026-03-10T04:00:00.000Z');
  // Entered Tue 2026-06-16 00:00 EDT → Tue, Wed → Thu 00:00.
  assert.equal(iso(slaDeadline(at('2026-06-16T04:00:00Z'))), '2026-06-18T04:00:00.000Z');
  assert.equal(iso(slaDeadline(at('2026-06-16T04:00:00Z'), 1)), '2026-06-17T04:00:00.000Z');
});

test('slaDeadline over a weekend', () => {
  // Entered Sat 2026-03-07 00:00 EST → Mon, Tue → deadline Wed 2026-03-11 00:00 EDT.
  assert.equal(iso(slaDeadline(at('2026-03-07T05:00:00Z'))), '2026-03-11T04:00:00.000Z');
  // Entered Fri 2026-03-06 10:00 EST (partial day does not count) → Mon, Tue → Wed 00:00.
  assert.equal(iso(slaDeadline(at('2026-03-06T15:00:00Z'))), '2026-03-11T04:00:00.000Z');
});

test('slaDeadline over Thanksgiving 2026', () => {
  // Entered Wed 2026-11-25 00:00 EST → Wed, (Thu holiday), Fri → deadline Sat 2026-11-28 00:00.
  assert.equal(iso(slaDeadline(at('2026-11-25T05:00:00Z'))), '2026-11-28T05:00:00.000Z');
  // Entered Wed 10:00 → Fri, Mon → deadline Tue 2026-12-01 00:00.
  assert.equal(iso(slaDeadline(at('2026-11-25T15:00:00Z'))), '2026-12-01T05:00:00.000Z');
  // Entered on Thanksgiving itself at midnight → Fri, Mon → Tue 2026-12-01 00:00.
  assert.equal(iso(slaDeadline(at('2026-11-26T05:00:00Z'))), '2026-12-01T05:00:00.000Z');
  // End to end: sent Tue 2026-11-24 15:00 EST → printing Wed 00:00 → deadline Sat 00:00.
  assert.equal(iso(slaDeadline(printingDueAt(at('2026-11-24T20:00:00Z')))), '2026-11-28T05:00:00.000Z');
});

test('slaDeadline over Christmas and the Dec 31 observed New Year 2027/2028', () => {
  // Entered Thu 2027-12-23 00:00 → Thu, (Fri 24 holiday, weekend), Mon 27 → Tue 2027-12-28 00:00.
  assert.equal(iso(slaDeadline(at('2027-12-23T05:00:00Z'))), '2027-12-28T05:00:00.000Z');
  // Entered Thu 2027-12-30 00:00 → Thu, (Fri 31 holiday, weekend), Mon 2028-01-03 → Tue 2028-01-04 00:00.
  assert.equal(iso(slaDeadline(at('2027-12-30T05:00:00Z'))), '2028-01-04T05:00:00.000Z');
  assert.throws(() => slaDeadline(at('2027-12-30T05:00:00Z'), -2), RangeError);
});

test('estimatedCompletion skips weekends and holidays at the same ET wall-clock time', () => {
  // First class (5) from Mon 2026-11-23 14:00 EST: Tue, Wed, (Thu holiday), Fri, Mon, Tue 2026-12-01.
  assert.equal(iso(estimatedCompletion(at('2026-11-23T19:00:00Z'), 5)), '2026-12-01T19:00:00.000Z');
  // Standard (10) from Fri 2026-12-18 09:00 EST: Dec 21-24, (25 holiday), 28-31, (Jan 1 holiday),
  // Jan 4, Jan 5 → Tue 2027-01-05 09:00 EST.
  assert.equal(iso(estimatedCompletion(at('2026-12-18T14:00:00Z'), 10)), '2027-01-05T14:00:00.000Z');
  // out_for_delivery scan Thu 2026-07-02 16:00 EDT + 1 → (Fri Jul 3 observed holiday, weekend) → Mon Jul 6.
  assert.equal(iso(estimatedCompletion(at('2026-07-02T20:00:00Z'), 1)), '2026-07-06T20:00:00.000Z');
});
