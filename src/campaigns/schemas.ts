import { Type } from '@sinclair/typebox';
import { Body, Metadata } from '../http/schemas.ts';

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
const NullableId = (description: string) => Type.Optional(Type.Union([Type.Null(), Id(description)]));

export const CampaignCreate = Body({
  mailingList: Id('Mailing list whose members each get one order.'),
  letterProfile: Type.Optional(Id('Letter profile; exactly one profile is given.')),
  postcardProfile: Type.Optional(Id('Postcard profile.')),
  chequeProfile: Type.Optional(Id('Cheque profile.')),
  selfMailerProfile: Type.Optional(Id('Self-mailer profile.')),
  defaultSenderContact: Type.Optional(Id('Contact used as `from` for rows without a sender.')),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
  sendDate: Type.Optional(Type.String({ maxLength: 40 })),
});

export const CampaignUpdate = Body({
  mailingList: Type.Optional(Id('Mailing list.')),
  letterProfile: NullableId('Letter profile.'),
  postcardProfile: NullableId('Postcard profile.'),
  chequeProfile: NullableId('Cheque profile.'),
  selfMailerProfile: NullableId('Self-mailer profile.'),
  defaultSenderContact: NullableId('Default sender contact.'),
  description: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 1000 })])),
  metadata: Type.Optional(Type.Union([Type.Null(), Metadata])),
});

export const CampaignSend = Body({
  sendDate: Type.Optional(Type.String({ maxLength: 40 })),
});

export const campaignStatuses = [
  'drafting',
  'changes_required',
  'draft',
  'creating_orders',
  'ready',
  'cancelled',
] as const;

export const Campaign = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('campaign'),
    live: Type.Boolean(),
    status: Type.Union(campaignStatuses.map((s) => Type.Literal(s))),
    mailingList: Type.String(),
    createdCount: Type.Integer(),
    failedCount: Type.Integer(),
    rowCount: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);

export const CampaignRowsQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  status: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('failed')])),
});
