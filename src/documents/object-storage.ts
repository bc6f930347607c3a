import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { DocumentStoreConfig } from '../config/documents.ts';

type S3Config = Extract<DocumentStoreConfig, { kind: 's3' }>;

/** One object of the bucket under the store's prefix. */
export interface StoredObject {
  sha256: Buffer;
  lastModified: Date;
}

/**
 * Blobs in S3-compatible object storage, one object per content: `${prefix}${sha256 hex}`. Objects are
 * written once and never changed; which of them are live is recorded in PostgreSQL (document_blobs).
 */
export class ObjectStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(config: S3Config) {
    this.#bucket = config.bucket;
    this.#prefix = config.prefix;
    this.#client = new S3Client({
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      ...(config.credentials ? { credentials: config.credentials } : {}),
      // Checksums only where S3 requires them: the SDK's newer default (a CRC32 trailer on every upload)
      // is refused by many S3-compatible servers. Integrity is ours to check anyway: reads verify sha256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  key(sha256: Buffer): string {
    return `${this.#prefix}${sha256.toString('hex')}`;
  }

  async put(sha256: Buffer, bytes: Buffer): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.key(sha256),
        Body: bytes,
        ContentLength: bytes.length,
        ContentType: 'application/octet-stream',
      }),
    );
  }

  /** The object's bytes as a stream; null when there is no such object. */
  async open(sha256: Buffer): Promise<Readable | null> {
    try {
      const answer = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.key(sha256) }),
      );
      return answer.Body instanceof Readable
        ? answer.Body
        : Readable.from(await answer.Body!.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Deleting an object that is not there succeeds, as S3 answers. */
  async delete(sha256: Buffer): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.key(sha256) }));
  }

  /** Every object under the prefix named like a blob, a page (up to 1,000) at a time. */
  async *list(): AsyncGenerator<StoredObject[]> {
    let token: string | undefined;
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken: token }),
      );
      const objects: StoredObject[] = [];
      for (const object of page.Contents ?? []) {
        const hex = object.Key?.slice(this.#prefix.length) ?? '';
        if (/^[0-9a-f]{64}$/.test(hex) && object.LastModified) {
          objects.push({ sha256: Buffer.from(hex, 'hex'), lastModified: object.LastModified });
        }
      }
      yield objects;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    this.#client.destroy();
  }
}
