import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { type ApiAuth, authenticateApiKey } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiAuth: ApiAuth | null;
  }
}

/** Every route in the scope this is registered in requires a valid `x-api-key`. */
export const apiKeyAuth = fp<{ db: Db }>(async (app, { db }) => {
  app.decorateRequest('apiAuth', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers['x-api-key'];
    const auth = await authenticateApiKey(db, Array.isArray(header) ? header[0] : header);
    if (!auth) {
      throw new ApiError(
        'missing_auth_error',
        header ? 'The API key is invalid.' : 'Missing API key: send it in the x-api-key header.',
      );
    }
    request.apiAuth = auth;
  });
});

/** The authenticated caller of a route inside the API scope. */
export function auth(request: FastifyRequest): ApiAuth {
  if (!request.apiAuth) throw new ApiError('missing_auth_error', 'Missing API key.');
  return request.apiAuth;
}

export type { FastifyInstance };
