/**
 * The document store, run whole against each backend: PostgreSQL, and S3 through a real S3-protocol
 * server (s3rver) this file starts. Every test below runs on both.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { loadDocumentsConfig } from '../../src/config/documents.ts';
import type { Db } from '../../src/db/database.ts';
import {
  bankAccountSignature,
  linkBankAccountSignature,
  linkOrderDocument,
  linkOrderDocuments,
  orderDocuments,
  unlinkOrderDocuments,
} from '../../src/documents/links.ts';
import { purgeDocuments, sweepOrphanObjects } from '../../src/documents/purge.ts';
import { findDocument } from '../../src/documents/repo.ts';
import { DocumentStore, type NewDocument } from '../../src/documents/store.ts';
import { newId } from '../../src/ids.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { type S3Server, startS3Server } from './s3-server.ts';

const DAY = 86_400_000;

interface Backend {
  name: 'postgres' | 's3';
  start(): Promise<{ env: Record<string, string>; close(): Promise<void> }>;
}

const backends: Backend[] = [
  { name: 'postgres', start: async () => ({ env: { DOCUMENT_STORE: 'postgres' }, close: async () => {} }) },
  { name: 's3', start: (): Promise<S3Server> => startS3Server() },
];

async function insertOrder(db: Db, organizationId: string, live = false): Promise<string> {
  const id = newId('letter');
  await sql`
    insert into orders (id, kind, organization_id, live, to_contact, send_date, mailing_class, details)
    values (${id}, 'letter', ${organizationId}, ${live}, '{}'::jsonb, now(), 'first_class', '{}'::jsonb)`.execute(
    db,
  );
  return id;
}

async function cancelOrder(db: Db, id: string, at: Date): Promise<void> {
  await sql`update orders set status = 'cancelled', cancelled_at = ${at} where id = ${id}`.execute(db);
}

async function insertBankAccount(db: Db, organizationId: string): Promise<string> {
  const id = newId('bank_account');
  await sql`
    insert into bank_accounts (id, organization_id, live, bank_name, bank_country_code, account_number)
    values (${id}, ${organizationId}, false, 'Bank', 'US', '123456789')`.execute(db);
  return id;
}

const count = async (db: Db, table: 'documents' | 'document_blobs') =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n,
  );

for (const backend of backends) {
  describe(`document store on ${backend.name}`, () => {
    let database: TestDatabase;
    let db: Db;
    let server: { close(): Promise<void> };
    let store: DocumentStore;
    let config: ReturnType<typeof loadDocumentsConfig>;
    let org: string;
    let otherOrg: string;

    before(async () => {
      const started = await backend.start();
      server = started;
      config = loadDocumentsConfig(started.env);
      store = new DocumentStore(config);
      database = await createTestDatabase();
      db = database.db;
      org = (await createOrganization(db, 'Documents')).organizationId;
      otherOrg = (await createOrganization(db, 'Other')).organizationId;
    });
    after(async () => {
      store.close();
      await database.drop();
      await server.close();
    });

    const doc = (bytes: Buffer, extra: Partial<NewDocument> = {}): NewDocument => ({
      organizationId: org,
      live: false,
      origin: 'upload',
      contentType: 'application/pdf',
      bytes,
      ...extra,
    });

    /** Whether the blob's bytes are where this backend keeps them. */
    async function bytesStored(sha256Hex: string): Promise<boolean> {
      const sha256 = Buffer.from(sha256Hex, 'hex');
      if (backend.name === 's3') {
        const stream = await store.objects!.open(sha256);
        stream?.destroy();
        return stream !== null;
      }
      const row = await db
        .selectFrom('document_blobs')
        .select('content')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row?.content != null;
    }

    it('stores a document and reads its bytes back, content-addressed, where the backend keeps them', async () => {
      const bytes = randomBytes(200_000);
      const record = await store.put(
        db,
        doc(bytes, { pageCount: 2, width: 612, height: 792, filename: 'a.pdf' }),
      );
      assert.match(record.id, /^document_[0-9A-Za-z]{22}$/);
      assert.equal(record.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.deepEqual(
        [record.size, record.pageCount, record.width, record.height, record.filename],
        [200_000, 2, 612, 792, 'a.pdf'],
      );
      assert.deepEqual(await store.read(db, record), bytes);
      const chunks: Buffer[] = [];
      for await (const chunk of await store.open(db, record)) chunks.push(chunk as Buffer);
      assert.deepEqual(Buffer.concat(chunks), bytes);
      const blob = await db
        .selectFrom('document_blobs')
        .selectAll()
        .where('sha256', '=', Buffer.from(record.sha256, 'hex'))
        .executeTakeFirstOrThrow();
      assert.equal(blob.storage, backend.name);
      assert.equal(blob.content === null, backend.name === 's3');
      assert.ok(await bytesStored(record.sha256));
      assert.deepEqual(await findDocument(db, record.id), record);
    });

    it('identical content is stored once, whoever stores it; concurrent puts of new bytes agree', async () => {
      const bytes = randomBytes(50_000);
      const blobsBefore = await count(db, 'document_blobs');
      const records = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          store.put(db, doc(bytes, { organizationId: n % 2 ? org : otherOrg })),
        ),
      );
      assert.equal(new Set(records.map((r) => r.id)).size, 12);
      assert.equal(new Set(records.map((r) => r.sha256)).size, 1);
      assert.equal(await count(db, 'document_blobs'), blobsBefore + 1);
      for (const record of records) assert.deepEqual(await store.read(db, record), bytes);
    });

    it("a put inside the caller's transaction that rolls back leaves no document and no blob row", async () => {
      const bytes = randomBytes(1000);
      const before = [await count(db, 'documents'), await count(db, 'document_blobs')];
      await assert.rejects(
        db.transaction().execute(async (tx) => {
          await store.put(tx, doc(bytes));
          throw new Error('the create failed after storing');
        }),
        /the create failed/,
      );
      assert.deepEqual([await count(db, 'documents'), await count(db, 'document_blobs')], before);
      // In object storage the upload may have happened: the sweep removes such an orphan.
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const swept = await sweepOrphanObjects(db, store, 0);
      if (backend.name === 's3') {
        assert.ok(swept >= 1);
        assert.equal(await bytesStored(sha256), false);
      } else assert.equal(swept, 0);
    });

    it('the sweep leaves the objects of live blobs alone', async () => {
      const record = await store.put(db, doc(randomBytes(1000)));
      await sweepOrphanObjects(db, store, 0);
      assert.ok(await bytesStored(record.sha256));
      assert.ok((await store.read(db, record)).length === 1000);
    });

    it('links: an order lists its documents by role; relinking replaces; links never cross organizations', async () => {
      const order = await insertOrder(db, org);
      const upload = await store.put(db, doc(randomBytes(100)));
      const rendered = await store.put(db, doc(randomBytes(100), { origin: 'render' }));
      const rerendered = await store.put(db, doc(randomBytes(100), { origin: 'render' }));
      const thumb = await store.put(
        db,
        doc(randomBytes(100), { origin: 'thumbnail', contentType: 'image/png' }),
      );
      await linkOrderDocuments(db, [
        { orderId: order, role: 'upload', documentId: upload.id },
        { orderId: order, role: 'rendered', documentId: rendered.id },
        { orderId: order, role: 'thumbnail', page: 1, variant: 'small', documentId: thumb.id },
      ]);
      await linkOrderDocument(db, { orderId: order, role: 'rendered', documentId: rerendered.id });
      const linked = await orderDocuments(db, order);
      assert.deepEqual(
        linked.map((l) => [l.role, l.page, l.variant, l.document.id]),
        [
          ['rendered', 0, '', rerendered.id],
          ['thumbnail', 1, 'small', thumb.id],
          ['upload', 0, '', upload.id],
        ],
      );
      const links = async (id: string) =>
        (await db.selectFrom('documents').select('links').where('id', '=', id).executeTakeFirstOrThrow())
          .links;
      assert.deepEqual(await Promise.all([upload, rendered, rerendered].map((d) => links(d.id))), [1, 0, 1]);

      const foreign = await store.put(db, doc(randomBytes(100), { organizationId: otherOrg }));
      await assert.rejects(
        linkOrderDocuments(db, [
          { orderId: order, role: 'attachment', documentId: upload.id },
          { orderId: order, role: 'attachment', page: 2, documentId: foreign.id },
        ]),
        /own organization/,
      );
      assert.equal((await orderDocuments(db, order)).length, 3, 'nothing of the refused batch was linked');
      const liveDocument = await store.put(db, doc(randomBytes(100), { live: true }));
      await assert.rejects(
        linkOrderDocument(db, { orderId: order, role: 'x', documentId: liveDocument.id }),
        /mode/,
      );

      assert.equal(await unlinkOrderDocuments(db, order, 'thumbnail'), 1);
      assert.equal(await links(thumb.id), 0);
    });

    it('purge: documents nothing keeps go after the TTL, with their bytes; kept ones stay readable', async () => {
      const now = Date.now();
      const later = (ms: number) => new Date(now + ms);
      const ready = await insertOrder(db, org);
      const cancelledLong = await insertOrder(db, org);
      const cancelledRecently = await insertOrder(db, org);
      const account = await insertBankAccount(db, org);
      const put = (extra: Partial<NewDocument> = {}) => store.put(db, doc(randomBytes(5000), extra));
      const unlinked = await put();
      const ofReady = await put({ origin: 'render' });
      const ofCancelledLong = await put({ origin: 'render' });
      const ofCancelledRecently = await put({ origin: 'render' });
      const signature = await put({ contentType: 'image/png' });
      const sharedBytes = randomBytes(5000);
      const sharedUnlinked = await store.put(db, doc(sharedBytes));
      const sharedKept = await store.put(db, doc(sharedBytes));
      await linkOrderDocuments(db, [
        { orderId: ready, role: 'rendered', documentId: ofReady.id },
        { orderId: cancelledLong, role: 'rendered', documentId: ofCancelledLong.id },
        { orderId: cancelledRecently, role: 'rendered', documentId: ofCancelledRecently.id },
        { orderId: ready, role: 'attachment', documentId: sharedKept.id },
      ]);
      await linkBankAccountSignature(db, account, signature.id);
      assert.equal((await bankAccountSignature(db, account))?.id, signature.id);
      // Cancelled 31 and 2 days before the run (retention 30 days).
      const runAt = later(2 * DAY);
      await cancelOrder(db, cancelledLong, new Date(runAt.getTime() - 31 * DAY));
      await cancelOrder(db, cancelledRecently, new Date(runAt.getTime() - 2 * DAY));

      // Within the TTL (1 day) nothing goes.
      const early = await purgeDocuments(db, store, config, later(DAY / 2));
      assert.equal(early.documentsPurged, 0);
      assert.ok(await findDocument(db, unlinked.id));

      const result = await purgeDocuments(db, store, config, runAt);
      assert.equal(result.linksReleased, 1);
      const gone = [unlinked, ofCancelledLong, sharedUnlinked];
      const kept = [ofReady, ofCancelledRecently, signature, sharedKept];
      for (const d of gone) assert.equal(await findDocument(db, d.id), null, `${d.id} should be purged`);
      for (const d of kept) {
        assert.ok(await findDocument(db, d.id), `${d.id} should be kept`);
        assert.equal((await store.read(db, d)).length, 5000);
      }
      assert.ok(result.documentsPurged >= 3);
      assert.ok(result.blobsPurged >= 2, JSON.stringify(result));
      assert.equal(await bytesStored(unlinked.sha256), false);
      assert.equal(await bytesStored(ofCancelledLong.sha256), false);
      assert.ok(await bytesStored(sharedKept.sha256), 'bytes still named by a document stay');
      assert.deepEqual(await orderDocuments(db, cancelledLong), []);
      assert.equal((await orderDocuments(db, cancelledRecently)).length, 1);

      // The next run has nothing more to do; the recent cancel is released once its retention passes.
      const again = await purgeDocuments(db, store, config, runAt);
      assert.deepEqual(again, { linksReleased: 0, documentsPurged: 0, blobsPurged: 0 });
      const month = await purgeDocuments(db, store, config, later(31 * DAY));
      assert.equal(month.linksReleased, 1);
      assert.equal(await findDocument(db, ofCancelledRecently.id), null);
      assert.ok(await findDocument(db, ofReady.id));
      assert.ok(
        await findDocument(db, signature.id),
        'a bank account keeps its signature as long as it exists',
      );
    });

    it('a put meeting a blob the purge marked (its bytes possibly removed) writes them again; the purge then keeps it', async () => {
      const bytes = randomBytes(3000);
      const first = await store.put(db, doc(bytes));
      const sha256 = Buffer.from(first.sha256, 'hex');
      await db.deleteFrom('documents').where('id', '=', first.id).execute();
      // As a purge that marked the blob and removed its bytes, then stopped before deleting the row.
      await db.updateTable('document_blobs').set({ purging: true }).where('sha256', '=', sha256).execute();
      if (backend.name === 's3') await store.objects!.delete(sha256);
      else
        await db.updateTable('document_blobs').set({ content: null }).where('sha256', '=', sha256).execute();
      const second = await store.put(db, doc(bytes));
      assert.deepEqual(await store.read(db, second), bytes);
      const blob = await db
        .selectFrom('document_blobs')
        .selectAll()
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      assert.equal(blob.purging, false);

      // Marked again while a document names it (a put that came between the marking and the removal).
      await db.updateTable('document_blobs').set({ purging: true }).where('sha256', '=', sha256).execute();
      await purgeDocuments(db, store, config);
      assert.deepEqual(await store.read(db, second), bytes);
      const kept = await db
        .selectFrom('document_blobs')
        .select('purging')
        .where('sha256', '=', sha256)
        .executeTakeFirstOrThrow();
      assert.equal(kept.purging, false);
    });

    it('purges racing puts of the same bytes never leave a document without its bytes', async () => {
      const bytes = randomBytes(4000);
      const doomed = await store.put(db, doc(bytes));
      const sha256 = Buffer.from(doomed.sha256, 'hex');
      const records: Awaited<ReturnType<DocumentStore['put']>>[] = [];
      for (let round = 0; round < 5; round++) {
        // Make the blob unreferenced and due, then purge while new documents of the same bytes arrive.
        await db.deleteFrom('documents').where('sha256', '=', sha256).execute();
        await db.updateTable('document_blobs').set({ purging: true }).where('sha256', '=', sha256).execute();
        const [, ...made] = await Promise.all([
          purgeDocuments(db, store, config),
          ...Array.from({ length: 3 }, () => store.put(db, doc(bytes))),
        ]);
        records.push(...made);
        for (const record of made) assert.deepEqual(await store.read(db, record), bytes, `round ${round}`);
      }
      assert.equal(records.length, 15);
    });
  });
}
