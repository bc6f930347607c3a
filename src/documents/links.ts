import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { type DocumentRecord, toRecord } from './repo.ts';

/**
 * What keeps a document: a link from an order (order_documents) or a bank account
 * (bank_account_documents). See purge.ts for how long each keeps it.
 *
 * Roles the integration uses: 'upload' (the customer's PDF or image, page 0), 'attachment' (attachedPDF),
 * 'rendered' (the print-ready PDF), 'thumbnail' (page ≥ 1, variant 'small' | 'medium' | 'large').
 * Any lowercase role is accepted; page 0 means "the whole document".
 */
export interface OrderDocumentLink {
  orderId: string;
  role: string;
  documentId: string;
  page?: number;
  variant?: string;
}

export interface LinkedDocument {
  role: string;
  page: number;
  variant: string;
  document: DocumentRecord;
}

/**
 * Links documents to an order, replacing what held the same (role, page, variant). The order and each
 * document must belong to the same organization and mode: a document is never lent to another tenant.
 */
export async function linkOrderDocuments(db: Executor, links: readonly OrderDocumentLink[]): Promise<void> {
  if (links.length === 0) return;
  // One row per key, the last given winning: one statement cannot update a row twice.
  const byKey = new Map<string, Record<string, unknown>>();
  for (const l of links) {
    const page = l.page ?? 0;
    const variant = l.variant ?? '';
    byKey.set(`${l.orderId}\0${l.role}\0${page}\0${variant}`, {
      order_id: l.orderId,
      role: l.role,
      page,
      variant,
      document_id: l.documentId,
    });
  }
  const rows = [...byKey.values()];
  const result = await sql<{ n: number }>`
    with wanted as (
      select * from json_populate_recordset(null::order_documents, ${JSON.stringify(rows)})
    ), allowed as (
      select w.order_id, w.role, w.page, w.variant, w.document_id
      from wanted w
      join orders o on o.id = w.order_id
      join documents d on d.id = w.document_id
      where d.organization_id = o.organization_id and d.live = o.live
    ), linked as (
      insert into order_documents (order_id, role, page, variant, document_id)
      -- All or none: a statement that links only some would leave the order half-documented.
      select * from allowed where (select count(*) from allowed) = ${rows.length}
      on conflict (order_id, role, page, variant) do update set document_id = excluded.document_id, created_at = now()
      returning 1
    )
    select count(*)::int as n from linked`.execute(db);
  if (result.rows[0]!.n !== rows.length) {
    throw invalid(
      'A document can only be linked to an order of its own organization and mode, and both must exist.',
    );
  }
}

export async function linkOrderDocument(db: Executor, link: OrderDocumentLink): Promise<void> {
  await linkOrderDocuments(db, [link]);
}

/** An order's documents, by role, page and variant. */
export async function orderDocuments(db: Executor, orderId: string): Promise<LinkedDocument[]> {
  const rows = await db
    .selectFrom('order_documents as l')
    .innerJoin('documents as d', 'd.id', 'l.document_id')
    .selectAll('d')
    .select(['l.role', 'l.page', 'l.variant'])
    .where('l.order_id', '=', orderId)
    .orderBy('l.role')
    .orderBy('l.page')
    .orderBy('l.variant')
    .execute();
  return rows.map(({ role, page, variant, ...document }) => ({
    role,
    page,
    variant,
    document: toRecord(document),
  }));
}

/** Removes an order's links (of one role, when given); documents left without links are purged later. */
export async function unlinkOrderDocuments(db: Executor, orderId: string, role?: string): Promise<number> {
  let query = db.deleteFrom('order_documents').where('order_id', '=', orderId);
  if (role !== undefined) query = query.where('role', '=', role);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Keeps a bank account's signature image for as long as the account row exists (cheques print with it). */
export async function linkBankAccountSignature(
  db: Executor,
  bankAccountId: string,
  documentId: string,
): Promise<void> {
  const result = await sql`
    insert into bank_account_documents (bank_account_id, document_id)
    select b.id, d.id from bank_accounts b join documents d on d.id = ${documentId}
    where b.id = ${bankAccountId} and d.organization_id = b.organization_id and d.live = b.live
    on conflict (bank_account_id) do update set document_id = excluded.document_id`.execute(db);
  if (Number(result.numAffectedRows ?? 0) !== 1) {
    throw invalid('A signature image can only be linked to a bank account of its own organization and mode.');
  }
}

export async function bankAccountSignature(
  db: Executor,
  bankAccountId: string,
): Promise<DocumentRecord | null> {
  const row = await db
    .selectFrom('bank_account_documents as l')
    .innerJoin('documents as d', 'd.id', 'l.document_id')
    .selectAll('d')
    .where('l.bank_account_id', '=', bankAccountId)
    .executeTakeFirst();
  return row ? toRecord(row) : null;
}
