import { PassThrough, type Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, invalid } from '../errors.ts';
import { MAX_IMPORT_BYTES } from './service.ts';

/** Where a multipart import's unread body waits for the route (symbol keys stay out of input checks). */
export const UPLOAD = Symbol('multipart upload');

/**
 * Imports take files up to 100 MB, streamed: in this plugin multipart bodies are not read whole (as
 * src/http/multipart.ts does for every other route, under the body limit) but handed to the route
 * unread, to be split by busboy as they arrive.
 */
export function registerStreamingMultipart(app: FastifyInstance): void {
  app.removeContentTypeParser('multipart/form-data');
  app.addContentTypeParser('multipart/form-data', (_request, payload, done) => {
    done(null, { [UPLOAD]: payload });
  });
}

export interface StreamedUpload {
  /** The `file` part's bytes as they arrive (an empty stream when the body has no file part). */
  file: Readable;
  /** The text parts, once the whole body has been read (mappings may follow the file). */
  fields: Promise<Record<string, unknown>>;
}

export function streamUpload(request: FastifyRequest): StreamedUpload {
  const payload = (request.body as { [UPLOAD]: Readable })[UPLOAD];
  const file = new PassThrough();
  let sawFile = false;
  const fields: Record<string, unknown> = {};
  const parser = new Busboy({
    headers: request.headers as { 'content-type': string },
    limits: { files: 1, fields: 50, fieldSize: 1024 * 1024, fileSize: MAX_IMPORT_BYTES },
  });
  const done = new Promise<Record<string, unknown>>((resolve, reject) => {
    parser.on('field', (name, value) => {
      if (name in Object.prototype) return;
      // Mappings and metadata come as JSON text in a form.
      if (/Mapping$|^metadata$/.test(name)) {
        try {
          fields[name] = JSON.parse(value);
        } catch {
          fields[name] = value;
        }
      } else fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      if (name !== 'file' || sawFile) {
        stream.resume();
        return;
      }
      sawFile = true;
      stream.on('limit', () =>
        file.destroy(
          new ApiError(
            'payload_too_large_error',
            `file is larger than ${MAX_IMPORT_BYTES} bytes, the most accepted.`,
          ),
        ),
      );
      stream.pipe(file);
    });
    parser.on('error', () => {
      const error = invalid('Body is not valid multipart/form-data.');
      file.destroy(error);
      reject(error);
    });
    parser.on('finish', () => {
      if (!sawFile) file.end();
      resolve(fields);
    });
  });
  // Rejections surface through the file stream or the awaited fields, never unhandled.
  done.catch(() => {});
  payload.pipe(parser);
  return { file, fields: done };
}
