import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { Deleted, IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { MailingList, MailingListCreate, MailingListJob, MailingListUpdate } from './schemas.ts';
import { createList, deleteList, getList, listListPage, requestJob, updateList } from './service.ts';

export const mailingListRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Mailing lists'];
  app.post(
    '/mailing_lists',
    { schema: { tags, body: MailingListCreate, response: responses(MailingList) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'mailing_lists', (tx) =>
        createList(tx, auth(request), request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/mailing_lists',
    { schema: { tags, querystring: ListQuery, response: responses(ListOf(MailingList)) } },
    async (request) => listListPage(db, auth(request), request.query),
  );
  app.get(
    '/mailing_lists/:id',
    { schema: { tags, params: IdParams, response: responses(MailingList) } },
    async (request) => getList(db, auth(request), request.params.id),
  );
  app.post(
    '/mailing_lists/:id',
    { schema: { tags, params: IdParams, body: MailingListUpdate, response: responses(MailingList) } },
    async (request) => updateList(db, auth(request), request.params.id, request.body),
  );
  app.delete(
    '/mailing_lists/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('mailing_list')) } },
    async (request) => deleteList(db, auth(request), request.params.id),
  );
  app.post(
    '/mailing_lists/:id/jobs',
    { schema: { tags, params: IdParams, body: MailingListJob, response: responses(MailingList) } },
    async (request, reply) => {
      // As a campaign's send: a retried job request (the answer was lost) replays the first answer rather
      // than being refused because a job now runs. The key is the list's.
      const { id } = request.params;
      const result = await idempotent(db, request, `mailing_list_job_${id}`, (tx) =>
        requestJob(tx, auth(request), id, request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
};
