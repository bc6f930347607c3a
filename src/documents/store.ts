import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { DocumentsConfig } from '../config/documents.ts';
import type { Executor, Tx } from '../db/database.ts';
import { newId } from '../ids.ts';
import { ObjectStorage } from './object-storage.ts';
import { blobContent, blobLocation, type DocumentOrigin, type DocumentRecord, toRecord } from './repo.ts';

/** A document to keep: its bytes and what is known about them. */
export interface NewDocument {
  organizationId: string;
  live: boolean;
  origin: DocumentOrigin;
  contentType: string;
  bytes: Buffer;
  pageCount?: number | null;
  /** PDFs: the first page in points; images: pixels. */
  width?: number | null;
  height?: number | null;
  filename?: string | null;
  sourceUrl?: string | null;
}

/**
 * The document store: documents' rows in PostgreSQL, their bytes content-addressed (sha256) in PostgreSQL
 * (`DOCUMENT_STORE=postgres`, the default) or in S3-compatible object storage (`s3://bucket/prefix`).
 * Identical bytes are kept once, whoever stores them. The same protocol serves both backends:
 *
 * - put: lock the blob's row (or insert it), write the bytes only when the row is new or `purging`,
 *   then insert the document row, all in one transaction. A blob row is committed only after its bytes
 *   are written, so a document's bytes are always there.
 * - purge (src/documents/purge.ts): mark unreferenced blobs `purging` and commit, then, each under its
 *   row lock, remove the bytes and the row. A put that meets a `purging` row writes the bytes again.
 */
export class DocumentStore {
  readonly backend: 'postgres' | 's3';
  /** The bucket, when the backend is S3 (also used by the purge). */
  readonly objects: ObjectStorage | null;

  constructor(config: Pick<DocumentsConfig, 'store'>) {
    this.backend = config.store.kind;
    this.objects = config.store.kind === 's3' ? new ObjectStorage(config.store) : null;
  }

  /** Stores a document: in `db`'s transaction when it is one, otherwise in a transaction of its own. */
  async put(db: Executor, document: NewDocument): Promise<DocumentRecord> {
    if (db.isTransaction) return this.#put(db as Tx, document);
    return db.transaction().execute((tx) => this.#put(tx, document));
  }

  async #put(tx: Tx, document: NewDocument): Promise<DocumentRecord> {
    const sha256 = createHash('sha256').update(document.bytes).digest();
    await this.#ensureBlob(tx, sha256, document.bytes);
    const row = await tx
      .insertInto('documents')
      .values({
        id: newId('document'),
        organization_id: document.organizationId,
        live: document.live,
        sha256,
        origin: document.origin,
        content_type: document.contentType,
        size: document.bytes.length,
        page_count: document.pageCount ?? null,
        page_width: document.width ?? null,
        page_height: document.height ?? null,
        filename: document.filename ?? null,
        source_url: document.sourceUrl ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Leaves the blob's row locked by `tx` with its bytes written. */
  async #ensureBlob(tx: Tx, sha256: Buffer, bytes: Buffer): Promise<void> {
    for (;;) {
      const existing = await sql<{ purging: boolean }>`
        select purging from document_blobs where sha256 = ${sha256} for update`.execute(tx);
      const row = existing.rows[0];
      if (row && !row.purging) return;
      if (row) {
        // The purge may have removed the bytes already: write them again, here.
        await this.#writeBytes(sha256, bytes);
        await tx
          .updateTable('document_blobs')
          .set({
            purging: false,
            storage: this.backend,
            content: this.backend === 'postgres' ? bytes : null,
            size: bytes.length,
          })
          .where('sha256', '=', sha256)
          .execute();
        return;
      }
      // A concurrent put of the same bytes makes this wait for its commit, then find its row.
      const inserted = await tx
        .insertInto('document_blobs')
        .values({
          sha256,
          size: bytes.length,
          storage: this.backend,
          content: this.backend === 'postgres' ? bytes : null,
        })
        .onConflict((c) => c.column('sha256').doNothing())
        .returning('sha256')
        .executeTakeFirst();
      if (inserted) {
        await this.#writeBytes(sha256, bytes);
        return;
      }
    }
  }

  async #writeBytes(sha256: Buffer, bytes: Buffer): Promise<void> {
    if (this.objects) await this.objects.put(sha256, bytes);
  }

  /** A document's bytes, checked against its sha256 (what printers and renders get). */
  async read(db: Executor, document: Pick<DocumentRecord, 'id' | 'sha256'>): Promise<Buffer> {
    const stream = await this.open(db, document);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
      throw new Error(`document ${document.id}: its stored bytes do not match its sha256`);
    }
    return bytes;
  }

  /** A document's bytes as a stream, from wherever its blob was stored (a store switched to S3 still reads older blobs from PostgreSQL). */
  async open(db: Executor, document: Pick<DocumentRecord, 'id' | 'sha256'>): Promise<Readable> {
    const sha256 = Buffer.from(document.sha256, 'hex');
    const location = await blobLocation(db, sha256);
    const missing = () => new Error(`document ${document.id}: its bytes are missing from the document store`);
    if (!location) throw missing();
    if (location.storage === 'postgres') {
      const content = await blobContent(db, sha256);
      if (!content) throw missing();
      return Readable.from([content]);
    }
    if (!this.objects) {
      throw new Error(
        `document ${document.id} is in object storage, but DOCUMENT_STORE is not an s3:// store`,
      );
    }
    const stream = await this.objects.open(sha256);
    if (!stream) throw missing();
    return stream;
  }

  close(): void {
    this.objects?.close();
  }
}
