import type { Server, ServerOptions } from 'node:http';
import type { HttpServerConfig } from '../config/http-server.ts';
import type { Logger } from '../logger.ts';

/**
 * Fastify's and Node's HTTP server timeouts from the configuration. Fastify leaves the request timeout
 * off and keeps idle connections 72 s; a client trickling its body held a connection for minutes.
 */
export function httpServerOptions(http: HttpServerConfig): {
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionTimeout: number;
  trustProxy: boolean | string[] | ((address: string, hop: number) => boolean);
  http: ServerOptions;
} {
  const hops = http.trustProxy;
  return {
    // A number of hops is what proxy-addr calls trusting the nearest N addresses.
    trustProxy: typeof hops === 'number' ? (_address, hop) => hop < hops : hops,
    requestTimeout: http.requestTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    // Node's socket inactivity timeout: no bytes either way, e.g. a client that stopped reading.
    connectionTimeout: http.idleTimeoutMs,
    http: {
      requestTimeout: http.requestTimeoutMs,
      headersTimeout: http.headersTimeoutMs,
      // Node checks the request and headers deadlines on this interval (30 s by default), so a deadline
      // of 10 s would really be up to 40 s. Checking costs a walk over the connections still receiving.
      connectionsCheckingInterval: Math.max(
        10,
        Math.min(1000, Math.floor(Math.min(http.headersTimeoutMs, http.requestTimeoutMs) / 4)),
      ),
    },
  };
}

/**
 * Caps open connections per process: past the cap Node closes new sockets at once, which keeps file
 * descriptors for the database and spares memory. Refusals are logged at most every 10 s.
 */
export function capConnections(server: Server, maxConnections: number, logger: Logger): void {
  server.maxConnections = maxConnections;
  let dropped = 0;
  let lastLog = 0;
  server.on('drop', () => {
    dropped++;
    const now = Date.now();
    if (now - lastLog < 10_000) return;
    lastLog = now;
    logger.warn(
      { maxConnections, dropped },
      `refused connections: ${maxConnections} already open (HTTP_MAX_CONNECTIONS)`,
    );
    dropped = 0;
  });
}
