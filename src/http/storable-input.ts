import type { FastifyRequest } from 'fastify';
import { invalid } from '../errors.ts';

/**
 * Deepest nesting accepted in a body (metadata, mergeVariables…). Real requests stay within a handful
 * of levels; thousands of levels overflow the stack of JSON.stringify and PostgreSQL's jsonb parser.
 */
export const MAX_INPUT_DEPTH = 32;

// PostgreSQL text and jsonb cannot hold NUL, nor half of a UTF-16 surrogate pair (a broken character).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** `metadata.campaign` for a field, `body` (or `query`) for the whole input; deep paths shortened. */
function pathOf(where: string, keys: readonly string[]): string {
  if (keys.length === 0) return where;
  const shown = keys.length > 8 ? [...keys.slice(0, 8), '…'] : keys;
  return shown.map((key) => (key.length > 40 ? `${key.slice(0, 40)}…` : key)).join('.');
}

/**
 * The problem with the input, or null: walks it iteratively (a hostile body can be deeper than the
 * stack) and names the first field holding text PostgreSQL cannot store, a number it cannot, or
 * nesting too deep.
 */
export function unstorableInputProblem(value: unknown, where: string): string | null {
  const stack: { value: unknown; keys: string[] }[] = [{ value, keys: [] }];
  while (stack.length > 0) {
    const { value: current, keys } = stack.pop()!;
    if (typeof current === 'string') {
      if (unstorable(current)) {
        return `${pathOf(where, keys)} contains a NUL character or a broken Unicode character.`;
      }
      continue;
    }
    if (typeof current === 'number') {
      // JSON's 1e309, or a string like "1e309" that validation coerced: Infinity passes Ajv's
      // minimum/maximum (it skips non-finite numbers) and would reach PostgreSQL as out of range.
      if (!Number.isFinite(current)) return `${pathOf(where, keys)} must be a finite number.`;
      continue;
    }
    if (current === null || typeof current !== 'object' || Buffer.isBuffer(current)) continue;
    if (keys.length >= MAX_INPUT_DEPTH) {
      return `${pathOf(where, keys)} is nested too deeply: at most ${MAX_INPUT_DEPTH} levels are accepted.`;
    }
    for (const [key, child] of Object.entries(current)) {
      if (unstorable(key)) {
        return `${pathOf(where, keys)} has a field name with a NUL character or a broken Unicode character.`;
      }
      stack.push({ value: child, keys: [...keys, key] });
    }
  }
  return null;
}

/**
 * preHandler hook: bad text or a non-finite number in the body, query or path is a 400 naming the
 * field, before any of it reaches a service or the database (where it used to fail as a 500). It runs
 * after validation because validation's type coercion is what turns "1e309" into Infinity.
 */
export async function rejectUnstorableInput(request: FastifyRequest): Promise<void> {
  for (const [where, value] of [
    ['body', request.body],
    ['query', request.query],
    ['params', request.params],
  ] as const) {
    const problem = unstorableInputProblem(value, where);
    if (problem) throw invalid(problem);
  }
}
