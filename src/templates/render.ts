// The one renderer for every piece of customer HTML (letter `html`, postcard front/back, self-mailer
// inside/outside, templates). Built on Handlebars so `{{…}}` escapes HTML by default. Callers go through
// src/templates/render-pool.ts, which decides where a render runs (inline or on a worker thread) and
// holds it to the rendering limits.
//
// Rules:
// - Variables are the order's `mergeVariables` spread at top level plus `to` and `from` (the contact
//   snapshots), so `{{to.firstName}}`, `{{from.companyName}}` and `{{amount}}` all work. See
//   `buildTemplateVariables`.
// - A variable that an output expression (`{{x}}`, `{{{x}}}`, `{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`) names but
//   the data lacks throws `MissingVariableError` naming the whole path (`foo.bar`), never renders as
//   empty text: a letter that says "Dear ," is worse than an error at create time. The arguments of the
//   built-in block helpers are the deliberate exception: `{{#if discount}}…{{/if}}` is how a template
//   makes content optional, and `{{#each items}}` over a missing list renders nothing. Likewise the
//   `lookup` helper and block params (`{{#each items as |item|}}{{item.x}}`) are not checked.
// - `{{{x}}}` (triple-stash) inserts `x` unescaped. It is allowed: the HTML is the customer's own
//   document, and the variables are the customer's own data, so raw HTML can only change their own mail.
// - No partials, decorators or custom helpers. Only `if`, `unless`, `each`, `with` and `lookup`; `log`
//   is removed (it would let a template write to our logs). Prototype properties (`constructor`,
//   `__proto__`, …) stay unreachable, as Handlebars ≥ 4.6 does by default, and count as missing.
import Handlebars from 'handlebars';

/** A merge variable referenced by the template is absent from the data. */
export class MissingVariableError extends Error {
  override name = 'MissingVariableError';
  readonly variable: string;

  constructor(variable: string) {
    super(`Merge variable "${variable}" is missing.`);
    this.variable = variable;
  }
}

/** The template cannot be compiled (bad `{{…}}` syntax, unmatched block, partials, unknown helpers). */
export class TemplateSyntaxError extends Error {
  override name = 'TemplateSyntaxError';
  /** 1-based line of the problem, when Handlebars reports one. */
  readonly line: number | undefined;

  constructor(message: string, line?: number) {
    super(message);
    this.line = line;
  }
}

// A private environment, so helpers or partials registered on the global Handlebars by any other code
// never leak into customer templates.
const engine = Handlebars.create();
engine.unregisterHelper('log');

const ALLOWED_HELPERS = ['if', 'unless', 'each', 'with', 'lookup'] as const;
const ALLOWED_HELPER_SET: ReadonlySet<string> = new Set(ALLOWED_HELPERS);

// `strict` makes output expressions throw on missing fields. `assumeObjects` is left off on purpose: it
// removes the null checks on helper arguments too, so `{{#if a.b}}` with no `a` would crash with a bare
// TypeError instead of rendering the else branch. `knownHelpersOnly` turns `{{foo bar}}` (a call to a
// helper that does not exist) into a compile error instead of a runtime surprise.
const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: { log: false, helperMissing: false, blockHelperMissing: true },
  noEscape: false,
} as const;

interface Compiled {
  render: Handlebars.TemplateDelegate;
  /** Referenced paths, resolved against the root of the data (see `templateVariables`). */
  variables: string[];
  /** "line:column" of a path expression → its resolved display path, to name a missing variable. */
  pathsByLocation: Map<string, string>;
  /** Paths of output expressions (the ones strict mode checks), in document order. */
  strictPaths: StrictPath[];
  shape: TemplateShape;
}

/** What bounds a template's output without running it (src/templates/render-pool.ts, the inline path). */
export interface TemplateShape {
  /** `{{…}}` and `{{{…}}}` statements (each prints at most one value). */
  expressions: number;
  /** Block statements (`{{#…}}`): these can repeat their content, so their output has no static bound. */
  blocks: number;
}

interface StrictPath {
  segments: string[];
  display: string;
}

const CACHE_LIMIT = 500;
// Compiled functions are several times larger than their source: the cache also holds at most this many
// characters of template source, so a thread's heap stays well under its limit whatever the mix of sizes.
const CACHE_CHARACTERS = 8_000_000;
// Insertion-ordered Map used as an LRU: a hit is re-inserted at the end, eviction takes the first key.
const cache = new Map<string, Compiled>();
let cachedCharacters = 0;

function compile(html: string): Compiled {
  const hit = cache.get(html);
  if (hit) {
    cache.delete(html);
    cache.set(html, hit);
    return hit;
  }
  let ast: hbs.AST.Program;
  try {
    ast = engine.parse(html);
  } catch (err) {
    throw toSyntaxError(err);
  }
  const walk = new Walker();
  walk.program(ast, [{ base: [], blockParams: new Map() }]);
  // Compiling the AST we already walked: the source is parsed once, and exactly what we vetted runs.
  const render = engine.compile(ast, COMPILE_OPTIONS);
  try {
    // Handlebars compiles lazily on the first call; make that happen now so compile errors (an unknown
    // helper, say) surface as TemplateSyntaxError here. Missing fields are expected with empty data.
    render(safeClone({}));
  } catch (err) {
    if (!isMissingFieldError(err)) throw toSyntaxError(err);
  }
  const compiled: Compiled = {
    render,
    variables: [...new Set(walk.variables)].sort(),
    pathsByLocation: walk.pathsByLocation,
    strictPaths: walk.strictPaths,
    shape: { expressions: walk.expressions, blocks: walk.blocks },
  };
  cache.set(html, compiled);
  cachedCharacters += html.length;
  while (cache.size > CACHE_LIMIT || (cachedCharacters > CACHE_CHARACTERS && cache.size > 1)) {
    const oldest = cache.keys().next().value!;
    cache.delete(oldest);
    cachedCharacters -= oldest.length;
  }
  return compiled;
}

/**
 * Renders `html` with `variables`. Throws `MissingVariableError` for a referenced but absent variable and
 * `TemplateSyntaxError` for a template that does not compile.
 */
export function renderTemplate(
  html: string,
  variables: Record<string, unknown>,
  options: RenderOptions = {},
): string {
  const compiled = compile(html);
  const data = safeClone(variables);
  try {
    return compiled.render(data, options.helpers ? { helpers: options.helpers } : undefined);
  } catch (err) {
    throw toRenderError(err, compiled, data);
  }
}

export interface RenderOptions {
  /**
   * Replacements for the built-in helpers for this one render (the worker threads' output meter wraps
   * them, src/templates/render-meter.ts). Only names of `builtinHelpers()` are meaningful.
   */
  helpers?: Record<string, Handlebars.HelperDelegate>;
}

/** The helpers templates can reach: the allowed ones and the hook behind mustache sections (`{{#x}}`). */
export function builtinHelpers(): Record<string, Handlebars.HelperDelegate> {
  const helpers: Record<string, Handlebars.HelperDelegate> = {};
  for (const name of [...ALLOWED_HELPERS, 'blockHelperMissing']) helpers[name] = engine.helpers[name]!;
  return helpers;
}

/** How many expressions and blocks `html` has. Throws `TemplateSyntaxError` like `renderTemplate`. */
export function templateShape(html: string): TemplateShape {
  return compile(html).shape;
}

/**
 * The variable paths a template references, resolved against the root of the data and sorted:
 * `{{to.firstName}}` → `to.firstName`; inside `{{#with to}}`, `{{city}}` → `to.city`; `{{@root.x}}` and
 * `{{../x}}` resolve upwards. Paths inside `{{#each items}}` refer to each element and are listed as
 * `items.[].name`. Arguments of `if`/`unless`/`each`/`with` are listed too, although a missing one does
 * not fail rendering. Throws `TemplateSyntaxError` like `renderTemplate`.
 */
export function templateVariables(html: string): string[] {
  return [...compile(html).variables];
}

/**
 * The data a template of an order sees: its merge variables at top level, then `to` and `from`. The
 * contacts win over merge variables of the same name, because `{{to.firstName}}` must always mean the
 * recipient.
 */
export function buildTemplateVariables(
  to: unknown,
  from: unknown,
  mergeVariables: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...(mergeVariables ?? {}) };
  if (to !== undefined && to !== null) variables.to = to;
  if (from !== undefined && from !== null) variables.from = from;
  return variables;
}

/** Number of compiled templates currently cached (for tests and metrics). */
export function templateCacheSize(): number {
  return cache.size;
}

// --- data preparation -------------------------------------------------------------------------------

// Strict mode checks `name in object`, which sees inherited names such as `constructor` or `toString`:
// Handlebars then refuses to read them (prototype access is disabled) and prints a warning, and the
// template silently renders an empty string. Copying plain objects onto a prototype without string keys
// makes those names plain "missing". The prototype keeps `Symbol.toPrimitive` because Handlebars builds
// its error message with `'' + object`.
const SAFE_PROTO: object = Object.freeze(
  Object.create(null, { [Symbol.toPrimitive]: { value: () => '[object Object]' } }),
);

function safeClone(value: unknown, depth = 0): unknown {
  if (depth > 64) return value; // merge variables come from JSON; this only guards against cycles
  if (Array.isArray(value)) return value.map((item) => safeClone(item, depth + 1));
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out = Object.create(SAFE_PROTO) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[key] = safeClone(item, depth + 1);
    return out;
  }
  return value;
}

/** Whether `segments` fails to resolve in `value` (`[]` means: in any element of a list or object). */
function isMissing(value: unknown, segments: string[], index: number): boolean {
  if (index === segments.length) return value === undefined;
  if (value === null || typeof value !== 'object') return true;
  const segment = segments[index]!;
  if (segment === '[]') {
    return Object.values(value).some((item) => isMissing(item, segments, index + 1));
  }
  if (!Object.hasOwn(value, segment)) return true;
  return isMissing((value as Record<string, unknown>)[segment], segments, index + 1);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || proto === SAFE_PROTO;
}

// --- error mapping ----------------------------------------------------------------------------------

// Strict mode checks only the last segment of a path, with a located error:
const NOT_DEFINED = /^"(.*)" not defined in /;
// the segments before it are read unchecked, so a missing or null parent is a bare TypeError,
const READ_OF_NULLISH = /^Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '(.*)'\)/;
// and the `in` check itself throws when the path continues past a string or number.
const IN_ON_PRIMITIVE = /^Cannot use 'in' operator to search for '(.*)' in /;

function isMissingFieldError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (NOT_DEFINED.test(err.message) || READ_OF_NULLISH.test(err.message) || IN_ON_PRIMITIVE.test(err.message))
  );
}

function toRenderError(err: unknown, compiled: Compiled, data: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const notDefined = NOT_DEFINED.exec(err.message);
  if (notDefined) {
    // Handlebars reports only the failing segment; its location identifies the whole path expression.
    const hbErr = err as Error & { lineNumber?: number; column?: number };
    const path = compiled.pathsByLocation.get(`${hbErr.lineNumber}:${hbErr.column}`);
    return new MissingVariableError(path ?? notDefined[1]!);
  }
  const unlocated = READ_OF_NULLISH.exec(err.message) ?? IN_ON_PRIMITIVE.exec(err.message);
  if (unlocated) {
    // No location: name the first output path (in document order) that really is missing from the data
    // and goes through the segment the error names.
    const segment = unlocated[1]!;
    const path = compiled.strictPaths.find(
      (p) => p.segments.indexOf(segment) > 0 && isMissing(data, p.segments, 0),
    );
    return new MissingVariableError(path?.display ?? segment);
  }
  // Other Handlebars exceptions at render time are template mistakes (`{{if}}` without its argument…).
  if (err instanceof Handlebars.Exception) return toSyntaxError(err);
  return err;
}

function toSyntaxError(err: unknown): TemplateSyntaxError {
  if (err instanceof TemplateSyntaxError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const parse = /^Parse error on line (\d+):\n([\s\S]*?)\n(-*\^)\n[\s\S]*?got '([^']*)'/.exec(message);
  if (parse) {
    const [, line, snippet, caret, got] = parse;
    const unexpected = got === 'INVALID' ? 'unexpected character' : `unexpected ${got!.toLowerCase()}`;
    return new TemplateSyntaxError(
      `Template syntax error on line ${line}: ${unexpected}.\n${snippet}\n${caret}`,
      Number(line),
    );
  }
  const hbErr = err as { lineNumber?: unknown };
  const line = typeof hbErr.lineNumber === 'number' ? hbErr.lineNumber : undefined;
  // Handlebars appends " - line:column" to located messages; keep our own wording instead.
  const text = message.replace(/ - \d+:\d+$/, '');
  return new TemplateSyntaxError(`Template error${line ? ` on line ${line}` : ''}: ${text}`, line);
}

// --- AST walk ---------------------------------------------------------------------------------------

interface Scope {
  /** Path of this context from the root; null when unknown. */
  base: string[] | null;
  /** Block params (`as |item i|`) visible from here: name → path, or null for an index/key. */
  blockParams: Map<string, string[] | null>;
}

type Node = hbs.AST.Node;

/** Collects referenced paths and rejects constructs we do not allow. */
class Walker {
  readonly variables: string[] = [];
  readonly pathsByLocation = new Map<string, string>();
  readonly strictPaths: StrictPath[] = [];
  expressions = 0;
  blocks = 0;

  program(program: hbs.AST.Program, scopes: Scope[]): void {
    for (const statement of program.body) this.statement(statement, scopes);
  }

  private statement(node: Node, scopes: Scope[]): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        this.expressions++;
        if (isHelperCall(m)) {
          this.helperPath(m.path as hbs.AST.PathExpression);
          this.args(m, scopes);
        } else if (m.path.type === 'PathExpression') {
          this.path(m.path as hbs.AST.PathExpression, scopes, true);
        }
        return;
      }
      case 'BlockStatement':
        this.blocks++;
        this.block(node as hbs.AST.BlockStatement, scopes);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        throw new TemplateSyntaxError(
          `Template error${at(node)}: partials ({{> …}}) are not supported.`,
          line(node),
        );
      case 'Decorator':
      case 'DecoratorBlock':
        throw new TemplateSyntaxError(
          `Template error${at(node)}: decorators ({{* …}}) are not supported.`,
          line(node),
        );
      default:
        throw new TemplateSyntaxError(
          `Template error${at(node)}: unsupported construct ${node.type}.`,
          line(node),
        );
    }
  }

  private block(block: hbs.AST.BlockStatement, scopes: Scope[]): void {
    const name = block.path.original;
    const blockParamNames = block.program?.blockParams ?? [];
    if (block.params.length === 0 && !block.hash && !ALLOWED_HELPER_SET.has(name)) {
      // A mustache section `{{#person}}…{{/person}}`: enters an object (or iterates a list). Paths inside
      // are listed under the object reading, `person.name`, which is by far the common use.
      const base = this.path(block.path, scopes, true);
      this.program(block.program, [...scopes, { base, blockParams: new Map() }]);
      if (block.inverse) this.program(block.inverse, scopes);
      return;
    }
    if (!ALLOWED_HELPER_SET.has(name) || block.path.data || block.path.depth > 0) {
      throw new TemplateSyntaxError(
        `Template error${at(block)}: unknown helper "${name}" (allowed: ${ALLOWED_HELPERS.join(', ')}).`,
        line(block),
      );
    }
    if (name !== 'lookup' && block.params.length !== 1) {
      throw new TemplateSyntaxError(
        `Template error${at(block)}: {{#${name}}} takes exactly one argument.`,
        line(block),
      );
    }
    this.args(block, scopes);
    const target = block.params[0];
    const targetPath =
      target?.type === 'PathExpression' ? this.resolve(target as hbs.AST.PathExpression, scopes) : null;
    const top = scopes[scopes.length - 1]!;
    if (name === 'with' || name === 'each') {
      const base = targetPath === null ? null : name === 'each' ? [...targetPath, '[]'] : targetPath;
      const params = new Map(top.blockParams);
      if (blockParamNames[0]) params.set(blockParamNames[0], base);
      if (blockParamNames[1]) params.set(blockParamNames[1], null);
      this.program(block.program, [...scopes, { base, blockParams: params }]);
    } else {
      // `if`, `unless`, `lookup` keep the context (and Handlebars does not count them for `../`).
      this.program(block.program, scopes);
    }
    if (block.inverse) this.program(block.inverse, scopes);
  }

  private args(node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }, scopes: Scope[]): void {
    for (const param of node.params) this.expression(param, scopes);
    for (const pair of node.hash?.pairs ?? []) this.expression(pair.value, scopes);
  }

  private expression(node: hbs.AST.Expression, scopes: Scope[]): void {
    if (node.type === 'PathExpression') {
      this.path(node as hbs.AST.PathExpression, scopes, false);
    } else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.helperPath(sub.path);
      this.args(sub, scopes);
    }
    // Literals reference nothing.
  }

  private helperPath(path: hbs.AST.PathExpression): void {
    if (!ALLOWED_HELPER_SET.has(path.original)) {
      throw new TemplateSyntaxError(
        `Template error${at(path)}: unknown helper "${path.original}" (allowed: ${ALLOWED_HELPERS.join(', ')}).`,
        line(path),
      );
    }
  }

  /**
   * Records a referenced path; returns its resolved segments (null when not rooted). `strict`: an output
   * expression, which strict mode checks (helper arguments are not checked).
   */
  private path(path: hbs.AST.PathExpression, scopes: Scope[], strict: boolean): string[] | null {
    const resolved = this.resolve(path, scopes);
    const display = resolved && resolved.length > 0 ? resolved.join('.') : path.original;
    if (path.loc) this.pathsByLocation.set(`${path.loc.start.line}:${path.loc.start.column}`, display);
    if (strict && resolved && resolved.length > 0) this.strictPaths.push({ segments: resolved, display });
    if (resolved && resolved.length > 0 && resolved[resolved.length - 1] !== '[]') {
      this.variables.push(resolved.join('.'));
    }
    return resolved;
  }

  private resolve(path: hbs.AST.PathExpression, scopes: Scope[]): string[] | null {
    const parts = path.parts;
    if (path.data) return parts[0] === 'root' ? parts.slice(1) : null; // @index, @key, @first… are not data
    const scope = scopes[scopes.length - 1 - path.depth];
    if (!scope) return null;
    const head = parts[0];
    const explicitThis = /^(this|\.)(\/|\.|$)/.test(path.original);
    if (path.depth === 0 && !explicitThis && head !== undefined && scope.blockParams.has(head)) {
      const param = scope.blockParams.get(head);
      return param ? [...param, ...parts.slice(1)] : null;
    }
    return scope.base ? [...scope.base, ...parts] : null;
  }
}

function isHelperCall(m: hbs.AST.MustacheStatement): boolean {
  return m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
}

function line(node: Node): number | undefined {
  return node.loc?.start.line;
}

function at(node: Node): string {
  return node.loc ? ` on line ${node.loc.start.line}` : '';
}
