import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type ErrorType, errorBody } from '../errors.ts';

// Schema errors become sentences in src/http/schema-errors.ts; the app's schemaErrorFormatter uses it.
export { formatSchemaErrors } from './schema-errors.ts';

const fastifyCodeTypes: Record<string, [ErrorType, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type_error', 'Unsupported Content-Type.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['validation_error', 'Content-Length does not match the body.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large_error', 'Request body is too large.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    'validation_error',
    'Body cannot be empty when Content-Type is application/json.',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: ['validation_error', 'Body is not valid JSON.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: ['validation_error', 'Body is not valid multipart/form-data.'],
  FST_REQ_FILE_TOO_LARGE: ['payload_too_large_error', 'Uploaded file is too large.'],
  FST_FILES_LIMIT: ['payload_too_large_error', 'Too many files uploaded.'],
  FST_FIELDS_LIMIT: ['payload_too_large_error', 'Too many form fields.'],
  FST_PARTS_LIMIT: ['payload_too_large_error', 'Too many form parts.'],
  FST_PROTO_VIOLATION: ['validation_error', 'Body contains a forbidden key.'],
};

// busboy reports a malformed multipart body (no boundary, a boundary over 256 bytes, a body cut short)
// with plain, uncoded errors; they are the client's mistake, not a 500.
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|.+ terminated early due to unexpected end of multipart data|The needle (cannot|has to))/;

const statusTypes: Record<number, ErrorType> = {
  400: 'validation_error',
  401: 'missing_auth_error',
  403: 'permission_missing_error',
  404: 'not_found_error',
  405: 'method_not_allowed_error',
  413: 'payload_too_large_error',
  415: 'unsupported_media_type_error',
  429: 'rate_limit_exceeded_error',
  503: 'service_unavailable_error',
};

/** The one place that turns any thrown error into PostGrid's error body. 5xx never show internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.status).send(errorBody(error.type, error.message));
    }
    if (error.validation) {
      return reply.status(400).send(errorBody('validation_error', error.message));
    }
    const mapped = error.code ? fastifyCodeTypes[error.code] : undefined;
    if (mapped) {
      const [type, message] = mapped;
      const status = type === 'validation_error' ? 400 : type === 'payload_too_large_error' ? 413 : 415;
      return reply.status(status).send(errorBody(type, message));
    }
    if (
      error.statusCode === undefined &&
      request.isMultipart?.() &&
      MALFORMED_MULTIPART.test(error.message)
    ) {
      return reply.status(400).send(errorBody('validation_error', 'Body is not valid multipart/form-data.'));
    }
    const status = error.statusCode ?? 500;
    const type = statusTypes[status];
    if (status < 500 && type) {
      return reply.status(status).send(errorBody(type, error.message));
    }
    // Any other client error a plugin raises (406 for a multipart JSON field that is not JSON, 414…)
    // is still a client error, in a type of the closed set.
    if (status >= 400 && status < 500) {
      return reply.status(400).send(errorBody('validation_error', error.message));
    }
    if (status === 503)
      return reply.status(503).send(errorBody('service_unavailable_error', 'Service unavailable.'));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'An internal error occurred.'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(errorBody('not_found_error', `Route ${request.method} ${request.url.split('?')[0]} not found.`));
  });
}

/**
 * Fastify's routing errors, which never reach the error handler: a URL that is not valid
 * percent-encoding (`/letters/%`). Pass as `frameworkErrors`.
 */
export function frameworkErrors(_error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  reply
    .status(400)
    .send(errorBody('validation_error', 'The URL is not valid: it has malformed percent-encoding.'));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or URL over 16 KB, bytes that
 * are not HTTP, a request not finished in time), answered in the same error shape rather than Fastify's
 * default body. Pass as `clientErrorHandler`.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request line and headers are too large: at most 16 KB.'
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? 'The request was not completed in time.'
        : 'The request is not valid HTTP.';
  const body = JSON.stringify(errorBody('validation_error', message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
