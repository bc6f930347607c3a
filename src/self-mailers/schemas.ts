import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import { Body } from '../http/schemas.ts';
import { ContactRef, orderCreateProperties, orderResponseProperties } from '../orders/schemas.ts';

export const SelfMailerSize = Type.Union([
  Type.Literal('8.5x11_bifold'),
  Type.Literal('8.5x11_trifold'),
  Type.Literal('9.5x16_trifold'),
]);

const html = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000, description }));
const templateId = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 100, description }));

export const SelfMailerCreate = Body({
  ...orderCreateProperties,
  from: ContactRef,
  size: SelfMailerSize,
  insideHTML: html('HTML of the inside; or insideTemplate.'),
  outsideHTML: html('HTML of the outside, where the address is stamped; or outsideTemplate.'),
  insideTemplate: templateId('Template id for the inside; or insideHTML.'),
  outsideTemplate: templateId('Template id for the outside; or outsideHTML.'),
  pdf: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'URL of a 2-page PDF (inside, outside); instead of HTML.',
    }),
  ),
});

export const SelfMailer = Type.Object(
  {
    ...orderResponseProperties,
    id: Type.String({ pattern: '^self_mailer_[a-zA-Z0-9]+$' }),
    object: Type.Literal('self_mailer'),
    from: Contact,
    size: SelfMailerSize,
    insideHTML: Type.Optional(Type.String()),
    outsideHTML: Type.Optional(Type.String()),
    insideTemplate: Type.Optional(Type.String()),
    outsideTemplate: Type.Optional(Type.String()),
    uploadedPDF: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
