import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { Deleted, IdParams, ListOf, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { exportContacts } from './export.ts';
import { Contact, ContactCreate, ContactExportQuery, ContactListQuery } from './schemas.ts';
import { contactFiltersOf, createContact, deleteContact, getContact, listContactPage } from './service.ts';

export const contactRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Contacts'];
  app.post(
    '/contacts',
    { schema: { tags, body: ContactCreate, response: responses(Contact) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'contacts', (tx) =>
        createContact(tx, auth(request), request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/contacts',
    { schema: { tags, querystring: ContactListQuery, response: responses(ListOf(Contact)) } },
    async (request) => listContactPage(db, auth(request), request.query),
  );
  // Beyond PostGrid: every contact the list's filters match, as CSV (the dashboard's export).
  app.get(
    '/contacts/export',
    { schema: { tags, summary: 'Export every matching contact as CSV', querystring: ContactExportQuery } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="contacts.csv"')
        .send(exportContacts(db, auth(request), contactFiltersOf(request.query))),
  );
  app.get(
    '/contacts/:id',
    { schema: { tags, params: IdParams, response: responses(Contact) } },
    async (request) => getContact(db, auth(request), request.params.id),
  );
  app.delete(
    '/contacts/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('contact')) } },
    async (request) => deleteContact(db, auth(request), request.params.id),
  );
};
