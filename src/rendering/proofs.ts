// Proofs: what a customer sees of the print-ready PDF before and after it prints (BRIEF §13): signed,
// expiring links to it and to its page thumbnails, made afresh on every GET.
import type { FastifyRequest } from 'fastify';
import type { DocumentsConfig } from '../config/documents.ts';
import type { Executor } from '../db/database.ts';
import { type DocumentLinks, PROOF_LINK_TTL_SECONDS } from '../documents/signed-links.ts';
import type { DocumentStore } from '../documents/store.ts';
import type { HtmlToPdf } from './order-render.ts';
import type { OrderRenderCache } from './order-render-cache.ts';

/** What the API app holds of the documents domain (decorated as `app.documents`). */
export interface AppDocuments {
  config: DocumentsConfig;
  store: DocumentStore;
  links: DocumentLinks;
  /** Renders the HTML of proofs. */
  proofRenderer: HtmlToPdf;
  proofCache: OrderRenderCache;
}

/** The origin links are made for: the one the request came to, so a proxy's host is kept. */
export function requestBaseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export interface OrderProof {
  url: string;
  thumbnails: { small: string; medium: string; large: string }[];
}

/** Signed links to the rendered PDF and thumbnails of each of `orderIds` that has them, valid `ttlSeconds`. */
export async function orderProofs(
  db: Executor,
  links: DocumentLinks,
  baseUrl: string,
  orderIds: readonly string[],
  ttlSeconds = PROOF_LINK_TTL_SECONDS,
): Promise<Map<string, OrderProof>> {
  const proofs = new Map<string, OrderProof>();
  if (orderIds.length === 0) return proofs;
  const rows = await db
    .selectFrom('order_documents')
    .select(['order_id', 'role', 'page', 'variant', 'document_id'])
    .where('order_id', 'in', [...orderIds])
    .where('role', 'in', ['rendered', 'thumbnail'])
    .orderBy('order_id')
    .orderBy('page')
    .execute();
  const now = new Date();
  const sign = (documentId: string) => links.url(baseUrl, documentId, ttlSeconds, now);
  for (const row of rows) {
    if (row.role !== 'rendered') continue;
    proofs.set(row.order_id, { url: await sign(row.document_id), thumbnails: [] });
  }
  for (const row of rows) {
    const proof = proofs.get(row.order_id);
    if (row.role !== 'thumbnail' || !proof || row.page < 1) continue;
    proof.thumbnails[row.page - 1] ??= { small: '', medium: '', large: '' };
    const set = proof.thumbnails[row.page - 1]!;
    if (row.variant === 'small' || row.variant === 'medium' || row.variant === 'large') {
      set[row.variant] = await sign(row.document_id);
    }
  }
  return proofs;
}

/** The orders as the API shows them, each rendered one with its `url` and `thumbnails`, freshly signed. */
export async function withProofs<T extends { id: string; render?: { status?: string } }>(
  request: FastifyRequest,
  db: Executor,
  orders: T[],
): Promise<T[]> {
  const rendered = orders.filter((o) => o.render?.status === 'rendered').map((o) => o.id);
  if (rendered.length === 0) return orders;
  const proofs = await orderProofs(db, request.server.documents.links, requestBaseUrl(request), rendered);
  return orders.map((o) => {
    const proof = proofs.get(o.id);
    return proof ? { ...o, url: proof.url, thumbnails: proof.thumbnails } : o;
  });
}
