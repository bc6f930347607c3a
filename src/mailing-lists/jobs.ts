import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { JobRequest, ListRow } from './repo.ts';

type JobError = { type: string; message: string };

/** Ids among `ids` with no row in `table` of the list's organization and mode (and, for imports, done). */
async function missing(
  tx: Tx,
  list: ListRow,
  table: 'imports' | 'contacts',
  ids: string[],
): Promise<string[]> {
  const { rows } =
    table === 'imports'
      ? await sql<{ id: string }>`select id from mailing_list_imports
          where id = any(${ids}) and organization_id = ${list.organization_id} and live = ${list.live}
            and deleted_at is null and status = 'completed'`.execute(tx)
      : await sql<{ id: string }>`select id from contacts
          where id = any(${ids}) and organization_id = ${list.organization_id} and live = ${list.live}
            and deleted_at is null`.execute(tx);
  const found = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !found.has(id));
}

/**
 * Runs a list's job in one transaction (all of it or none of it): members from imports' valid rows and
 * from contacts, each recipient once (the contact fingerprint is the members' key, so a duplicate within
 * or across imports is dropped), removals, then the count. Ids that do not name a completed import or a
 * contact are reported in `errors`, and the rest of the job is done.
 */
async function runJob(tx: Tx, list: ListRow): Promise<void> {
  const job = list.job ?? {};
  const errors: JobError[] = [];
  const adds = job.addMailingListImports ?? [];
  const removes = job.removeMailingListImports ?? [];
  const badImports = await missing(tx, list, 'imports', [...adds, ...removes]);
  if (badImports.length) {
    errors.push({
      type: 'mailing_list_imports_not_found_error',
      message: `No completed mailing list import ${badImports.join(', ')}.`,
    });
  }
  const contactIds = [...(job.addContacts ?? []), ...(job.removeContacts ?? [])];
  const badContacts = await missing(tx, list, 'contacts', contactIds);
  if (badContacts.length) {
    errors.push({ type: 'operational_error', message: `No contact ${badContacts.join(', ')}.` });
  }
  if (removes.length) {
    await sql`delete from mailing_list_members where mailing_list_id = ${list.id}
      and source_import_id = any(${removes})`.execute(tx);
  }
  if (job.removeContacts?.length) {
    await sql`delete from mailing_list_members m using contacts c
      where m.mailing_list_id = ${list.id} and c.id = any(${job.removeContacts})
        and (m.contact_id = c.id or m.fingerprint = c.fingerprint)`.execute(tx);
  }
  const goodAdds = adds.filter((id) => !badImports.includes(id));
  if (goodAdds.length) {
    await sql`
      insert into mailing_list_members (mailing_list_id, fingerprint, receiver, sender, merge_variables,
                                        source_import_id, source_row)
      select ${list.id}, r.fingerprint, r.receiver, r.sender, r.merge_variables, r.import_id, r.row_number
      from mailing_list_import_rows r
      where r.import_id = any(${goodAdds}) and r.status = 'valid'
      order by array_position(${goodAdds}::text[], r.import_id), r.row_number
      on conflict (mailing_list_id, fingerprint) do nothing`.execute(tx);
  }
  if (job.addContacts?.length) {
    await sql`
      insert into mailing_list_members (mailing_list_id, fingerprint, receiver, contact_id)
      select ${list.id}, c.fingerprint, c.body, c.id from contacts c
      where c.id = any(${job.addContacts}) and c.organization_id = ${list.organization_id}
        and c.live = ${list.live} and c.deleted_at is null
      on conflict (mailing_list_id, fingerprint) do nothing`.execute(tx);
  }
  await sql`
    update mailing_lists set status = 'completed', job = null, errors = ${JSON.stringify(errors)}::jsonb,
      member_count = (select count(*) from mailing_list_members where mailing_list_id = ${list.id}),
      updated_at = now()
    where id = ${list.id}`.execute(tx);
}

/**
 * The list-job worker: claims a list with a job (FOR UPDATE SKIP LOCKED, released if the worker dies)
 * and runs it in that transaction; an attempt that fails is recorded and the job stays for the next run.
 */
export async function runPendingListJobs(db: Db): Promise<number> {
  let ran = 0;
  for (;;) {
    let claimedId: string | null = null;
    try {
      const did = await db.transaction().execute(async (tx) => {
        const { rows } = await sql<ListRow>`
          select * from mailing_lists where job is not null and deleted_at is null
          order by updated_at limit 1 for update skip locked`.execute(tx);
        const list = rows[0];
        if (!list) return false;
        claimedId = list.id;
        await runJob(tx, list);
        return true;
      });
      if (!did) return ran;
      ran++;
    } catch (error) {
      if (claimedId === null) throw error;
      await sql`update mailing_lists set attempts = attempts + 1, last_error = ${String((error as Error).message).slice(0, 1000)}
        where id = ${claimedId}`.execute(db);
      throw error;
    }
  }
}

export type { JobRequest };
