import { boolean, ConfigError, duration, type Env, integer } from './config.ts';

/** Where documents' bytes live (src/documents/store.ts). */
export type DocumentStoreConfig =
  | { kind: 'postgres' }
  | {
      kind: 's3';
      bucket: string;
      /** Object keys are `${prefix}${sha256 hex}`; '' or ending in '/'. */
      prefix: string;
      /** An S3-compatible endpoint (MinIO, R2, Ceph…); AWS's own when unset. */
      endpoint: string | undefined;
      region: string;
      /** Both or neither; neither leaves credentials to the AWS SDK's default chain (AWS_* variables, roles). */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

/** The document store, the checks of customers' files and the purge (src/documents). */
export interface DocumentsConfig {
  store: DocumentStoreConfig;
  /** Largest file accepted, uploaded or fetched (FILE_SIZE_EXCEEDS_LIMIT past it). */
  maxBytes: number;
  /** Whole deadline of fetching a customer's PDF URL, connect to last byte (INVALID_FILE_DOWNLOAD_TIME). */
  fetchTimeoutMs: number;
  /** Let customers' URLs reach loopback and private addresses (development, tests); metadata addresses never. */
  fetchAllowPrivateNetworks: boolean;
  /** A document no order or bank account uses is purged once this old. */
  unlinkedTtlMs: number;
  /** The documents of a cancelled order are released this long after the cancel. */
  cancelledRetentionMs: number;
}

const DAY = 86_400_000;

function store(env: Env): DocumentStoreConfig {
  const raw = env.DOCUMENT_STORE?.trim();
  if (!raw || raw === 'postgres') return { kind: 'postgres' };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(raw);
  if (!match) {
    throw new ConfigError('DOCUMENT_STORE', `must be postgres or s3://bucket/prefix, got "${raw}"`);
  }
  const prefixPath = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  const endpoint = env.DOCUMENT_STORE_S3_ENDPOINT?.trim() || undefined;
  if (endpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ConfigError('DOCUMENT_STORE_S3_ENDPOINT', `is not a valid URL: "${endpoint}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigError('DOCUMENT_STORE_S3_ENDPOINT', `must be an http(s) URL, got "${endpoint}"`);
    }
  }
  const accessKeyId = env.DOCUMENT_STORE_S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = env.DOCUMENT_STORE_S3_SECRET_ACCESS_KEY || undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      accessKeyId === undefined ? 'DOCUMENT_STORE_S3_ACCESS_KEY_ID' : 'DOCUMENT_STORE_S3_SECRET_ACCESS_KEY',
      'must be set together with its pair (or neither, for the AWS default credentials)',
    );
  }
  return {
    kind: 's3',
    bucket: match[1]!,
    prefix: prefixPath ? `${prefixPath}/` : '',
    endpoint,
    region: env.DOCUMENT_STORE_S3_REGION?.trim() || 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // Most S3-compatible servers want path-style addressing; AWS itself takes either.
    forcePathStyle: boolean(env, 'DOCUMENT_STORE_S3_FORCE_PATH_STYLE', endpoint !== undefined),
  };
}

export function loadDocumentsConfig(env: Env): DocumentsConfig {
  return {
    store: store(env),
    maxBytes: integer(env, 'DOCUMENT_MAX_BYTES', 5 * 1024 * 1024, 64 * 1024, 100 * 1024 * 1024),
    fetchTimeoutMs: duration(env, 'DOCUMENT_FETCH_TIMEOUT', '40s', 100, 120_000),
    fetchAllowPrivateNetworks: boolean(env, 'DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS', false),
    unlinkedTtlMs: duration(env, 'DOCUMENT_UNLINKED_TTL', '1d', 3_600_000, 365 * DAY),
    cancelledRetentionMs: duration(env, 'DOCUMENT_CANCELLED_RETENTION', '30d', 0, 3650 * DAY),
  };
}
