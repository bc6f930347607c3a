import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { requestSession, sessionApiAuth } from '../sessions/request-auth.ts';
import type { Session } from '../sessions/service.ts';
import { type ApiAuth, authenticateApiKey } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    apiAuth: ApiAuth | null;
    /** Set when the caller is the dashboard (session cookie) rather than an API key. */
    dashboardSession: Session | null;
  }
}

/**
 * Every route in the scope this is registered in requires a valid `x-api-key`, or, when no key is sent,
 * a dashboard session (cookie, plus the CSRF token on state-changing requests).
 */
export const apiKeyAuth = fp<{ db: Db }>(async (app, { db }) => {
  app.decorateRequest('apiAuth', null);
  app.decorateRequest('dashboardSession', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers['x-api-key'];
    if (header === undefined) {
      const session = await requestSession(db, request);
      if (session) {
        request.dashboardSession = session;
        request.apiAuth = sessionApiAuth(session, request);
        return;
      }
    }
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
