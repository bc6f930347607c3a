import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { ContactInput } from '../contacts/service.ts';
import type { Db, Tx } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { verifyContact } from './verify.ts';

const BATCH = 2000;

interface Claimed {
  id: string;
  organization_id: string;
  live: boolean;
  file: {
    receiverAddressMapping: Record<string, string>;
    receiverMergeVariableMapping?: Record<string, string>;
    senderAddressMapping?: Record<string, string>;
    senderMergeVariableMapping?: Record<string, string>;
  };
  columns: string[];
}

export interface Correction {
  field: string;
  from: string;
  to: string;
  reason: string;
}

/** A US ZIP a spreadsheet read as a number ("2134" for 02134, "2134-1234"): padded back to five digits. */
export function restoreZip(contact: Record<string, string>): Correction | null {
  const zip = contact.postalOrZip;
  const country = (contact.countryCode ?? '').trim().toUpperCase();
  if (!zip || (country !== 'US' && country !== '')) return null;
  const match = /^(\d{3,4})(-\d{4})?$/.exec(zip.trim());
  if (!match) return null;
  const to = `${match[1]!.padStart(5, '0')}${match[2] ?? ''}`;
  return { field: 'postalOrZip', from: zip, to, reason: 'leading zeros restored' };
}

function pick(mapping: Record<string, string> | undefined, index: Map<string, number>, raw: string[]) {
  const out: Record<string, string> = {};
  for (const [key, column] of Object.entries(mapping ?? {})) {
    const value = raw[index.get(column) ?? -1];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

interface Checked {
  n: number;
  status: 'valid' | 'failed';
  receiver: Record<string, unknown> | null;
  sender: Record<string, unknown> | null;
  merge_variables: Record<string, unknown> | null;
  fingerprint: string | null;
  address_status: string | null;
  errors: string[] | null;
  corrections: Correction[] | null;
}

function checkRow(
  auth: ApiAuth,
  imp: Claimed,
  index: Map<string, number>,
  n: number,
  raw: string[],
): Checked {
  const receiver = pick(imp.file.receiverAddressMapping, index, raw);
  const corrections: Correction[] = [];
  const zip = restoreZip(receiver);
  if (zip) {
    receiver.postalOrZip = zip.to;
    corrections.push(zip);
  }
  const errors: string[] = [];
  let verified: ReturnType<typeof verifyContact> | null = null;
  try {
    verified = verifyContact(auth, receiver as unknown as ContactInput, 'receiver', corrections.length > 0);
    if (verified.status === 'failed') errors.push(`receiver: ${verified.errors}`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    errors.push(error.message);
  }
  let sender: Record<string, unknown> | null = null;
  if (imp.file.senderAddressMapping) {
    const fields = pick(imp.file.senderAddressMapping, index, raw);
    try {
      const s = verifyContact(auth, fields as unknown as ContactInput, 'sender', false);
      if (s.status === 'failed') errors.push(`sender: ${s.errors}`);
      sender = s.prepared.body as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors.push(error.message);
    }
  }
  const variables = {
    ...pick(imp.file.receiverMergeVariableMapping, index, raw),
    ...pick(imp.file.senderMergeVariableMapping, index, raw),
  };
  const ok = errors.length === 0 && verified !== null;
  return {
    n,
    status: ok ? 'valid' : 'failed',
    receiver: verified ? (verified.prepared.body as Record<string, unknown>) : null,
    sender,
    merge_variables: Object.keys(variables).length ? variables : null,
    fingerprint: verified?.prepared.fingerprint ?? null,
    address_status: verified?.status ?? null,
    errors: errors.length ? errors : null,
    corrections: corrections.length ? corrections : null,
  };
}

/** Validates one batch of an import's pending rows in `tx`; false when none were left. */
async function validateBatch(tx: Tx, imp: Claimed): Promise<boolean> {
  const { rows } = await sql<{ row_number: number; raw: string[] }>`
    select row_number, raw from mailing_list_import_rows
    where import_id = ${imp.id} and status = 'pending' order by row_number limit ${BATCH}`.execute(tx);
  if (rows.length === 0) return false;
  const auth = { organizationId: imp.organization_id, live: imp.live } as ApiAuth;
  const index = new Map(imp.columns.map((c, i) => [c, i]));
  const checked = rows.map((r) => checkRow(auth, imp, index, r.row_number, r.raw));
  await sql`
    update mailing_list_import_rows r
    set status = c.status, receiver = c.receiver, sender = c.sender, merge_variables = c.merge_variables,
        fingerprint = c.fingerprint, address_status = c.address_status, errors = c.errors,
        corrections = c.corrections
    from json_to_recordset(${JSON.stringify(checked)}::json) as c(
      n int, status text, receiver jsonb, sender jsonb, merge_variables jsonb, fingerprint text,
      address_status text, errors jsonb, corrections jsonb)
    where r.import_id = ${imp.id} and r.row_number = c.n and r.status = 'pending'`.execute(tx);
  return true;
}

/** Counters, notes and the final status, once no row is pending: PostGrid's completed | changes_required. */
async function finish(tx: Tx, imp: Claimed): Promise<void> {
  const { rows } = await sql<{
    valid: number;
    invalid: number;
    verified: number;
    corrected: number;
    failed: number;
    restored: number;
  }>`
    select count(*) filter (where status = 'valid')::int as valid,
           count(*) filter (where status = 'failed')::int as invalid,
           count(*) filter (where address_status = 'verified')::int as verified,
           count(*) filter (where address_status = 'corrected')::int as corrected,
           count(*) filter (where address_status = 'failed' or address_status is null)::int as failed,
           count(*) filter (where corrections is not null)::int as restored
    from mailing_list_import_rows where import_id = ${imp.id}`.execute(tx);
  const c = rows[0]!;
  const errors =
    c.valid === 0 ? [{ type: 'no_valid_contacts_error', message: 'The file has no valid contact.' }] : [];
  const notes = [
    ...(c.invalid > 0
      ? [
          {
            type: 'skipped_invalid_contacts',
            message: `${c.invalid} invalid rows are skipped; see GET /mailing_list_imports/${imp.id}/rows?status=failed.`,
          },
        ]
      : []),
    ...(c.restored > 0
      ? [
          {
            type: 'restored_leading_zeros',
            message: `${c.restored} ZIP codes had lost their leading zeros (as spreadsheets do) and were restored.`,
          },
        ]
      : []),
  ];
  await sql`
    update mailing_list_imports
    set status = ${c.valid === 0 ? 'changes_required' : 'completed'}, valid_row_count = ${c.valid},
        invalid_row_count = ${c.invalid},
        receiver_status_count = ${JSON.stringify({ verifiedCount: c.verified, correctedCount: c.corrected, failedCount: c.failed })}::jsonb,
        errors = ${JSON.stringify(errors)}::jsonb, notes = ${JSON.stringify(notes)}::jsonb, updated_at = now()
    where id = ${imp.id} and status = 'validating'`.execute(tx);
}

/**
 * The validation worker: claims a `validating` import (FOR UPDATE SKIP LOCKED, so two workers never
 * validate the same one and a killed worker's claim ends with its connection), validates a batch of its
 * pending rows and commits, until none is pending; then counts and sets its status. Each batch commits on
 * its own, so a restart resumes at the first pending row. Returns how many imports it finished.
 */
export async function validatePendingImports(db: Db): Promise<number> {
  let finished = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<Claimed>`
        select id, organization_id, live, file, columns from mailing_list_imports
        where status = 'validating' and deleted_at is null
        order by created_at limit 1 for update skip locked`.execute(tx);
      const imp = rows[0];
      if (!imp) return null;
      await sql`update mailing_list_imports set attempts = attempts + 1 where id = ${imp.id}`.execute(tx);
      if (await validateBatch(tx, imp)) return 'batch';
      await finish(tx, imp);
      return 'finished';
    });
    if (done === null) return finished;
    if (done === 'finished') finished++;
  }
}
