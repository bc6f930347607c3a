import { Type } from '@sinclair/typebox';
import { Body, DateTime, Metadata } from '../http/schemas.ts';

const html = Type.String({
  maxLength: 2_000_000,
  description: 'HTML with {{…}} merge variables (Handlebars).',
});

export const TemplateCreate = Body({
  html: Type.Optional(html),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  metadata: Type.Optional(Metadata),
});

export const TemplateUpdate = TemplateCreate;

export const Template = Type.Object({
  id: Type.String({ pattern: '^template_[a-zA-Z0-9]+$' }),
  object: Type.Literal('template'),
  live: Type.Boolean(),
  html: Type.String(),
  description: Type.Optional(Type.String()),
  metadata: Type.Optional(Metadata),
  createdAt: DateTime,
  updatedAt: DateTime,
});
