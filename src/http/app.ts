import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { apiKeyAuth } from '../auth/plugin.ts';
import type { Config } from '../config/config.ts';
import { contactRoutes } from '../contacts/routes.ts';
import type { Db } from '../db/database.ts';
import { eventRoutes } from '../events/routes.ts';
import { randomBase62 } from '../ids.ts';
import { letterRoutes } from '../letters/routes.ts';
import type { Logger } from '../logger.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { formatSchemaErrors, registerErrorHandling } from './error-handler.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** `worker` processes answer only the health checks. */
  role: 'api' | 'worker' | 'all';
}

export const API_PREFIX = '/print-mail/v1';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db, config, logger } = deps;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${randomBase62(16)}`,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false } },
    schemaErrorFormatter: (errors, dataVar) => new Error(formatSchemaErrors(errors, dataVar)),
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  if (deps.role === 'worker') return app;

  await registerBodyParsers(app, config.bodyLimitBytes);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'mailstream',
        version: '1',
        description: 'Print & mail orders with a PostGrid-compatible API. Authenticate with the x-api-key header.',
      },
      components: { securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ ApiKeyAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(apiKeyAuth, { db });
      await api.register(contactRoutes, { db });
      await api.register(letterRoutes, { db });
      await api.register(eventRoutes, { db });
    },
    { prefix: API_PREFIX },
  );
  return app;
}
