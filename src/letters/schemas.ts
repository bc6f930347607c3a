import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import {
  ContactRef,
  ExtraService,
  orderCreateProperties,
  orderResponseProperties,
} from '../orders/schemas.ts';

export const LetterSize = Type.Union([Type.Literal('us_letter'), Type.Literal('a4')]);
export const AddressPlacement = Type.Union([
  Type.Literal('top_first_page'),
  Type.Literal('insert_blank_page'),
]);

export const LetterCreate = Type.Object({
  ...orderCreateProperties,
  from: ContactRef,
  html: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2_000_000, description: 'HTML content; or template, or pdf.' }),
  ),
  template: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Template id; or html, or pdf.' }),
  ),
  pdf: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'URL of a PDF to print.' })),
  size: Type.Optional(LetterSize),
  color: Type.Optional(Type.Boolean()),
  doubleSided: Type.Optional(Type.Boolean()),
  addressPlacement: Type.Optional(AddressPlacement),
  envelope: Type.Optional(Type.String({ maxLength: 100 })),
  perforatedPage: Type.Optional(Type.Literal(1)),
  extraService: Type.Optional(ExtraService),
  returnEnvelope: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Return envelope id; one envelope is taken from it.',
    }),
  ),
});

export const Letter = Type.Object(
  {
    ...orderResponseProperties,
    id: Type.String({ pattern: '^letter_[a-zA-Z0-9]+$' }),
    object: Type.Literal('letter'),
    from: Contact,
    html: Type.Optional(Type.String()),
    uploadedPDF: Type.Optional(Type.String()),
    template: Type.Optional(Type.String()),
    size: LetterSize,
    color: Type.Boolean(),
    doubleSided: Type.Boolean(),
    addressPlacement: AddressPlacement,
    envelope: Type.String(),
    perforatedPage: Type.Optional(Type.Literal(1)),
    returnEnvelope: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
