import { Type } from '@sinclair/typebox';
import { createdAtRangeProperties } from '../http/created-range.ts';
import { Body, DateTime, ListQuery, Metadata } from '../http/schemas.ts';

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

export const TemplateListQuery = Type.Composite([
  ListQuery,
  Type.Object(createdAtRangeProperties('templates')),
]);

/** The list's filters, for GET /templates/export: every match, not a page. */
export const TemplateExportQuery = Type.Omit(TemplateListQuery, ['skip', 'limit']);
