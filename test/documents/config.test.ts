import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseCrontab } from 'graphile-worker';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { PURGE_DOCUMENTS_TASK, SWEEP_DOCUMENT_OBJECTS_TASK } from '../../src/documents/tasks.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { lazyHtmlRenderer } from '../../src/rendering/lazy-renderer.ts';
import { crontab, taskList } from '../../src/worker/tasks.ts';
import { createTestDatabase } from '../support/database.ts';

describe('documents configuration', () => {
  it('defaults: the PostgreSQL store, 5 MB, 40 s, no private networks, 1 day unlinked, 30 days after a cancel', () => {
    const { documents } = loadConfig({});
    assert.deepEqual(documents, {
      store: { kind: 'postgres' },
      maxBytes: 5 * 1024 * 1024,
      fetchTimeoutMs: 40_000,
      fetchAllowPrivateNetworks: false,
      unlinkedTtlMs: 86_400_000,
      cancelledRetentionMs: 30 * 86_400_000,
    });
  });

  it('DOCUMENT_STORE=s3://bucket/prefix with endpoint and credentials', () => {
    const { documents } = loadConfig({
      DOCUMENT_STORE: 's3://print-files/mailstream/prod/',
      DOCUMENT_STORE_S3_ENDPOINT: 'https://minio.internal:9000',
      DOCUMENT_STORE_S3_ACCESS_KEY_ID: 'AKIA',
      DOCUMENT_STORE_S3_SECRET_ACCESS_KEY: 'secret',
    });
    assert.deepEqual(documents.store, {
      kind: 's3',
      bucket: 'print-files',
      prefix: 'mailstream/prod/',
      endpoint: 'https://minio.internal:9000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
      forcePathStyle: true,
    });
    const aws = loadConfig({ DOCUMENT_STORE: 's3://bucket', DOCUMENT_STORE_S3_REGION: 'eu-west-3' }).documents
      .store;
    assert.deepEqual(aws, {
      kind: 's3',
      bucket: 'bucket',
      prefix: '',
      endpoint: undefined,
      region: 'eu-west-3',
      credentials: undefined,
      forcePathStyle: false,
    });
  });

  for (const [variable, env] of [
    ['DOCUMENT_STORE', { DOCUMENT_STORE: 'file:///tmp' }],
    ['DOCUMENT_STORE', { DOCUMENT_STORE: 's3://UPPER/x' }],
    [
      'DOCUMENT_STORE_S3_ENDPOINT',
      { DOCUMENT_STORE: 's3://bucket', DOCUMENT_STORE_S3_ENDPOINT: 'minio:9000' },
    ],
    [
      'DOCUMENT_STORE_S3_SECRET_ACCESS_KEY',
      { DOCUMENT_STORE: 's3://bucket', DOCUMENT_STORE_S3_ACCESS_KEY_ID: 'a' },
    ],
    ['DOCUMENT_MAX_BYTES', { DOCUMENT_MAX_BYTES: '10' }],
    ['DOCUMENT_FETCH_TIMEOUT', { DOCUMENT_FETCH_TIMEOUT: '10m' }],
    ['DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS', { DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS: 'sometimes' }],
    ['DOCUMENT_UNLINKED_TTL', { DOCUMENT_UNLINKED_TTL: '5m' }],
    ['DOCUMENT_CANCELLED_RETENTION', { DOCUMENT_CANCELLED_RETENTION: 'forever' }],
  ] as const) {
    it(`${JSON.stringify(env)} is refused naming ${variable}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
      );
    });
  }

  it('the purge and the sweep are scheduled graphile-worker tasks that run against the database', async () => {
    const items = parseCrontab(crontab);
    assert.ok(items.some((i) => i.task === PURGE_DOCUMENTS_TASK));
    assert.ok(items.some((i) => i.task === SWEEP_DOCUMENT_OBJECTS_TASK));
    const database = await createTestDatabase();
    try {
      const config = loadConfig({ MAILSTREAM_SECRET: randomBytes(32).toString('hex') });
      const tasks = taskList({
        db: database.db,
        config,
        logger: pino({ level: 'silent' }),
        htmlRenderer: lazyHtmlRenderer({}),
      });
      const store = new DocumentStore(config.documents);
      const old = await store.put(database.db, {
        organizationId: (await createOrganization(database.db, 'Purge')).organizationId,
        live: false,
        origin: 'upload',
        contentType: 'application/pdf',
        bytes: randomBytes(10),
      });
      await database.db
        .updateTable('documents')
        .set({ created_at: new Date(Date.now() - 2 * 86_400_000) })
        .execute();
      await tasks[PURGE_DOCUMENTS_TASK]!({}, {} as never);
      await tasks[SWEEP_DOCUMENT_OBJECTS_TASK]!({}, {} as never);
      store.close();
      assert.equal(
        await database.db.selectFrom('documents').select('id').where('id', '=', old.id).executeTakeFirst(),
        undefined,
      );
    } finally {
      await database.drop();
    }
  });
});
