import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor, Tx } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { type ListParams, listPage } from '../http/list.ts';
import { newId } from '../ids.ts';
import { transitionOrders } from '../orders/lifecycle.ts';
import { resolveSendDate } from '../orders/send-date.ts';
import { type CampaignRow, changeCampaign, findCampaign, listCampaigns, serializeCampaign } from './repo.ts';
import { CHUNK_ROWS } from './work.ts';

export const CAMPAIGN_WORK_TASK = 'run_campaign_work';

const profileFields: [string, OrderKind][] = [
  ['letterProfile', 'letter'],
  ['postcardProfile', 'postcard'],
  ['chequeProfile', 'cheque'],
  ['selfMailerProfile', 'self_mailer'],
];

async function queueWork(db: Executor, id: string) {
  await sql`select graphile_worker.add_job(${CAMPAIGN_WORK_TASK}, json_build_object('campaign', ${id}::text))`.execute(
    db,
  );
}

async function exists(db: Executor, auth: ApiAuth, table: string, id: string, kind?: OrderKind) {
  const { rows } = await sql`select 1 from ${sql.table(table)} where id = ${id}
    and organization_id = ${auth.organizationId} and live = ${auth.live} and deleted_at is null
    ${kind ? sql`and kind = ${kind}` : sql``}`.execute(db);
  return rows.length > 0;
}

/** The one profile a create or update names, checked to exist; undefined when it names none. */
async function chosenProfile(db: Executor, auth: ApiAuth, input: Record<string, unknown>) {
  const given = profileFields.filter(([field]) => typeof input[field] === 'string');
  if (given.length > 1) {
    throw invalid(`Give one profile, not ${given.map(([f]) => f).join(' and ')}.`);
  }
  const [field, kind] = given[0] ?? [];
  if (!field || !kind) return undefined;
  const id = input[field] as string;
  if (!(await exists(db, auth, 'order_profiles', id, kind)))
    throw invalid(`${field}: profile ${id} was not found.`);
  return { kind, id };
}

async function checkReferences(db: Executor, auth: ApiAuth, input: Record<string, unknown>) {
  if (
    typeof input.mailingList === 'string' &&
    !(await exists(db, auth, 'mailing_lists', input.mailingList))
  ) {
    throw invalid(`mailingList: mailing list ${input.mailingList} was not found.`);
  }
  if (
    typeof input.defaultSenderContact === 'string' &&
    !(await exists(db, auth, 'contacts', input.defaultSenderContact))
  ) {
    throw invalid(`defaultSenderContact: contact ${input.defaultSenderContact} was not found.`);
  }
}

export interface CampaignInput {
  mailingList: string;
  defaultSenderContact?: string;
  description?: string;
  metadata?: Record<string, unknown>;
  sendDate?: string;
  [profile: string]: unknown;
}

/** POST /campaigns: `drafting`, with campaign.created, and the draft queued (src/campaigns/work.ts). */
export async function createCampaign(tx: Tx, auth: ApiAuth, input: CampaignInput) {
  const profile = await chosenProfile(tx, auth, input);
  if (!profile)
    throw invalid('One of letterProfile, postcardProfile, chequeProfile or selfMailerProfile is required.');
  await checkReferences(tx, auth, input);
  const sendDate = input.sendDate === undefined ? null : resolveSendDate(input.sendDate, new Date());
  const id = newId('campaign');
  await sql`insert into campaigns (id, organization_id, live, status, mailing_list_id, profile_kind, profile_id,
      default_sender_contact, description, metadata, send_date)
    values (${id}, ${auth.organizationId}, ${auth.live}, 'drafting', ${input.mailingList}, ${profile.kind},
      ${profile.id}, ${input.defaultSenderContact ?? null}, ${input.description ?? null},
      ${input.metadata ? JSON.stringify(input.metadata) : null}::jsonb, ${sendDate})`.execute(tx);
  const row = await changeCampaign(tx, id, { set: sql`status = status`, event: 'campaign.created' });
  await queueWork(tx, id);
  return serializeCampaign(row!);
}

export async function getCampaignRow(db: Executor, auth: ApiAuth, id: string): Promise<CampaignRow> {
  const row = await findCampaign(db, auth, id);
  if (!row) throw notFound('Campaign', id);
  return row;
}

export async function getCampaign(db: Executor, auth: ApiAuth, id: string) {
  return serializeCampaign(await getCampaignRow(db, auth, id));
}

export async function listCampaignPage(db: Executor, auth: ApiAuth, params: ListParams) {
  const { rows, totalCount } = await listCampaigns(db, auth, {
    skip: params.skip,
    limit: params.limit,
    text: params.search?.trim() || undefined,
  });
  return listPage(params, totalCount, rows.map(serializeCampaign));
}

const editable = ['draft', 'changes_required'] as const;

function notIn(row: CampaignRow, what: string): ApiError {
  return new ApiError(
    'unprocessable_error',
    `Campaign ${row.id} is ${row.status.replaceAll('_', ' ')}: ${what}.`,
  );
}

/** Only in draft or changes_required (PostGrid); the campaign drafts again with the changes. */
export async function updateCampaign(tx: Tx, auth: ApiAuth, id: string, input: Record<string, unknown>) {
  const row = await findCampaign(tx, auth, id, true);
  if (!row) throw notFound('Campaign', id);
  if (!(editable as readonly string[]).includes(row.status))
    throw notIn(row, 'only a draft or changes_required campaign can be updated');
  const profile = await chosenProfile(tx, auth, input);
  await checkReferences(tx, auth, input);
  const has = (field: string) => field in input;
  const updated = await changeCampaign(tx, id, {
    from: editable,
    set: sql`status = 'drafting', preview = null, errors = '[]',
      mailing_list_id = ${(input.mailingList as string | undefined) ?? row.mailing_list_id},
      profile_kind = ${profile?.kind ?? row.profile_kind}, profile_id = ${profile?.id ?? row.profile_id},
      default_sender_contact = ${has('defaultSenderContact') ? ((input.defaultSenderContact as string | null) ?? null) : row.default_sender_contact},
      description = ${has('description') ? ((input.description as string | null) ?? null) : row.description},
      metadata = ${has('metadata') ? (input.metadata ? JSON.stringify(input.metadata) : null) : row.metadata ? JSON.stringify(row.metadata) : null}::jsonb`,
    event: 'campaign.updated',
    updatedFields: ['status', ...Object.keys(input)],
  });
  await queueWork(tx, id);
  return serializeCampaign(updated!);
}

/**
 * draft → creating_orders: the list's members are frozen into chunks of CHUNK_ROWS positions and the
 * chunk work queued, in one transaction; the conditional UPDATE makes a second send a refusal.
 */
export async function sendCampaign(tx: Tx, auth: ApiAuth, id: string, input: { sendDate?: string }) {
  const row = await findCampaign(tx, auth, id, true);
  if (!row) throw notFound('Campaign', id);
  if (row.status !== 'draft') throw notIn(row, 'only a draft campaign can be sent');
  const sendDate = input.sendDate === undefined ? row.send_date : resolveSendDate(input.sendDate, new Date());
  const { rows: chunks } = await sql<{ n: number; rows: number }>`
    with numbered as (
      select position, (row_number() over (order by position) - 1) / ${CHUNK_ROWS} as chunk
      from mailing_list_members where mailing_list_id = ${row.mailing_list_id}
    ), made as (
      insert into campaign_chunks (campaign_id, chunk, first_position, last_position)
      select ${id}, chunk, min(position), max(position) from numbered group by chunk
      returning chunk
    )
    select (select count(*)::int from made) as n, (select count(*)::int from numbered) as rows`.execute(tx);
  const sent = await changeCampaign(tx, id, {
    from: ['draft'],
    set: sql`status = ${chunks[0]!.n > 0 ? 'creating_orders' : 'ready'}, row_count = ${chunks[0]!.rows},
      send_date = ${sendDate}`,
    event: 'campaign.updated',
    updatedFields: ['status', 'sendDate'],
  });
  await queueWork(tx, id);
  return serializeCampaign(sent!);
}

/** PostGrid deletes campaigns that have not been sent; a sent one is cancelled instead. */
export async function deleteCampaign(tx: Tx, auth: ApiAuth, id: string) {
  const row = await findCampaign(tx, auth, id, true);
  if (!row) throw notFound('Campaign', id);
  if (!['drafting', 'draft', 'changes_required'].includes(row.status)) {
    throw notIn(
      row,
      'only a campaign not yet sent can be deleted; cancel it with POST /campaigns/{id}/cancel',
    );
  }
  await sql`update campaigns set deleted_at = now(), updated_at = now() where id = ${id}`.execute(tx);
  return { id, object: 'campaign' as const, deleted: true as const };
}

/**
 * Cancels a sent campaign: no more chunks run (they claim only creating_orders campaigns, and this holds
 * the campaign's row lock that a finishing chunk takes), and its orders still `ready` are cancelled set by
 * set through the orders' own conditional transition, each with its `*.updated` event.
 */
export async function cancelCampaign(tx: Tx, auth: ApiAuth, id: string) {
  const row = await findCampaign(tx, auth, id, true);
  if (!row) throw notFound('Campaign', id);
  if (!['creating_orders', 'ready'].includes(row.status))
    throw notIn(row, 'only a sent campaign can be cancelled');
  const cancelled = await changeCampaign(tx, id, {
    from: ['creating_orders', 'ready'],
    set: sql`status = 'cancelled'`,
    event: 'campaign.updated',
    updatedFields: ['status'],
  });
  for (;;) {
    const moved = await transitionOrders(tx, {
      to: 'cancelled',
      where: sql`id in (select order_id from campaign_orders where campaign_id = ${id} and order_id is not null)`,
      orderBy: sql`id`,
      limit: 1000,
      locked: 'wait',
      set: {
        cancellation: JSON.stringify({ reason: 'user_initiated', note: `Campaign ${id} was cancelled.` }),
        price: sql`price_cancelled(price)`,
      },
      updatedFields: ['status', 'cancellation', 'price'],
    });
    if (moved.length < 1000) break;
  }
  return serializeCampaign(cancelled!);
}

export async function listCampaignOrders(
  db: Executor,
  auth: ApiAuth,
  id: string,
  params: { skip: number; limit: number },
) {
  await getCampaignRow(db, auth, id);
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<{ json: Record<string, unknown> }>`select order_json(o) as json from campaign_orders c
      join orders o on o.id = c.order_id where c.campaign_id = ${id}
      order by c.position offset ${params.skip} limit ${params.limit}`.execute(db),
    sql<{
      n: number;
    }>`select count(order_id)::int as n from campaign_orders where campaign_id = ${id}`.execute(db),
  ]);
  return listPage(
    params,
    count[0]!.n,
    rows.map((r) => r.json),
  );
}

export async function listCampaignRows(
  db: Executor,
  auth: ApiAuth,
  id: string,
  params: { skip: number; limit: number; status?: 'created' | 'failed' },
) {
  await getCampaignRow(db, auth, id);
  const filter = sql`c.campaign_id = ${id} ${
    params.status === 'failed'
      ? sql`and c.error is not null`
      : params.status === 'created'
        ? sql`and c.order_id is not null`
        : sql``
  }`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<{
      position: number;
      order_id: string | null;
      error: string | null;
      receiver: Record<string, unknown> | null;
      source_import_id: string | null;
      source_row: number | null;
    }>`
      select c.position, c.order_id, c.error, m.receiver, m.source_import_id, m.source_row
      from campaign_orders c
      join campaigns k on k.id = c.campaign_id
      left join mailing_list_members m on m.mailing_list_id = k.mailing_list_id and m.position = c.position
      where ${filter} order by c.position offset ${params.skip} limit ${params.limit}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from campaign_orders c where ${filter}`.execute(db),
  ]);
  return listPage(
    params,
    count[0]!.n,
    rows.map((r) => ({
      object: 'campaign_row' as const,
      row: r.position,
      status: r.order_id ? ('created' as const) : ('failed' as const),
      ...(r.order_id ? { order: r.order_id } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.receiver ? { to: r.receiver } : {}),
      ...(r.source_import_id ? { mailingListImport: r.source_import_id, importRow: r.source_row } : {}),
    })),
  );
}

export async function campaignPreview(db: Executor, auth: ApiAuth, id: string) {
  const row = await getCampaignRow(db, auth, id);
  if (!row.preview) throw notFound('Preview of campaign', id);
  return row.preview;
}

/** The campaign's rows as CSV (row, status, order, error, import and its row), formula cells neutralised. */
export async function campaignReportRows(db: Executor, auth: ApiAuth, id: string) {
  await getCampaignRow(db, auth, id);
  const { rows } = await sql<{
    position: number;
    order_id: string | null;
    error: string | null;
    source_import_id: string | null;
    source_row: number | null;
  }>`
    select c.position, c.order_id, c.error, m.source_import_id, m.source_row
    from campaign_orders c join campaigns k on k.id = c.campaign_id
    left join mailing_list_members m on m.mailing_list_id = k.mailing_list_id and m.position = c.position
    where c.campaign_id = ${id} order by c.position`.execute(db);
  return rows;
}
