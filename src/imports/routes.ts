import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { IdParams, ListOf, ListQuery, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { findImport } from './repo.ts';
import { importReport } from './report.ts';
import { ImportRow, ImportUpdate, MailingListImport, RowsQuery } from './schemas.ts';
import {
  checkImportFields,
  createImport,
  deleteImport,
  getImport,
  insertImportFrom,
  listImportPage,
  listRowPage,
  openSource,
  updateImport,
} from './service.ts';
import { registerStreamingMultipart, streamUpload, UPLOAD } from './upload.ts';

export const importRoutes: FastifyPluginAsyncTypebox<{ db: Db; config: Config }> = async (
  app,
  { db, config },
) => {
  const tags = ['Mailing list imports'];
  registerStreamingMultipart(app);
  // The body is checked by checkImportFields (multipart fields arrive only as the body is read), so the
  // route declares no body schema.
  app.post(
    '/mailing_list_imports',
    { bodyLimit: 1024 * 1024 * 1024, schema: { tags, response: responses(MailingListImport) } },
    async (request, reply) => {
      const body = request.body as Record<string | symbol, unknown> | undefined;
      if (body && UPLOAD in body) {
        const upload = streamUpload(request);
        return createImport(db, auth(request), upload.file, async () =>
          checkImportFields(await upload.fields),
        );
      }
      const fields = checkImportFields(body ?? {});
      if (fields.file === undefined)
        throw invalid('file is required: a CSV upload, its https URL or its text.');
      // A JSON body (the file's text or URL) takes an Idempotency-Key like any create: a client whose
      // request was cut off retries it and gets the same import, not a second one beside it. (A multipart
      // upload is streamed, so there is no whole body to hash before the import is made.)
      const result = await idempotent(db, request, 'mailing_list_imports', async (tx) => {
        const input: Readable = await openSource({ text: fields.file! }, config.documents);
        const id = await insertImportFrom(tx, auth(request), input, async () => fields);
        return getImport(tx, auth(request), id);
      });
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/mailing_list_imports',
    { schema: { tags, querystring: ListQuery, response: responses(ListOf(MailingListImport)) } },
    async (request) => listImportPage(db, auth(request), request.query),
  );
  app.get(
    '/mailing_list_imports/:id',
    { schema: { tags, params: IdParams, response: responses(MailingListImport) } },
    async (request) => getImport(db, auth(request), request.params.id),
  );
  app.post(
    '/mailing_list_imports/:id',
    { schema: { tags, params: IdParams, body: ImportUpdate, response: responses(MailingListImport) } },
    async (request) => updateImport(db, auth(request), request.params.id, request.body),
  );
  app.delete('/mailing_list_imports/:id', { schema: { tags, params: IdParams } }, async (request) =>
    deleteImport(db, auth(request), request.params.id),
  );
  app.get(
    '/mailing_list_imports/:id/rows',
    { schema: { tags, params: IdParams, querystring: RowsQuery, response: responses(ListOf(ImportRow)) } },
    async (request) => listRowPage(db, auth(request), request.params.id, request.query),
  );
  app.get(
    '/mailing_list_imports/:id/report',
    { schema: { tags, params: IdParams } },
    async (request, reply) => {
      const found = await findImport(db, auth(request), request.params.id);
      if (!found) throw notFound('Mailing list import', request.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${found.id}-report.csv"`)
        .send(importReport(db, found.id, found.columns));
    },
  );
};
