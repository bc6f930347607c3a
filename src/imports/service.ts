import { Readable } from 'node:stream';
import { Value } from '@sinclair/typebox/value';
import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { DocumentsConfig } from '../config/documents.ts';
import type { Db, Executor, Tx } from '../db/database.ts';
import { fetchDocumentUrl } from '../documents/fetch.ts';
import { DocumentRejected } from '../documents/rejections.ts';
import { invalid, notFound } from '../errors.ts';
import { type ListParams, listPage } from '../http/list.ts';
import { newId } from '../ids.ts';
import { readCsv } from './csv.ts';
import {
  findImport,
  finishUpload,
  type ImportRow,
  insertImport,
  insertRows,
  listImports,
  listRows,
  type StoredRow,
  softDeleteImport,
  updateImportFields,
} from './repo.ts';
import { contactFields, ImportCreate } from './schemas.ts';

export const VALIDATE_IMPORTS_TASK = 'validate_mailing_list_imports';
/** Largest file accepted, uploaded or fetched. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

export interface ImportFields {
  file?: string;
  fileType: 'csv';
  receiverAddressMapping: Record<string, string>;
  receiverMergeVariableMapping?: Record<string, string>;
  senderAddressMapping?: Record<string, string>;
  senderMergeVariableMapping?: Record<string, string>;
  description?: string;
  metadata?: Record<string, unknown>;
}

/** The create's fields checked against ImportCreate (multipart bodies skip route validation). */
export function checkImportFields(fields: unknown): ImportFields {
  const error = Value.Errors(ImportCreate, fields).First();
  if (error) {
    const at = error.path.replace(/^\//, '').replaceAll('/', '.') || 'body';
    throw invalid(`${at}: ${error.message.toLowerCase()}.`);
  }
  return fields as ImportFields;
}

export function serializeImport(row: ImportRow) {
  return {
    id: row.id,
    object: 'mailing_list_import' as const,
    live: row.live,
    organization: row.organization_id,
    status: row.status,
    file: row.file,
    validRowCount: row.valid_row_count,
    invalidRowCount: row.invalid_row_count,
    receiverStatusCount: row.receiver_status_count,
    ...(row.sender_status_count ? { senderStatusCount: row.sender_status_count } : {}),
    errors: row.errors,
    notes: row.notes,
    // The per-row report as CSV, with the same API key (src/imports/report.ts).
    ...(row.status === 'validating'
      ? {}
      : { reportURL: `/print-mail/v1/mailing_list_imports/${row.id}/report` }),
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.metadata !== null ? { metadata: row.metadata } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function checkMappings(fields: ImportFields, header: string[]): void {
  const columns = new Set(header);
  const check = (name: string, mapping: Record<string, string> | undefined, keys?: readonly string[]) => {
    for (const [key, column] of Object.entries(mapping ?? {})) {
      if (keys && !keys.includes(key)) {
        throw invalid(`${name}.${key} is not a contact field; use one of ${keys.join(', ')}.`);
      }
      if (!columns.has(column)) {
        throw invalid(
          `${name}.${key} names the column "${column}", which the file does not have; its columns are ${header.map((h) => `"${h}"`).join(', ')}.`,
        );
      }
    }
  };
  check('receiverAddressMapping', fields.receiverAddressMapping, contactFields);
  if (!fields.receiverAddressMapping.addressLine1) {
    throw invalid('receiverAddressMapping.addressLine1 is required.');
  }
  check('receiverMergeVariableMapping', fields.receiverMergeVariableMapping);
  check('senderAddressMapping', fields.senderAddressMapping, contactFields);
  check('senderMergeVariableMapping', fields.senderMergeVariableMapping);
}

/**
 * Where the CSV comes from: a multipart file part (streamed), an https URL (fetched once through the
 * webhooks' SSRF guard, as document URLs are), or the CSV text itself in `file`.
 */
export type CsvSource = { stream: Readable } | { text: string };

export async function openSource(source: CsvSource, config: DocumentsConfig): Promise<Readable> {
  if ('stream' in source) return source.stream;
  if (/^https?:\/\//i.test(source.text)) {
    try {
      const bytes = await fetchDocumentUrl(source.text, 'file', {
        maxBytes: MAX_IMPORT_BYTES,
        timeoutMs: config.fetchTimeoutMs,
        allowPrivateNetworks: config.fetchAllowPrivateNetworks,
      });
      return Readable.from([bytes]);
    } catch (error) {
      if (error instanceof DocumentRejected) throw invalid(error.message);
      throw error;
    }
  }
  return Readable.from([Buffer.from(source.text, 'utf8')]);
}

/**
 * Creates an import: the file's records streamed into the rows table a batch at a time, the import
 * `validating`, and the validation job queued, all in one transaction. A file that is not a CSV, or
 * mappings naming columns it lacks, roll everything back: nothing is half-imported.
 */
export async function createImport(
  db: Db,
  auth: ApiAuth,
  input: Readable,
  fieldsOf: () => Promise<ImportFields>,
) {
  const tx = await db.startTransaction().execute();
  let id: string;
  try {
    id = await insertImportFrom(tx, auth, input, fieldsOf);
    await tx.commit().execute();
  } catch (error) {
    await tx
      .rollback()
      .execute()
      .catch(() => {});
    throw error;
  }
  return getImport(db, auth, id);
}

/** createImport's work in the caller's transaction (an idempotent create's); the new import's id. */
export async function insertImportFrom(
  tx: Tx,
  auth: ApiAuth,
  input: Readable,
  fieldsOf: () => Promise<ImportFields>,
): Promise<string> {
  const id = newId('mailing_list_import');
  await insertImport(tx, auth, { id });
  const { header, rowCount } = await readCsv(input, (_header, rows) => insertRows(tx, id, rows));
  const fields = await fieldsOf();
  checkMappings(fields, header);
  const { file: _file, description, metadata, ...mappings } = fields;
  await finishUpload(tx, id, {
    file: { ...mappings, url: `/print-mail/v1/mailing_list_imports/${id}/file` },
    columns: header,
    rowCount,
    notes: [],
  });
  if (description !== undefined || metadata !== undefined) {
    await updateImportFields(tx, auth, id, { description, metadata });
  }
  await queueValidation(tx, id);
  return id;
}

/** The outbox: the job commits with the change that needs it. */
export async function queueValidation(db: Executor, id: string) {
  await sql`select graphile_worker.add_job(${VALIDATE_IMPORTS_TASK}, json_build_object('import', ${id}::text))`.execute(
    db,
  );
}

export async function getImport(db: Executor, auth: ApiAuth, id: string) {
  const row = await findImport(db, auth, id);
  if (!row) throw notFound('Mailing list import', id);
  return serializeImport(row);
}

export async function updateImport(
  db: Executor,
  auth: ApiAuth,
  id: string,
  changes: { description?: string | null; metadata?: Record<string, unknown> | null },
) {
  const row = await updateImportFields(db, auth, id, changes);
  if (!row) throw notFound('Mailing list import', id);
  return serializeImport(row);
}

export async function listImportPage(db: Executor, auth: ApiAuth, params: ListParams) {
  const { rows, totalCount } = await listImports(db, auth, {
    skip: params.skip,
    limit: params.limit,
    text: params.search?.trim() || undefined,
  });
  return listPage(params, totalCount, rows.map(serializeImport));
}

export async function deleteImport(db: Executor, auth: ApiAuth, id: string) {
  if (!(await softDeleteImport(db, auth, id))) throw notFound('Mailing list import', id);
  return { id, object: 'mailing_list_import' as const, deleted: true as const };
}

export function serializeRow(columns: string[], row: StoredRow) {
  const values: Record<string, string> = {};
  columns.forEach((name, i) => {
    values[name] = row.raw[i] ?? '';
  });
  return {
    object: 'mailing_list_import_row' as const,
    rowNumber: row.row_number,
    status: row.status,
    values,
    ...(row.receiver ? { receiver: row.receiver } : {}),
    ...(row.errors ? { errors: row.errors } : {}),
    ...(row.corrections ? { corrections: row.corrections } : {}),
  };
}

export async function listRowPage(
  db: Executor,
  auth: ApiAuth,
  id: string,
  params: { skip: number; limit: number; status?: string },
) {
  const found = await findImport(db, auth, id);
  if (!found) throw notFound('Mailing list import', id);
  const { rows, totalCount } = await listRows(db, id, params);
  return listPage(
    params,
    totalCount,
    rows.map((r) => serializeRow(found.columns, r)),
  );
}
