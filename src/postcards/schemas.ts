import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import { Body } from '../http/schemas.ts';
import { ContactRef, orderCreateProperties, orderResponseProperties } from '../orders/schemas.ts';

export const PostcardSize = Type.Union([Type.Literal('6x4'), Type.Literal('9x6'), Type.Literal('11x6')]);

const html = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000, description }));
const templateId = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 100, description }));

export const PostcardCreate = Body({
  ...orderCreateProperties,
  from: Type.Optional(ContactRef),
  size: PostcardSize,
  frontHTML: html('HTML of the front; or frontTemplate.'),
  backHTML: html('HTML of the back, where the address is stamped; or backTemplate.'),
  frontTemplate: templateId('Template id for the front; or frontHTML.'),
  backTemplate: templateId('Template id for the back; or backHTML.'),
  pdf: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'URL of a 2-page PDF (front, back); instead of HTML.',
    }),
  ),
});

export const Postcard = Type.Object(
  {
    ...orderResponseProperties,
    id: Type.String({ pattern: '^postcard_[a-zA-Z0-9]+$' }),
    object: Type.Literal('postcard'),
    from: Type.Optional(Contact),
    size: PostcardSize,
    frontHTML: Type.Optional(Type.String()),
    backHTML: Type.Optional(Type.String()),
    frontTemplate: Type.Optional(Type.String()),
    backTemplate: Type.Optional(Type.String()),
    uploadedPDF: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
