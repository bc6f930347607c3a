// The proof endpoints' service functions: PostGrid's `GET /{kind}/{id}/url` and Lob-style resource
// proofs, `POST /{kind}/proofs`, which render a create body as its order would print without making one.
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { ApiAuth } from '../auth/api-keys.ts';
import { auth } from '../auth/plugin.ts';
import type { Db, Tx } from '../db/database.ts';
import { orderDocuments } from '../documents/links.ts';
import { PROOF_LINK_TTL_SECONDS } from '../documents/signed-links.ts';
import { ApiError } from '../errors.ts';
import type { OrderJson } from '../orders/repo.ts';
import { createOrder, type OrderCreateInput, type OrderKindSpec } from '../orders/service.ts';
import type { OrderDocumentsDeps } from '../orders/uploads.ts';
import { findTemplateSnapshots } from '../printers/repo.ts';
import { OrderRenderFailure, type RenderedOrder, renderOrderPdf } from './order-render.ts';
import { orderProofs, requestBaseUrl } from './proofs.ts';
import { renderThumbnails } from './thumbnails.ts';

/** `{id, object: "<kind>_url", url}`: the rendered PDF, signed for 15 minutes (a 422 until it is rendered). */
export async function proofUrl(request: FastifyRequest, db: Db, kind: string, order: OrderJson) {
  const render = (order as { render?: { status?: string } }).render;
  const proof =
    render?.status === 'rendered'
      ? (await orderProofs(db, request.server.documents.links, requestBaseUrl(request), [order.id])).get(
          order.id,
        )
      : undefined;
  if (!proof) {
    throw new ApiError(
      'unprocessable_error',
      render?.status === 'failed'
        ? `${order.id} has no PDF: its render failed (see render.error); cancel it and create it again.`
        : `${order.id} is still being rendered; its PDF is ready in a moment.`,
    );
  }
  return { id: order.id, object: `${kind}_url`, url: proof.url };
}

/** Thrown to roll the proof's order back once its PDF is made. */
class ProofMade extends Error {
  constructor(readonly rendered: RenderedOrder) {
    super('proof made');
  }
}

/**
 * Renders a create body into the PDF its order would print: the create runs (every check, template
 * lookups, uploads) in a transaction that is rolled back once the PDF is made, so nothing of the order
 * stays. The proof and its thumbnails are stored as documents no order uses, purged after
 * DOCUMENT_UNLINKED_TTL; the answer links to them for 15 minutes.
 */
export async function renderProof<I extends OrderCreateInput>(
  request: FastifyRequest,
  db: Db,
  spec: OrderKindSpec<I>,
  input: I,
  documents: OrderDocumentsDeps,
) {
  const scope: ApiAuth = auth(request);
  const app = request.server.documents;
  let rendered: RenderedOrder;
  try {
    await db.transaction().execute(async (tx: Tx) => {
      const order = await createOrder(tx, scope, spec, input, new Date(), { documents });
      const { rows } = await sql<{ details: Record<string, unknown> }>`
        select details from orders where id = ${order.id}`.execute(tx);
      const made = await renderOrderPdf(
        { db: tx, store: app.store, documents: app.config, html: app.proofRenderer, cache: app.proofCache },
        {
          order: order as OrderJson & { object: string },
          details: rows[0]!.details,
          snapshots: await findTemplateSnapshots(tx, order.id),
          documents: await orderDocuments(tx, order.id),
        },
      );
      throw new ProofMade(made);
    });
    throw new Error('the proof transaction ended without a proof');
  } catch (error) {
    if (error instanceof OrderRenderFailure) {
      throw new ApiError(
        'validation_error',
        `${error.asset}: this content cannot be rendered: ${error.message}`,
      );
    }
    if (!(error instanceof ProofMade)) throw error;
    rendered = error.rendered;
  }
  const owner = { organizationId: scope.organizationId, live: scope.live };
  const pdf = await app.store.put(db, {
    ...owner,
    origin: 'render',
    contentType: 'application/pdf',
    bytes: Buffer.from(rendered.pdf),
    pageCount: rendered.pageCount,
  });
  const base = requestBaseUrl(request);
  const now = new Date();
  const sign = (id: string) => app.links.url(base, id, PROOF_LINK_TTL_SECONDS, now);
  const thumbnails = [];
  for (const set of await renderThumbnails(rendered.pdf)) {
    const urls = { small: '', medium: '', large: '' };
    for (const variant of ['small', 'medium', 'large'] as const) {
      const png = await app.store.put(db, {
        ...owner,
        origin: 'thumbnail',
        contentType: 'image/png',
        bytes: Buffer.from(set[variant]),
      });
      urls[variant] = await sign(png.id);
    }
    thumbnails.push(urls);
  }
  return { object: `${spec.kind}_proof`, url: await sign(pdf.id), pageCount: rendered.pageCount, thumbnails };
}
