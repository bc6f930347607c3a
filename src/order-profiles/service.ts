import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';
import { invalid, notFound } from '../errors.ts';
import { type ListParams, listPage } from '../http/list.ts';
import { newId } from '../ids.ts';
import { findTemplate } from '../templates/repo.ts';
import { type ProfileKind, profileKindOf } from './kinds.ts';
import {
  findProfile,
  insertProfile,
  listProfiles,
  type ProfileRow,
  softDeleteProfile,
  updateProfileBody,
} from './repo.ts';

export function serializeProfile(row: ProfileRow) {
  const kind = profileKindOf(row.kind);
  return {
    id: row.id,
    object: kind.object,
    live: row.live,
    ...row.body,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Checks what a profile can check without a recipient: the templates it names exist in the organization
 * and mode. Content that depends on a row (merge variables) is checked when a campaign drafts, by running
 * its first row through the kind's real create path (src/campaigns/draft.ts).
 */
async function checkTemplates(db: Executor, auth: ApiAuth, body: Record<string, unknown>): Promise<void> {
  for (const [field, value] of Object.entries(body)) {
    if (!/template$/i.test(field) || typeof value !== 'string') continue;
    if (!(await findTemplate(db, auth, value))) throw invalid(`${field}: template ${value} was not found.`);
  }
}

export async function createProfile(
  db: Executor,
  auth: ApiAuth,
  kind: ProfileKind,
  input: Record<string, unknown>,
) {
  await checkTemplates(db, auth, input);
  const row = await insertProfile(db, auth, { id: newId(kind.idPrefix), kind: kind.kind, body: input });
  return serializeProfile(row);
}

export async function getProfile(db: Executor, auth: ApiAuth, kind: OrderKind, id: string) {
  const row = await findProfile(db, auth, kind, id);
  if (!row) throw notFound(profileKindOf(kind).label, id);
  return row;
}

export async function updateProfile(
  db: Executor,
  auth: ApiAuth,
  kind: ProfileKind,
  id: string,
  changes: Record<string, unknown>,
) {
  const row = await findProfile(db, auth, kind.kind, id, true);
  if (!row) throw notFound(kind.label, id);
  const body = { ...row.body };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete body[field];
    else body[field] = value;
  }
  await checkTemplates(db, auth, changes);
  return serializeProfile(await updateProfileBody(db, id, body));
}

export async function listProfilePage(db: Executor, auth: ApiAuth, kind: ProfileKind, params: ListParams) {
  const { rows, totalCount } = await listProfiles(db, auth, kind.kind, {
    skip: params.skip,
    limit: params.limit,
    text: params.search?.trim() || undefined,
  });
  return listPage(params, totalCount, rows.map(serializeProfile));
}

export async function deleteProfile(db: Executor, auth: ApiAuth, kind: ProfileKind, id: string) {
  if (!(await softDeleteProfile(db, auth, kind.kind, id))) throw notFound(kind.label, id);
  return { id, object: kind.object, deleted: true as const };
}
