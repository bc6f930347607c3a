import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadDocumentsConfig } from '../../src/config/documents.ts';
import type { DocumentRecord } from '../../src/documents/repo.ts';
import { DocumentLinks, PROOF_LINK_TTL_SECONDS } from '../../src/documents/signed-links.ts';
import { DocumentStore } from '../../src/documents/store.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { makePdf } from './pdfs.ts';

describe('signed document links: GET /documents/v1/{token}', () => {
  let app: TestApp;
  let store: DocumentStore;
  let links: DocumentLinks;
  let pdf: Buffer;
  let document: DocumentRecord;

  before(async () => {
    app = await startTestApp();
    store = new DocumentStore(loadDocumentsConfig({}));
    links = new DocumentLinks(app.config.secret!);
    pdf = await makePdf([[612, 792]]);
    document = await store.put(app.database.db, {
      organizationId: app.org.organizationId,
      live: false,
      origin: 'render',
      contentType: 'application/pdf',
      bytes: pdf,
      pageCount: 1,
    });
  });
  after(async () => {
    store.close();
    await app.close();
  });

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${app.baseUrl}${path}`, { method, headers });

  it('streams the document with its content type, without an API key, cacheable until the link expires', async () => {
    const url = await links.url(app.baseUrl, document.id, PROOF_LINK_TTL_SECONDS);
    assert.ok(url.startsWith(`${app.baseUrl}/documents/v1/`));
    const response = await fetch(url);
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('content-length'), String(pdf.length));
    assert.equal(response.headers.get('etag'), `"${document.sha256}"`);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-disposition'), `inline; filename="${document.id}.pdf"`);
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
    assert.ok(maxAge > PROOF_LINK_TTL_SECONDS - 5 && maxAge <= PROOF_LINK_TTL_SECONDS, String(maxAge));
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), pdf);

    const again = await fetch(url, { headers: { 'if-none-match': `"${document.sha256}"` } });
    assert.equal(again.status, 304);
    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  it('an expired link is a 403 in the error shape, saying when it expired', async () => {
    const token = await links.sign(document.id, 60, new Date(Date.now() - 61_000));
    const response = await get(`/documents/v1/${token}`);
    assert.equal(response.status, 403);
    const body = (await response.json()) as { object: string; error: { type: string; message: string } };
    assert.equal(body.object, 'error');
    assert.equal(body.error.type, 'permission_missing_error');
    assert.match(body.error.message, /expired at \d{4}-\d\d-\d\dT/);
  });

  it('altered tokens, tokens signed with another secret, and garbage are a 404', async () => {
    const token = await links.sign(document.id, 600);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    // Another document's id in a payload signed for this one.
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'document_x' }),
    ).toString('base64url');
    const foreign = await new DocumentLinks(randomBytes(32).toString('hex')).sign(document.id, 600);
    for (const bad of [flipped, `${header}.${otherPayload}.${signature}`, foreign, 'not-a-token', 'a.b.c']) {
      const response = await get(`/documents/v1/${bad}`);
      assert.equal(response.status, 404, bad);
      const body = (await response.json()) as { object: string; error: { type: string; message: string } };
      assert.deepEqual(Object.keys(body), ['object', 'error']);
      assert.equal(body.error.type, 'not_found_error');
    }
  });

  it('a link to a document purged since is a 404', async () => {
    const gone = await store.put(app.database.db, {
      organizationId: app.org.organizationId,
      live: false,
      origin: 'thumbnail',
      contentType: 'image/png',
      bytes: randomBytes(100),
    });
    const url = await links.url(app.baseUrl, gone.id, 600);
    assert.equal((await fetch(url)).status, 200);
    await app.database.db.deleteFrom('documents').where('id', '=', gone.id).execute();
    assert.equal((await fetch(url)).status, 404);
  });
});
