import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import { readFixture } from './fixtures.ts';

// PostGrid's published OpenAPI document (test/fixtures/README.md names its source).
const spec = parse(readFixture('postgrid-openapi-2025-05.yaml')) as Record<string, unknown>;

/** The document itself, for tests that walk its paths. */
export const postgridSpec = spec as { paths: Record<string, Record<string, any>> };

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = (formatsPlugin as unknown as { default: (a: Ajv) => void }).default;
addFormats(ajv);
ajv.addFormat('int32', true);
ajv.addFormat('byte', true);
ajv.addSchema({ $id: 'postgrid', components: (spec as { components: unknown }).components });

/** Validation errors of `data` against `#/components/schemas/<name>` of the reference spec; [] if valid. */
export function specErrors(name: string, data: unknown): string[] {
  const validate = ajv.getSchema(`postgrid#/components/schemas/${name}`);
  if (!validate) throw new Error(`schema ${name} not in the reference spec`);
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
  );
}

type JsonSchema = Record<string, unknown>;
const schemas = (spec as { components: { schemas: Record<string, JsonSchema> } }).components.schemas;

function resolve(schema: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  return resolve(schemas[ref.replace('#/components/schemas/', '')]!);
}

/**
 * The fields an object schema may have, with the schemas each may have there: the union over its
 * anyOf / oneOf / allOf branches (a letter with HTML, with a template, with a PDF; a contact id or an
 * inline contact), following $ref. Read-only fields are left out.
 */
function fieldsOf(root: JsonSchema): Map<string, JsonSchema[]> {
  const fields = new Map<string, JsonSchema[]>();
  const visit = (raw: JsonSchema) => {
    const schema = resolve(raw);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) visit(branch);
    }
    for (const [field, property] of Object.entries((schema.properties as Record<string, JsonSchema>) ?? {})) {
      if (property.readOnly === true) continue;
      fields.set(field, [...(fields.get(field) ?? []), property]);
    }
  };
  visit(root);
  return fields;
}

/** Every field a request body of `#/components/schemas/<name>` may carry (see fieldsOf). */
export function specBodyFields(name: string): Map<string, JsonSchema[]> {
  const fields = fieldsOf(schemas[name] ?? {});
  if (fields.size === 0) throw new Error(`schema ${name} has no body fields in the reference spec`);
  return fields;
}

/** The fields inside a property's value, for checking nested fields too; null when it is no object. */
export function specObjectFields(property: JsonSchema): Map<string, JsonSchema[]> | null {
  const fields = fieldsOf(property);
  return fields.size > 0 ? fields : null;
}

const rebased = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"postgrid#/components/schemas/'));
const propertyValidators = new Map<string, ReturnType<typeof ajv.compile>>();

/** Whether `value` is one the spec allows for a field with any of these schemas (e.g. pdf: uri or byte). */
export function specAllows(schemasOfField: JsonSchema[], value: unknown): boolean {
  return schemasOfField.some((schema) => {
    const key = JSON.stringify(schema);
    let validate = propertyValidators.get(key);
    if (!validate) {
      validate = ajv.compile(rebased(schema) as object);
      propertyValidators.set(key, validate);
    }
    return validate(value);
  });
}
