import type { Selectable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DocumentsTable } from '../db/schema.ts';

export type DocumentOrigin = DocumentsTable['origin'];

/** A stored document, as the rest of mailstream sees it. Its bytes never change. */
export interface DocumentRecord {
  id: string;
  organizationId: string;
  live: boolean;
  /** Hex. */
  sha256: string;
  origin: DocumentOrigin;
  contentType: string;
  size: number;
  /** PDFs only. */
  pageCount: number | null;
  /** PDFs: the first page in points; images: pixels. */
  width: number | null;
  height: number | null;
  filename: string | null;
  sourceUrl: string | null;
  createdAt: Date;
}

export function toRecord(row: Selectable<DocumentsTable>): DocumentRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    live: row.live,
    sha256: row.sha256.toString('hex'),
    origin: row.origin,
    contentType: row.content_type,
    size: row.size,
    pageCount: row.page_count,
    width: row.page_width,
    height: row.page_height,
    filename: row.filename,
    sourceUrl: row.source_url,
    createdAt: row.created_at,
  };
}

export async function findDocument(db: Executor, id: string): Promise<DocumentRecord | null> {
  const row = await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** Documents by id, in no particular order; ids that are not there are left out. */
export async function findDocuments(db: Executor, ids: readonly string[]): Promise<DocumentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(toRecord);
}

/** Where a blob's bytes are, and whether a purge may have removed them. */
export async function blobLocation(
  db: Executor,
  sha256: Buffer,
): Promise<{ storage: 'postgres' | 's3'; purging: boolean } | null> {
  const row = await db
    .selectFrom('document_blobs')
    .select(['storage', 'purging'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ?? null;
}

export async function blobContent(db: Executor, sha256: Buffer): Promise<Buffer | null> {
  const row = await db
    .selectFrom('document_blobs')
    .select('content')
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row?.content ?? null;
}
