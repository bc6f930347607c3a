import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { profileKindOf } from '../order-profiles/kinds.ts';
import { insertOrdersWithContacts, type NewOrderWithContacts } from '../orders/repo.ts';
import { prepareOrder } from '../orders/service.ts';
import { campaignSources, type Member, orderInputFor } from './order-input.ts';
import { type CampaignRow, changeCampaign } from './repo.ts';

/** Thrown to roll a chunk back because its campaign stopped (cancelled) while it ran. */
class CampaignStopped extends Error {}

/** Members per chunk: one transaction and one orders statement each. */
export const CHUNK_ROWS = 500;

/**
 * drafting → draft | changes_required: the list must be complete and not empty, and its first member is
 * run through the kind's real create checks (content, merge variables, contacts, mailing class) in a
 * transaction that is then rolled back; what it would have created is kept as the preview.
 */
async function draft(tx: Tx, campaign: CampaignRow): Promise<void> {
  const fail = (message: string) =>
    changeCampaign(tx, campaign.id, {
      from: ['drafting'],
      set: sql`status = 'changes_required', errors = ${JSON.stringify([{ type: 'processing_error', message }])}::jsonb`,
      event: 'campaign.updated',
      updatedFields: ['status', 'errors'],
    });
  const { rows: lists } = await sql<{ status: string; member_count: number }>`
    select status, member_count from mailing_lists where id = ${campaign.mailing_list_id}
      and organization_id = ${campaign.organization_id} and live = ${campaign.live} and deleted_at is null`.execute(
    tx,
  );
  const list = lists[0];
  if (!list) return void (await fail(`Mailing list ${campaign.mailing_list_id} was not found.`));
  if (list.status !== 'completed')
    return void (await fail(`Mailing list ${campaign.mailing_list_id} has a job running.`));
  if (list.member_count === 0) return void (await fail(`Mailing list ${campaign.mailing_list_id} is empty.`));
  const { rows } =
    await sql<Member>`select position, receiver, sender, merge_variables from mailing_list_members
    where mailing_list_id = ${campaign.mailing_list_id} order by position limit 1`.execute(tx);
  let preview: Record<string, unknown>;
  try {
    const sources = await campaignSources(tx, campaign);
    const spec = profileKindOf(campaign.profile_kind).spec;
    // A savepoint: what the dry run wrote (a template snapshot, a return envelope taken) is undone.
    await sql`savepoint campaign_preview`.execute(tx);
    try {
      const row = await prepareOrder(tx, sources.auth, spec, orderInputFor(sources, campaign, rows[0]!), {
        now: new Date(),
        extraDetails: { campaign: campaign.id, campaignRow: rows[0]!.position },
      });
      preview = {
        object: campaign.profile_kind,
        to: row.to.body,
        from: row.from?.body ?? null,
        ...row.order.details,
      };
    } finally {
      await sql`rollback to savepoint campaign_preview`.execute(tx);
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return void (await fail(`Row 1 of the mailing list: ${error.message}`));
  }
  await changeCampaign(tx, campaign.id, {
    from: ['drafting'],
    set: sql`status = 'draft', errors = '[]', preview = ${JSON.stringify(preview)}::jsonb`,
    event: 'campaign.updated',
    updatedFields: ['status', 'orderPreviewURL'],
  });
}

/**
 * One chunk of a sending campaign, in `tx`: each member of the chunk not yet in campaign_orders becomes
 * an order, checked one by one exactly as a create is (a row that fails is recorded with its reason) and
 * inserted all together in ONE statement with their contacts and `*.created` events. campaign_orders'
 * primary key (campaign, position) makes a second run of the same rows fail rather than create twice;
 * the chunk is marked done and the counts moved in the same transaction, so after a kill -9 it is either
 * all there or not there at all and is simply run again.
 */
async function createChunk(
  tx: Tx,
  campaign: CampaignRow,
  chunk: { chunk: number; first_position: number; last_position: number },
) {
  const { rows: members } = await sql<Member>`
    select m.position, m.receiver, m.sender, m.merge_variables from mailing_list_members m
    where m.mailing_list_id = ${campaign.mailing_list_id}
      and m.position between ${chunk.first_position} and ${chunk.last_position}
      and not exists (select 1 from campaign_orders o where o.campaign_id = ${campaign.id} and o.position = m.position)
    order by m.position`.execute(tx);
  const sources = await campaignSources(tx, campaign);
  const spec = profileKindOf(campaign.profile_kind).spec;
  const now = new Date();
  const prepared: { position: number; row: NewOrderWithContacts }[] = [];
  const failed: { position: number; error: string }[] = [];
  for (const member of members) {
    try {
      const row = await prepareOrder(tx, sources.auth, spec, orderInputFor(sources, campaign, member), {
        now,
        extraDetails: { campaign: campaign.id, campaignRow: member.position },
      });
      prepared.push({ position: member.position, row });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed.push({ position: member.position, error: error.message });
    }
  }
  const stored = prepared.length
    ? await insertOrdersWithContacts(
        tx,
        prepared.map((p) => p.row),
      )
    : new Map();
  // An identical contact committed concurrently after the statement's snapshot: run the chunk again.
  if (stored.size !== prepared.length) throw new Error('a contact was created concurrently; chunk retried');
  const outcome = [
    ...prepared.map((p) => ({ position: p.position, order_id: p.row.order.id, error: null })),
    ...failed.map((f) => ({ position: f.position, order_id: null, error: f.error })),
  ];
  if (outcome.length) {
    await sql`insert into campaign_orders (campaign_id, position, order_id, error)
      select ${campaign.id}, position, order_id, error
      from json_to_recordset(${JSON.stringify(outcome)}::json) as o(position bigint, order_id text, error text)`.execute(
      tx,
    );
  }
  await sql`update campaign_chunks set done = true where campaign_id = ${campaign.id} and chunk = ${chunk.chunk}`.execute(
    tx,
  );
  // The campaign's row lock orders concurrent chunks' ends, so the last one to commit sees every other done.
  const { rows: locked } = await sql<{ status: string }>`
    select status from campaigns where id = ${campaign.id} for update`.execute(tx);
  // Cancelled while this chunk ran: its orders must not appear after the cancellation, so none are kept.
  if (locked[0]?.status !== 'creating_orders') throw new CampaignStopped();
  const { rows: left } = await sql<{ n: number }>`select count(*)::int as n from campaign_chunks
    where campaign_id = ${campaign.id} and not done`.execute(tx);
  const finished = left[0]!.n === 0;
  await changeCampaign(tx, campaign.id, {
    from: ['creating_orders'],
    set: sql`created_count = created_count + ${prepared.length}, failed_count = failed_count + ${failed.length}
      ${finished ? sql`, status = 'ready'` : sql``}`,
    event: 'campaign.updated',
    updatedFields: finished ? ['status', 'createdCount', 'failedCount'] : ['createdCount', 'failedCount'],
  });
}

async function claim<T>(
  db: Db,
  query: (tx: Tx) => Promise<T | null>,
  work: (tx: Tx, claimed: T) => Promise<void>,
) {
  return db.transaction().execute(async (tx) => {
    const claimed = await query(tx);
    if (claimed === null) return false;
    await work(tx, claimed);
    return true;
  });
}

/**
 * The campaign worker: drafts drafting campaigns and runs pending chunks of sending ones, each claimed
 * with FOR UPDATE SKIP LOCKED in the transaction that does the work (any number of workers share the
 * chunks; a killed worker's claims end with its connection). A chunk that fails other than by a row's
 * own fault has the attempt recorded and is left for the next run. Returns the steps done.
 */
export async function runCampaignWork(db: Db): Promise<number> {
  let steps = 0;
  while (
    await claim(
      db,
      async (tx) => {
        const { rows } =
          await sql<CampaignRow>`select * from campaigns where status = 'drafting' and deleted_at is null
          order by updated_at limit 1 for update skip locked`.execute(tx);
        return rows[0] ?? null;
      },
      draft,
    )
  )
    steps++;
  for (;;) {
    let current: { campaign_id: string; chunk: number } | null = null;
    try {
      const did = await claim(
        db,
        async (tx) => {
          const { rows } = await sql<{
            campaign_id: string;
            chunk: number;
            first_position: number;
            last_position: number;
          }>`
            select k.campaign_id, k.chunk, k.first_position, k.last_position from campaign_chunks k
            join campaigns c on c.id = k.campaign_id and c.status = 'creating_orders'
            where not k.done order by c.updated_at, k.chunk limit 1 for update of k skip locked`.execute(tx);
          return rows[0] ?? null;
        },
        async (tx, chunk) => {
          current = chunk;
          await sql`update campaign_chunks set attempts = attempts + 1 where campaign_id = ${chunk.campaign_id}
            and chunk = ${chunk.chunk}`.execute(tx);
          const { rows } =
            await sql<CampaignRow>`select * from campaigns where id = ${chunk.campaign_id}`.execute(tx);
          await createChunk(tx, rows[0]!, chunk);
        },
      );
      if (!did) return steps;
      steps++;
    } catch (error) {
      if (error instanceof CampaignStopped) continue;
      const failed = current as { campaign_id: string; chunk: number } | null;
      if (failed) {
        await sql`update campaign_chunks set attempts = attempts + 1,
            last_error = ${String((error as Error).message).slice(0, 1000)}
          where campaign_id = ${failed.campaign_id} and chunk = ${failed.chunk}`.execute(db);
      }
      throw error;
    }
  }
}
