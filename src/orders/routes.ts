import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { IdParams, ListOf, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { CancellationBody, OrderListQuery } from './schemas.ts';
import {
  type OrderCreateInput,
  type OrderKindSpec,
  cancelOrder,
  createOrder,
  getOrder,
  listOrderPage,
} from './service.ts';

export interface OrderRouteOptions<I extends OrderCreateInput> {
  db: Db;
  /** Path segments this kind is served under, e.g. ['/self_mailers', '/self-mailers']. */
  paths: string[];
  tag: string;
  spec: OrderKindSpec<I>;
  createBody: TSchema;
  response: TSchema;
}

/**
 * The routes every order kind shares: create, list, get, cancel (DELETE and /cancellation). Routes stay
 * thin: validate with the kind's schemas, call one service function, return its result.
 */
export function registerOrderRoutes<I extends OrderCreateInput>(app: FastifyInstance, options: OrderRouteOptions<I>) {
  const { db, spec } = options;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const generic = spec as unknown as OrderKindSpec<never>;
  const tags = [options.tag];
  for (const [index, path] of options.paths.entries()) {
    // Aliases (e.g. /self-mailers) work the same but stay out of the documentation.
    const hide = index > 0;
    api.post(
      path,
      { schema: { hide, tags, body: options.createBody, response: responses(options.response) } },
      async (request, reply) => {
        const result = await idempotent(db, request, path, (tx) =>
          createOrder(tx, auth(request), spec, request.body as I),
        );
        return reply.status(result.status).send(result.body);
      },
    );
    api.get(
      path,
      { schema: { hide, tags, querystring: OrderListQuery, response: responses(ListOf(options.response)) } },
      async (request) => listOrderPage(db, auth(request), spec.kind, request.query),
    );
    api.get(
      `${path}/:id`,
      { schema: { hide, tags, params: IdParams, response: responses(options.response) } },
      async (request) => getOrder(db, auth(request), generic, request.params.id),
    );
    api.delete(
      `${path}/:id`,
      { schema: { hide, tags, params: IdParams, response: responses(options.response) } },
      async (request) => cancelOrder(db, auth(request), generic, request.params.id, {}),
    );
    api.post(
      `${path}/:id/cancellation`,
      {
        schema: {
          hide,
          tags,
          params: IdParams,
          body: CancellationBody,
          response: responses(options.response),
        },
      },
      async (request) => cancelOrder(db, auth(request), generic, request.params.id, { note: request.body?.note }),
    );
  }
}
