import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { resolveSecret } from '../auth/key-vault.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { findDocument } from './repo.ts';
import { DocumentLinks } from './signed-links.ts';
import { DocumentStore } from './store.ts';

export interface DocumentRoutesOptions {
  db: Db;
  config: Config;
  /** Made from config.documents when omitted (and closed with the app). */
  store?: DocumentStore;
  /** Made from MAILSTREAM_SECRET (or DATA_DIR's secret) when omitted. */
  links?: DocumentLinks;
}

const extensions: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/**
 * `GET /documents/v1/{token}`: the document a signed link names, with its content type. No API key: the
 * link is the authorization, until it expires (403). A token that is not ours, altered, or names a
 * document purged since is a 404. Register with `prefix: DOCUMENTS_PREFIX`.
 */
export async function documentRoutes(app: FastifyInstance, options: DocumentRoutesOptions): Promise<void> {
  const { db } = options;
  const store = options.store ?? new DocumentStore(options.config.documents);
  if (!options.store) app.addHook('onClose', async () => store.close());
  const links = options.links ?? new DocumentLinks(await resolveSecret(options.config));

  // A wildcard, not `/:token`: Fastify refuses parameters over 100 characters (maxParamLength), and a
  // signed token is about 220.
  app.get(
    '/*',
    {
      schema: {
        summary: 'A document by signed link',
        description:
          "Streams the document a signed link (an order's `url`, a proof) names. The link expires: then 403.",
        tags: ['Documents'],
        security: [],
        params: Type.Object({ '*': Type.String({ maxLength: 4096, description: 'The signed token.' }) }),
      },
    },
    async (request, reply) => {
      const token = (request.params as { '*': string })['*'];
      const check = await links.verify(token);
      if (!check.ok && check.reason === 'expired') {
        throw new ApiError(
          'permission_missing_error',
          `This document link expired at ${check.expiredAt.toISOString()}; ask for a new one.`,
        );
      }
      const document = check.ok ? await findDocument(db, check.documentId) : null;
      if (!check.ok || !document) throw new ApiError('not_found_error', 'No document is found at this link.');
      const seconds = Math.max(0, Math.floor((check.expiresAt.getTime() - Date.now()) / 1000));
      const etag = `"${document.sha256}"`;
      reply
        .header('content-type', document.contentType)
        .header('etag', etag)
        .header('cache-control', `private, max-age=${seconds}`)
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="${document.id}.${extensions[document.contentType] ?? 'bin'}"`,
        );
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      reply.header('content-length', document.size);
      return reply.send(await store.open(db, document));
    },
  );
}
