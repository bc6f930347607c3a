import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { ContactInput } from '../contacts/service.ts';
import type { Executor } from '../db/database.ts';
import { invalid } from '../errors.ts';
import type { CampaignRow } from './repo.ts';

export interface Member {
  position: number;
  receiver: Record<string, unknown>;
  sender: Record<string, unknown> | null;
  merge_variables: Record<string, unknown> | null;
}

/** What a stored contact's body or a validated row holds beyond the fields a create takes. */
const derived = ['id', 'object', 'live', 'addressStatus', 'addressErrors', 'createdAt', 'updatedAt'];

export function asContactInput(body: Record<string, unknown>): ContactInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!derived.includes(key)) out[key] = value;
  return out as ContactInput;
}

export interface CampaignSources {
  auth: ApiAuth;
  profile: Record<string, unknown>;
  defaultSender: ContactInput | null;
}

/** The campaign's profile body and default sender, read once per draft or chunk. */
export async function campaignSources(db: Executor, campaign: CampaignRow): Promise<CampaignSources> {
  const auth = { organizationId: campaign.organization_id, live: campaign.live } as ApiAuth;
  const { rows } = await sql<{ body: Record<string, unknown> }>`
    select body from order_profiles where id = ${campaign.profile_id} and kind = ${campaign.profile_kind}
      and organization_id = ${campaign.organization_id} and live = ${campaign.live} and deleted_at is null`.execute(
    db,
  );
  if (!rows[0]) throw invalid(`Profile ${campaign.profile_id} was not found.`);
  let defaultSender: ContactInput | null = null;
  if (campaign.default_sender_contact) {
    const { rows: contacts } = await sql<{ body: Record<string, unknown> }>`
      select body from contacts where id = ${campaign.default_sender_contact}
        and organization_id = ${campaign.organization_id} and live = ${campaign.live} and deleted_at is null`.execute(
      db,
    );
    if (!contacts[0]) throw invalid(`defaultSenderContact ${campaign.default_sender_contact} was not found.`);
    defaultSender = asContactInput(contacts[0].body);
  }
  return { auth, profile: rows[0].body, defaultSender };
}

/** A member's order create: the profile's fields, the row's contacts, merge variables over the profile's. */
export function orderInputFor(sources: CampaignSources, campaign: CampaignRow, member: Member) {
  const profileVariables = (sources.profile.mergeVariables as Record<string, unknown> | undefined) ?? {};
  const mergeVariables = { ...profileVariables, ...(member.merge_variables ?? {}) };
  const from = member.sender ? asContactInput(member.sender) : sources.defaultSender;
  return {
    ...sources.profile,
    to: asContactInput(member.receiver),
    ...(from ? { from } : {}),
    ...(Object.keys(mergeVariables).length ? { mergeVariables } : {}),
    ...(campaign.send_date ? { sendDate: campaign.send_date.toISOString() } : {}),
    // biome-ignore lint/suspicious/noExplicitAny: the kind's own input type; checked by its spec
  } as any;
}
