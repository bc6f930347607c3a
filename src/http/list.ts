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
 * PostGrid's `search` is either free text or a JSON object of dotted paths. Unknown paths are an error
 * rather than silently matching everything.
 */
export function parseSearch(search: string | undefined, allowedFields: readonly string[]): ParsedSearch {
  const trimmed = search?.trim();
  if (!trimmed) return { fields: {} };
  if (!trimmed.startsWith('{')) return { text: trimmed, fields: {} };
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
    } else if (
      path === 'metadata' &&
      allowedFields.includes('metadata') &&
      value &&
      typeof value === 'object'
    ) {
      result.metadata = { ...(result.metadata ?? {}), ...(value as Record<string, unknown>) };
    } else if (allowedFields.includes(path)) {
      result.fields[path] = value;
    } else {
      throw invalid(`search: cannot search by "${path}".`);
    }
  }
  return result;
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
