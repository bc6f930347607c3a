import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

// The dashboard loads only its own files; its pages may not be framed by other sites.
const securityHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; " +
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/**
 * Serves the built dashboard (web/dist) at `/`. A browser asking for a page (Accept: text/html) at any
 * other path that is not an API path and does not name a file gets index.html, so the single-page app's
 * own routes (/letters/letter_…) survive a reload; API paths, and clients not asking for HTML, keep the
 * JSON 404.
 */
export async function dashboardSpa(
  app: FastifyInstance,
  options: { distDir?: string; apiPrefixes: string[] },
) {
  const distDir = options.distDir ?? WEB_DIST;
  const built = existsSync(path.join(distDir, 'index.html'));

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders);
  });

  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        // Vite puts a content hash in every asset name, so assets never change under the same URL.
        if (file.includes(`${path.sep}assets${path.sep}`))
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  const sendIndex = (reply: FastifyReply) => {
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built. Run `npm run build` (npm install does it too), then restart.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };

  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, async (request: FastifyRequest, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isApi = options.apiPrefixes.some(
      (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`),
    );
    const wantsPage = request.headers.accept?.includes('text/html') ?? false;
    if (isApi || !wantsPage || path.posix.extname(pathname) !== '') return reply.callNotFound();
    return sendIndex(reply);
  });
}
