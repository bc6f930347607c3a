import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { parse } from 'yaml';
import { readFixture } from './fixtures.ts';

// PostGrid's published OpenAPI document (test/fixtures/README.md names its source).
const spec = parse(readFixture('postgrid-openapi-2025-05.yaml')) as Record<string, unknown>;

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
