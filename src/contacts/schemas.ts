import { Type } from '@sinclair/typebox';
import { createdAtRangeProperties } from '../http/created-range.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';

const text = (maxLength: number, description?: string) => Type.String({ maxLength, description });

/** Fields a client may send for a contact, inline on an order or to POST /contacts. */
export const contactInputProperties = {
  firstName: Type.Optional(text(100, 'First name; this or companyName is required.')),
  lastName: Type.Optional(text(100)),
  companyName: Type.Optional(text(200, 'Company name; this or firstName is required.')),
  email: Type.Optional(text(320)),
  phoneNumber: Type.Optional(text(40)),
  jobTitle: Type.Optional(text(100)),
  addressLine1: Type.String({ minLength: 1, maxLength: 200 }),
  addressLine2: Type.Optional(text(200)),
  city: Type.Optional(text(100)),
  provinceOrState: Type.Optional(text(100)),
  postalOrZip: Type.Optional(text(20)),
  countryCode: Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 country code.' }),
  skipVerification: Type.Optional(Type.Boolean()),
  forceVerifiedStatus: Type.Optional(Type.Boolean()),
  description: Type.Optional(text(1000)),
  metadata: Type.Optional(Metadata),
};

export const ContactCreate = Body(contactInputProperties);

export const Contact = Type.Object({
  id: Type.String({ pattern: '^contact_[a-zA-Z0-9]+$' }),
  object: Type.Literal('contact'),
  live: Type.Boolean(),
  firstName: Type.Optional(Type.String()),
  lastName: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phoneNumber: Type.Optional(Type.String()),
  jobTitle: Type.Optional(Type.String()),
  addressLine1: Type.String(),
  addressLine2: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  provinceOrState: Type.Optional(Type.String()),
  postalOrZip: Type.Optional(Type.String()),
  countryCode: Type.String(),
  addressStatus: Type.Union([Type.Literal('verified'), Type.Literal('corrected'), Type.Literal('failed')]),
  addressErrors: Type.Optional(
    Type.String({ description: "What the verifier found, per field, in PostGrid's words." }),
  ),
  originalAddress: Type.Optional(
    Type.Object(
      {
        addressLine1: Type.Optional(Type.String()),
        addressLine2: Type.Optional(Type.String()),
        city: Type.Optional(Type.String()),
        provinceOrState: Type.Optional(Type.String()),
        postalOrZip: Type.Optional(Type.String()),
      },
      { description: 'The address as it was sent, when verification corrected it.' },
    ),
  ),
  addressChanges: Type.Optional(
    Type.Array(
      Type.Object({ field: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String() }),
      { description: 'Each change verification made, with its rule.' },
    ),
  ),
  skipVerification: Type.Boolean(),
  forceVerifiedStatus: Type.Boolean(),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ContactListQuery = Type.Composite([
  ListQuery,
  Type.Object(createdAtRangeProperties('contacts')),
]);

/** The list's filters, for GET /contacts/export: every match, not a page. */
export const ContactExportQuery = Type.Omit(ContactListQuery, ['skip', 'limit']);
