import { Type } from '@sinclair/typebox';
import { createdAtRangeProperties } from '../http/created-range.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';

export const BankCountryCode = Type.Union([Type.Literal('US'), Type.Literal('CA')]);

const line = (maxLength: number, description?: string) => Type.String({ maxLength, description });

export const BankAccountCreate = Body({
  bankName: Type.String({ minLength: 1, maxLength: 200 }),
  bankPrimaryLine: Type.Optional(line(200, 'First address line of the bank, printed on cheques.')),
  bankSecondaryLine: Type.Optional(line(200)),
  bankCountryCode: BankCountryCode,
  accountNumber: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'Stored to print cheques; only its last 4 digits are ever returned.',
  }),
  routingNumber: Type.Optional(line(20, 'US only: 9-digit ABA routing number (checksum validated).')),
  transitNumber: Type.Optional(line(20, 'CA only: 5-digit branch transit number.')),
  routeNumber: Type.Optional(line(20, 'CA only: 3-digit financial institution number.')),
  caDesignationNumber: Type.Optional(
    line(20, 'CA only: the 3-digit designation number printed on the MICR line, when the account has one.'),
  ),
  signatureText: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Or signatureImage.' }),
  ),
  signatureImage: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'A PNG or JPEG: a file (multipart upload) or its http(s) URL; or signatureText.',
    }),
  ),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

// Closed on purpose: nothing but these fields can ever leave, whatever a row or serializer carries.
export const BankAccount = Type.Object(
  {
    id: Type.String({ pattern: '^bank_account_[a-zA-Z0-9]+$' }),
    object: Type.Literal('bank_account'),
    live: Type.Boolean(),
    bankName: Type.String(),
    bankPrimaryLine: Type.Optional(Type.String()),
    bankSecondaryLine: Type.Optional(Type.String()),
    bankCountryCode: BankCountryCode,
    accountNumber: Type.String({ description: 'Last 4 digits only.' }),
    routingNumber: Type.Optional(Type.String()),
    transitNumber: Type.Optional(Type.String()),
    routeNumber: Type.Optional(Type.String()),
    caDesignationNumber: Type.Optional(Type.String()),
    signatureText: Type.Optional(Type.String()),
    signatureImage: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    metadata: Type.Optional(Metadata),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { additionalProperties: false },
);

export const BankAccountListQuery = Type.Composite([
  ListQuery,
  Type.Object(createdAtRangeProperties('bank accounts')),
]);

/** The list's filters, for GET /bank_accounts/export: every match, not a page. */
export const BankAccountExportQuery = Type.Omit(BankAccountListQuery, ['skip', 'limit']);
