/**
 * Inputs as a create takes them: uploaded bytes, or a URL fetched once through the webhooks' SSRF guard
 * from a real local https server (a self-signed certificate made for the run). Rejected inputs store nothing.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import selfsigned from 'selfsigned';
import { loadDocumentsConfig } from '../../src/config/documents.ts';
import type { DocumentSpec } from '../../src/documents/checks.ts';
import { acceptDocumentInput, type DocumentInput, storeAcceptedInput } from '../../src/documents/inputs.ts';
import { DocumentRejected, type RejectionCode } from '../../src/documents/rejections.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { createOrganization } from '../../src/organizations/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { encryptedPdf, IN, image, makePdf, pages } from './pdfs.ts';

const letter: DocumentSpec = {
  kind: 'letter',
  size: 'us_letter',
  doubleSided: false,
  addressPlacement: 'top_first_page',
};

interface Served {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Milliseconds before the headers. */
  delay?: number;
  /** Send the body in pieces this far apart (ms). */
  trickle?: number;
}

describe('document inputs', () => {
  let database: TestDatabase;
  let store: DocumentStore;
  let org: string;
  let server: https.Server;
  let base: string;
  let ca: string;
  const routes = new Map<string, Served>();
  const requests: string[] = [];
  let letterPdf: Buffer;

  // Loopback is private: the local server is reachable only with DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS.
  const open = loadDocumentsConfig({
    DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
    DOCUMENT_FETCH_TIMEOUT: '1500ms',
  });
  const guarded = loadDocumentsConfig({ DOCUMENT_FETCH_TIMEOUT: '1500ms' });
  const options = () => ({ config: open, ca });

  before(async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    });
    ca = pems.cert;
    server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
      requests.push(request.url ?? '');
      const served = routes.get(request.url ?? '') ?? { status: 404, body: Buffer.from('not here') };
      setTimeout(async () => {
        response.writeHead(served.status ?? 200, served.headers ?? { 'content-type': 'application/pdf' });
        const body = served.body ?? Buffer.alloc(0);
        if (!served.trickle) return response.end(body);
        for (let at = 0; at < body.length && !response.destroyed; at += 1024) {
          response.write(body.subarray(at, at + 1024));
          await new Promise((r) => setTimeout(r, served.trickle));
        }
        response.end();
      }, served.delay ?? 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    database = await createTestDatabase();
    store = new DocumentStore(loadDocumentsConfig({}));
    org = (await createOrganization(database.db, 'Inputs')).organizationId;
    letterPdf = await makePdf(pages(2, [612, 792]));
    routes.set('/letter.pdf', { body: letterPdf });
    routes.set('/moved', { status: 302, headers: { location: '/letter.pdf' } });
    routes.set('/to-metadata', {
      status: 302,
      headers: { location: 'https://169.254.169.254/latest/meta-data/' },
    });
    routes.set('/to-http', { status: 301, headers: { location: `http://127.0.0.1:1/letter.pdf` } });
    routes.set('/photo.png', {
      body: await image('png', 40, 40),
      headers: { 'content-type': 'application/pdf' },
    });
    routes.set('/big.pdf', { body: Buffer.alloc(6 * 1024 * 1024, 0x20) });
    routes.set('/big-chunked.pdf', {
      body: Buffer.alloc(6 * 1024 * 1024, 0x20),
      headers: { 'transfer-encoding': 'chunked' },
    });
    routes.set('/slow-headers.pdf', { body: letterPdf, delay: 3000 });
    routes.set('/slow-body.pdf', { body: Buffer.alloc(64 * 1024, 0x20), trickle: 100 });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    store.close();
    await database.drop();
  });

  const counts = async () =>
    (
      await sql<{ documents: number; blobs: number }>`
        select (select count(*)::int from documents) as documents, (select count(*)::int from document_blobs) as blobs`.execute(
        database.db,
      )
    ).rows[0]!;

  /** What a create does: accept, then store; a rejection must leave the store as it was. */
  async function create(spec: DocumentSpec, input: DocumentInput, config = open) {
    const accepted = await acceptDocumentInput('pdf', spec, input, { config, ca });
    return storeAcceptedInput(database.db, store, { organizationId: org, live: false }, accepted);
  }

  async function refused(
    input: DocumentInput,
    code: RejectionCode,
    includes: string[] = [],
    config = open,
    spec = letter,
  ) {
    const before = await counts();
    const error = await create(spec, input, config).then(
      () => assert.fail(`expected ${code}`),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DocumentRejected, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.startsWith(`${code}: pdf `), error.message);
    for (const text of includes)
      assert.ok(error.message.includes(text), `"${error.message}" lacks "${text}"`);
    assert.deepEqual(await counts(), before, 'nothing is stored on error');
    return error;
  }

  it('an uploaded file is checked and stored as an upload', async () => {
    const record = await create(letter, letterPdf);
    assert.deepEqual([record.origin, record.pageCount, record.sourceUrl], ['upload', 2, null]);
    assert.deepEqual(await store.read(database.db, record), letterPdf);
  });

  it('a URL is fetched once over https, checked and stored; its URL is kept on the record', async () => {
    const before = requests.length;
    const accepted = await acceptDocumentInput('pdf', letter, `${base}/letter.pdf`, options());
    assert.equal(requests.length, before + 1);
    assert.deepEqual([accepted.origin, accepted.pageCount, accepted.warnings], ['url', 2, []]);
    const record = await storeAcceptedInput(
      database.db,
      store,
      { organizationId: org, live: false },
      accepted,
    );
    assert.equal(record.sourceUrl, `${base}/letter.pdf`);
    assert.deepEqual(await store.read(database.db, record), letterPdf);
  });

  it('redirects are followed, each checked like the first URL', async () => {
    const accepted = await acceptDocumentInput('pdf', letter, `${base}/moved`, options());
    assert.equal(accepted.pageCount, 2);
    await refused(`${base}/to-metadata`, 'INVALID_FILE_URL', [
      'cloud metadata address',
      'DOCUMENT_FETCH_ALLOW_PRIVATE_NETWORKS',
    ]);
    await refused(`${base}/to-http`, 'INVALID_FILE_URL', ['must be an https URL']);
  });

  it('private and loopback addresses are refused without a connection when private networks are not allowed', async () => {
    const before = requests.length;
    await refused(`${base}/letter.pdf`, 'INVALID_FILE_URL', ['private or reserved address'], guarded);
    await refused(
      `https://[::ffff:127.0.0.1]:${new URL(base).port}/letter.pdf`,
      'INVALID_FILE_URL',
      ['private or reserved address'],
      guarded,
    );
    await refused(
      'https://localhost/letter.pdf',
      'INVALID_FILE_URL',
      ['private or reserved address'],
      guarded,
    );
    await refused('https://10.1.2.3/letter.pdf', 'INVALID_FILE_URL', [], guarded);
    // Metadata endpoints stay refused even where private networks are allowed.
    await refused('https://169.254.169.254/latest/meta-data/', 'INVALID_FILE_URL', [], open);
    assert.deepEqual(requests.slice(before), [], 'the server saw none of these');
  });

  it('only https: http, other schemes, credentials and nonsense are INVALID_FILE_URL', async () => {
    await refused(`http://127.0.0.1:${new URL(base).port}/letter.pdf`, 'INVALID_FILE_URL', [
      'must be an https URL, not http',
    ]);
    await refused('ftp://example.com/a.pdf', 'INVALID_FILE_URL', ['https']);
    await refused(`https://user:pw@127.0.0.1:${new URL(base).port}/letter.pdf`, 'INVALID_FILE_URL', [
      'credentials',
    ]);
    await refused('not a url', 'INVALID_FILE_URL', ['not a valid absolute URL']);
  });

  it('an answer other than 200, or a certificate not trusted, is INVALID_FILE_URL', async () => {
    await refused(`${base}/missing.pdf`, 'INVALID_FILE_URL', ['answered HTTP 404']);
    const error = await acceptDocumentInput('pdf', letter, `${base}/letter.pdf`, { config: open }).then(
      () => null,
      (e: DocumentRejected) => e,
    );
    assert.equal(error?.code, 'INVALID_FILE_URL');
    assert.ok(error?.message.includes('TLS'), error?.message);
  });

  it('more than DOCUMENT_MAX_BYTES is FILE_SIZE_EXCEEDS_LIMIT, announced or not', async () => {
    await refused(`${base}/big.pdf`, 'FILE_SIZE_EXCEEDS_LIMIT', ['5242880 bytes']);
    await refused(`${base}/big-chunked.pdf`, 'FILE_SIZE_EXCEEDS_LIMIT');
  });

  it('a download slower than DOCUMENT_FETCH_TIMEOUT is INVALID_FILE_DOWNLOAD_TIME, in the headers or the body', async () => {
    const started = Date.now();
    await refused(`${base}/slow-headers.pdf`, 'INVALID_FILE_DOWNLOAD_TIME', ['within 1.5 s']);
    await refused(`${base}/slow-body.pdf`, 'INVALID_FILE_DOWNLOAD_TIME');
    assert.ok(Date.now() - started < 6000);
  });

  it('a fetched file is checked like an upload', async () => {
    await refused(`${base}/photo.png`, 'INVALID_FILE', ['(it is image/png)']);
  });

  it('every upload error stores nothing', async () => {
    await refused(await encryptedPdf(''), 'PDF_ENCRYPTED');
    await refused(await makePdf(pages(2, [6 * IN, 4 * IN])), 'INVALID_FILE_DIMENSIONS');
    await refused(await makePdf(pages(61, [612, 792])), 'FILE_PAGES_EXCEED_MAX');
    await refused(
      await makePdf([
        [612, 792],
        [612, 1008],
      ]),
      'INCONSISTENT_PAGE_DIMENSIONS',
    );
    await refused(Buffer.from('plain text'), 'INVALID_FILE');
    await refused(await image('png', 100, 68), 'INVALID_IMAGE_DPI', [], open, {
      kind: 'postcard_face',
      size: '6x4',
      face: 'back',
    });
  });
});
