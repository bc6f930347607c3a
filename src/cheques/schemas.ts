import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import { UNIT_KEYWORD } from '../http/schema-errors.ts';
import { Body } from '../http/schemas.ts';
import { ContactRef, orderCreateProperties, orderResponseProperties } from '../orders/schemas.ts';

/** Cents. Bounded so an amount always fits PostGrid's int32 and the cheque's MICR amount field. */
export const MAX_CHEQUE_AMOUNT = 1_000_000_000;
/** PostGrid's `number` is an int32. */
export const MAX_CHEQUE_NUMBER = 2_147_483_647;

export const ChequeSize = Type.Union([Type.Literal('us_letter'), Type.Literal('us_legal')]);
export const CurrencyCode = Type.Union([Type.Literal('USD'), Type.Literal('CAD')]);

/** PostGrid's digital cheque: made for the customer to send or print, never mailed. */
export const DigitalOnly = Body(
  {
    watermark: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Text laid over the cheque preview (e.g. VOID).',
    }),
  },
  {
    description:
      'A digital-only cheque: not mailed; created cancelled with cancellation.reason digital_only.',
  },
);

export const ChequeCreate = Body({
  ...orderCreateProperties,
  from: ContactRef,
  bankAccount: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Bank account id the cheque draws on.',
  }),
  amount: Type.Integer({
    minimum: 1,
    maximum: MAX_CHEQUE_AMOUNT,
    description: 'Amount in cents, positive, at most 1,000,000,000 ($10,000,000.00).',
    [UNIT_KEYWORD]: 'cents',
  }),
  currencyCode: Type.Optional(CurrencyCode),
  number: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_CHEQUE_NUMBER,
      description: 'Cheque number; when omitted, the next unused number of the organization and mode.',
    }),
  ),
  memo: Type.Optional(Type.String({ maxLength: 40 })),
  message: Type.Optional(Type.String({ maxLength: 400 })),
  logoURL: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  size: Type.Optional(ChequeSize),
  envelope: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  redirectTo: Type.Optional(ContactRef),
  letterHTML: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2_000_000, description: 'Attached letter.' }),
  ),
  letterTemplate: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Attached letter template.' }),
  ),
  letterPDF: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2000, description: 'URL of an attached letter PDF.' }),
  ),
  returnEnvelope: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  digitalOnly: Type.Optional(DigitalOnly),
});

export const Cheque = Type.Object(
  {
    ...orderResponseProperties,
    id: Type.String({ pattern: '^cheque_[a-zA-Z0-9]+$' }),
    object: Type.Literal('cheque'),
    from: Contact,
    bankAccount: Type.String(),
    amount: Type.Integer(),
    currencyCode: CurrencyCode,
    number: Type.Integer(),
    memo: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
    logoURL: Type.Optional(Type.String()),
    size: ChequeSize,
    envelope: Type.String(),
    redirectTo: Type.Optional(Contact),
    letterHTML: Type.Optional(Type.String()),
    letterTemplate: Type.Optional(Type.String()),
    letterUploadedPDF: Type.Optional(Type.String()),
    returnEnvelope: Type.Optional(Type.String()),
    digitalOnly: Type.Optional(Type.Object({ watermark: Type.String() })),
  },
  { additionalProperties: true },
);
