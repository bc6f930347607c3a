import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Executor } from '../db/database.ts';
import { ApiError, invalid, notFound } from '../errors.ts';
import { type ListParams, listPage } from '../http/list.ts';
import { newId } from '../ids.ts';
import {
  findList,
  insertList,
  type JobRequest,
  type ListRow,
  listLists,
  softDeleteList,
  startJob,
  updateListFields,
} from './repo.ts';

export const LIST_JOBS_TASK = 'run_mailing_list_jobs';

export function serializeList(row: ListRow) {
  return {
    id: row.id,
    object: 'mailing_list' as const,
    live: row.live,
    status: row.status,
    contactCount: row.member_count,
    errors: row.errors,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createList(
  db: Executor,
  auth: ApiAuth,
  input: { description?: string; metadata?: Record<string, unknown> },
) {
  return serializeList(await insertList(db, auth, { id: newId('mailing_list'), ...input }));
}

export async function getList(db: Executor, auth: ApiAuth, id: string) {
  const row = await findList(db, auth, id);
  if (!row) throw notFound('Mailing list', id);
  return serializeList(row);
}

export async function updateList(
  db: Executor,
  auth: ApiAuth,
  id: string,
  changes: { description?: string | null; metadata?: Record<string, unknown> | null },
) {
  const row = await updateListFields(db, auth, id, changes);
  if (!row) throw notFound('Mailing list', id);
  return serializeList(row);
}

export async function listListPage(db: Executor, auth: ApiAuth, params: ListParams) {
  const { rows, totalCount } = await listLists(db, auth, {
    skip: params.skip,
    limit: params.limit,
    text: params.search?.trim() || undefined,
  });
  return listPage(params, totalCount, rows.map(serializeList));
}

export async function deleteList(db: Executor, auth: ApiAuth, id: string) {
  if (!(await softDeleteList(db, auth, id))) throw notFound('Mailing list', id);
  return { id, object: 'mailing_list' as const, deleted: true as const };
}

/**
 * POST /mailing_lists/{id}/jobs: one job at a time. The list shows creating_contacts (anything added) or
 * removing_contacts until the worker has run it (src/mailing-lists/jobs.ts); the job is queued in the
 * same transaction.
 */
export async function requestJob(db: Executor, auth: ApiAuth, id: string, job: JobRequest) {
  const given = Object.entries(job).filter(([, ids]) => Array.isArray(ids) && ids.length > 0);
  if (given.length === 0) {
    throw invalid(
      'Give at least one of addMailingListImports, removeMailingListImports, addContacts or removeContacts.',
    );
  }
  const adding = (job.addMailingListImports?.length ?? 0) + (job.addContacts?.length ?? 0) > 0;
  const started = await startJob(db, auth, id, job, adding ? 'creating_contacts' : 'removing_contacts');
  if (!started) {
    const current = await findList(db, auth, id);
    if (!current) throw notFound('Mailing list', id);
    throw new ApiError(
      'conflict_error',
      `Mailing list ${id} is ${current.status.replaceAll('_', ' ')}: one job at a time; try again once it is completed.`,
    );
  }
  await sql`select graphile_worker.add_job(${LIST_JOBS_TASK}, json_build_object('list', ${id}::text))`.execute(
    db,
  );
  return serializeList(started);
}
