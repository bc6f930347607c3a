/**
 * Business-day and time-zone arithmetic for the order lifecycle (BRIEF §5).
 *
 * Pure and dependency-free: the only source of time-zone data is `Intl.DateTimeFormat`, so DST rules
 * come from the ICU data shipped with Node. Calendar dates are handled as ISO strings (YYYY-MM-DD)
 * and computed with UTC `Date` arithmetic, which has no DST and therefore never skips or repeats a day.
 */

export const NEW_YORK = 'America/New_York';

const MS_PER_DAY = 86_400_000;

/** A wall-clock reading in some time zone. `month` is 1-12. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// ---------------------------------------------------------------------------------------------------------
// Calendar dates (no time zone involved)
// ---------------------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoFromUtcMs(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoFromParts(year: number, month: number, day: number): string {
  return isoFromUtcMs(Date.UTC(year, month - 1, day));
}

/** Parses a strict YYYY-MM-DD string; rejects impossible dates such as 2026-02-30 instead of rolling over. */
function parseIsoDate(isoDate: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(isoDate);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (isoFromParts(year, month, day) === isoDate) return { year, month, day };
  }
  throw new RangeError(`Invalid ISO date: ${JSON.stringify(isoDate)}`);
}

/** Day of week of a calendar date, 0 = Sunday … 6 = Saturday. */
function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Calendar date `n` days after `isoDate` (n may be negative). */
export function addCalendarDays(isoDate: string, n: number): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return isoFromUtcMs(Date.UTC(year, month - 1, day) + n * MS_PER_DAY);
}

/** Day of month of the `nth` (1-based) given weekday in a month. */
function nthWeekday(year: number, month: number, dow: number, nth: number): number {
  const first = weekday(year, month, 1);
  return 1 + ((dow - first + 7) % 7) + (nth - 1) * 7;
}

/** Day of month of the last given weekday in a month. */
function lastWeekday(year: number, month: number, dow: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return lastDay - ((weekday(year, month, lastDay) - dow + 7) % 7);
}

/** Federal rule (5 U.S.C. 6103(b)): Saturday holidays are observed Friday, Sunday holidays Monday. */
function observed(year: number, month: number, day: number): string {
  const dow = weekday(year, month, day);
  const shift = dow === 6 ? -1 : dow === 0 ? 1 : 0;
  return isoFromUtcMs(Date.UTC(year, month - 1, day) + shift * MS_PER_DAY);
}

const holidayCache = new Map<number, readonly string[]>();

/**
 * Observed US federal holidays whose observed date falls in `year`, sorted ascending.
 *
 * Lists observed dates (the days federal offices and the postal service are closed), not the nominal
 * ones. A consequence: when Jan 1 is a Saturday it is observed on Dec 31 of the previous year, so that
 * Dec 31 appears in the previous year's list and the year itself has no New Year entry (e.g. 2027 lists
 * 2027-12-31 and 2028 has nothing in January before MLK Day).
 */
export function usFederalHolidays(year: number): string[] {
  if (!Number.isInteger(year)) throw new RangeError(`Invalid year: ${year}`);
  const cached = holidayCache.get(year);
  if (cached) return [...cached];

  const candidates = [
    observed(year, 1, 1), // New Year's Day (may land on Dec 31 of year-1: filtered below)
    isoFromParts(year, 1, nthWeekday(year, 1, 1, 3)), // Birthday of Martin Luther King, Jr.: 3rd Monday
    isoFromParts(year, 2, nthWeekday(year, 2, 1, 3)), // Washington's Birthday: 3rd Monday
    isoFromParts(year, 5, lastWeekday(year, 5, 1)), // Memorial Day: last Monday
    // Juneteenth only became a federal holiday in 2021; before that it must not block business days.
    ...(year >= 2021 ? [observed(year, 6, 19)] : []),
    observed(year, 7, 4), // Independence Day
    isoFromParts(year, 9, nthWeekday(year, 9, 1, 1)), // Labor Day: 1st Monday
    isoFromParts(year, 10, nthWeekday(year, 10, 1, 2)), // Columbus Day: 2nd Monday
    observed(year, 11, 11), // Veterans Day
    isoFromParts(year, 11, nthWeekday(year, 11, 4, 4)), // Thanksgiving: 4th Thursday
    observed(year, 12, 25), // Christmas Day
    observed(year + 1, 1, 1), // next New Year's Day, kept only if observed on Dec 31 of this year
  ];
  const prefix = `${pad(year, 4)}-`;
  const list = candidates.filter((d) => d.startsWith(prefix)).sort();
  holidayCache.set(year, list);
  return [...list];
}

/** True unless `isoDate` (YYYY-MM-DD) is a Saturday, a Sunday or an observed US federal holiday. */
export function isBusinessDay(isoDate: string): boolean {
  const { year, month, day } = parseIsoDate(isoDate);
  const dow = weekday(year, month, day);
  if (dow === 0 || dow === 6) return false;
  if (!holidayCache.has(year)) usFederalHolidays(year);
  return !holidayCache.get(year)!.includes(isoDate);
}

/** The `n`-th business day strictly after `isoDate` (n >= 1); `isoDate` itself never counts. */
function nthBusinessDayAfter(isoDate: string, n: number): string {
  let date = isoDate;
  for (let remaining = n; remaining > 0; ) {
    date = addCalendarDays(date, 1);
    if (isBusinessDay(date)) remaining--;
  }
  return date;
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

// ---------------------------------------------------------------------------------------------------------
// Instants <-> wall-clock time in a zone
// ---------------------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23 avoids the "24:00" midnight some ICU versions produce with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function assertValidDate(at: Date): number {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** Wall-clock reading of instant `at` in `timeZone`. */
export function toWallClock(at: Date, timeZone: string = NEW_YORK): WallClock {
  const ms = assertValidDate(at);
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type === 'year') wall.year = Number(part.value);
    else if (part.type === 'month') wall.month = Number(part.value);
    else if (part.type === 'day') wall.day = Number(part.value);
    else if (part.type === 'hour') wall.hour = Number(part.value);
    else if (part.type === 'minute') wall.minute = Number(part.value);
    else if (part.type === 'second') wall.second = Number(part.value);
  }
  // Intl has no millisecond field here; time-zone offsets are whole seconds, so ms carry over unchanged.
  wall.millisecond = ((ms % 1000) + 1000) % 1000;
  return wall;
}

function wallAsUtcMs(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** UTC offset of `timeZone` at instant `ms`, in ms (e.g. -5h for EST). */
function offsetAt(ms: number, timeZone: string): number {
  return wallAsUtcMs(toWallClock(new Date(ms), timeZone)) - ms;
}

/**
 * The instant at which the clocks in `timeZone` read `wall`.
 *
 * Uses the offsets in force a day before and a day after the naive guess (zone transitions are far more
 * than two days apart) and keeps those that reproduce the wall time. Disambiguation matches Temporal's
 * 'compatible' mode:
 * - repeated wall time (autumn fall-back, 01:00-02:00 in New York): the earlier instant;
 * - nonexistent wall time (spring-forward gap, 02:00-03:00 in New York): moved forward by the gap
 *   length, i.e. interpreted with the pre-transition offset (02:30 → 03:30 EDT).
 */
export function fromWallClock(wall: WallClock, timeZone: string = NEW_YORK): Date {
  const local = wallAsUtcMs(wall);
  if (Number.isNaN(local)) throw new RangeError('Invalid wall-clock time');
  const before = offsetAt(local - MS_PER_DAY, timeZone);
  const after = offsetAt(local + MS_PER_DAY, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((ms) => offsetAt(ms, timeZone) === local - ms)
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? local - before);
}

/** Calendar date (YYYY-MM-DD) of instant `at` in `timeZone` (America/New_York by default). */
export function newYorkDate(at: Date, timeZone: string = NEW_YORK): string {
  const w = toWallClock(at, timeZone);
  return isoFromParts(w.year, w.month, w.day);
}

/** First instant of calendar day `isoDate` in `timeZone` (00:00, or later if midnight does not exist). */
function startOfIsoDay(isoDate: string, timeZone: string): Date {
  const { year, month, day } = parseIsoDate(isoDate);
  return fromWallClock({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, timeZone);
}

/** 00:00 on the New York calendar day containing `at`. */
export function startOfDayNewYork(at: Date, timeZone: string = NEW_YORK): Date {
  return startOfIsoDay(newYorkDate(at, timeZone), timeZone);
}

/**
 * First instant strictly after `after` whose New York wall clock reads 00:00:00.000, i.e. the start of
 * the next New York calendar day. An input exactly at midnight yields the following midnight (24h later,
 * or 23h/25h across a DST change).
 */
export function nextMidnightNewYork(after: Date, timeZone: string = NEW_YORK): Date {
  return startOfIsoDay(addCalendarDays(newYorkDate(after, timeZone), 1), timeZone);
}

/** BRIEF §5: an order enters `printing` at the first midnight America/New_York after its `sendDate`. */
export function printingDueAt(sendDate: Date): Date {
  return nextMidnightNewYork(sendDate);
}

// ---------------------------------------------------------------------------------------------------------
// Business-day arithmetic on instants
// ---------------------------------------------------------------------------------------------------------

/**
 * The same wall-clock time in `timeZone`, on the `n`-th business day strictly after `at`'s local date.
 *
 * The starting day never counts, whether or not it is a business day: Fri 10:00 + 1 → Mon 10:00,
 * Sat 10:00 + 1 → Mon 10:00, Sat 10:00 + 2 → Tue 10:00. `n = 0` returns `at` unchanged. If the target
 * wall time does not exist or is repeated that day (DST change), `fromWallClock`'s rule applies — in
 * New York that cannot happen, since US DST changes fall on Sundays.
 */
export function addBusinessDays(at: Date, n: number, timeZone: string = NEW_YORK): Date {
  assertCount(n, 'n');
  if (n === 0) return new Date(assertValidDate(at));
  const w = toWallClock(at, timeZone);
  const target = parseIsoDate(nthBusinessDayAfter(isoFromParts(w.year, w.month, w.day), n));
  return fromWallClock({ ...w, year: target.year, month: target.month, day: target.day }, timeZone);
}

/**
 * Printing SLA deadline (BRIEF §5: still `printing` `businessDays` business days after entering it means
 * breached). The order is breached from the returned instant on (`now >= deadline`).
 *
 * Rule: the printer gets `businessDays` *whole* New York business days, counting from the first business
 * day that starts at or after `enteredPrintingAt`; the deadline is the midnight ET ending the last one.
 * - Entered at exactly 00:00 ET (the normal case, see `printingDueAt`) on a business day: that day counts.
 *   Tue 00:00 → Tue, Wed → deadline Thu 00:00.
 * - Entered later in a day, or on a weekend/holiday: counting starts with the next business day.
 *   Tue 10:00 → Wed, Thu → Fri 00:00; Sat 00:00 → Mon, Tue → Wed 00:00.
 * This is the literal reading of "two business days after it entered printing": two complete business
 * days must have elapsed, and a partial day is never counted as a full one.
 */
export function slaDeadline(enteredPrintingAt: Date, businessDays = 2): Date {
  assertCount(businessDays, 'businessDays');
  const enteredDate = newYorkDate(enteredPrintingAt);
  const atMidnight = startOfIsoDay(enteredDate, NEW_YORK).getTime() === enteredPrintingAt.getTime();
  // Counting "strictly after the day before" makes an entry at 00:00 include its own day.
  const countFrom = atMidnight ? addCalendarDays(enteredDate, -1) : enteredDate;
  // Zero whole days: the deadline is the entry itself (kept for configurability, not a realistic SLA).
  if (businessDays === 0) return new Date(enteredPrintingAt.getTime());
  const lastDay = nthBusinessDayAfter(countFrom, businessDays);
  return startOfIsoDay(addCalendarDays(lastDay, 1), NEW_YORK);
}

/**
 * Estimated moment an order becomes `completed` (BRIEF §5): `from` plus `businessDays` business days at
 * the same New York wall-clock time, with the same counting rule as `addBusinessDays`. Used with
 * 1 business day after an `out_for_delivery` scan, or the mailing class's delivery time (first class 5,
 * standard 10) after `processed_for_delivery`.
 */
export function estimatedCompletion(from: Date, businessDays: number): Date {
  return addBusinessDays(from, businessDays, NEW_YORK);
}
