/**
 * PostGrid's official Node SDK (postgrid-node 0.5.0, vendored unchanged in test/vendor/postgrid-node),
 * pointed at a mailstream server by `baseURL`, the way a PostGrid customer would switch. It is loaded by a
 * computed path so TypeScript does not type-check the SDK's sources under our stricter settings.
 */
import path from 'node:path';

const entry = path.join(import.meta.dirname, '..', 'vendor', 'postgrid-node', 'src', 'index.ts');

export interface SdkOptions {
  baseURL: string;
  /** The organization's print-mail key (test_sk_… or live_sk_…). */
  printMailAPIKey?: string;
  addressVerificationAPIKey?: string;
}

export async function postgridSdk(options: SdkOptions): Promise<any> {
  const { PostGrid } = await import(entry);
  return new PostGrid({ maxRetries: 0, timeout: 30_000, ...options });
}
