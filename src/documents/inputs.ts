import type { DocumentsConfig } from '../config/documents.ts';
import type { Executor } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { type CheckedDocument, checkDocument, type DocumentSpec } from './checks.ts';
import { fetchDocumentUrl } from './fetch.ts';
import type { DocumentRecord } from './repo.ts';
import type { DocumentStore } from './store.ts';

/**
 * A file as a create request gives it: the bytes of a multipart upload (@fastify/multipart hands files
 * over as Buffers) or, in JSON, form or multipart text fields, the URL mailstream fetches it from.
 */
export type DocumentInput = Buffer | string;

/** A file that passed its checks, not stored yet. */
export interface AcceptedInput extends CheckedDocument {
  field: string;
  origin: 'upload' | 'url';
  /** The URL it was fetched from (kept for the record; printers never see it). */
  sourceUrl: string | null;
  filename: string | null;
}

export interface InputOptions {
  config: Pick<DocumentsConfig, 'maxBytes' | 'fetchTimeoutMs' | 'fetchAllowPrivateNetworks'>;
  /** Certificate authorities to trust for fetches instead of Node's (tests' self-signed servers). */
  ca?: string | Buffer;
  filename?: string;
}

/** True for a value a create body may carry as a document: a file's bytes or a URL. */
export function isDocumentInput(value: unknown): value is DocumentInput {
  return Buffer.isBuffer(value) || typeof value === 'string';
}

/**
 * Takes a customer's file for `field` (`pdf`, `attachedPDF.file`, `letterPDF`, `signatureImage`…): fetches
 * a URL once (https, SSRF-guarded, DOCUMENT_MAX_BYTES, DOCUMENT_FETCH_TIMEOUT), then checks it against
 * `spec`. Throws DocumentRejected (400 validation_error, Lob's code first in the message). Stores nothing:
 * call storeAcceptedInput once every input of the request is accepted.
 */
export async function acceptDocumentInput(
  field: string,
  spec: DocumentSpec,
  input: DocumentInput,
  options: InputOptions,
): Promise<AcceptedInput> {
  const { config } = options;
  if (typeof input === 'string') {
    const url = input.trim();
    const bytes = await fetchDocumentUrl(url, field, {
      maxBytes: config.maxBytes,
      timeoutMs: config.fetchTimeoutMs,
      allowPrivateNetworks: config.fetchAllowPrivateNetworks,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    const checked = await checkDocument(spec, bytes, field, config);
    return { ...checked, field, origin: 'url', sourceUrl: url, filename: options.filename ?? null };
  }
  if (!Buffer.isBuffer(input)) throw invalid(`${field} must be a file or the https URL of one.`);
  const checked = await checkDocument(spec, input, field, config);
  return { ...checked, field, origin: 'upload', sourceUrl: null, filename: options.filename ?? null };
}

/** Stores an accepted input as a document of the organization (in `db`'s transaction when it is one). */
export async function storeAcceptedInput(
  db: Executor,
  store: DocumentStore,
  owner: { organizationId: string; live: boolean },
  accepted: AcceptedInput,
): Promise<DocumentRecord> {
  return store.put(db, {
    organizationId: owner.organizationId,
    live: owner.live,
    origin: accepted.origin,
    contentType: accepted.contentType,
    bytes: accepted.bytes,
    pageCount: accepted.pageCount,
    width: accepted.width,
    height: accepted.height,
    filename: accepted.filename,
    sourceUrl: accepted.sourceUrl,
  });
}
