import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config/config.ts';
import { ApiError } from '../errors.ts';

/**
 * Rate limiting per API key (or, for the dashboard, per signed-in user), in PostGrid's error shape:
 * 429 `rate_limit_exceeded_error` with `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset`
 * and `retry-after` (seconds). Register inside the API scope after `apiKeyAuth`: the limit runs as a
 * route-level onRequest hook, after the scope's authentication, so the caller is known and a refused
 * request has not read its body, let alone stored anything.
 *
 * The counters are in memory, per process (a fixed one-minute window per key): with N API processes
 * behind a load balancer a key can make up to N × RATE_LIMIT_PER_MINUTE requests a minute. A limit shared
 * through PostgreSQL would cost a write per request, which is what the limit is there to protect.
 */
export const apiRateLimit = fp<{ config: Pick<Config, 'rateLimitPerMinute'> }>(
  async (app: FastifyInstance, { config }) => {
    if (config.rateLimitPerMinute === 0) return;
    await app.register(rateLimit, {
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context) =>
        new ApiError(
          'rate_limit_exceeded_error',
          `Rate limit of ${context.max} requests per minute exceeded for this API key; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`,
        ),
    });
  },
);

/** One bucket per API key; the dashboard's requests count against the signed-in user. */
export function rateLimitKey(request: FastifyRequest): string {
  if (request.dashboardSession) return `user:${request.dashboardSession.userId}`;
  if (request.apiAuth) return `key:${request.apiAuth.keyId}`;
  // Unreachable behind apiKeyAuth, which refuses unauthenticated requests first.
  return `ip:${request.ip}`;
}
