import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How long a connection may go on sending a body after its answer, before it is closed. */
export const UNREAD_BODY_LINGER_MS = 1000;

/**
 * An answer can leave before its body has arrived: a 413 past the body limit, a 401 before reading a
 * body at all. Node then reads the rest and throws it away (nothing is kept), for as long as the
 * client sends. Closing at once would be worse: the client, still writing, gets a reset and may never
 * read the answer (as nginx's lingering_close knows). So the connection is closed a moment after the
 * answer if the body is still coming; a body that ends in that moment keeps its connection.
 */
export function closeUnreadBodies(app: FastifyInstance): void {
  // Fastify asks for `connection: close` after a body it refused, which makes Node close right after
  // the answer; the close comes from the hook below instead.
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.complete) reply.removeHeader('connection');
  });
  app.addHook('onResponse', async (request) => {
    const incoming = request.raw;
    const socket = incoming.socket;
    // fastify.inject() requests have a stand-in socket, and no client to wait for.
    if (incoming.complete || incoming.destroyed || !(socket instanceof Socket)) return;
    const timer = setTimeout(() => socket.destroy(), UNREAD_BODY_LINGER_MS);
    timer.unref();
    const stop = () => clearTimeout(timer);
    incoming.once('end', stop);
    socket.once('close', stop);
  });
}
