// Gives live US mail its Intelligent Mail barcode when the order is rendered (BRIEF §9, §13: the print-ready
// PDF carries the bars, so the barcode must exist before the stamping pass), and test orders theirs when
// they are progressed to printing (test pieces never print; their PDFs carry no bars). Serials are unique
// per Mailer ID and never reused within 45 days, whatever number of processes assign at once: see
// `allocateImbSerials`. A serial counts as used from its planned mailing (the later of now and the
// order's sendDate) and again from the printer's claim (`touchImbSerials`), so an order rendered long
// before it prints does not free its serial for another piece mailed in the same 45 days.
import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import { encodeImb } from './imb.ts';

/** USPS-B-3200: a serial must not repeat for the same Mailer ID within 45 days. */
export const SERIAL_REUSE_DAYS = 45;
const BARCODE_ID = '00';

export interface ImbSettings {
  imbMailerId: string;
  imbServiceTypeId: string;
}

export class SerialSpaceExhaustedError extends Error {
  override name = 'SerialSpaceExhaustedError';
}

/** Number of serials a Mailer ID has: MID + serial is 15 digits. */
export function serialSpace(mailerId: string): bigint {
  return 10n ** BigInt(15 - mailerId.length);
}

/**
 * Takes `count` serials for `mailerId`, distinct from every serial used for it in the last 45 days.
 *
 * Candidates are the next values of one sequence modulo the serial space (a sequence never blocks and
 * never hands a value out twice, so concurrent callers get distinct candidates until the space wraps).
 * Each candidate is then taken by inserting its `imb_serials` row, or by re-taking a row last used more
 * than 45 days ago; a candidate still in use is skipped. The primary key makes this hold across processes
 * and wraparounds: of two transactions inserting the same serial, the second waits for the first and then
 * sees it in use. Throws when a whole lap of the space finds nothing free.
 */
export async function allocateImbSerials(
  db: Executor,
  mailerId: string,
  count: number,
  at: Date,
): Promise<bigint[]> {
  const space = serialSpace(mailerId);
  const taken: bigint[] = [];
  let tried = 0n;
  while (taken.length < count) {
    const wanted = count - taken.length;
    if (tried >= space) {
      throw new SerialSpaceExhaustedError(
        `Mailer ID ${mailerId} has no IMb serial left that was not used in the last ${SERIAL_REUSE_DAYS} days.`,
      );
    }
    tried += BigInt(wanted);
    const result = await sql<{ serial: string }>`
      insert into imb_serials (mailer_id, serial, used_at)
      select ${mailerId}, nextval('imb_serial_candidates') % ${space.toString()}::bigint, ${at}::timestamptz
      from generate_series(1, ${wanted}::int)
      on conflict (mailer_id, serial) do update set used_at = excluded.used_at
        where imb_serials.used_at < excluded.used_at - ${SERIAL_REUSE_DAYS}::int * interval '1 day'
      returning serial::text`.execute(db);
    for (const row of result.rows) taken.push(BigInt(row.serial));
  }
  return taken;
}

/** The routing code from a destination ZIP: ZIP, ZIP+4 or ZIP+4+delivery point (5, 9 or 11 digits). */
export function routingCode(postalCode: unknown): string {
  const digits = String(postalCode ?? '').replace(/\D/g, '');
  if ([5, 9, 11].includes(digits.length)) return digits;
  return digits.length > 5 ? digits.slice(0, 5) : '';
}

export interface AssignedImb {
  trackingCode: string;
  routingCode: string;
  barcode: string;
  serial: string;
}

/** The IMb of one piece: barcode id 00, the configured service type and Mailer ID, `serial`, the ZIP. */
export function buildImb(settings: ImbSettings, serial: bigint, postalCode: unknown): AssignedImb {
  const serialText = serial.toString().padStart(15 - settings.imbMailerId.length, '0');
  const trackingCode = `${BARCODE_ID}${settings.imbServiceTypeId}${settings.imbMailerId}${serialText}`;
  const routing = routingCode(postalCode);
  return {
    trackingCode,
    routingCode: routing,
    barcode: encodeImb(trackingCode, routing),
    serial: serialText,
  };
}

/**
 * Gives an IMb to each of `orderIds` that is addressed to the US and has none yet (an order keeps the
 * barcode it already carries). Call inside a transaction: the orders are locked here (in id order), so
 * two transactions assigning the same order serialise and the second finds it has one — an order never
 * gets two, and no serial is taken for nothing. `inUseFrom` is when the serials start to count as used
 * (default `at`). Not an event: the barcode is printing data, not a change of status, imbStatus or
 * tracking number.
 */
export async function assignImbs(
  db: Executor,
  settings: ImbSettings,
  orderIds: string[],
  at: Date,
  inUseFrom: Date = at,
): Promise<number> {
  if (orderIds.length === 0) return 0;
  const pending = await sql<{ id: string; zip: unknown }>`
    select id, to_contact ->> 'postalOrZip' as zip from orders
    where id = any(${orderIds}::text[]) and imb is null and upper(to_contact ->> 'countryCode') = 'US'
    order by id for no key update`.execute(db);
  if (pending.rows.length === 0) return 0;
  const serials = await allocateImbSerials(db, settings.imbMailerId, pending.rows.length, inUseFrom);
  const imbs = pending.rows.map((row, i) => ({ id: row.id, ...buildImb(settings, serials[i]!, row.zip) }));
  await sql`
    update orders set
      imb = jsonb_build_object('trackingCode', a.tracking_code, 'routingCode', a.routing_code, 'barcode', a.barcode),
      imb_mailer_id = ${settings.imbMailerId}, imb_serial = a.serial, imb_assigned_at = ${at}
    from unnest(${imbs.map((i) => i.id)}::text[], ${imbs.map((i) => i.trackingCode)}::text[],
                ${imbs.map((i) => i.routingCode)}::text[], ${imbs.map((i) => i.barcode)}::text[],
                ${imbs.map((i) => i.serial)}::text[]) as a(id, tracking_code, routing_code, barcode, serial)
    where orders.id = a.id`.execute(db);
  return imbs.length;
}

/** The barcode an order prints with (its `imb`), as the stamping pass draws it. */
export interface OrderImb {
  trackingCode: string;
  routingCode: string;
  barcode: string;
}

/**
 * The IMb the print-ready PDF of `orderId` carries: a live US order's, assigned now in its own transaction
 * if it has none yet (a render redone after a crash or a lost lease finds the one given the first time);
 * null for test orders and mail abroad. The serial counts as used from the later of `at` and the order's
 * sendDate, when it is to be mailed.
 */
export async function imbForRender(
  db: Db,
  settings: ImbSettings,
  orderId: string,
  at = new Date(),
): Promise<OrderImb | null> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ live: boolean; send_date: Date | null }>`
      select live, send_date from orders where id = ${orderId}`.execute(tx);
    const order = rows[0];
    if (!order?.live) return null;
    const mailing = order.send_date && order.send_date > at ? order.send_date : at;
    await assignImbs(tx, settings, [orderId], at, mailing);
    const assigned = await sql<{ imb: OrderImb | null }>`
      select imb from orders where id = ${orderId}`.execute(tx);
    return assigned.rows[0]?.imb ?? null;
  });
}

/**
 * Marks the serials of `orderIds` used again at `at` (a printer's claim): the 45 days without reuse run
 * from when the piece is printed, however long ago it was rendered. Call in the claim's transaction.
 */
export async function touchImbSerials(db: Executor, orderIds: string[], at: Date): Promise<void> {
  if (orderIds.length === 0) return;
  await sql`
    update imb_serials s set used_at = greatest(s.used_at, ${at}::timestamptz)
    from orders o
    where o.id = any(${orderIds}::text[]) and o.imb_serial is not null
      and s.mailer_id = o.imb_mailer_id and s.serial = o.imb_serial::bigint`.execute(db);
}

/**
 * Drops serial rows last used more than 45 days ago: they no longer guard anything (a free serial is taken
 * by inserting it), so the table holds only the serials in their no-reuse window. Daily housekeeping.
 */
export async function pruneImbSerials(db: Executor, now = new Date()): Promise<number> {
  const result = await sql`
    delete from imb_serials where used_at < ${now}::timestamptz - ${SERIAL_REUSE_DAYS}::int * interval '1 day'`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
