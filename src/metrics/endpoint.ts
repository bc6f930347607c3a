import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Registry } from 'prom-client';
import type { Db } from '../db/database.ts';
import type { PipelineSettings } from '../scheduling/estimates.ts';
import type { MetricsConfig } from './config.ts';
import { databaseMetrics } from './database-metrics.ts';
import { instrumentHttp } from './http-metrics.ts';
import { processRegistry } from './process-metrics.ts';

export interface MetricsDeps {
  db: Db;
  pool?: pg.Pool;
  settings: PipelineSettings;
  metrics: MetricsConfig;
  /** Interface of a metrics port of its own when METRICS_HOST is unset: the API's. */
  host: string;
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `GET /metrics` of one app (any role): its HTTP series, the database series and the process's own, in
 * Prometheus text format. On METRICS_PORT it is served by a listener of its own (closed with the app), so
 * it can stay on a private interface; otherwise it is a route of the app on PORT. With METRICS_TOKEN a
 * scrape needs `Authorization: Bearer <token>`.
 */
export async function setUpMetrics(app: FastifyInstance, deps: MetricsDeps): Promise<void> {
  const config = deps.metrics;
  if (!config.enabled) return;
  const registry = new Registry();
  instrumentHttp(app, registry);
  const refreshDatabase = databaseMetrics(registry, {
    db: deps.db,
    pool: deps.pool,
    settings: deps.settings,
    topWebhooks: config.topWebhooks,
  });
  const scrape = async () => {
    await refreshDatabase();
    return Registry.merge([processRegistry, registry]).metrics();
  };
  const contentType = processRegistry.contentType;
  if (config.port === undefined) {
    app.get(config.path, { schema: { hide: true } }, async (request, reply) => {
      if (!authorized(request.headers.authorization, config.token)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer')
          .type('text/plain')
          .send('Unauthorized\n');
      }
      return reply.type(contentType).send(await scrape());
    });
    return;
  }
  const server = await listenMetrics(config, deps.host, contentType, scrape);
  app.decorate('metricsServer', server);
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The listener of METRICS_PORT, when metrics have a port of their own. */
    metricsServer?: Server;
  }
}

/** The port a metrics listener got (METRICS_PORT=0 picks a free one). */
export function metricsPort(app: FastifyInstance): number | undefined {
  return (app.metricsServer?.address() as AddressInfo | null)?.port;
}

async function listenMetrics(
  config: MetricsConfig,
  host: string,
  contentType: string,
  scrape: () => Promise<string>,
): Promise<Server> {
  const server = createServer((request: IncomingMessage, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== config.path) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (!authorized(request.headers.authorization, config.token)) {
      response
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('Unauthorized\n');
      return;
    }
    scrape().then(
      (text) => response.writeHead(200, { 'content-type': contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host ?? host, () => resolve());
  });
  return server;
}
