import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { KeyVault } from '../auth/key-vault.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { responses } from '../http/schemas.ts';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../sessions/cookie.ts';
import { requestSession } from '../sessions/request-auth.ts';
import { endSession, SESSION_LIFETIME_SECONDS, type Session } from '../sessions/service.ts';
import { checkMergeVariablesLength, checkTemplateHtmlLength } from '../templates/input-limits.ts';
import { previewTemplate } from '../templates/preview.ts';
import { listApiKeys, revealApiKey, rotateKey } from './api-keys.ts';
import {
  ApiKeyList,
  KeyParams,
  Me,
  RevealedKey,
  RotateBody,
  SignInBody,
  TemplatePreview,
  TemplatePreviewBody,
} from './schemas.ts';
import { signIn } from './service.ts';
import { SignInLimits } from './sign-in-throttle.ts';

export interface DashboardRouteOptions {
  db: Db;
  config: Config;
  vault: KeyVault;
}

function me(session: Session) {
  return {
    user: { id: session.userId, email: session.email },
    organization: { id: session.organizationId, name: session.organizationName },
    csrfToken: session.csrfToken,
  };
}

/**
 * The dashboard's own endpoints under /dashboard/api: sign-in and out, who am I, and API keys. Orders,
 * contacts and webhooks go through the public API with the session cookie (src/auth/plugin.ts).
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox<DashboardRouteOptions> = async (app, options) => {
  const { db, config, vault } = options;
  const schema = { hide: true };
  const signInLimits = new SignInLimits();

  const signedIn = async (request: FastifyRequest): Promise<Session> => {
    const session = await requestSession(db, request);
    if (!session) throw new ApiError('missing_auth_error', 'You are not signed in.');
    return session;
  };

  // Nothing here may be cached: keys, CSRF tokens and who is signed in.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.post(
    '/sign-in',
    { schema: { ...schema, body: SignInBody, response: responses(Me) } },
    async (request, reply) => {
      // Only a JSON body: a cross-site form cannot send one without a CORS preflight this server never
      // answers, so no other site can sign a visitor in to an account of its choosing (login CSRF).
      if (!request.headers['content-type']?.startsWith('application/json')) {
        throw new ApiError('unsupported_media_type_error', 'Sign in with a JSON body.');
      }
      const presented = readCookie(request, SESSION_COOKIE);
      const { token, session } = await signIn(db, signInLimits, request.ip, request.body, presented);
      reply.header(
        'set-cookie',
        sessionCookie(request, config.sessionCookieSecure, token, SESSION_LIFETIME_SECONDS),
      );
      return me(session);
    },
  );

  app.post('/sign-out', { schema }, async (request, reply) => {
    // An already-ended session just gets its cookie cleared; a live one must show its CSRF token, so no
    // other site can sign a visitor out.
    const session = await requestSession(db, request).catch((error: unknown) => {
      if (error instanceof ApiError && error.type === 'missing_auth_error') return null;
      throw error;
    });
    if (session) await endSession(db, readCookie(request, SESSION_COOKIE));
    reply.header('set-cookie', clearedSessionCookie(request, config.sessionCookieSecure));
    return { signedOut: true };
  });

  app.get('/me', { schema: { ...schema, response: responses(Me) } }, async (request) =>
    me(await signedIn(request)),
  );

  app.get('/api-keys', { schema: { ...schema, response: responses(ApiKeyList) } }, async (request) =>
    listApiKeys(db, (await signedIn(request)).organizationId),
  );

  app.post(
    '/api-keys/:id/reveal',
    { schema: { ...schema, params: KeyParams, response: responses(RevealedKey) } },
    async (request) => revealApiKey(db, vault, (await signedIn(request)).organizationId, request.params.id),
  );

  app.post(
    '/api-keys/rotate',
    { schema: { ...schema, body: RotateBody, response: responses(RevealedKey) } },
    async (request) => rotateKey(db, vault, (await signedIn(request)).organizationId, request.body.mode),
  );

  // The template editor's live preview: sample variables rendered as they would print.
  app.post(
    '/template-preview',
    { schema: { ...schema, body: TemplatePreviewBody, response: responses(TemplatePreview) } },
    async (request) => {
      await signedIn(request);
      checkTemplateHtmlLength(request.body.html);
      checkMergeVariablesLength(request.body.mergeVariables);
      return { html: await previewTemplate(request.body.html, request.body.mergeVariables ?? {}) };
    },
  );
};
