import { Type } from '@sinclair/typebox';

/**
 * The created-at range a list (and its CSV export) may be narrowed by, as the order lists take it:
 * ISO 8601 instants, both ends inclusive. A date that is not one is a 400 naming the parameter.
 */
export function createdAtRangeProperties(things: string) {
  return {
    createdAtFrom: Type.Optional(
      Type.String({ format: 'date-time', description: `Only ${things} created at or after this time.` }),
    ),
    createdAtTo: Type.Optional(
      Type.String({ format: 'date-time', description: `Only ${things} created at or before this time.` }),
    ),
  };
}

export interface CreatedAtRange {
  createdAtFrom?: Date;
  createdAtTo?: Date;
}

export function createdAtRangeOf(query: { createdAtFrom?: string; createdAtTo?: string }): CreatedAtRange {
  return {
    createdAtFrom: query.createdAtFrom ? new Date(query.createdAtFrom) : undefined,
    createdAtTo: query.createdAtTo ? new Date(query.createdAtTo) : undefined,
  };
}
