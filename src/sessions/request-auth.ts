import type { FastifyRequest } from 'fastify';
import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { readCookie, SESSION_COOKIE } from './cookie.ts';
import { csrfMatches, resolveSession, type Session } from './service.ts';

export const MODE_HEADER = 'x-mailstream-mode';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The signed-in dashboard user behind a request, or null when it carries no session cookie. A cookie that
 * is no longer valid, and a state-changing request without the session's CSRF token, are refused.
 */
export async function requestSession(db: Db, request: FastifyRequest): Promise<Session | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token === undefined || token === '') return null;
  const session = await resolveSession(db, token);
  if (!session) throw new ApiError('missing_auth_error', 'Your dashboard session has ended; sign in again.');
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER])) {
    throw new ApiError(
      'permission_missing_error',
      `Missing or wrong ${CSRF_HEADER} header for this session.`,
    );
  }
  return session;
}

/**
 * What the dashboard acts as on the API: the session's organization, in the mode the dashboard's test/live
 * switch names (test when the header is absent, so a forgotten header never touches live mail).
 */
export function sessionApiAuth(session: Session, request: FastifyRequest): ApiAuth {
  const raw = request.headers[MODE_HEADER];
  const mode = (Array.isArray(raw) ? raw[0] : raw) ?? 'test';
  if (mode !== 'test' && mode !== 'live') {
    throw new ApiError('validation_error', `${MODE_HEADER} must be test or live, got "${mode}".`);
  }
  return { organizationId: session.organizationId, live: mode === 'live', keyId: session.id };
}
