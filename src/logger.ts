import pino from 'pino';
import type { Config } from './config/config.ts';

/**
 * Keys and secrets must never reach the logs, whatever object carries them. Paths cover request headers
 * as Fastify serialises them and the fields our own services log.
 */
export const redactPaths = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'apiKey',
  'secret',
  'password',
  '*.apiKey',
  '*.secret',
  '*.password',
  // Bank account numbers (bank_accounts): top level, in a logged object, or in a logged request body.
  'accountNumber',
  '*.accountNumber',
  '*.*.accountNumber',
];

/** Logs to stdout, or to `destination` (tests capture the output to prove no secret is ever written). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream) {
  const options = { level: config.logLevel, redact: { paths: redactPaths, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = ReturnType<typeof createLogger>;
