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

const uploads = path.join(
  import.meta.dirname,
  '..',
  'vendor',
  'postgrid-node',
  'src',
  'internal',
  'uploads.ts',
);

/**
 * A create body with files, as the SDK sends it: `toFile` (exported by the SDK) makes the files and
 * `multipartFormRequestOptions` (the SDK's own) turns the body into multipart/form-data request options,
 * to pass as the create's second argument.
 */
export async function sdkMultipart(client: any, body: Record<string, unknown>): Promise<any> {
  const { multipartFormRequestOptions } = await import(uploads);
  return multipartFormRequestOptions({ body }, client);
}

export async function sdkToFile(bytes: Buffer, name: string, type = 'application/pdf'): Promise<any> {
  const { toFile } = await import(entry);
  return toFile(bytes, name, { type });
}
