import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { IdParams, ListOf, responses } from '../http/schemas.ts';
import { Event, EventListQuery } from './schemas.ts';
import { getEvent, listEventPage } from './service.ts';

export const eventRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Events'];
  app.get(
    '/events',
    { schema: { tags, querystring: EventListQuery, response: responses(ListOf(Event)) } },
    async (request) => listEventPage(db, auth(request), request.query),
  );
  app.get(
    '/events/:id',
    { schema: { tags, params: IdParams, response: responses(Event) } },
    async (request) => getEvent(db, auth(request), request.params.id),
  );
};
