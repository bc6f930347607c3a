import type { FastifyRequest } from 'fastify';

function dropContentTypeOfEmptyBody(request: FastifyRequest): void {
  const headers = request.raw.headers;
  const length = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
    delete headers['content-type'];
  }
}

/** onRequest hook for the API: a DELETE never needs a body, so an empty one is no body (see below). */
export async function deleteWithoutBody(request: FastifyRequest): Promise<void> {
  if (request.method === 'DELETE') dropContentTypeOfEmptyBody(request);
}

/**
 * Hooks for action routes whose body is optional (`/cancellation`, `/progressions`, `/tracking_story`,
 * `/fills`): a request with no body works like one with `{}`, whatever its Content-Type says. Clients
 * often send `content-type: application/json` with every POST, body or not; Fastify would parse that
 * empty body as JSON and refuse it, so such a POST /cancellation failed where DELETE worked.
 */
export const optionalBody = {
  // Before parsing: with no body to read, a Content-Type names nothing and is dropped.
  onRequest: async (request: FastifyRequest) => dropContentTypeOfEmptyBody(request),
  // After parsing, before validation: no body is the empty object.
  preValidation: async (request: FastifyRequest) => {
    request.body ??= {};
  },
};
