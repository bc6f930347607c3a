import path from 'node:path';
import { type AddressVerifierName, addressVerifierNames } from '../addresses/provider.ts';
import { loadMetricsConfig, type MetricsConfig } from '../metrics/config.ts';
import { loadRatesConfig } from '../pricing/config.ts';
import type { RateTable } from '../pricing/rate-table.ts';
import { type DocumentsConfig, loadDocumentsConfig } from './documents.ts';
import { type HttpServerConfig, loadHttpServerConfig } from './http-server.ts';
import { loadPdfRenderingConfig, type PdfRenderingConfig } from './pdf-rendering.ts';
import { loadPipelineConfig, type PipelineConfig } from './pipeline.ts';
import { loadRenderQueueConfig, type RenderQueueConfig } from './render-queue.ts';
import { loadRenderingConfig, type RenderingConfig } from './rendering.ts';
import { loadSimulatedUspsConfig, type SimulatedUspsConfig } from './simulated-usps.ts';

/** Validated configuration, read once at start-up. Every field comes from one environment variable. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  profile: 'demo' | 'production';
  bodyLimitBytes: number;
  databasePoolSize: number;
  /** How long a SIGTERM/SIGINT shutdown may take before the process exits with 1 anyway. */
  shutdownTimeoutMs: number;
  workerConcurrency: number;
  webhooksAllowPrivateNetworks: boolean;
  /** Whole-attempt deadline of one webhook delivery (connect, headers and body). */
  webhooksTimeoutMs: number;
  /** Delays before each retry after a failed attempt; its length is the number of retries. */
  webhooksRetryScheduleMs: number[];
  /** Each retry delay is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  webhooksRetryJitter: number;
  /** Requests in flight at once to one webhook, across all workers. */
  webhooksConcurrencyPerWebhook: number;
  /** A webhook whose attempts have all failed for this long is disabled. */
  webhooksDisableAfterMs: number;
  uspsFeedToken: string | undefined;
  /** Requests per minute per API key (or dashboard user) and API process; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Seals API keys for the dashboard's reveal; when unset, a secret generated once into DATA_DIR. */
  secret: string | undefined;
  /** Secure flag of the dashboard session cookie: always, never, or when the request came over https. */
  sessionCookieSecure: 'auto' | 'true' | 'false';
  /** Scheduler, printers, IMb and completion estimates (src/config/pipeline.ts). */
  pipeline: PipelineConfig;
  /** The simulated postal service's timing and return rate (src/config/simulated-usps.ts). */
  simulatedUsps: SimulatedUspsConfig;
  /** The document store, file checks and purge (src/config/documents.ts). */
  documents: DocumentsConfig;
  /** HTTP timeouts and the connection cap (src/config/http-server.ts). */
  http: HttpServerConfig;
  /** Limits of customer HTML and its rendering on worker threads (src/config/rendering.ts). */
  rendering: RenderingConfig;
  /** Chromium and the render processes that turn HTML into PDF (src/config/pdf-rendering.ts). */
  pdfRendering: PdfRenderingConfig;
  /** The render queue of worker processes: concurrency, lease, attempts (src/config/render-queue.ts). */
  renderQueue: RenderQueueConfig;
  /** GET /metrics: where, and behind which token (src/metrics/config.ts). */
  metrics: MetricsConfig;
  /** The rate table orders are priced with (RATES_FILE, src/pricing/config.ts). */
  rates: RateTable;
  /** Who verifies addresses (ADDRESS_VERIFIER, src/addresses/provider.ts); only `offline` ships. */
  addressVerifier: AddressVerifierName;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
  }
}

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** Lob's and Svix's retry delays (BRIEF §11): eight attempts over about 27 hours. */
const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,10h';
const WEEK_MS = 7 * 86_400_000;

const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function parseDuration(name: string, raw: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
  if (!match) throw new ConfigError(name, `must be a duration such as 500ms, 5s, 5m, 2h or 5d, got "${raw}"`);
  return Number(match[1]) * durationUnits[match[2]!]!;
}

export function duration(env: Env, name: string, fallback: string, minMs: number, maxMs: number): number {
  const raw = env[name];
  const value = parseDuration(name, raw === undefined || raw === '' ? fallback : raw);
  if (value < minMs || value > maxMs) {
    throw new ConfigError(name, `must be between ${minMs} ms and ${maxMs} ms, got ${value} ms`);
  }
  return value;
}

/** Comma-separated durations, e.g. the webhook retry schedule `5s,5m,30m,2h,5h,10h,10h`. */
function durations(env: Env, name: string, fallback: string, maxCount: number, maxMs: number): number[] {
  const raw = env[name];
  const parts = (raw === undefined || raw === '' ? fallback : raw).split(',');
  if (parts.length > maxCount) throw new ConfigError(name, `must list at most ${maxCount} durations`);
  return parts.map((part) => {
    const value = parseDuration(name, part);
    if (value > maxMs) throw new ConfigError(name, `durations must be at most ${maxMs} ms, got ${value} ms`);
    return value;
  });
}

function fraction(env: Env, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) {
    throw new ConfigError(name, `must be a decimal number, got "${raw}"`);
  }
  const value = Number(raw.trim());
  if (value > max) throw new ConfigError(name, `must be between 0 and ${max}, got ${value}`);
  return value;
}

function databaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `must use postgres:// or postgresql://, got "${url.protocol}"`);
  }
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const dbUrl = databaseUrl(env);
  const feedToken = env.USPS_FEED_TOKEN;
  if (feedToken !== undefined && feedToken !== '' && feedToken.length < 16) {
    throw new ConfigError('USPS_FEED_TOKEN', 'must be at least 16 characters');
  }
  const secret = env.MAILSTREAM_SECRET;
  if (secret !== undefined && secret !== '' && secret.length < 32) {
    throw new ConfigError('MAILSTREAM_SECRET', 'must be at least 32 characters');
  }
  // The embedded database is for trying mailstream out, so it plays the story fast by default;
  // an external database means production unless told otherwise.
  const profile = oneOf(env, 'MAILSTREAM_PROFILE', ['demo', 'production'], dbUrl ? 'production' : 'demo');
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: dbUrl,
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    profile,
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 500),
    shutdownTimeoutMs: duration(env, 'SHUTDOWN_TIMEOUT', '30s', 1000, 600_000),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 10, 1, 200),
    webhooksAllowPrivateNetworks: boolean(env, 'WEBHOOKS_ALLOW_PRIVATE_NETWORKS', false),
    webhooksTimeoutMs: duration(env, 'WEBHOOKS_TIMEOUT', '15s', 100, 120_000),
    webhooksRetryScheduleMs: durations(env, 'WEBHOOKS_RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, 20, WEEK_MS),
    webhooksRetryJitter: fraction(env, 'WEBHOOKS_RETRY_JITTER', 0.2, 0.5),
    webhooksConcurrencyPerWebhook: integer(env, 'WEBHOOKS_CONCURRENCY_PER_WEBHOOK', 10, 1, 100),
    webhooksDisableAfterMs: duration(env, 'WEBHOOKS_DISABLE_AFTER', '5d', 60_000, 365 * 86_400_000),
    uspsFeedToken: feedToken || undefined,
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 120_000, 0, 100_000_000),
    secret: secret || undefined,
    sessionCookieSecure: oneOf(env, 'SESSION_COOKIE_SECURE', ['auto', 'true', 'false'], 'auto'),
    pipeline: loadPipelineConfig(env, profile),
    simulatedUsps: loadSimulatedUspsConfig(env, profile),
    documents: loadDocumentsConfig(env),
    http: loadHttpServerConfig(env),
    rendering: loadRenderingConfig(env),
    pdfRendering: loadPdfRenderingConfig(env),
    renderQueue: loadRenderQueueConfig(env),
    metrics: loadMetricsConfig(env),
    rates: loadRatesConfig(env),
    addressVerifier: oneOf(env, 'ADDRESS_VERIFIER', addressVerifierNames, 'offline'),
  };
}
