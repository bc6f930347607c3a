// Tracking numbers for certified, certified-return-receipt, registered and express mail (BRIEF §8), given
// when the order reaches processed_for_delivery: the printer's carrier number when it reported one, else
// an IMpb number whose serial comes from a sequence, so no number is ever handed out twice.
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { isExpressClass } from '../orders/mailing-class.ts';
import { DEFAULT_SERVICE_TYPE_CODES, impbTrackingNumber } from './tracking-number.ts';

export class TrackingSerialsExhaustedError extends Error {
  override name = 'TrackingSerialsExhaustedError';
}

/** The IMpb service type code for an order, or null when its mail carries no tracking number. */
export function trackingServiceTypeCode(extraService: string | null, mailingClass: string): string | null {
  if (extraService && extraService in DEFAULT_SERVICE_TYPE_CODES) {
    return DEFAULT_SERVICE_TYPE_CODES[extraService as keyof typeof DEFAULT_SERVICE_TYPE_CODES];
  }
  return isExpressClass(mailingClass) ? DEFAULT_SERVICE_TYPE_CODES.express : null;
}

/**
 * Tracking numbers for those of `orderIds` that need one and have none: `reported[id]` (the printer's
 * carrier number) when given, else a new IMpb number under `mailerId`. Returns id → number, to be written
 * by the same statement that moves the orders to processed_for_delivery.
 */
export async function trackingNumbersFor(
  db: Executor,
  mailerId: string,
  orderIds: string[],
  reported: Record<string, string> = {},
): Promise<Record<string, string>> {
  if (orderIds.length === 0) return {};
  const rows = await sql<{ id: string; extra_service: string | null; mailing_class: string }>`
    select id, extra_service, mailing_class from orders
    where id = any(${orderIds}::text[]) and tracking_number is null order by id`.execute(db);
  const numbers: Record<string, string> = {};
  const needSerial: { id: string; code: string }[] = [];
  for (const row of rows.rows) {
    const code = trackingServiceTypeCode(row.extra_service, row.mailing_class);
    if (!code) continue;
    const carrier = reported[row.id];
    if (carrier) numbers[row.id] = carrier;
    else needSerial.push({ id: row.id, code });
  }
  if (needSerial.length) {
    const serials = await sql<{ serial: string }>`
      select nextval('tracking_number_serials')::text as serial
      from generate_series(1, ${needSerial.length}::int)`.execute(db);
    needSerial.forEach(({ id, code }, i) => {
      const serial = BigInt(serials.rows[i]!.serial);
      try {
        numbers[id] = impbTrackingNumber({ serviceTypeCode: code, mailerId, serial });
      } catch (error) {
        throw new TrackingSerialsExhaustedError(
          `No tracking-number serial left for Mailer ID ${mailerId}: ${(error as Error).message}`,
        );
      }
    });
  }
  return numbers;
}
