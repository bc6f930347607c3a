import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';
import { invalid } from '../errors.ts';
import type { OrderJson } from '../orders/repo.ts';
import { rateTable } from './current.ts';
import { type Price, priceOrder } from './price.ts';

interface PricedRow {
  kind: OrderKind;
  details: Record<string, unknown>;
  mailing_class: string;
  extra_service: 'certified' | 'certified_return_receipt' | 'registered' | null;
  country: string | null;
  send_date: Date;
  price: (Price & Record<string, unknown>) | null;
  status: string;
}

/**
 * Settles an order's price once its content's page count is known (the renderer reports it): the price is
 * made again from the same order and the same rate table version, now counting `pageCount` pages of
 * content (an inserted address page comes on top, as at create), and stored with its `*.updated` event
 * (`updatedFields: ["price"]`) in one statement. A cancelled order keeps costing 0. Returns the order
 * after the change, or null when nothing changed (the same count again) or the order has no price.
 *
 * The update applies only if the stored price is still the one read, so a concurrent change of it (a
 * cancel, another settle) is never overwritten: the price is then made again from the new row.
 */
export async function settlePrice(
  tx: Executor,
  orderId: string,
  pageCount: number,
): Promise<OrderJson | null> {
  if (!Number.isInteger(pageCount) || pageCount < 1 || pageCount > 100_000) {
    throw invalid(`pageCount must be a whole number of pages, 1 or more, got ${pageCount}.`);
  }
  for (;;) {
    const { rows } = await sql<PricedRow>`
      select kind, details, mailing_class, extra_service, to_contact ->> 'countryCode' as country, send_date,
             price, status
      from orders where id = ${orderId}`.execute(tx);
    const row = rows[0];
    if (!row?.price) return null;
    const settled = priceOrder(
      rateTable(),
      {
        kind: row.kind,
        details: row.details,
        mailingClass: row.mailing_class,
        extraService: row.extra_service,
        countryCode: row.country ?? '',
        sendDate: row.send_date,
        pageCount,
      },
      String(row.price.rateTable),
    );
    if (row.price.settled === true && row.price.pageCount === settled.pageCount) return null;
    if (isDeepStrictEqual(settled, row.price)) return null;
    const { rows: changed } = await sql<{ json: OrderJson }>`
      with changed as (
        update orders
        set price = case when status = 'cancelled' then price_cancelled(${JSON.stringify(settled)}::jsonb)
                         else ${JSON.stringify(settled)}::jsonb end,
            event_seq = event_seq + 1,
            updated_at = now()
        where id = ${orderId} and price = ${JSON.stringify(row.price)}::jsonb
        returning id, organization_id, live, kind, event_seq, order_json(orders) as data
      ), event as (
        insert into events (id, organization_id, live, type, order_id, sequence, data, updated_fields, created_at)
        select mailstream_id('event'), organization_id, live, kind || '.updated', id, event_seq, data,
               '["price"]'::jsonb, now()
        from changed
      )
      select data as json from changed`.execute(tx);
    if (changed[0]) return changed[0].json;
    // The price changed between the read and the update: price it again from what is stored now.
  }
}
