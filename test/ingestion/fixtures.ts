import { sql } from 'kysely';
import { encodeImb } from '../../src/tracking/imb.ts';
import type { TestApp } from '../support/app.ts';
import { senderAddress, usAddress } from '../support/app.ts';

export const FEED_TOKEN = 'feed-token-for-tests-0123456789';
export const MID = '123456';

/** The 20-digit tracking code of serial `n` under MID 123456, STID 270. */
export function trackingCode(n: number): string {
  return `00270${MID}${String(n).padStart(9, '0')}`;
}

/** POST /usps/v1/ivmtr with the test feed token unless `token` says otherwise (null: no header). */
export async function pushFeed(t: TestApp, body: unknown, token: string | null = FEED_TOKEN) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${t.baseUrl}/usps/v1/ivmtr`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/**
 * A live letter that a printer has mailed with the IMb of serial `n`. The IMb columns are the ones the
 * printer hand-off fills (migration 0004); set directly here, since that hand-off is not under test.
 */
export async function mailedLetter(t: TestApp, n: number, options: { key?: string; assignedAt?: Date } = {}) {
  const created = await t.api('/letters', {
    method: 'POST',
    key: options.key ?? t.org.liveApiKey,
    json: { to: usAddress(), from: senderAddress(), html: '<p>Hi</p>' },
  });
  if (created.status !== 200) throw new Error(`letter create failed: ${JSON.stringify(created.body)}`);
  const id: string = created.body.id;
  const code = trackingCode(n);
  await sql`
    update orders
    set status = 'processed_for_delivery', processed_at = now(),
        imb = ${JSON.stringify({ trackingCode: code, routingCode: '10001', barcode: encodeImb(code, '10001') })}::jsonb,
        imb_mailer_id = ${MID}, imb_serial = ${code.slice(11)},
        imb_assigned_at = ${options.assignedAt ?? new Date()}
    where id = ${id}`.execute(t.database.db);
  return { id, trackingCode: code };
}

export interface ImbFields {
  imbStatus?: string;
  imbDate?: string;
  imbZIPCode?: string;
}

export async function imbState(t: TestApp, id: string, key = t.org.liveApiKey): Promise<ImbFields> {
  const order = await t.api(`/letters/${id}`, { key });
  if (order.status !== 200) throw new Error(`letter read failed: ${JSON.stringify(order.body)}`);
  return { imbStatus: order.body.imbStatus, imbDate: order.body.imbDate, imbZIPCode: order.body.imbZIPCode };
}

/** The `*.updated` events of an order that touched its imb fields, oldest first. */
export async function imbEvents(t: TestApp, orderId: string) {
  const { rows } = await sql<{ data: Record<string, any>; updated_fields: string[]; sequence: number }>`
    select data, updated_fields, sequence from events
    where order_id = ${orderId} and type like '%.updated' and updated_fields ?| array['imbStatus', 'imbDate', 'imbZIPCode']
    order by sequence`.execute(t.database.db);
  return rows;
}

export function scanEvent(code: string, overrides: Record<string, unknown> = {}) {
  return {
    imb: `${code}10001`,
    scanDatetime: '2025-03-10T14:00:00Z',
    scanEventCode: '271',
    scanFacilityZip: '10199',
    scanFacilityCity: 'NEW YORK',
    scanFacilityState: 'NY',
    mailPhase: 'Phase 1a - Origin Primary Processing',
    machineName: 'DIOSS-001',
    ...overrides,
  };
}
