import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { auth } from '../auth/plugin.ts';
import type { Db, Executor } from '../db/database.ts';
import { rejectFileUploads } from '../http/file-uploads.ts';
import { optionalBody } from '../http/optional-body.ts';
import { IdParams, ListOf, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { TrackingEvent, TrackingEventsQuery } from '../ingestion/schemas.ts';
import { listTrackingEvents } from '../ingestion/service.ts';
import { exportOrders } from './export.ts';
import { playTrackingStory, progressTestOrder } from './progressions.ts';
import {
  CancellationBody,
  OrderExportQuery,
  OrderListQuery,
  ProgressionBody,
  TrackingStoryBody,
} from './schemas.ts';
import {
  cancelOrder,
  createOrder,
  getOrder,
  listOrderPage,
  type OrderCreateInput,
  type OrderKindSpec,
  orderFiltersOf,
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
export function registerOrderRoutes<I extends OrderCreateInput>(
  app: FastifyInstance,
  options: OrderRouteOptions<I>,
) {
  const { db, spec } = options;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const generic = spec as unknown as OrderKindSpec<never>;
  const tags = [options.tag];
  for (const [index, path] of options.paths.entries()) {
    // Aliases (e.g. /self-mailers) work the same but stay out of the documentation.
    const hide = index > 0;
    api.post(
      path,
      {
        schema: { hide, tags, body: options.createBody, response: responses(options.response) },
        preValidation: rejectFileUploads,
      },
      async (request, reply) => {
        // Keys are per resource, not per alias: the same key on /self-mailers and /self_mailers is one create.
        const create = (executor: Executor) => createOrder(executor, auth(request), spec, request.body as I);
        const result = await idempotent(db, request, options.paths[0]!, create, { withoutKey: create });
        return reply.status(result.status).send(result.body);
      },
    );
    api.get(
      path,
      { schema: { hide, tags, querystring: OrderListQuery, response: responses(ListOf(options.response)) } },
      async (request) => listOrderPage(db, auth(request), spec.kind, request.query),
    );
    // Beyond PostGrid: every order the list's filters match, as CSV (the dashboard's export).
    api.get(
      `${path}/export`,
      {
        schema: {
          hide,
          tags,
          summary: `Export every matching ${spec.kind} as CSV`,
          querystring: OrderExportQuery,
        },
      },
      async (request, reply) => {
        const filters = orderFiltersOf(request.query);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${options.paths[0]!.slice(1)}.csv"`)
          .send(exportOrders(db, auth(request), spec.kind, filters));
      },
    );
    api.get(
      `${path}/:id`,
      { schema: { hide, tags, params: IdParams, response: responses(options.response) } },
      async (request) => getOrder(db, auth(request), generic, request.params.id),
    );
    api.delete(
      `${path}/:id`,
      { schema: { hide, tags, params: IdParams, response: responses(options.response) } },
      async (request) =>
        cancelOrder(db, auth(request), generic, request.params.id, {
          cancelledByUser: request.dashboardSession?.userId,
        }),
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
        // No body (or an empty one, whatever its Content-Type) cancels like DELETE.
        ...optionalBody,
      },
      async (request) =>
        cancelOrder(db, auth(request), generic, request.params.id, {
          note: request.body?.note,
          // A person cancelling from the dashboard is named, as PostGrid names the user.
          cancelledByUser: request.dashboardSession?.userId,
        }),
    );
    // The piece's USPS scan timeline (src/ingestion), in scan-time order.
    api.get(
      `${path}/:id/tracking_events`,
      {
        schema: {
          hide,
          tags,
          params: IdParams,
          querystring: TrackingEventsQuery,
          response: responses(ListOf(TrackingEvent)),
        },
      },
      async (request) => listTrackingEvents(db, auth(request), generic, request.params.id, request.query),
    );
    // Test mode: one step of the lifecycle per call (src/orders/progressions.ts).
    api.post(
      `${path}/:id/progressions`,
      {
        schema: {
          hide,
          tags,
          params: IdParams,
          body: ProgressionBody,
          response: responses(options.response),
        },
        ...optionalBody,
      },
      async (request) =>
        progressTestOrder(db, auth(request), generic, request.params.id, request.server.pipelineSettings),
    );
    // Test mode, beyond PostGrid: the simulated tracking story (mailed, USPS scans, completed).
    api.post(
      `${path}/:id/tracking_story`,
      {
        schema: {
          hide,
          tags,
          params: IdParams,
          body: TrackingStoryBody,
          response: responses(options.response),
        },
        // The options are optional: a POST without a body means {}.
        ...optionalBody,
      },
      async (request) =>
        playTrackingStory(db, auth(request), generic, request.params.id, request.server.pipelineSettings, {
          returnToSender: request.body?.returnToSender,
        }),
    );
  }
}
