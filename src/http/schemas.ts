import { type ObjectOptions, type TProperties, type TSchema, Type } from '@sinclair/typebox';

/** Shapes shared by every resource: the error body, metadata, list query and list envelope. */
export const ErrorResponse = Type.Object({
  object: Type.Literal('error'),
  error: Type.Object({ type: Type.String(), message: Type.String() }),
});

/**
 * A request body (or an object inside one): a field it does not define is a 400 naming it and the
 * nearest known field (src/http/schema-errors.ts), never silently ignored. Free-form values (metadata,
 * mergeVariables) stay open.
 */
export function Body<T extends TProperties>(properties: T, options: ObjectOptions = {}) {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'Your own key-value data, searchable with a JSON `search` such as {"metadata.campaign":"abc"}.',
});

export const DateTime = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ListQuery = Type.Object({
  skip: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(
    Type.String({
      maxLength: 1000,
      description: 'Free text, or a JSON object such as {"metadata.campaign":"abc"}.',
    }),
  ),
});

export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({
    object: Type.Literal('list'),
    limit: Type.Integer(),
    skip: Type.Integer(),
    totalCount: Type.Integer(),
    data: Type.Array(item),
  });
}

const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  422: ErrorResponse,
} as const;

/**
 * Response schemas for a route: they drive serialisation and the OpenAPI document. Typed loosely on
 * purpose: bodies come from SQL (`order_json`) and services, and the schema is the contract tests check.
 */
export function responses(ok: TSchema, okStatus = 200): Record<number, TSchema> {
  return { [okStatus]: ok, ...errorResponses };
}

export const Deleted = (object: string) =>
  Type.Object({ id: Type.String(), object: Type.Literal(object), deleted: Type.Literal(true) });
