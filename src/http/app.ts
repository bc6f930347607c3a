import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type pg from 'pg';
import { installAddressVerifier, makeVerifier } from '../addresses/provider.ts';
import { ADDVER_PREFIX, addressSettingsRoutes, addressVerificationRoutes } from '../addresses/routes.ts';
import { type KeyVault, openKeyVault, resolveSecret } from '../auth/key-vault.ts';
import { apiKeyAuth } from '../auth/plugin.ts';
import { apiRateLimit } from '../auth/rate-limit.ts';
import { bankAccountRoutes } from '../bank-accounts/routes.ts';
import { campaignRoutes } from '../campaigns/routes.ts';
import { chequeRoutes } from '../cheques/routes.ts';
import type { Config } from '../config/config.ts';
import { contactRoutes } from '../contacts/routes.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';
import { dashboardSpa } from '../dashboard/spa.ts';
import type { Db } from '../db/database.ts';
import { documentRoutes } from '../documents/routes.ts';
import { DOCUMENTS_PREFIX, DocumentLinks } from '../documents/signed-links.ts';
import { DocumentStore } from '../documents/store.ts';
import { eventRoutes } from '../events/routes.ts';
import { randomBase62 } from '../ids.ts';
import { importRoutes } from '../imports/routes.ts';
import { USPS_PREFIX, uspsFeedRoutes } from '../ingestion/routes.ts';
import { letterRoutes } from '../letters/routes.ts';
import type { Logger } from '../logger.ts';
import { mailingListRoutes } from '../mailing-lists/routes.ts';
import { setUpMetrics } from '../metrics/endpoint.ts';
import { orderProfileRoutes } from '../order-profiles/routes.ts';
import { postcardRoutes } from '../postcards/routes.ts';
import { installRateTable } from '../pricing/current.ts';
import { pricingRoutes } from '../pricing/routes.ts';
import { PRINTER_PREFIX, printerRoutes } from '../printers/routes.ts';
import { OrderRenderCache } from '../rendering/order-render-cache.ts';
import type { AppDocuments } from '../rendering/proofs.ts';
import { chromiumHtmlToPdf } from '../rendering/render-queue.ts';
import { returnEnvelopeRoutes } from '../return-envelopes/routes.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import { selfMailerRoutes } from '../self-mailers/routes.ts';
import { statsRoutes } from '../stats/routes.ts';
import { acquireRendering } from '../templates/render-pool.ts';
import { templateRoutes } from '../templates/routes.ts';
import { webhookRoutes } from '../webhooks/routes.ts';
import { registerBodyParsers } from './body-parsers.ts';
import {
  clientErrorHandler,
  formatSchemaErrors,
  frameworkErrors,
  registerErrorHandling,
} from './error-handler.ts';
import { deleteWithoutBody } from './optional-body.ts';
import { UNIT_KEYWORD } from './schema-errors.ts';
import { capConnections, httpServerOptions } from './server-options.ts';
import { rejectUnstorableInput } from './storable-input.ts';

export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** `worker` processes answer only the health checks. */
  role: 'api' | 'worker' | 'all';
  /** Seals and opens API keys for the dashboard; made from config.secret (or DATA_DIR) when omitted. */
  vault?: KeyVault;
  /** Where the built dashboard is; web/dist by default. */
  webDist?: string;
  /** Whether the process has finished starting (src/server/start.ts); /readyz is 503 until it has. */
  started?: () => boolean;
  /** The database pool, for its in-use and waiting gauges on /metrics. */
  pool?: pg.Pool;
}

export const API_PREFIX = '/print-mail/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** Profile and pipeline settings, for routes shared by every order kind (progressions). */
    pipelineSettings: PipelineSettings;
    /** The document store, its checks and signed links: uploads, proofs (src/documents, src/rendering). */
    documents: AppDocuments;
  }
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { db, config, logger } = deps;
  // Every order this process prices uses the configured rate table (src/pricing).
  installRateTable(config.rates);
  // …and the configured address verifier (src/addresses/provider.ts).
  installAddressVerifier(makeVerifier(config.addressVerifier));
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${randomBase62(16)}`,
    ajv: {
      customOptions: {
        coerceTypes: 'array',
        useDefaults: true,
        removeAdditional: false,
        // One error per request, on purpose: with allErrors Ajv allocates an error object for every bad
        // value, and a 5 MB body (BODY_LIMIT_BYTES allows 100 MB) of bad values is that many objects per
        // request (CodeQL js/resource-exhaustion-from-deep-object-traversal). The dashboard's create forms
        // check their required fields all at once themselves, and mark the field a server message names.
        allErrors: false,
        // Errors carry the schema around them, so messages can name the known fields and a unit.
        verbose: true,
        keywords: [UNIT_KEYWORD],
      },
    },
    schemaErrorFormatter: (errors, dataVar) => new Error(formatSchemaErrors(errors, dataVar)),
    return503OnClosing: true,
    forceCloseConnections: true,
    // Errors raised before routing answer in PostGrid's error shape too (src/http/error-handler.ts).
    frameworkErrors,
    clientErrorHandler,
    // Request, headers, keep-alive and idle timeouts (HTTP_* in src/config/http-server.ts).
    ...httpServerOptions(config.http),
  }).withTypeProvider<TypeBoxTypeProvider>();
  capConnections(app.server, config.http.maxConnections, logger);

  registerErrorHandling(app);
  app.decorate('pipelineSettings', { profile: config.profile, pipeline: config.pipeline });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Every role, workers too: GET /metrics (src/metrics), and its HTTP series count every request.
  await setUpMetrics(app, {
    db,
    pool: deps.pool,
    settings: { profile: config.profile, pipeline: config.pipeline },
    metrics: config.metrics,
    host: config.host,
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (deps.started && !deps.started()) return reply.status(503).send({ status: 'starting' });
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
  if (deps.role === 'worker') return app;

  // Rendering limits for this app's renders; its thread pool closes with the last app that uses it.
  app.addHook('onClose', acquireRendering(config.rendering, logger));
  const store = new DocumentStore(config.documents);
  app.addHook('onClose', async () => store.close());
  const links = new DocumentLinks(await resolveSecret(config));
  // Proofs (POST /{kind}/proofs) render here, in a Chromium of their own started on the first one.
  const proofRenderer = chromiumHtmlToPdf(config);
  app.addHook('onClose', async () => proofRenderer.close());
  app.decorate('documents', {
    config: config.documents,
    store,
    links,
    proofRenderer,
    proofCache: new OrderRenderCache(64),
  });
  await registerBodyParsers(app, config.bodyLimitBytes);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'mailstream',
        version: '1',
        description:
          'Print & mail orders with a PostGrid-compatible API. Authenticate with the x-api-key header. ' +
          'US ZIP data (address verification): the zipcodes package, from GeoNames (https://www.geonames.org), CC BY 4.0.',
      },
      components: {
        securitySchemes: {
          ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          UspsFeedToken: { type: 'http', scheme: 'bearer' },
          PrinterKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ ApiKeyAuth: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await api.register(apiKeyAuth, { db });
      // After auth, so the limit is per API key; before the routes, so it covers every one of them.
      await api.register(apiRateLimit, { config });
      api.addHook('preHandler', rejectUnstorableInput);
      api.addHook('onRequest', deleteWithoutBody);
      await api.register(contactRoutes, { db });
      await api.register(letterRoutes, { db });
      await api.register(templateRoutes, { db });
      await api.register(postcardRoutes, { db });
      await api.register(bankAccountRoutes, { db });
      await api.register(chequeRoutes, { db });
      await api.register(selfMailerRoutes, { db });
      await api.register(returnEnvelopeRoutes, { db });
      await api.register(eventRoutes, { db });
      await api.register(webhookRoutes, { db, config });
      await api.register(pricingRoutes, { db });
      await api.register(statsRoutes, { db });
      await api.register(orderProfileRoutes, { db });
      await api.register(importRoutes, { db, config });
      await api.register(mailingListRoutes, { db });
      await api.register(addressSettingsRoutes, { db });
      await api.register(campaignRoutes, { db });
    },
    { prefix: API_PREFIX },
  );
  // PostGrid's address verification API lives at its own root, with the same keys and rate limit.
  await app.register(
    async (addver) => {
      await addver.register(apiKeyAuth, { db });
      await addver.register(apiRateLimit, { config });
      addver.addHook('preHandler', rejectUnstorableInput);
      await addver.register(addressVerificationRoutes);
    },
    { prefix: ADDVER_PREFIX },
  );
  // USPS scan feeds authenticate with their own bearer token, outside the organization API.
  await app.register(uspsFeedRoutes, { db, config, prefix: USPS_PREFIX });
  // Printers authenticate with their own keys, outside the organization API (src/printers).
  // Printer and dashboard input is held to the same storable-text rule as the API (src/http/storable-input.ts);
  // the USPS feed checks its events one by one instead, so one bad event never fails a batch.
  await app.register(async (scope) => {
    scope.addHook('preHandler', rejectUnstorableInput);
    await scope.register(printerRoutes, { db, config, prefix: PRINTER_PREFIX });
  });
  // Signed document links (proofs) authorize themselves, outside the organization API (src/documents).
  await app.register(documentRoutes, { db, config, store, links, prefix: DOCUMENTS_PREFIX });
  const vault = deps.vault ?? (await openKeyVault(config));
  await app.register(async (scope) => {
    scope.addHook('preHandler', rejectUnstorableInput);
    await scope.register(dashboardRoutes, { db, config, vault, prefix: '/dashboard/api' });
  });
  await app.register(async (spa) =>
    dashboardSpa(spa, {
      distDir: deps.webDist,
      apiPrefixes: [
        API_PREFIX,
        ADDVER_PREFIX,
        USPS_PREFIX,
        PRINTER_PREFIX,
        '/dashboard/api',
        DOCUMENTS_PREFIX,
      ],
    }),
  );
  return app;
}
