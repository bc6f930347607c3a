import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  /** DOCUMENT_STORE* variables pointing at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on a random loopback port, its data in a temporary folder. */
export async function startS3Server(bucket = 'mailstream-documents'): Promise<S3Server> {
  // The SDK's notice that its releases after January 2027 need Node 22 would go to every test's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const directory = await mkdtemp(path.join(os.tmpdir(), 'mailstream-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    env: {
      DOCUMENT_STORE: `s3://${bucket}/tests/documents`,
      DOCUMENT_STORE_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      // s3rver's fixed credentials.
      DOCUMENT_STORE_S3_ACCESS_KEY_ID: 'S3RVER',
      DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
