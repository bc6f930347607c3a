import { Type } from '@sinclair/typebox';
import { Contact } from '../contacts/schemas.ts';
import { Body } from '../http/schemas.ts';
import { ContactRef, orderCreateProperties, orderResponseProperties } from '../orders/schemas.ts';

export const LetterSize = Type.Union([Type.Literal('us_letter'), Type.Literal('a4')]);
export const AddressPlacement = Type.Union([
  Type.Literal('top_first_page'),
  Type.Literal('insert_blank_page'),
]);

export const AttachedPDFPlacement = Type.Union([
  Type.Literal('before_template'),
  Type.Literal('after_template'),
]);

const pdfLink = (description: string) => Type.String({ minLength: 1, maxLength: 2000, description });
const cardHtml = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 2_000_000, description }));
const cardTemplate = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 100, description }));

/** PostGrid's attachedPDF: a PDF printed before or after the letter's own content. */
export const AttachedPDF = Body({
  file: pdfLink('The PDF to attach: a file (multipart upload) or its https URL.'),
  placement: AttachedPDFPlacement,
});

/** PostGrid's plasticCard: a card sent with the letter, one face (singleSided) or two (doubleSided). */
export const PlasticCard = Body({
  size: Type.Literal('standard'),
  singleSided: Type.Optional(
    Body({
      html: cardHtml('HTML of the card; or template, or pdf.'),
      template: cardTemplate('Template id of the card; or html, or pdf.'),
      pdf: Type.Optional(pdfLink('URL of a 1-page PDF of the card; or html, or template.')),
    }),
  ),
  doubleSided: Type.Optional(
    Body({
      frontHTML: cardHtml('HTML of the front; or frontTemplate.'),
      backHTML: cardHtml('HTML of the back; or backTemplate.'),
      frontTemplate: cardTemplate('Template id of the front; or frontHTML.'),
      backTemplate: cardTemplate('Template id of the back; or backHTML.'),
      pdf: Type.Optional(pdfLink('URL of a 2-page PDF (front, back); instead of HTML.')),
    }),
  ),
});

export const LetterCreate = Body({
  ...orderCreateProperties,
  from: ContactRef,
  html: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2_000_000, description: 'HTML content; or template, or pdf.' }),
  ),
  template: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Template id; or html, or pdf.' }),
  ),
  pdf: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'The PDF to print: a file (multipart upload) or its URL.',
    }),
  ),
  size: Type.Optional(LetterSize),
  color: Type.Optional(Type.Boolean()),
  doubleSided: Type.Optional(Type.Boolean()),
  addressPlacement: Type.Optional(AddressPlacement),
  envelope: Type.Optional(Type.String({ maxLength: 100 })),
  perforatedPage: Type.Optional(Type.Literal(1)),
  returnEnvelope: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Return envelope id; one envelope is taken from it.',
    }),
  ),
  attachedPDF: Type.Optional(AttachedPDF),
  plasticCard: Type.Optional(PlasticCard),
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
    attachedPDF: Type.Optional(
      Type.Object(
        {
          file: Type.Optional(Type.String({ description: 'The URL given; absent for an uploaded file.' })),
          placement: AttachedPDFPlacement,
          pages: Type.Optional(Type.Integer({ description: "An uploaded file's page count." })),
        },
        { additionalProperties: true },
      ),
    ),
    plasticCard: Type.Optional(
      Type.Object({ size: Type.Literal('standard') }, { additionalProperties: true }),
    ),
  },
  { additionalProperties: true },
);
