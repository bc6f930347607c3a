import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { ownedRow } from '../db/owned-rows.ts';
import type { OrderKind } from '../db/schema.ts';
import { insertEvent } from '../events/repo.ts';
import type { Scope } from '../orders/repo.ts';

export type CampaignStatus =
  | 'drafting'
  | 'changes_required'
  | 'draft'
  | 'creating_orders'
  | 'ready'
  | 'cancelled';

export interface CampaignRow {
  id: string;
  organization_id: string;
  live: boolean;
  status: CampaignStatus;
  mailing_list_id: string;
  profile_kind: OrderKind;
  profile_id: string;
  default_sender_contact: string | null;
  description: string | null;
  metadata: Record<string, unknown> | null;
  send_date: Date | null;
  row_count: number;
  created_count: number;
  failed_count: number;
  errors: { type: string; message: string }[];
  preview: Record<string, unknown> | null;
  event_seq: number;
  created_at: Date;
  updated_at: Date;
}

const profileField: Record<OrderKind, string> = {
  letter: 'letterProfile',
  postcard: 'postcardProfile',
  cheque: 'chequeProfile',
  self_mailer: 'selfMailerProfile',
};

export function serializeCampaign(row: CampaignRow) {
  const base = `/print-mail/v1/campaigns/${row.id}`;
  return {
    id: row.id,
    object: 'campaign' as const,
    live: row.live,
    status: row.status,
    mailingList: row.mailing_list_id,
    [profileField[row.profile_kind]]: row.profile_id,
    ...(row.default_sender_contact ? { defaultSenderContact: row.default_sender_contact } : {}),
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    ...(row.send_date ? { sendDate: row.send_date.toISOString() } : {}),
    rowCount: row.row_count,
    createdCount: row.created_count,
    failedCount: row.failed_count,
    errors: row.errors,
    ...(row.preview ? { orderPreviewURL: `${base}/preview` } : {}),
    ...(['creating_orders', 'ready', 'cancelled'].includes(row.status)
      ? { reportURL: `${base}/report` }
      : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function findCampaign(db: Executor, scope: Scope, id: string, forUpdate = false) {
  const { rows } = await sql<CampaignRow>`select * from campaigns where ${ownedRow(scope, id)}
    ${forUpdate ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

/**
 * Applies `set` to a campaign in one of `from` and records its campaign.created / campaign.updated event
 * in the same transaction (`db` must be one): the one place a campaign's status changes.
 */
export async function changeCampaign(
  db: Executor,
  id: string,
  change: {
    from?: readonly CampaignStatus[];
    set: ReturnType<typeof sql>;
    event: 'campaign.created' | 'campaign.updated';
    updatedFields?: string[];
  },
): Promise<CampaignRow | undefined> {
  const { rows } = await sql<CampaignRow>`
    update campaigns set ${change.set}, event_seq = event_seq + 1, updated_at = now()
    where id = ${id} and deleted_at is null
      ${change.from ? sql`and status = any(${change.from as string[]}::text[])` : sql``}
    returning *`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  await insertEvent(db, {
    organizationId: row.organization_id,
    live: row.live,
    type: change.event,
    orderId: null,
    sequence: row.event_seq,
    data: serializeCampaign(row),
    updatedFields: change.updatedFields ?? null,
  });
  return row;
}

export async function listCampaigns(
  db: Executor,
  scope: Scope,
  page: { skip: number; limit: number; text?: string },
) {
  const text = page.text ? `%${page.text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%` : null;
  const filter = sql`organization_id = ${scope.organizationId} and live = ${scope.live} and deleted_at is null
    and (${text}::text is null or lower(id || ' ' || coalesce(description, '')) like ${text})`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<CampaignRow>`select * from campaigns where ${filter}
      order by created_at desc, id desc offset ${page.skip} limit ${page.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from campaigns where ${filter}`.execute(db),
  ]);
  return { rows, totalCount: count[0]!.n };
}
