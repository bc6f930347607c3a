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

export const PrintJob = Type.Object(
  {
    object: Type.Literal('print_job'),
    orderId: Type.String(),
    order: Type.Record(Type.String(), Type.Unknown(), { description: 'The order as the API shows it.' }),
    content: Type.Record(Type.String(), Type.String(), {
      description: 'Rendered HTML by face (html, frontHTML, insideHTML…) and PDF URLs by field.',
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
