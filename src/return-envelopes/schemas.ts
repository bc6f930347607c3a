import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';
import { ContactRef } from '../orders/schemas.ts';

export const MIN_ENVELOPE_ORDER_QUANTITY = 5000;
export const MAX_ENVELOPE_ORDER_QUANTITY = 1_000_000;

export const ReturnEnvelopeCreate = Body({
  to: ContactRef,
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

export const ReturnEnvelope = Type.Object({
  id: Type.String({ pattern: '^return_envelope_[a-zA-Z0-9]+$' }),
  object: Type.Literal('return_envelope'),
  live: Type.Boolean(),
  to: Contact,
  available: Type.Integer({ description: 'Printed envelopes in stock; letters and cheques take one each.' }),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const envelopeOrderStatuses = ['placed', 'filled', 'cancelled'] as const;
export const EnvelopeOrderStatus = Type.Union(envelopeOrderStatuses.map((s) => Type.Literal(s)));

export const ReturnEnvelopeOrderCreate = Body({
  quantityOrdered: Type.Integer({
    minimum: MIN_ENVELOPE_ORDER_QUANTITY,
    maximum: MAX_ENVELOPE_ORDER_QUANTITY,
  }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

export const ReturnEnvelopeOrder = Type.Object({
  id: Type.String({ pattern: '^return_envelope_order_[a-zA-Z0-9]+$' }),
  object: Type.Literal('return_envelope_order'),
  live: Type.Boolean(),
  returnEnvelope: Type.String(),
  quantityOrdered: Type.Integer(),
  quantityFilled: Type.Optional(
    Type.Integer({ description: 'Envelopes delivered into stock; present once the order is filled.' }),
  ),
  status: EnvelopeOrderStatus,
  cancellation: Type.Optional(
    Type.Object({
      reason: Type.String(),
      cancelledByUser: Type.Optional(Type.String()),
      note: Type.Optional(Type.String()),
    }),
  ),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  filledAt: Type.Optional(DateTime),
  cancelledAt: Type.Optional(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const EnvelopeOrderListQuery = Type.Composite([
  ListQuery,
  Type.Object({ status: Type.Optional(EnvelopeOrderStatus) }),
]);

export const EnvelopeOrderParams = Type.Object({
  id: Type.String({ maxLength: 100 }),
  orderId: Type.String({ maxLength: 100 }),
});
