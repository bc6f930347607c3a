import { invalid } from '../errors.ts';
import { unstorableInputProblem } from './storable-input.ts';

export interface ListParams {
  skip: number;
  limit: number;
  search?: string;
}

export interface ParsedSearch {
  text?: string;
  /** `{"metadata.campaign":"abc"}` becomes `{campaign: "abc"}`, matched by JSON containment. */
  metadata?: Record<string, unknown>;
  /** Other structured keys the resource allows, e.g. `status` or `description`. */
  fields: Record<string, unknown>;
}

/**
 * What a structured search may give a field other than metadata: any string, or one of these values (a
 * status). Anything else is a 400 naming the field: a number or an unknown status would otherwise match
 * nothing, and a value of another type would be dropped and match everything.
 */
export type SearchFieldValues = 'string' | readonly string[];

/**
 * PostGrid's `search` is either free text or a JSON object of dotted paths. Unknown paths, and values of
 * the wrong type for their field, are an error rather than silently matching everything or nothing.
 * Free text in double quotes (`"New York"`, as PostGrid documents it) is the phrase between them.
 */
export function parseSearch(
  search: string | undefined,
  allowedFields: readonly string[],
  fieldValues: Record<string, SearchFieldValues> = {},
): ParsedSearch {
  const trimmed = search?.trim();
  if (!trimmed) return { fields: {} };
  if (!trimmed.startsWith('{')) {
    const text = unquoted(trimmed);
    return text ? { text, fields: {} } : { fields: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw invalid('search must be free text or a valid JSON object.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('search must be free text or a JSON object.');
  }
  // The query string's own check sees `\u0000` as six characters; parsed, it is a NUL jsonb cannot hold.
  const problem = unstorableInputProblem(parsed, 'search');
  if (problem) throw invalid(`search: ${problem}`);
  const result: ParsedSearch = { fields: {} };
  for (const [path, value] of Object.entries(parsed)) {
    if (path.startsWith('metadata.') && allowedFields.includes('metadata')) {
      const key = path.slice('metadata.'.length);
      if (!key) throw invalid('search: metadata path is empty.');
      result.metadata = setPath(result.metadata ?? {}, key.split('.'), value);
    } else if (path === 'metadata' && allowedFields.includes('metadata')) {
      if (!value || typeof value !== 'object' || Array.isArray(value))
        throw invalid(`search: metadata must be an object, e.g. {"metadata": {"campaign": "abc"}}.`);
      result.metadata = { ...(result.metadata ?? {}), ...(value as Record<string, unknown>) };
    } else if (allowedFields.includes(path)) {
      if (typeof value !== 'string') throw invalid(`search: ${path} must be a string.`);
      const values = fieldValues[path] ?? 'string';
      if (values !== 'string' && !values.includes(value))
        throw invalid(`search: ${path} must be one of: ${values.join(', ')}; "${value}" is not.`);
      result.fields[path] = value;
    } else {
      throw invalid(`search: cannot search by "${path}".`);
    }
  }
  return result;
}

/**
 * The phrase inside double quotes, as a JSON string reads (`"say \\"hi\\""` is `say "hi"`); text not wholly
 * quoted is searched as given.
 */
function unquoted(text: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') return parsed.trim();
  } catch {
    // Not a JSON string (a stray backslash): the characters between the quotes.
  }
  return text.slice(1, -1).trim();
}

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = keys;
  if (head === undefined) return target;
  if (rest.length === 0) return { ...target, [head]: value };
  const child = target[head];
  return {
    ...target,
    [head]: setPath(
      child && typeof child === 'object' ? (child as Record<string, unknown>) : {},
      rest,
      value,
    ),
  };
}

export function listPage<T>(params: ListParams, totalCount: number, data: T[]) {
  return { object: 'list' as const, limit: params.limit, skip: params.skip, totalCount, data };
}
