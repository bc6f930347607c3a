import type { FastifyRequest } from 'fastify';
import { invalid } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Files of a multipart body by field path (`pdf`, `attachedPDF.file`), set by takeFileUploads. */
    fileUploads?: Map<string, Buffer>;
  }
}

/** Stands in for an uploaded file while the body is validated (its field is a string in the schemas). */
const PLACEHOLDER = 'uploaded-file';

function isFile(value: unknown): boolean {
  return Buffer.isBuffer(value) || (Array.isArray(value) && value.some((v) => Buffer.isBuffer(v)));
}

/** `attachedPDF[file]` → ['attachedPDF', 'file'] (the SDK's multipartFormRequestOptions names nested files so). */
function fieldPath(name: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]+\])*)$/.exec(name);
  if (!match) return [name];
  const rest = [...match[2]!.matchAll(/\[([^[\]]+)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...rest];
}

function setPath(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = body;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (next === undefined) node[key] = {};
    else if (!next || typeof next !== 'object' || Array.isArray(next) || Buffer.isBuffer(next)) {
      throw invalid(`${path.join('.')}: the form gives ${key} both as a value and as an object.`);
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/**
 * preValidation hook of the routes that take files (`pdf`, `attachedPDF.file`, `letterPDF`,
 * `signatureImage`): a multipart body's files (Buffers, src/http/multipart.ts) are moved to
 * `request.fileUploads` under their field paths, and a placeholder string stands in their place while the
 * body is validated; putFileUploadsBack returns them after validation, so the service sees the file's
 * bytes where a URL could have been. A file under a field that takes none fails validation as any
 * unknown field does; one sent twice is a 400.
 */
export async function takeFileUploads(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
  const body = request.body as Record<string, unknown>;
  const files = new Map<string, Buffer>();
  for (const [name, value] of Object.entries(body)) {
    if (!isFile(value)) continue;
    if (!Buffer.isBuffer(value)) throw invalid(`${name}: send one file, not several.`);
    delete body[name];
    const path = fieldPath(name);
    if (path.some((key) => key in Object.prototype)) throw invalid('Body contains a forbidden field name.');
    setPath(body, path, PLACEHOLDER);
    files.set(path.join('.'), value);
  }
  if (files.size > 0) request.fileUploads = files;
}

/** preHandler hook: the files takeFileUploads set aside, back in the validated body. */
export async function putFileUploadsBack(request: FastifyRequest): Promise<void> {
  if (!request.fileUploads) return;
  const body = request.body as Record<string, unknown>;
  for (const [path, bytes] of request.fileUploads) setPath(body, path.split('.'), bytes);
}

/** Both hooks, for a route's options. */
export const fileUploads = { preValidation: takeFileUploads, preHandler: putFileUploadsBack } as const;

/**
 * For routes that store no files (quotes): a multipart body that carries one is refused with a message
 * that names the field and says what to send instead, rather than a puzzling "must be string".
 */
export async function rejectFileUploads(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
  for (const [field, value] of Object.entries(request.body as Record<string, unknown>)) {
    if (isFile(value)) {
      throw invalid(
        `${field}: a file is not taken here; send the file's http(s) URL in ${field} instead (as a text field or in JSON).`,
      );
    }
  }
}
