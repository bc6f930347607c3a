import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { request } from 'undici';
import type { Db } from '../../src/db/database.ts';
import { errorStatus } from '../../src/errors.ts';

/**
 * Shared pieces of the hostile-input tests: bounded run counts, a fingerprint of every stored row, the
 * hostile values and bodies, raw requests, and the one assertion every response must pass.
 */

/** Runs per property in `npm test`; `npm run test:hostile` (FUZZ_RUNS, default 2000) is the long form. */
export function fuzzRuns(bounded: number): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : bounded;
}

/**
 * A new seed every run, so repeated runs explore further; a failure prints its seed, and
 * `FUZZ_SEED=<seed>` replays it exactly.
 */
export function fuzzParameters(bounded: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  return {
    numRuns: fuzzRuns(bounded),
    ...(Number.isInteger(seed) ? { seed } : {}),
    // Shrinking re-sends requests; a handful of steps is enough to make a failure readable.
    endOnFailure: false,
    interruptAfterTimeLimit: 10 * 60_000,
  };
}

/** Reference data filled by migrations (tens of thousands of calendar days) that no request writes. */
const REFERENCE_TABLES = ['business_calendar', 'us_federal_holidays'];

const stateQueries = new WeakMap<Db, ReturnType<typeof sql<{ name: string; state: string }>>>();

/**
 * Count and order-independent hash of every row of every table mailstream writes (public schema and
 * graphile-worker's jobs): equal before and after means the request stored, changed and queued nothing.
 */
export async function storedState(db: Db): Promise<Record<string, string>> {
  let query = stateQueries.get(db);
  if (!query) {
    const { rows: tables } = await sql<{ schema: string; name: string }>`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('public', 'graphile_worker', 'graphile_worker_private')
        and c.relname not in (${sql.join(REFERENCE_TABLES)})
      order by 1, 2`.execute(db);
    const parts = tables.map(
      ({ schema, name }) =>
        sql`select ${`${schema}.${name}`}::text as name, count(*)::text || ':' ||
          coalesce(sum(hashtextextended(t::text, 0)), 0)::text as state
        from ${sql.table(`${schema}.${name}`)} t`,
    );
    query = sql<{ name: string; state: string }>`${sql.join(parts, sql` union all `)}`;
    stateQueries.set(db, query);
  }
  const { rows } = await query.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.state]));
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

export interface RawRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Flat [name, value, name, value…] so a header can be sent twice. */
  headers?: string[];
  body?: string | Buffer;
}

/** One request exactly as given (undici sends duplicated headers and odd content types untouched). */
export async function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const response = await request(`${baseUrl}${req.path}`, {
    method: req.method ?? 'POST',
    headers: req.headers ?? [],
    body: req.body,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, body };
}

/** Never a 5xx; every 4xx in PostGrid's error shape, its type matching its status. */
export function assertWellFormed(response: RawResponse, context: string): void {
  const shown = context.length > 400 ? `${context.slice(0, 400)}… (${context.length} characters)` : context;
  const where = `${shown}\n→ ${response.status} ${response.text.slice(0, 500)}`;
  assert.ok(response.status < 500, `server error: ${where}`);
  assert.ok(response.status >= 200, where);
  if (response.status < 400) return;
  assert.equal(response.body?.object, 'error', where);
  const type = response.body.error?.type as keyof typeof errorStatus;
  assert.ok(type in errorStatus, `unknown error type: ${where}`);
  assert.equal(errorStatus[type], response.status, `type/status mismatch: ${where}`);
  assert.equal(typeof response.body.error.message, 'string', where);
  assert.ok(response.body.error.message.length > 0, where);
}

const controlChars = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u2028',
  '\ufeff',
  '\ud800',
  '\udfff',
);

/** Strings meant to break things: empty, huge, control characters, lone surrogates, markup, injections. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(controlChars, fc.string({ maxLength: 3 })), { maxLength: 12 })
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'undefined',
    '{{',
    '{{#each}}',
    '{{> partial}}',
    "'; drop table orders; --",
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'contact_',
    'letter_00000000000000000000000',
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    '2024-02-30T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    'https://169.254.169.254/latest/meta-data',
    'file:///etc/passwd',
  ),
  // Larger than a field's maxLength, and sometimes larger than the test app's body limit.
  fc.integer({ min: 1_000, max: 90_000 }).map((n) => 'x'.repeat(n)),
);

/** A value nested `depth` levels deep, as objects or arrays. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 1, max: 3000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
    return value;
  });

/** Any wrongly typed, oversized or malformed value for a field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.constantFrom(0, -1, -0, 4999, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 2 ** 31, 2 ** 63),
      fc.boolean(),
      fc.constant(null),
    ),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 200 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 20 }) },
);

type Json = Record<string, unknown>;

/** Every path to a field of a body, e.g. [['to'], ['to', 'firstName'], ['html']]. */
function fieldPaths(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [...prefix, key],
    ...fieldPaths(child, [...prefix, key]),
  ]);
}

/** A copy of the body with one field changed; only the objects on the path are copied (values may be deep). */
function withField(body: unknown, path: string[], change: (parent: Json, key: string) => void): unknown {
  const copy = { ...(body as Json) };
  let parent = copy;
  for (const key of path.slice(0, -1)) {
    const child = parent[key];
    if (child === null || typeof child !== 'object') return copy;
    parent[key] = Array.isArray(child) ? [...child] : { ...(child as Json) };
    parent = parent[key] as Json;
  }
  change(parent, path.at(-1)!);
  return copy;
}

/** One valid body changed at one random field: removed, replaced by a hostile value, or joined by one. */
export function mutatedBody(valid: Json): fc.Arbitrary<unknown> {
  const paths = fieldPaths(valid);
  const known = fc.constantFrom(...paths);
  return fc.oneof(
    fc.tuple(known, hostileValue).map(([path, value]) =>
      withField(valid, path, (parent, key) => {
        parent[key] = value;
      }),
    ),
    known.map((path) =>
      withField(valid, path, (parent, key) => {
        delete parent[key];
      }),
    ),
    fc
      .tuple(
        fc.oneof(
          hostileString,
          fc.constantFrom('metadata', 'mergeVariables', 'description', 'live', 'id', 'status'),
        ),
        hostileValue,
      )
      .map(([key, value]) => ({ ...valid, [key]: value })),
    fc.tuple(known, known, hostileValue, hostileValue).map(([a, b, x, y]) =>
      withField(
        withField(valid, a, (parent, key) => {
          parent[key] = x;
        }),
        b,
        (parent, key) => {
          parent[key] = y;
        },
      ),
    ),
  );
}

/** Serialises without the stack: JSON.stringify overflows on the deepest generated values. */
export function toJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (
      typeof item === 'object' &&
      item !== null &&
      'raw' in item &&
      (item as { raw: unknown }).raw === RAW
    ) {
      out.push((item as unknown as { text: string }).text);
    } else if (Array.isArray(item)) {
      const parts: unknown[] = [raw('[')];
      item.forEach((child, i) => {
        if (i > 0) parts.push(raw(','));
        parts.push(child);
      });
      parts.push(raw(']'));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else if (typeof item === 'object' && item !== null) {
      const parts: unknown[] = [raw('{')];
      Object.entries(item).forEach(([key, child], i) => {
        parts.push(raw(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`), child);
      });
      parts.push(raw('}'));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}
const RAW = Symbol('raw');
function raw(text: string) {
  return { raw: RAW, text };
}

export interface Encoded {
  contentType: string | null;
  body: string | Buffer;
  describe: string;
}

/**
 * Bracket-key form fields, as PostGrid accepts (`to[firstName]=Ada`); deep values flatten to deep keys.
 * Iterative: generated values can be thousands of levels deep.
 */
function formPairs(value: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  const stack: [string, unknown][] = [['', value]];
  while (stack.length > 0 && pairs.length < 2000) {
    const [prefix, current] = stack.pop()!;
    if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      if (entries.length === 0 && prefix) pairs.push([prefix, '']);
      for (const [key, child] of entries.reverse()) stack.push([prefix ? `${prefix}[${key}]` : key, child]);
    } else if (prefix) {
      pairs.push([prefix, current === null ? '' : String(current)]);
    }
  }
  return pairs;
}

function multipart(pairs: [string, string][], boundary: string): string {
  const quoteSafe = (name: string) => name.replaceAll('"', '%22').replaceAll('\r', '').replaceAll('\n', '');
  return `${pairs
    .map(
      ([name, value]) =>
        `--${boundary}\r\ncontent-disposition: form-data; name="${quoteSafe(name)}"\r\n\r\n${value}\r\n`,
    )
    .join('')}--${boundary}--\r\n`;
}

/** A body as JSON (whole or cut short), a form, multipart, or garbage bytes, with a fitting content type. */
export function encodedBody(body: fc.Arbitrary<unknown>): fc.Arbitrary<Encoded> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: body.map((b) => ({ contentType: 'application/json', body: toJson(b), describe: 'json' })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(body, fc.double({ min: 0, max: 1, noNaN: true })).map(([b, cut]) => {
        const text = toJson(b);
        return {
          contentType: 'application/json',
          body: text.slice(0, Math.floor(text.length * cut)),
          describe: 'truncated json',
        };
      }),
    },
    {
      weight: 1,
      arbitrary: body.map((b) => ({
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams(formPairs(b)).toString(),
        describe: 'form',
      })),
    },
    {
      weight: 1,
      arbitrary: body.map((b) => ({
        contentType: 'multipart/form-data; boundary=hostile-boundary',
        body: multipart(formPairs(b).slice(0, 1000), 'hostile-boundary'),
        describe: 'multipart',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({
        contentType: 'application/json',
        body: Buffer.from(bytes),
        describe: 'random bytes',
      })),
    },
  );
}

/** Content types, charsets and header oddities sent with an otherwise ordinary create. */
export const oddContentType: fc.Arbitrary<string[]> = fc.oneof(
  fc
    .constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON; CHARSET=UTF-8',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json;charset="utf-8"',
      'application/json; foo=bar; charset=utf-8; charset=ascii',
      'application/vnd.api+json',
      'application/json-patch+json',
      'application/jsonx',
      'text/json',
      'text/plain',
      'text/html',
      'application/xml',
      'application/octet-stream',
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded; charset=iso-8859-1',
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; boundary=nothing-like-the-body',
      'multipart/mixed; boundary=x',
      '*/*',
      ';',
      'application/',
      '/json',
      ' ',
    )
    .map((value) => ['content-type', value]),
  fc
    .tuple(
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      fc.constantFrom('application/json', 'multipart/form-data; boundary=x', 'application/xml'),
    )
    .map(([a, b]) => ['content-type', a, 'content-type', b]),
  fc.constant<string[]>([]),
);
