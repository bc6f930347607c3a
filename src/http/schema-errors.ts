import { closest, distance } from 'fastest-levenshtein';

/**
 * What Ajv reports for a failed schema check. The app compiles with `verbose: true`, so each error
 * carries the schema around the failing keyword (`parentSchema`): the known fields of an object, a
 * number's unit.
 */
export interface SchemaErrorLike {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: unknown;
}

/**
 * Schema annotation naming the unit of a number (`Type.Integer({ 'x-unit': 'cents' })`), so a bad
 * amount says what it is counted in. Registered as an Ajv keyword (src/http/app.ts); OpenAPI shows it
 * as a vendor extension.
 */
export const UNIT_KEYWORD = 'x-unit';

const unitHints: Record<string, string> = {
  cents: 'an amount in cents: 1050 is 10.50',
};

/** Shown names stay short: a hostile body can name a field with 90,000 characters. */
function shown(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

const comparable = (name: string) => name.toLowerCase().replace(/[_\-\s]/g, '');

/**
 * The known field a misspelt one most likely means (`colour` → `color`, `send_date` → `sendDate`,
 * `attachedPdf` → `attachedPDF`), or undefined when none is close: at most a third of its letters differ.
 */
export function nearestField(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || name.length > 64) return undefined;
  const wanted = comparable(name);
  const byComparable = new Map(known.map((k) => [comparable(k), k]));
  const best = closest(wanted, [...byComparable.keys()]);
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  return distance(wanted, best) <= allowed ? byComparable.get(best) : undefined;
}

function knownProperties(schema: unknown): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function unknownFieldMessage(error: SchemaErrorLike, path: string): string {
  const name = String(error.params.additionalProperty);
  const prefix = path ? `${path}.` : '';
  const known = knownProperties(error.parentSchema);
  const nearest = nearestField(name, known);
  if (nearest) return `Unknown field ${prefix}${shown(name)}; did you mean ${prefix}${nearest}?`;
  if (known.length === 0)
    return `Unknown field ${prefix}${shown(name)}: ${path || 'the body'} takes no fields.`;
  return `Unknown field ${prefix}${shown(name)}; the fields${path ? ` of ${path}` : ''} are: ${known.join(', ')}.`;
}

/**
 * Every value a union of literals (`extraService`, `size`…) allows at `instancePath`, in schema order;
 * empty when the value there is not checked against such a union. Read from the union itself (the
 * anyOf error's schema), so a value of the wrong type, which fails before any literal is compared, is
 * told the values too.
 */
function allowedLiterals(errors: readonly SchemaErrorLike[], instancePath: string): unknown[] {
  for (const error of errors) {
    if (error.keyword !== 'anyOf' || error.instancePath !== instancePath) continue;
    const branches = (error.parentSchema as { anyOf?: unknown[] } | undefined)?.anyOf ?? [];
    const literals = branches.map((b) => (b && typeof b === 'object' && 'const' in b ? b.const : undefined));
    if (literals.length > 0 && literals.every((v) => v !== undefined)) return literals;
  }
  return [];
}

function unitNote(error: SchemaErrorLike): string {
  const unit = (error.parentSchema as Record<string, unknown> | undefined)?.[UNIT_KEYWORD];
  if (typeof unit !== 'string') return '';
  return ` (${unitHints[unit] ?? `in ${unit}`})`;
}

/**
 * Turns Ajv output into one readable sentence naming the field and, where a schema knows it, what is
 * allowed: "to.addressLine1 is required", "extraService must be one of: certified, …", "Unknown field
 * colour; did you mean color?", "amount must be >= 1 (an amount in cents: 1050 is 10.50)".
 */
export function formatSchemaErrors(errors: SchemaErrorLike[], dataVar: string): string {
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // In a union (contact id or inline contact) the branch the client did not mean fails on `type`;
  // the other branch's complaint is the one worth reading.
  const ranked = [...useful].sort((a, b) => Number(a.keyword === 'type') - Number(b.keyword === 'type'));
  const first = ranked[0] ?? errors[0];
  if (!first) return `Invalid ${dataVar}.`;
  const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const where = field || (dataVar === 'body' ? 'body' : dataVar);
  // A union of literals fails once per literal, each error naming one allowed value.
  const literals = allowedLiterals(errors, first.instancePath);
  if (literals.length > 1) return `${where} must be one of: ${literals.join(', ')}.`;
  switch (first.keyword) {
    case 'required':
      return `${field ? `${field}.` : ''}${String(first.params.missingProperty)} is required.`;
    case 'enum':
      return `${where} must be one of: ${(first.params.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `${where} must be ${JSON.stringify(first.params.allowedValue)}.`;
    case 'additionalProperties':
      return unknownFieldMessage(first, field);
    default:
      return `${where} ${first.message ?? 'is invalid'}${unitNote(first)}.`;
  }
}
