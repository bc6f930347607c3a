import ipaddr from 'ipaddr.js';
import { ConfigError, duration, type Env, integer } from './config.ts';

/**
 * How long the HTTP server waits for clients, and how many it serves at once (src/http/server-options.ts).
 * Without these a client trickling a body one byte every few seconds held a connection for minutes.
 */
export interface HttpServerConfig {
  /** The whole request, head and body, must arrive within this; then 400 and the connection closes. */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this, counted from the connection's start. */
  headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no bytes either way for this long is closed (a client that stops reading). */
  idleTimeoutMs: number;
  /** Open connections per process; past it new connections are closed at once. */
  maxConnections: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (sign-in limits per address,
   * the cookie's `auto` Secure flag): none, all, the nearest N hops, or these addresses and networks.
   */
  trustProxy: boolean | number | string[];
}

// proxy-addr's (Fastify's) names for address ranges.
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxy(env: Env): boolean | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 0, 1, 100);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!PROXY_RANGE_NAMES.includes(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry)) {
      throw new ConfigError(
        'TRUST_PROXY',
        `must be true, false, a number of hops, or addresses and networks (10.0.0.0/8, loopback…), got "${entry}"`,
      );
    }
  }
  return entries;
}

export function loadHttpServerConfig(env: Env): HttpServerConfig {
  const requestTimeoutMs = duration(env, 'HTTP_REQUEST_TIMEOUT', '60s', 100, 3_600_000);
  const headersTimeoutMs = duration(env, 'HTTP_HEADERS_TIMEOUT', '10s', 100, 3_600_000);
  // Node refuses a headers timeout longer than the request timeout; say so in our words.
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'HTTP_HEADERS_TIMEOUT',
      `must not be longer than HTTP_REQUEST_TIMEOUT (${requestTimeoutMs} ms), got ${headersTimeoutMs} ms`,
    );
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: duration(env, 'HTTP_KEEP_ALIVE_TIMEOUT', '5s', 100, 3_600_000),
    idleTimeoutMs: duration(env, 'HTTP_IDLE_TIMEOUT', '2m', 100, 3_600_000),
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', 4096, 1, 1_000_000),
    trustProxy: trustProxy(env),
  };
}
