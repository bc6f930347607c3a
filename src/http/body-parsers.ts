import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import qs from 'qs';
import { type MultipartParts, registerMultipart } from './multipart.ts';
import { closeUnreadBodies } from './unread-body.ts';

// Bracket keys (`to[firstName]=Ada`) become nested objects, as PostGrid accepts. Depth and counts are
// bounded so a hostile body cannot build huge structures.
const qsOptions = { depth: 5, arrayLimit: 100, parameterLimit: 1000, allowPrototypes: false } as const;

export function parseBracketForm(text: string): Record<string, unknown> {
  return qs.parse(text, qsOptions) as Record<string, unknown>;
}

/**
 * Every body counts whole against `bodyLimit` (BODY_LIMIT_BYTES): JSON, forms and multipart, files and
 * fields together. Past it the answer is 413 and nothing more is read.
 */
export async function registerBodyParsers(app: FastifyInstance, bodyLimit: number): Promise<void> {
  // The API takes JSON, forms and multipart only; anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  await app.register(formbody, { bodyLimit, parser: (text) => parseBracketForm(text) });
  registerMultipart(app, bodyLimit);
  // Multipart fields arrive flat ('to[firstName]'); re-read them with the same bracket rules as forms.
  // Files (Buffers) and JSON-typed fields keep their names as they are.
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
    const params = new URLSearchParams();
    const others: MultipartParts = {};
    for (const [key, value] of Object.entries(request.body as MultipartParts)) {
      const values = Array.isArray(value) ? value : [value];
      if (values.every((v) => typeof v === 'string')) for (const v of values) params.append(key, v);
      else others[key] = value;
    }
    request.body = { ...parseBracketForm(params.toString()), ...others };
  });
  // A body refused for its size may still be arriving; its connection closes soon after the 413.
  closeUnreadBodies(app);
}
