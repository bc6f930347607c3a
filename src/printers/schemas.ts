import { Type } from '@sinclair/typebox';
import { Body, DateTime } from '../http/schemas.ts';

export const ClaimBody = Body({
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, default: 10, description: 'Orders to claim.' }),
  ),
});

export const HeldQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const OrderIdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const MailedBody = Body({
  trackingNumber: Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 40,
      pattern: '^[A-Za-z0-9]+$',
      description: 'Carrier tracking number of the piece, when the carrier gave one.',
    }),
  ),
});

export const FailureBody = Body({
  reason: Type.String({ minLength: 1, maxLength: 1000, description: 'What went wrong, for the operators.' }),
});

/** The print-ready PDF of a print job: fetch it from `url` with the printer key and check its sha256. */
export const PrintDocument = Type.Object({
  object: Type.Literal('document'),
  documentId: Type.String(),
  contentType: Type.String(),
  sha256: Type.String({ description: 'Hex sha256 of the bytes served at url.' }),
  size: Type.Integer(),
  pageCount: Type.Integer(),
  url: Type.String({ description: 'GET /printer/v1/orders/{id}/pdf' }),
});

export const PrintJob = Type.Object(
  {
    object: Type.Literal('print_job'),
    orderId: Type.String(),
    order: Type.Record(Type.String(), Type.Unknown(), { description: 'The order as the API shows it.' }),
    content: Type.Union([PrintDocument, Type.Null()], {
      description:
        "The print-ready PDF to fetch and check; the order's content is never sent as HTML or URLs.",
    }),
    imb: Type.Union([
      Type.Object({ trackingCode: Type.String(), routingCode: Type.String(), barcode: Type.String() }),
      Type.Null(),
    ]),
    claimExpiresAt: Type.Union([DateTime, Type.Null()]),
    failures: Type.Integer({ description: 'Failures reported for this order so far.' }),
  },
  { additionalProperties: true },
);

export const PrintJobList = Type.Object({ object: Type.Literal('list'), data: Type.Array(PrintJob) });

export const PrintFailure = Type.Object({
  object: Type.Literal('print_failure'),
  orderId: Type.String(),
  printerId: Type.String(),
  reason: Type.String(),
  createdAt: DateTime,
});
