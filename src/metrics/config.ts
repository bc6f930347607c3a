import { boolean, ConfigError, type Env, integer } from '../config/config.ts';

/** Where and how `GET /metrics` (Prometheus text format) is served; see README, Metrics. */
export interface MetricsConfig {
  enabled: boolean;
  /** Path of the endpoint, on PORT or on `port`. */
  path: string;
  /** A port of its own (bound to `host`), so the metrics can stay on a private interface; else PORT. */
  port: number | undefined;
  host: string | undefined;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** Webhooks named in the per-webhook backlog series (those with the most pending deliveries). */
  topWebhooks: number;
}

export function loadMetricsConfig(env: Env): MetricsConfig {
  const path = env.METRICS_PATH || '/metrics';
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(path) || path.includes('//')) {
    throw new ConfigError('METRICS_PATH', `must be a path such as /metrics, got "${path}"`);
  }
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && (token.length < 16 || /\s/.test(token))) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters, without spaces');
  }
  const rawPort = env.METRICS_PORT;
  return {
    enabled: boolean(env, 'METRICS_ENABLED', true),
    path,
    port: rawPort === undefined || rawPort === '' ? undefined : integer(env, 'METRICS_PORT', 0, 0, 65535),
    host: env.METRICS_HOST || undefined,
    token,
    topWebhooks: integer(env, 'METRICS_TOP_WEBHOOKS', 10, 0, 100),
  };
}
