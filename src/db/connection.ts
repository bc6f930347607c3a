import type { Config } from '../config/config.ts';
import type { Logger } from '../logger.ts';
import { startEmbedded } from './embedded.ts';

export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set (production, scale-out); otherwise the embedded cluster in DATA_DIR. */
export async function openDatabase(
  config: Config,
  logger: Logger,
  role: 'owner' | 'borrower',
): Promise<DatabaseTarget> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  const embedded = await startEmbedded({ dataDir: config.dataDir, logger, role });
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
