import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import qs from 'qs';

// Bracket keys (`to[firstName]=Ada`) become nested objects, as PostGrid accepts. Depth and counts are
// bounded so a hostile body cannot build huge structures.
const qsOptions = { depth: 5, arrayLimit: 100, parameterLimit: 1000, allowPrototypes: false } as const;

export function parseBracketForm(text: string): Record<string, unknown> {
  return qs.parse(text, qsOptions) as Record<string, unknown>;
}

export async function registerBodyParsers(app: FastifyInstance, bodyLimit: number): Promise<void> {
  // The API takes JSON, forms and multipart only; anything else is a 415, not a string to validate.
  app.removeContentTypeParser('text/plain');
  await app.register(formbody, { bodyLimit, parser: (text) => parseBracketForm(text) });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: bodyLimit, fieldSize: bodyLimit, fields: 1000, files: 5, parts: 1005 },
  });
  // Multipart fields arrive flat ('to[firstName]'); re-read them with the same bracket rules as forms.
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
    const params = new URLSearchParams();
    const files: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request.body as Record<string, unknown>)) {
      if (typeof value === 'string') params.append(key, value);
      else files[key] = value;
    }
    request.body = { ...parseBracketForm(params.toString()), ...files };
  });
}
