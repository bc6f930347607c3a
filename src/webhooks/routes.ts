import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auth } from '../auth/plugin.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { Deleted, IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import {
  EventParams,
  InvocationListQuery,
  RecoverBody,
  Recovery,
  RotateSecretBody,
  TestEventBody,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  WebhookInvocation,
  WebhookUpdate,
} from './schemas.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listInvocationPage,
  listWebhookPage,
  recoverDeliveries,
  resendEvent,
  rotateSecret,
  sendTestEvent,
  updateWebhook,
} from './service.ts';

/** For actions whose body is optional: no body at all means no options, not a validation error. */
async function emptyBodyIsNoOptions(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

export const webhookRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['Webhooks'];
  app.post(
    '/webhooks',
    { schema: { tags, body: WebhookCreate, response: responses(Webhook) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'webhooks', (tx) =>
        createWebhook(tx, auth(request), request.body, config),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/webhooks',
    { schema: { tags, querystring: ListQuery, response: responses(ListOf(Webhook)) } },
    async (request) => listWebhookPage(db, auth(request), request.query),
  );
  app.get(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, response: responses(Webhook) } },
    async (request) => getWebhook(db, auth(request), request.params.id),
  );
  app.post(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, body: WebhookUpdate, response: responses(Webhook) } },
    async (request) => updateWebhook(db, auth(request), request.params.id, request.body, config),
  );
  app.delete(
    '/webhooks/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('webhook')) } },
    async (request) => deleteWebhook(db, auth(request), request.params.id),
  );
  app.get(
    '/webhooks/:id/invocations',
    {
      schema: {
        tags,
        description: 'Every delivery attempt to this webhook, newest first.',
        params: IdParams,
        querystring: InvocationListQuery,
        response: responses(ListOf(WebhookInvocation)),
      },
    },
    async (request) => listInvocationPage(db, auth(request), request.params.id, request.query),
  );
  app.post(
    '/webhooks/:id/events/:eventId/resend',
    {
      schema: {
        tags,
        description: 'Queues one event for delivery to this webhook again, with a fresh retry schedule.',
        params: EventParams,
        response: responses(WebhookDelivery),
      },
    },
    async (request) => resendEvent(db, auth(request), request.params.id, request.params.eventId),
  );
  app.post(
    '/webhooks/:id/recover',
    {
      schema: {
        tags,
        description:
          'Queues again every event created since `since` whose delivery failed after all retries.',
        params: IdParams,
        body: RecoverBody,
        response: responses(Recovery),
      },
    },
    async (request) => recoverDeliveries(db, auth(request), request.params.id, request.body.since),
  );
  app.post(
    '/webhooks/:id/test',
    {
      preValidation: emptyBodyIsNoOptions,
      schema: {
        tags,
        description:
          'Sends a sample event (type defaults to the first enabled event) once, now, and returns the attempt.',
        params: IdParams,
        body: TestEventBody,
        response: responses(WebhookInvocation),
      },
    },
    async (request) => sendTestEvent(db, auth(request), request.params.id, request.body, config),
  );
  app.post(
    '/webhooks/:id/secret/rotate',
    {
      preValidation: emptyBodyIsNoOptions,
      schema: {
        tags,
        description:
          'Replaces the secret (returned once); the old one keeps signing alongside it for 24 hours.',
        params: IdParams,
        body: RotateSecretBody,
        response: responses(Webhook),
      },
    },
    async (request) => rotateSecret(db, auth(request), request.params.id, request.body),
  );
};
