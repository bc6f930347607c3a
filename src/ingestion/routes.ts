import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { responses } from '../http/schemas.ts';
import { verifyFeedToken } from './feed-tokens.ts';
import { IngestResultSchema, IvmtrBatch } from './schemas.ts';
import { feedEvents, ingestScans, MAX_BATCH_EVENTS } from './service.ts';

export const USPS_PREFIX = '/usps/v1';

// 10,000 events of a few hundred bytes each, with room for verbose feeds.
const FEED_BODY_LIMIT = MAX_BATCH_EVENTS * 3 * 1024;

/**
 * The USPS feed scope (`/usps/v1`): its own auth — `Authorization: Bearer <feed token>` — and nothing of
 * the organization API (a feed carries every organization's mail).
 */
export const uspsFeedRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (app, { db, config }) => {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      throw new ApiError(
        'missing_auth_error',
        'Missing feed token: send it as Authorization: Bearer <token>.',
      );
    }
    if (!(await verifyFeedToken(db, config.uspsFeedToken, match[1]!))) {
      throw new ApiError('missing_auth_error', 'The feed token is invalid or revoked.');
    }
  });

  app.post(
    '/ivmtr',
    {
      bodyLimit: Math.max(FEED_BODY_LIMIT, config.bodyLimitBytes),
      schema: {
        tags: ['USPS feed'],
        summary: 'Push IV-MTR piece scans',
        security: [{ UspsFeedToken: [] }],
        body: IvmtrBatch,
        response: responses(IngestResultSchema),
      },
      // The body schema documents the feed; the service validates it, event by event (see IngestResult).
      validatorCompiler: () => () => true,
    },
    async (request) => ingestScans(db, feedEvents(request.body), { source: 'feed' }),
  );
};
