import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import { DocumentStore } from '../documents/store.ts';
import { ApiError } from '../errors.ts';
import { responses } from '../http/schemas.ts';
import { PRINTER_PREFIX_PATH } from './paths.ts';
import {
  ClaimBody,
  FailureBody,
  HeldQuery,
  MailedBody,
  OrderIdParams,
  PrintFailure,
  PrintJob,
  PrintJobList,
} from './schemas.ts';
import {
  authenticatePrinter,
  claimPrintJobs,
  getPrintJob,
  listHeldPrintJobs,
  markMailed,
  openPrintDocument,
  type Printer,
  reportFailure,
} from './service.ts';

export const PRINTER_PREFIX = PRINTER_PREFIX_PATH;

declare module 'fastify' {
  interface FastifyRequest {
    printer: Printer | null;
  }
}

function printer(request: FastifyRequest): Printer {
  if (!request.printer) throw new ApiError('missing_auth_error', 'Missing printer key.');
  return request.printer;
}

/**
 * The open printer interface (`/printer/v1`, BRIEF §12), authenticated with `Authorization: Bearer
 * <printer key>` and outside the organization API: a printer serves every organization's live mail.
 */
export const printerRoutes: FastifyPluginAsync<{ db: Db; config: Config }> = async (
  plain,
  { db, config },
) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const store = new DocumentStore(config.documents);
  app.addHook('onClose', async () => store.close());
  app.decorateRequest('printer', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match)
      throw new ApiError(
        'missing_auth_error',
        'Missing printer key: send it as Authorization: Bearer <key>.',
      );
    request.printer = await authenticatePrinter(db, match[1]);
    if (!request.printer) throw new ApiError('missing_auth_error', 'The printer key is invalid or revoked.');
  });
  const tags = ['Printers'];
  const security = [{ PrinterKey: [] }];

  app.post(
    '/claims',
    {
      schema: {
        tags,
        security,
        summary: 'Claim printing orders',
        body: ClaimBody,
        response: responses(PrintJobList),
      },
    },
    async (request) => ({
      object: 'list' as const,
      data: await claimPrintJobs(db, config, printer(request), request.body?.limit ?? 10),
    }),
  );
  app.get(
    '/orders',
    {
      schema: {
        tags,
        security,
        summary: 'Orders this printer holds',
        querystring: HeldQuery,
        response: responses(PrintJobList),
      },
    },
    async (request) => ({
      object: 'list' as const,
      data: await listHeldPrintJobs(db, printer(request), request.query.limit),
    }),
  );
  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        security,
        summary: 'What to print',
        params: OrderIdParams,
        response: responses(PrintJob),
      },
    },
    async (request) => getPrintJob(db, printer(request), request.params.id),
  );
  app.get(
    '/orders/:id/pdf',
    {
      schema: {
        tags,
        security,
        summary: 'The print-ready PDF',
        description:
          "The order's PDF as mailstream rendered it; its sha256 (also in the x-content-sha256 header) and page count are in the print job.",
        params: OrderIdParams,
      },
    },
    async (request, reply) => {
      const { document, stream } = await openPrintDocument(db, store, printer(request), request.params.id);
      return reply
        .header('content-type', document.contentType)
        .header('content-length', document.size)
        .header('etag', `"${document.sha256}"`)
        .header('x-content-sha256', document.sha256)
        .header('x-page-count', document.pageCount)
        .send(stream);
    },
  );
  app.post(
    '/orders/:id/mailed',
    {
      schema: {
        tags,
        security,
        summary: 'Report a piece mailed',
        params: OrderIdParams,
        body: MailedBody,
        response: responses(PrintJob),
      },
    },
    async (request) => markMailed(db, config, printer(request), request.params.id, request.body ?? {}),
  );
  app.post(
    '/orders/:id/failures',
    {
      schema: {
        tags,
        security,
        summary: 'Report a failure',
        params: OrderIdParams,
        body: FailureBody,
        response: responses(PrintFailure),
      },
    },
    async (request) => reportFailure(db, printer(request), request.params.id, request.body.reason),
  );
};
