import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { Deleted, IdParams, ListOf, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { exportTemplates } from './export.ts';
import {
  Template,
  TemplateCreate,
  TemplateExportQuery,
  TemplateListQuery,
  TemplateUpdate,
} from './schemas.ts';
import {
  changeTemplate,
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplatePage,
  templateFiltersOf,
} from './service.ts';

export const templateRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Templates'];
  app.post(
    '/templates',
    { schema: { tags, body: TemplateCreate, response: responses(Template) } },
    async (request, reply) => {
      const result = await idempotent(db, request, 'templates', (tx) =>
        createTemplate(tx, auth(request), request.body),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/templates',
    { schema: { tags, querystring: TemplateListQuery, response: responses(ListOf(Template)) } },
    async (request) => listTemplatePage(db, auth(request), request.query),
  );
  // Beyond PostGrid: every template the list's filters match, as CSV (the dashboard's export).
  app.get(
    '/templates/export',
    { schema: { tags, summary: 'Export every matching template as CSV', querystring: TemplateExportQuery } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="templates.csv"')
        .send(exportTemplates(db, auth(request), templateFiltersOf(request.query))),
  );
  app.get(
    '/templates/:id',
    { schema: { tags, params: IdParams, response: responses(Template) } },
    async (request) => getTemplate(db, auth(request), request.params.id),
  );
  app.post(
    '/templates/:id',
    { schema: { tags, params: IdParams, body: TemplateUpdate, response: responses(Template) } },
    async (request) => changeTemplate(db, auth(request), request.params.id, request.body),
  );
  app.delete(
    '/templates/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('template')) } },
    async (request) => deleteTemplate(db, auth(request), request.params.id),
  );
};
