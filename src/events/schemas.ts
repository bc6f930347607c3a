import { Type } from '@sinclair/typebox';
import { DateTime, ListQuery } from '../http/schemas.ts';

export const eventTypes = [
  'letter.created',
  'letter.updated',
  'postcard.created',
  'postcard.updated',
  'cheque.created',
  'cheque.updated',
  'self_mailer.created',
  'self_mailer.updated',
  'return_envelope_order.created',
  'return_envelope_order.updated',
  'campaign.created',
  'campaign.updated',
] as const;

export type EventType = (typeof eventTypes)[number];

export const EventType = Type.Union(eventTypes.map((t) => Type.Literal(t)));

export const Event = Type.Object({
  id: Type.String({ pattern: '^event_[a-zA-Z0-9]+$' }),
  object: Type.Literal('event'),
  type: EventType,
  live: Type.Boolean(),
  orderId: Type.Optional(Type.String()),
  sequence: Type.Integer({ description: 'Position of this event among the events of its order, from 1.' }),
  data: Type.Record(Type.String(), Type.Unknown()),
  updatedFields: Type.Optional(Type.Array(Type.String())),
  createdAt: DateTime,
});

export const EventListQuery = Type.Composite([
  Type.Omit(ListQuery, ['search']),
  Type.Object({ type: Type.Optional(EventType), orderId: Type.Optional(Type.String({ maxLength: 100 })) }),
]);
