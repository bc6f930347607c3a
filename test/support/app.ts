import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import { createKeyVault } from '../../src/auth/key-vault.ts';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { type CreatedOrganization, createOrganization } from '../../src/organizations/service.ts';
import { type RunningWorker, startWorker } from '../../src/worker/runner.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  baseUrl: string;
  database: TestDatabase;
  config: Config;
  org: CreatedOrganization;
  /** fetch against the running server with the org's test key unless headers say otherwise. */
  api(path: string, init?: RequestInit & { json?: unknown; key?: string | null }): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestAppOptions {
  /** Also run the background worker (scheduler, webhook deliveries…) against the test database. */
  worker?: boolean;
  /** Where the app's and worker's logs go (with LOG_LEVEL), instead of stdout. */
  logDestination?: DestinationStream;
}

/** A real server on a random port over a fresh database, with one organization. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  // A secret per run keeps the key vault away from DATA_DIR; the org's keys get sealed copies with it.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    MAILSTREAM_SECRET: randomBytes(32).toString('hex'),
    ...env,
  });
  const logger = createLogger(config, options.logDestination);
  const vault = createKeyVault(config.secret!);
  const app = await buildApp({ db: database.db, config, logger, role: 'api', vault, pool: database.pool });
  const worker: RunningWorker | undefined = options.worker
    ? await startWorker({ db: database.db, config, logger }, database.pool)
    : undefined;
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const org = await createOrganization(database.db, 'Test org', vault);
  const api: TestApp['api'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    const key = init.key === undefined ? org.testApiKey : init.key;
    if (key !== null) headers.set('x-api-key', key);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const response = await fetch(`${baseUrl}/print-mail/v1${path}`, { ...init, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed };
  };
  return {
    app,
    baseUrl,
    database,
    config,
    org,
    api,
    close: async () => {
      await app.close();
      await worker?.stop();
      await database.drop();
    },
  };
}

// Re-exported so test files keep one import for the app and the addresses they send to it.
export { senderAddress, usAddress, usBankAccount } from './addresses.ts';
