import { Type } from '@sinclair/typebox';
import { EventType } from '../events/schemas.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';

export const PayloadFormat = Type.Union(
  [Type.Literal('jwt'), Type.Literal('json'), Type.Literal('standard')],
  {
    description:
      '`jwt` (default): the body is an HS256 JWT with claims type, data, iat (plus jti = event id and sequence). ' +
      '`json`: the event as JSON with a `PostGrid-Signature: t=<ms>,v1=<hex>` header. ' +
      '`standard`: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`).',
  },
);

const EnabledEvents = Type.Array(EventType, { minItems: 1, maxItems: 10, uniqueItems: true });
const Url = Type.String({
  maxLength: 2048,
  description: 'Where events are POSTed. Must be https unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS is set.',
});
const Secret = Type.String({
  minLength: 20,
  maxLength: 200,
  description: 'Signing secret; generated (whsec_…) when omitted.',
});

export const WebhookCreate = Body({
  url: Url,
  enabledEvents: EnabledEvents,
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
  secret: Type.Optional(Secret),
  payloadFormat: Type.Optional(PayloadFormat),
  enabled: Type.Optional(Type.Boolean()),
});

export const WebhookUpdate = Body({
  url: Type.Optional(Url),
  enabledEvents: Type.Optional(EnabledEvents),
  // Null first: with type coercion on, a string branch tried first would turn null into "".
  description: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 1000 })])),
  metadata: Type.Optional(Type.Union([Type.Null(), Metadata])),
  payloadFormat: Type.Optional(PayloadFormat),
  enabled: Type.Optional(Type.Boolean({ description: 'Enabling again resets an automatic disable.' })),
});

export const Webhook = Type.Object({
  id: Type.String({ pattern: '^webhook_[a-zA-Z0-9]+$' }),
  object: Type.Literal('webhook'),
  live: Type.Boolean(),
  url: Type.String(),
  enabledEvents: Type.Array(EventType),
  enabled: Type.Boolean(),
  disabledReason: Type.Optional(
    Type.Union([Type.Literal('gone'), Type.Literal('failing')], {
      description: 'Why mailstream disabled it: the receiver answered 410, or every attempt failed for days.',
    }),
  ),
  payloadFormat: PayloadFormat,
  secret: Type.Optional(Type.String({ description: 'Returned only on create and on secret rotation.' })),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const WebhookInvocation = Type.Object({
  id: Type.String({ pattern: '^webhook_invocation_[a-zA-Z0-9]+$' }),
  object: Type.Literal('webhook_invocation'),
  live: Type.Boolean(),
  webhook: Type.String(),
  event: Type.String(),
  type: Type.String(),
  orderID: Type.Optional(Type.String()),
  statusCode: Type.Integer({ description: '0 when no HTTP response arrived.' }),
  errorKind: Type.Optional(
    Type.Union(['timeout', 'dns', 'connection', 'tls', 'http', 'ssrf'].map((k) => Type.Literal(k))),
  ),
  errorMessage: Type.Optional(Type.String()),
  durationMs: Type.Integer(),
  responseBody: Type.Optional(Type.String({ description: 'The first 4 KB of the response body.' })),
  attempt: Type.Integer({ description: 'Attempt number of this delivery, from 1.' }),
  nextAttemptAt: Type.Optional(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const InvocationListQuery = Type.Composite([
  Type.Omit(ListQuery, ['search']),
  Type.Object({
    event: Type.Optional(Type.String({ maxLength: 100, description: 'Only attempts of this event.' })),
  }),
]);

export const EventParams = Type.Object({
  id: Type.String({ maxLength: 100 }),
  eventId: Type.String({ maxLength: 100 }),
});

export const WebhookDelivery = Type.Object({
  object: Type.Literal('webhook_delivery'),
  webhook: Type.String(),
  event: Type.String(),
  status: Type.Literal('pending'),
  createdAt: DateTime,
});

export const RecoverBody = Body({
  since: Type.String({
    format: 'date-time',
    description: 'Resend failed deliveries of events created since then.',
  }),
});

export const Recovery = Type.Object({
  object: Type.Literal('webhook_recovery'),
  webhook: Type.String(),
  since: DateTime,
  recovered: Type.Integer({ description: 'Events queued for delivery again.' }),
});

export const TestEventBody = Body({
  type: Type.Optional(EventType),
});

export const RotateSecretBody = Body({
  secret: Type.Optional(Secret),
});
