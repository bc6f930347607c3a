import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { auth } from '../auth/plugin.ts';
import type { Db } from '../db/database.ts';
import { fileUploads } from '../http/file-uploads.ts';
import { Deleted, IdParams, ListOf, responses } from '../http/schemas.ts';
import { idempotent } from '../idempotency/service.ts';
import { exportBankAccounts } from './export.ts';
import { BankAccount, BankAccountCreate, BankAccountExportQuery, BankAccountListQuery } from './schemas.ts';
import {
  bankAccountFiltersOf,
  createBankAccount,
  deleteBankAccount,
  getBankAccount,
  listBankAccountPage,
} from './service.ts';

export const bankAccountRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  const tags = ['Bank accounts'];
  app.post(
    '/bank_accounts',
    {
      schema: { tags, body: BankAccountCreate, response: responses(BankAccount) },
      // signatureImage: a file (multipart) or a URL.
      ...fileUploads,
    },
    async (request, reply) => {
      const { config, store } = request.server.documents;
      const result = await idempotent(db, request, 'bank_accounts', (tx) =>
        createBankAccount(tx, auth(request), request.body, { config, store }),
      );
      return reply.status(result.status).send(result.body);
    },
  );
  app.get(
    '/bank_accounts',
    { schema: { tags, querystring: BankAccountListQuery, response: responses(ListOf(BankAccount)) } },
    async (request) => listBankAccountPage(db, auth(request), request.query),
  );
  // Beyond PostGrid: every bank account the list's filters match, as CSV (the dashboard's export).
  app.get(
    '/bank_accounts/export',
    {
      schema: {
        tags,
        summary: 'Export every matching bank account as CSV',
        querystring: BankAccountExportQuery,
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="bank_accounts.csv"')
        .send(exportBankAccounts(db, auth(request), bankAccountFiltersOf(request.query))),
  );
  app.get(
    '/bank_accounts/:id',
    { schema: { tags, params: IdParams, response: responses(BankAccount) } },
    async (request) => getBankAccount(db, auth(request), request.params.id),
  );
  app.delete(
    '/bank_accounts/:id',
    { schema: { tags, params: IdParams, response: responses(Deleted('bank_account')) } },
    async (request) => deleteBankAccount(db, auth(request), request.params.id),
  );
};
