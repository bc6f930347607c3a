import { Type } from '@sinclair/typebox';
import { Body, Metadata } from '../http/schemas.ts';

export const MailingListCreate = Body({
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

export const MailingListUpdate = Body({
  description: Type.Optional(Type.Union([Type.Null(), Type.String({ maxLength: 1000 })])),
  metadata: Type.Optional(Type.Union([Type.Null(), Metadata])),
});

const Ids = (description: string) =>
  Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000, description }));

export const MailingListJob = Body({
  addMailingListImports: Ids('Imports whose valid rows join the list (duplicates are removed).'),
  removeMailingListImports: Ids('Imports whose rows leave the list.'),
  addContacts: Ids('Contacts to add.'),
  removeContacts: Ids('Contacts to remove.'),
});

export const MailingList = Type.Object(
  {
    id: Type.String(),
    object: Type.Literal('mailing_list'),
    live: Type.Boolean(),
    status: Type.Union([
      Type.Literal('creating_contacts'),
      Type.Literal('removing_contacts'),
      Type.Literal('completed'),
    ]),
    contactCount: Type.Integer(),
    errors: Type.Array(Type.Object({ type: Type.String(), message: Type.String() })),
    description: Type.Optional(Type.String()),
    metadata: Type.Optional(Metadata),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);
