// A history of orders for the overview: `days` days of orders of every kind with their lifecycle (printed,
// mailed, scanned, completed, some cancelled, some late, some returned), priced as the API prices them,
// and webhook attempts — inserted set-based, so the rollup triggers count them as they would live orders.
import { sql } from 'kysely';
import { prepareContact, previewContact } from '../../src/contacts/service.ts';
import type { Db } from '../../src/db/database.ts';
import { rateTable } from '../../src/pricing/current.ts';
import { priceOrder } from '../../src/pricing/price.ts';
import { senderAddress, usAddress } from './addresses.ts';

export interface HistoryOptions {
  organizationId: string;
  live: boolean;
  days: number;
  /** Orders on the busiest day; days vary around it. */
  perDay: number;
  /** A webhook of the organization and mode to give delivery attempts to. */
  webhookId?: string;
}

// Details as each kind's service stores them (every field its response schema requires).
const letterDetails = {
  size: 'us_letter',
  doubleSided: false,
  addressPlacement: 'top_first_page',
  envelope: 'standard',
};
const kinds = [
  ['letter', { html: '<p>Your statement</p>', ...letterDetails, color: false }],
  ['letter', { html: '<p>Our offer</p>', ...letterDetails, color: true, doubleSided: true }],
  ['postcard', { size: '6x4', frontHTML: '<p>Front</p>', backHTML: '<p>Back</p>' }],
  [
    'cheque',
    {
      size: 'us_letter',
      envelope: 'standard',
      amount: 10000,
      currencyCode: 'USD',
      bankAccount: 'bank_history',
      number: 1,
    },
  ],
  ['self_mailer', { size: '8.5x11_bifold', insideHTML: '<p>Inside</p>', outsideHTML: '<p>Outside</p>' }],
] as const;

export async function seedHistory(db: Db, options: HistoryOptions): Promise<number> {
  // Contacts as orders carry them (what the create stores for inline contacts).
  const auth = { organizationId: options.organizationId, live: options.live, keyId: 'history' };
  const to = previewContact(prepareContact(auth, usAddress(), 'to'), new Date());
  const from = previewContact(prepareContact(auth, senderAddress(), 'from'), new Date());
  const models = kinds.map(([kind, details], i) => ({
    kind,
    details,
    extra: i === 0 ? 'certified' : null,
    price: priceOrder(rateTable(), {
      kind,
      details: details as Record<string, unknown>,
      mailingClass: 'first_class',
      extraService: null,
      countryCode: 'US',
      sendDate: new Date(),
      pageCount: 2,
    }),
  }));
  const { rows } = await sql<{ n: number }>`
    with models as (
      select (m ->> 'kind') as kind, (m -> 'details') as details, (m -> 'price') as price, m ->> 'extra' as extra,
             (ord - 1)::int as k
      from jsonb_array_elements(${JSON.stringify(models)}::jsonb) with ordinality as t(m, ord)
    ), days as (
      select d, greatest(1, round(${options.perDay} * (0.55 + 0.45 * sin(d / 3.0) * cos(d / 7.0) + 0.2 * random())))::int as n
      from generate_series(0, ${options.days - 1}) d
    ), rows as (
      select d, g, now() - d * interval '1 day' - (g * 37 % 600) * interval '1 minute' - interval '2 hours' as created,
             abs(hashint4(d * 1000 + g)) % 100 as r, (d * 7 + g) % 5 as k
      from days, generate_series(1, n) g
    ), shaped as (
      select rows.*, m.kind, m.details, m.price, m.extra,
             case when r < 6 then 'cancelled'
                  when d = 0 and r < 40 then 'ready'
                  when d <= 1 and r < 60 then 'printing'
                  when d <= 5 and r < 80 then 'processed_for_delivery'
                  else 'completed' end as status,
             interval '1 hour' * (6 + r % 30) as to_mail,
             interval '1 day' * (2 + r % 5) + interval '1 hour' * (r % 11) as to_deliver
      from rows join models m on m.k = rows.k
    ), inserted as (
      insert into orders (id, kind, organization_id, live, status, to_contact, from_contact, send_date, mailing_class,
                          extra_service, details, price, event_seq, printing_at, sla_deadline, processed_at,
                          completed_at, cancelled_at, imb_status, imb_date, cancellation, created_at, updated_at)
      select kind || '_history' || md5(${options.organizationId} || ${options.live} || d || '-' || g), kind,
             ${options.organizationId}, ${options.live}, status, ${JSON.stringify(to)}::jsonb,
             ${JSON.stringify(from)}::jsonb, created, 'first_class', case when kind in ('letter', 'cheque') then extra end,
             case when kind = 'cheque' then details || jsonb_build_object('number', 1000000 + d * 1000 + g) else details end,
             case when status = 'cancelled' then price_cancelled(price) else price end, 2,
             case when status <> 'ready' and status <> 'cancelled' then created + interval '3 hours' end,
             case when status <> 'ready' and status <> 'cancelled' then created + interval '3 hours' + interval '2 days' end,
             case when status in ('processed_for_delivery', 'completed')
                  then created + to_mail + case when r % 17 = 0 then interval '3 days' else interval '0' end end,
             case when status = 'completed' then created + to_mail + to_deliver end,
             case when status = 'cancelled' then created + interval '10 minutes' end,
             case when status in ('processed_for_delivery', 'completed') then
               case when r % 23 = 0 then 'returned_to_sender' when r % 3 = 0 then 'out_for_delivery'
                    when r % 9 = 1 then null else 'entered_mail_stream' end end,
             case when status in ('processed_for_delivery', 'completed') and r % 9 <> 1 then created + to_mail + interval '8 hours' end,
             case when status = 'cancelled' then '{"reason":"user_initiated"}'::jsonb end,
             created, created
      from shaped
      returning 1
    )
    select count(*)::int as n from inserted`.execute(db);
  if (options.webhookId) {
    await sql`
      insert into webhook_invocations (id, webhook_id, delivery_id, event_id, type, attempt, status_code, duration_ms,
                                       next_attempt_at, created_at)
      select 'webhook_invocation_history' || md5(${options.webhookId} || g), ${options.webhookId}, g, 'event_history', 'letter.updated', 1,
             case when g % 41 = 0 then 503 when g % 97 = 0 then 0 else 200 end, 40 + g % 200,
             case when g % 41 = 0 then now() + interval '5 minutes' end,
             now() - (g % ${options.days}) * interval '1 day' - (g % 600) * interval '1 minute'
      from generate_series(1, ${options.days * options.perDay}) g`.execute(db);
  }
  return rows[0]!.n;
}
