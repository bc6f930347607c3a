import type { FastifyRequest } from 'fastify';
import { invalid } from '../errors.ts';

function isFile(value: unknown): boolean {
  return Buffer.isBuffer(value) || (Array.isArray(value) && value.some((v) => Buffer.isBuffer(v)));
}

/**
 * mailstream takes PDFs and images by URL: it stores no uploaded files. A multipart body that carries a
 * file (which @fastify/multipart hands over as a Buffer) is refused with a message that names the field
 * and says what to send instead, rather than a puzzling "must be string". Register as a preValidation hook.
 */
export async function rejectFileUploads(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
  for (const [field, value] of Object.entries(request.body as Record<string, unknown>)) {
    if (isFile(value)) {
      throw invalid(
        `${field}: file uploads are not supported yet; send the file's http(s) URL in ${field} instead (as a text field or in JSON).`,
      );
    }
  }
}
