import { sql } from 'kysely';
import type { DocumentsConfig } from '../config/documents.ts';
import type { Db } from '../db/database.ts';
import type { DocumentStore } from './store.ts';

/**
 * What keeps a document, and when it goes (README "Documents"):
 *
 * - A link from an order (order_documents) keeps it while the order is not cancelled: mailstream never
 *   deletes orders, so the documents of printed and completed orders stay as long as the order does.
 * - An order cancelled more than DOCUMENT_CANCELLED_RETENTION ago (30 days) lets go of its links.
 * - A link from a bank account (bank_account_documents: its signature image) keeps it while the account
 *   row exists, deleted or not: cheques already ordered print with it.
 * - A document no link keeps is purged once older than DOCUMENT_UNLINKED_TTL (1 day): an upload whose
 *   create failed, a proof made without an order, a render replaced by another.
 * - A blob (the bytes) goes with the last document naming it.
 *
 * Every step is a batch that may run in any number of workers at once (rows locked with SKIP LOCKED) and
 * may be cut short anywhere: what it did not finish, the next run does.
 */
export interface PurgeResult {
  /** Links of cancelled orders let go. */
  linksReleased: number;
  documentsPurged: number;
  blobsPurged: number;
}

const BATCH = 500;

/** Removes the links of orders cancelled in (watermark, now − retention], and moves the watermark. */
async function releaseCancelledOrders(db: Db, config: DocumentsConfig, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - config.cancelledRetentionMs);
  return db.transaction().execute(async (tx) => {
    // The state row's lock makes concurrent runs take turns over the same range.
    const state = await sql<{ cancelled_through: Date }>`
      select cancelled_through from document_purge_state for update`.execute(tx);
    const from = state.rows[0]!.cancelled_through;
    if (from >= cutoff) return 0;
    const released = await sql`
      delete from order_documents l using orders o
      where o.id = l.order_id and o.status = 'cancelled' and o.cancelled_at > ${from} and o.cancelled_at <= ${cutoff}`.execute(
      tx,
    );
    await sql`update document_purge_state set cancelled_through = ${cutoff}`.execute(tx);
    return Number(released.numAffectedRows ?? 0);
  });
}

/**
 * Deletes a batch of documents nothing links to and older than the TTL, and marks the blobs they leave
 * unreferenced `purging`, in one transaction: a crash after it leaves the marks, which the blob step finds.
 */
async function purgeUnlinkedDocuments(db: Db, config: DocumentsConfig, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - config.unlinkedTtlMs);
  return db.transaction().execute(async (tx) => {
    const gone = await sql<{ sha256: Buffer }>`
      with doomed as (
        select id from documents where links = 0 and created_at < ${cutoff}
        order by created_at limit ${BATCH} for update skip locked
      )
      delete from documents d using doomed where d.id = doomed.id returning d.sha256`.execute(tx);
    if (gone.rows.length === 0) return 0;
    const shas = [...new Map(gone.rows.map((r) => [r.sha256.toString('hex'), r.sha256])).values()];
    await sql`
      update document_blobs b set purging = true
      where b.sha256 = any(${shas}::bytea[])
        and not exists (select 1 from documents d where d.sha256 = b.sha256)`.execute(tx);
    return gone.rows.length;
  });
}

/**
 * Removes blobs marked `purging`, one at a time under its row lock: bytes first (S3), then the row. A
 * document that came to name the blob meanwhile keeps it (the mark is cleared).
 */
async function purgeMarkedBlobs(db: Db, store: DocumentStore): Promise<number> {
  let purged = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const marked = await sql<{ sha256: Buffer; storage: 'postgres' | 's3' }>`
        select sha256, storage from document_blobs where purging limit 1 for update skip locked`.execute(tx);
      const blob = marked.rows[0];
      if (!blob) return null;
      const used = await sql`select 1 from documents where sha256 = ${blob.sha256} limit 1`.execute(tx);
      if (used.rows.length > 0) {
        await sql`update document_blobs set purging = false where sha256 = ${blob.sha256}`.execute(tx);
        return false;
      }
      if (blob.storage === 's3') {
        if (!store.objects) {
          throw new Error(
            'a blob in object storage is to be purged, but DOCUMENT_STORE is not an s3:// store',
          );
        }
        await store.objects.delete(blob.sha256);
      }
      await sql`delete from document_blobs where sha256 = ${blob.sha256}`.execute(tx);
      return true;
    });
    if (done === null) return purged;
    if (done) purged++;
  }
}

/** One purge run: what the schedule (src/documents/tasks.ts) calls. */
export async function purgeDocuments(
  db: Db,
  store: DocumentStore,
  config: DocumentsConfig,
  now: Date = new Date(),
): Promise<PurgeResult> {
  const linksReleased = await releaseCancelledOrders(db, config, now);
  let documentsPurged = 0;
  for (;;) {
    const n = await purgeUnlinkedDocuments(db, config, now);
    documentsPurged += n;
    if (n < BATCH) break;
  }
  const blobsPurged = await purgeMarkedBlobs(db, store);
  return { linksReleased, documentsPurged, blobsPurged };
}

/**
 * Object storage only: deletes objects older than `minAgeMs` that no blob row names — bytes uploaded by a
 * put whose transaction never committed (a crash between the upload and the commit). Each is claimed
 * with a `purging` row first, so a put of the same bytes arriving meanwhile waits and then writes them again.
 */
export async function sweepOrphanObjects(
  db: Db,
  store: DocumentStore,
  minAgeMs = 86_400_000,
  now: Date = new Date(),
): Promise<number> {
  if (!store.objects) return 0;
  const objects = store.objects;
  const before = now.getTime() - minAgeMs;
  let swept = 0;
  for await (const page of objects.list()) {
    const old = page.filter((o) => o.lastModified.getTime() < before).map((o) => o.sha256);
    if (old.length === 0) continue;
    const known = await sql<{ sha256: Buffer }>`
      select sha256 from document_blobs where sha256 = any(${old}::bytea[])`.execute(db);
    const names = new Set(known.rows.map((r) => r.sha256.toString('hex')));
    for (const sha256 of old.filter((s) => !names.has(s.toString('hex')))) {
      const claimed = await db.transaction().execute(async (tx) => {
        const row = await sql`
          insert into document_blobs (sha256, size, storage, purging) values (${sha256}, 0, 's3', true)
          on conflict (sha256) do nothing returning 1`.execute(tx);
        if (row.rows.length === 0) return false;
        await objects.delete(sha256);
        await sql`delete from document_blobs where sha256 = ${sha256}`.execute(tx);
        return true;
      });
      if (claimed) swept++;
    }
  }
  return swept;
}
