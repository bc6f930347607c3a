import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from '@sinclair/typebox';
import { auth } from '../auth/plugin.ts';
import { ChequeCreate } from '../cheques/schemas.ts';
import { chequeSpec } from '../cheques/service.ts';
import type { Db } from '../db/database.ts';
import type { OrderKind } from '../db/schema.ts';
import { ApiError } from '../errors.ts';
import { formatSchemaErrors } from '../http/error-handler.ts';
import { rejectFileUploads } from '../http/file-uploads.ts';
import { responses } from '../http/schemas.ts';
import { LetterCreate } from '../letters/schemas.ts';
import { letterSpec } from '../letters/service.ts';
import type { OrderCreateInput, OrderKindSpec } from '../orders/service.ts';
import { PostcardCreate } from '../postcards/schemas.ts';
import { postcardSpec } from '../postcards/service.ts';
import { SelfMailerCreate } from '../self-mailers/schemas.ts';
import { selfMailerSpec } from '../self-mailers/service.ts';
import { quoteOrder } from './quotes.ts';
import { Price, QuoteBody } from './schemas.ts';

/** Each kind's create: its spec and the body schema its POST route validates with. */
const creates: Record<OrderKind, { spec: OrderKindSpec<never>; body: TSchema }> = {
  letter: { spec: letterSpec as unknown as OrderKindSpec<never>, body: LetterCreate },
  postcard: { spec: postcardSpec as unknown as OrderKindSpec<never>, body: PostcardCreate },
  cheque: { spec: chequeSpec as unknown as OrderKindSpec<never>, body: ChequeCreate },
  self_mailer: { spec: selfMailerSpec as unknown as OrderKindSpec<never>, body: SelfMailerCreate },
};

export const pricingRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.post(
    '/quotes',
    {
      schema: {
        tags: ['Prices'],
        summary: 'The price of an order, without creating it',
        body: QuoteBody,
        response: responses(Price),
      },
      preValidation: rejectFileUploads,
    },
    async (request) => {
      const { kind, ...body } = request.body as { kind: OrderKind } & Record<string, unknown>;
      const create = creates[kind];
      // The kind's own create schema, through this route's validator (same options, same messages).
      const validate = request.compileValidationSchema(create.body, 'body');
      if (!validate(body)) {
        throw new ApiError('validation_error', formatSchemaErrors(validate.errors ?? [], 'body'));
      }
      return quoteOrder(db, auth(request), create.spec, body as unknown as OrderCreateInput as never);
    },
  );
};
