import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalid } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Whether the body came as multipart/form-data (its files are Buffers in `body`). */
    isMultipart(): boolean;
  }
}

/** A multipart body before bracket keys are read: text fields, JSON fields and files by part name. */
export type MultipartParts = Record<string, unknown>;

/**
 * Counts of parts stay bounded whatever the size; the size of everything together is the body limit,
 * which Fastify enforces while reading (multipart is read like JSON: whole, up to BODY_LIMIT_BYTES).
 */
const limits = { fields: 1000, files: 5, parts: 1005, fieldNameSize: 200 } as const;

const tooMany = (what: string, most: number) =>
  new ApiError('payload_too_large_error', `Too many ${what}: at most ${most}.`);
const malformed = () => invalid('Body is not valid multipart/form-data.');

/**
 * multipart/form-data, read as one Buffer under the body limit (files and fields together; past it a
 * 413 and nothing more is read) and then split into parts by busboy. @fastify/multipart streams parts
 * instead and holds every field up to its own size limit, so 300 MiB of fields were read whole.
 * Files arrive as Buffers (an array when a name repeats), text fields as strings, fields sent with an
 * application/json content type as their parsed value.
 */
export function registerMultipart(app: FastifyInstance, bodyLimit: number): void {
  const multipart = new WeakSet<FastifyRequest>();
  app.decorateRequest('isMultipart', function (this: FastifyRequest) {
    return multipart.has(this);
  });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit },
    async (request: FastifyRequest, body: Buffer) => {
      multipart.add(request);
      return splitParts(request.headers as Record<string, string>, body);
    },
  );
}

function splitParts(headers: Record<string, string>, body: Buffer): Promise<MultipartParts> {
  return new Promise((resolve, reject) => {
    let parser: InstanceType<typeof Busboy>;
    try {
      // The whole body is already under the limit, so no part can be cut short by a size limit.
      parser = new Busboy({
        headers: headers as { 'content-type': string },
        limits: { ...limits, fieldSize: body.length, fileSize: body.length },
      });
    } catch {
      reject(malformed());
      return;
    }
    const parts: MultipartParts = {};
    let failure: Error | undefined;
    const fail = (error: Error) => {
      failure ??= error;
    };
    const add = (name: string, value: unknown) => {
      // A part named like a property of every object (`__proto__`, `constructor`) could reach them.
      if (name in Object.prototype) return fail(invalid('Body contains a forbidden field name.'));
      const existing = Object.hasOwn(parts, name) ? parts[name] : undefined;
      if (existing === undefined) parts[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else parts[name] = [existing, value];
    };
    parser.on('field', (name, value, _nameTruncated, _valueTruncated, _encoding, contentType) => {
      if (!contentType.startsWith('application/json')) return add(name, value);
      try {
        add(name, JSON.parse(value));
      } catch {
        fail(invalid(`${name} is declared application/json but is not valid JSON.`));
      }
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => fail(malformed()));
      stream.on('end', () => add(name, Buffer.concat(chunks)));
    });
    parser.on('partsLimit', () => fail(tooMany('form parts', limits.parts)));
    parser.on('filesLimit', () => fail(tooMany('files', limits.files)));
    parser.on('fieldsLimit', () => fail(tooMany('form fields', limits.fields)));
    parser.on('error', () => {
      fail(malformed());
      reject(failure);
    });
    parser.on('finish', () => (failure ? reject(failure) : resolve(parts)));
    parser.end(body);
  });
}
