import { sql } from 'kysely';
import type { ApiAuth } from '../../src/auth/api-keys.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import type { Db } from '../../src/db/database.ts';
import { letterSpec } from '../../src/letters/service.ts';
import type { OrderJson } from '../../src/orders/repo.ts';
import { createOrder } from '../../src/orders/service.ts';
import { type ImbSettings, imbForRender } from '../../src/tracking/imb-assignment.ts';
import { senderAddress, usAddress } from '../support/addresses.ts';

/** Pipeline settings for a profile, with any other variable (as the environment would give it). */
export function pipelineConfig(profile: 'demo' | 'production', env: Record<string, string> = {}): Config {
  return loadConfig({ MAILSTREAM_PROFILE: profile, LOG_LEVEL: 'silent', ...env });
}

export function auth(organizationId: string, live: boolean): ApiAuth {
  return { organizationId, live, keyId: 'key_test' };
}

/**
 * A letter created through the order service as if the request came at `now` (the injectable clock),
 * marked rendered as a worker would leave it (unless `rendered: false`), its IMb included: these tests are
 * about when orders move, and rendering, which gates the move to printing, has its own (test/rendering).
 */
export async function letterAt(
  db: Db,
  scope: ApiAuth,
  now: Date,
  input: Record<string, unknown> = {},
  options: { rendered?: boolean; imb?: ImbSettings } = {},
): Promise<OrderJson> {
  const order = await db
    .transaction()
    .execute((tx) =>
      createOrder(
        tx,
        scope,
        letterSpec,
        { to: usAddress(), from: senderAddress(), html: '<p>Hello {{to.firstName}}</p>', ...input } as never,
        now,
      ),
    );
  if (options.rendered !== false) await markRendered(db, order.id, options.imb);
  return order;
}

/**
 * The render state a worker leaves, without its documents or event (see letterAt): a live US order also
 * gets its IMb, as the render assigns it (with the default Mailer ID unless `imb` says otherwise).
 */
export async function markRendered(
  db: Db,
  orderId: string,
  imb: ImbSettings = pipelineConfig('production').pipeline,
): Promise<void> {
  await imbForRender(db, imb, orderId);
  await sql`
    update orders set render_status = 'rendered', page_count = 1,
           details = details || '{"render": {"status": "rendered", "pageCount": 1}}'::jsonb
    where id = ${orderId}`.execute(db);
}

export interface OrderRow {
  status: string;
  sla_deadline: Date | null;
  printing_at: Date | null;
  processed_at: Date | null;
  completed_at: Date | null;
  complete_at: Date | null;
  tracking_number: string | null;
  imb: { trackingCode: string; routingCode: string; barcode: string } | null;
  imb_serial: string | null;
  imb_mailer_id: string | null;
  imb_status: string | null;
  event_seq: number;
}

export async function orderRow(db: Db, id: string): Promise<OrderRow> {
  const { rows } = await sql<OrderRow>`
    select status, sla_deadline, printing_at, processed_at, completed_at, complete_at, tracking_number, imb,
           imb_serial, imb_mailer_id, imb_status, event_seq
    from orders where id = ${id}`.execute(db);
  if (!rows[0]) throw new Error(`no order ${id}`);
  return rows[0];
}

export interface EventRow {
  type: string;
  sequence: number;
  status: string;
  updated_fields: string[] | null;
  created_at: Date;
}

/** An order's events, oldest first. */
export async function orderEvents(db: Db, orderId: string): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`
    select type, sequence, data ->> 'status' as status, updated_fields, created_at
    from events where order_id = ${orderId} order by sequence`.execute(db);
  return rows;
}
