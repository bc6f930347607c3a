import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { describeSharedOrderBehaviour, expectRejected, rowCounts } from '../support/order-kinds.ts';
import { specErrors } from '../support/postgrid-spec.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => {
  await t.close();
});

const selfMailer = (overrides: Record<string, unknown> = {}) => ({
  to: usAddress(),
  from: senderAddress(),
  size: '8.5x11_bifold',
  insideHTML: '<p>Inside for {{to.firstName}}</p>',
  outsideHTML: '<p>From {{from.companyName}}</p>',
  ...overrides,
});

describe('POST /self_mailers', () => {
  test('every size validates against the PostGrid SelfMailer schema', async () => {
    for (const size of ['8.5x11_bifold', '8.5x11_trifold', '9.5x16_trifold']) {
      const created = await t.api('/self_mailers', { method: 'POST', json: selfMailer({ size }) });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.match(created.body.id, /^self_mailer_[A-Za-z0-9]{22}$/);
      assert.equal(created.body.object, 'self_mailer');
      assert.equal(created.body.size, size);
      assert.equal(created.body.insideHTML, '<p>Inside for {{to.firstName}}</p>');
      assert.deepEqual(specErrors('SelfMailer', created.body), []);
    }
  });

  test('/self-mailers is the same resource: create on one, read, list and cancel on the other', async () => {
    const created = await t.api('/self-mailers', {
      method: 'POST',
      json: selfMailer({ description: 'alias' }),
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.object, 'self_mailer');
    const read = await t.api(`/self_mailers/${created.body.id}`);
    assert.deepEqual(read.body, created.body);
    const readAlias = await t.api(`/self-mailers/${created.body.id}`);
    assert.deepEqual(readAlias.body, created.body);
    const list = await t.api('/self-mailers?search=alias');
    assert.deepEqual(
      list.body.data.map((o: { id: string }) => o.id),
      [created.body.id],
    );
    const cancelled = await t.api(`/self-mailers/${created.body.id}/cancellation`, {
      method: 'POST',
      json: { note: 'x' },
    });
    assert.equal(cancelled.body.status, 'cancelled');
  });

  test('one Idempotency-Key covers both spellings of the path', async () => {
    const headers = { 'idempotency-key': 'self-mailer-alias' };
    const first = await t.api('/self_mailers', { method: 'POST', json: selfMailer(), headers });
    assert.equal(first.status, 200);
    const before = await rowCounts(t.database.db);
    const replay = await t.api('/self-mailers', { method: 'POST', json: selfMailer(), headers });
    assert.deepEqual(replay.body, first.body);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('templates or a PDF URL instead of HTML', async () => {
    const inside = await t.api('/templates', { method: 'POST', json: { html: '<p>{{to.lastName}}</p>' } });
    const outside = await t.api('/templates', { method: 'POST', json: { html: '<p>{{code}}</p>' } });
    const templated = await t.api('/self_mailers', {
      method: 'POST',
      json: selfMailer({
        insideHTML: undefined,
        outsideHTML: undefined,
        insideTemplate: inside.body.id,
        outsideTemplate: outside.body.id,
        mergeVariables: { code: 'A1' },
      }),
    });
    assert.equal(templated.status, 200, JSON.stringify(templated.body));
    assert.equal(templated.body.insideTemplate, inside.body.id);
    assert.equal(templated.body.outsideTemplate, outside.body.id);
    assert.deepEqual(specErrors('SelfMailer', templated.body), []);
    const pdf = await t.api('/self_mailers', {
      method: 'POST',
      json: selfMailer({ insideHTML: undefined, outsideHTML: undefined, pdf: 'https://example.com/sm.pdf' }),
    });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.body.uploadedPDF, 'https://example.com/sm.pdf');
  });

  test('an uploaded file that is not a PDF is refused with INVALID_FILE and nothing is created', async () => {
    const contact = await t.api('/contacts', { method: 'POST', json: usAddress() });
    const before = await rowCounts(t.database.db);
    const form = new FormData();
    form.append('to', contact.body.id);
    form.append('from', contact.body.id);
    form.append('size', '8.5x11_bifold');
    form.append('pdf', new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'sm.pdf');
    const response = await t.api('/self-mailers', { method: 'POST', body: form });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /^INVALID_FILE: pdf /);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('every validation rule is a validation_error that creates nothing', async () => {
    await expectRejected(t, '/self_mailers', [
      ['missing from', selfMailer({ from: undefined }), 'validation_error', /from is required/],
      ['missing size', selfMailer({ size: undefined }), 'validation_error', /size is required/],
      ['unknown size', selfMailer({ size: '6x4' }), 'validation_error', /size/],
      [
        'no inside',
        selfMailer({ insideHTML: undefined }),
        'validation_error',
        /insideHTML or insideTemplate is required/,
      ],
      [
        'inside HTML and template',
        selfMailer({ insideTemplate: 'template_x' }),
        'validation_error',
        /either insideHTML or insideTemplate/,
      ],
      [
        'pdf with HTML',
        selfMailer({ pdf: 'https://example.com/a.pdf' }),
        'validation_error',
        /pdf cannot be combined/,
      ],
      [
        'pdf not http',
        selfMailer({ insideHTML: undefined, outsideHTML: undefined, pdf: 'ftp://example.com/a.pdf' }),
        'validation_error',
        /pdf must be an http\(s\) URL/,
      ],
      [
        'missing merge variable',
        selfMailer({ outsideHTML: '<p>{{code}}</p>' }),
        'validation_error',
        /^outsideHTML: merge variable "code" is missing/,
      ],
      [
        'unknown template',
        selfMailer({ insideHTML: undefined, insideTemplate: 'template_nope' }),
        'validation_error',
        /insideTemplate: template template_nope was not found/,
      ],
      [
        'extraService',
        selfMailer({ extraService: 'registered' }),
        'validation_error',
        /only available for letters and cheques/,
      ],
    ]);
  });
});

let n = 0;
describeSharedOrderBehaviour({
  path: '/self_mailers',
  object: 'self_mailer',
  schema: 'SelfMailer',
  app: () => t,
  body: (i, extra = {}) => selfMailer({ to: usAddress({ lastName: `Mailer${i}-${n++}` }), ...extra }),
});
