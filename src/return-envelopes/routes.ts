import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { optionalBody } from '../http/optional-body.ts';
import { IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { CancellationBody, ProgressionBody } from '../orders/schemas.ts';
import {
  cancelEnvelopeOrder,
  createEnvelopeOrder,
  fillTestEnvelopeOrder,
  getEnvelopeOrder,
  listEnvelopeOrderPage,
} from './envelope-orders.ts';
import {
  EnvelopeOrderListQuery,
  EnvelopeOrderParams,
  ReturnEnvelope,
  ReturnEnvelopeCreate,
  ReturnEnvelopeOrder,
  ReturnEnvelopeOrderCreate,
} from './schemas.ts';
import { createReturnEnvelope, getReturnEnvelope, listReturnEnvelopePage } from './service.ts';

export const returnEnvelopeRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Return envelopes'];
  app.post(
    '/return_envelopes',
    { schema: { tags, body: ReturnEnvelopeCreate, response: responses(ReturnEnvelope) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'return_envelopes', (tx) =>
        createReturnEnvelope(tx, auth(request), request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/return_envelopes',
    { schema: { tags, querystring: ListQuery, response: responses(ListOf(ReturnEnvelope)) } },
    async (request) => listReturnEnvelopePage(db, auth(request), request.query),
  );
  app.get(
    '/return_envelopes/:id',
    { schema: { tags, params: IdParams, response: responses(ReturnEnvelope) } },
    async (request) => getReturnEnvelope(db, auth(request), request.params.id),
  );

  app.post(
    '/return_envelopes/:id/orders',
    {
      schema: {
        tags,
        params: IdParams,
        body: ReturnEnvelopeOrderCreate,
        response: responses(ReturnEnvelopeOrder),
      },
    },
    async (request, reply) => {
      const result = await idempotent(db, request, 'return_envelope_orders', (tx) =>
        createEnvelopeOrder(tx, auth(request), request.params.id, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/return_envelopes/:id/orders',
    {
      schema: {
        tags,
        params: IdParams,
        querystring: EnvelopeOrderListQuery,
        response: responses(ListOf(ReturnEnvelopeOrder)),
      },
    },
    async (request) => listEnvelopeOrderPage(db, auth(request), request.params.id, request.query),
  );
  app.get(
    '/return_envelopes/:id/orders/:orderId',
    { schema: { tags, params: EnvelopeOrderParams, response: responses(ReturnEnvelopeOrder) } },
    async (request) => getEnvelopeOrder(db, auth(request), request.params.id, request.params.orderId),
  );
  app.delete(
    '/return_envelopes/:id/orders/:orderId',
    { schema: { tags, params: EnvelopeOrderParams, response: responses(ReturnEnvelopeOrder) } },
    async (request) => cancelEnvelopeOrder(db, auth(request), request.params.id, request.params.orderId),
  );
  app.post(
    '/return_envelopes/:id/orders/:orderId/cancellation',
    {
      schema: {
        tags,
        params: EnvelopeOrderParams,
        body: CancellationBody,
        response: responses(ReturnEnvelopeOrder),
      },
      // No body (or an empty one, whatever its Content-Type) cancels like DELETE.
      ...optionalBody,
    },
    async (request) =>
      cancelEnvelopeOrder(db, auth(request), request.params.id, request.params.orderId, request.body?.note),
  );
  app.post(
    '/return_envelopes/:id/orders/:orderId/fills',
    {
      schema: {
        tags,
        params: EnvelopeOrderParams,
        body: ProgressionBody,
        response: responses(ReturnEnvelopeOrder),
      },
      ...optionalBody,
    },
    async (request) => fillTestEnvelopeOrder(db, auth(request), request.params.id, request.params.orderId),
  );
};
