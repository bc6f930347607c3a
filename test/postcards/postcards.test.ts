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

const postcard = (overrides: Record<string, unknown> = {}) => ({
  to: usAddress(),
  size: '6x4',
  frontHTML: '<h1>Hello {{to.firstName}}</h1>',
  backHTML: '<p>{{offer}}</p>',
  mergeVariables: { offer: '20% off' },
  ...overrides,
});

const create = (body: unknown) => t.api('/postcards', { method: 'POST', json: body });

describe('POST /postcards', () => {
  test('HTML front and back, no sender: validates against the PostGrid Postcard schema', async () => {
    const created = await create(postcard());
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(created.body.id, /^postcard_[A-Za-z0-9]{22}$/);
    assert.equal(created.body.object, 'postcard');
    assert.equal(created.body.status, 'ready');
    assert.equal(created.body.size, '6x4');
    assert.equal(created.body.from, undefined, 'from is optional for postcards');
    assert.equal(created.body.frontHTML, '<h1>Hello {{to.firstName}}</h1>');
    assert.equal(created.body.mailingClass, 'first_class');
    assert.deepEqual(specErrors('Postcard', created.body), []);
    const read = await t.api(`/postcards/${created.body.id}`);
    assert.deepEqual(read.body, created.body);
  });

  test('every size, with a sender', async () => {
    for (const size of ['6x4', '9x6', '11x6']) {
      const created = await create(postcard({ size, from: senderAddress() }));
      assert.equal(created.status, 200);
      assert.equal(created.body.size, size);
      assert.equal(created.body.from.companyName, 'Acme Mail Co');
      assert.deepEqual(specErrors('Postcard', created.body), []);
    }
  });

  test('templates for front and back (or one of each), kept with the order', async () => {
    const front = await t.api('/templates', { method: 'POST', json: { html: '<h1>{{to.firstName}}</h1>' } });
    const back = await t.api('/templates', { method: 'POST', json: { html: '<p>{{offer}}</p>' } });
    const created = await create(
      postcard({
        frontHTML: undefined,
        backHTML: undefined,
        frontTemplate: front.body.id,
        backTemplate: back.body.id,
      }),
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.frontTemplate, front.body.id);
    assert.equal(created.body.backTemplate, back.body.id);
    assert.equal(created.body.frontHTML, undefined);
    assert.deepEqual(specErrors('Postcard', created.body), []);
    const snapshots = await t.database.db
      .selectFrom('order_template_snapshots')
      .select(['field', 'template_id'])
      .where('order_id', '=', created.body.id)
      .orderBy('field')
      .execute();
    assert.deepEqual(snapshots, [
      { field: 'backTemplate', template_id: back.body.id },
      { field: 'frontTemplate', template_id: front.body.id },
    ]);
    const mixed = await create(postcard({ frontHTML: undefined, frontTemplate: front.body.id }));
    assert.equal(mixed.status, 200);
    assert.equal(mixed.body.frontTemplate, front.body.id);
    assert.equal(mixed.body.backHTML, '<p>{{offer}}</p>');
  });

  test('a 2-page PDF by URL, as JSON or as a multipart text field', async () => {
    const created = await create(
      postcard({ frontHTML: undefined, backHTML: undefined, pdf: 'https://example.com/postcard.pdf' }),
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal(created.body.uploadedPDF, 'https://example.com/postcard.pdf');
    assert.deepEqual(specErrors('Postcard', created.body), []);

    const form = new FormData();
    form.append('to', created.body.to.id);
    form.append('size', '9x6');
    form.append('pdf', 'https://example.com/other.pdf');
    const multipart = await t.api('/postcards', { method: 'POST', body: form });
    assert.equal(multipart.status, 200, JSON.stringify(multipart.body));
    assert.equal(multipart.body.uploadedPDF, 'https://example.com/other.pdf');
    assert.equal(multipart.body.size, '9x6');
  });

  test('an uploaded file that is not a PDF is refused with INVALID_FILE and nothing is created', async () => {
    const before = await rowCounts(t.database.db);
    const form = new FormData();
    form.append('to[firstName]', 'Ada');
    form.append('to[addressLine1]', '20 W 34th St');
    form.append('to[countryCode]', 'US');
    form.append('size', '6x4');
    form.append('pdf', new Blob([Buffer.from('%PDF-1.4 fake')], { type: 'application/pdf' }), 'card.pdf');
    const response = await t.api('/postcards', { method: 'POST', body: form });
    assert.equal(response.status, 400);
    assert.equal(response.body.error.type, 'validation_error');
    assert.match(response.body.error.message, /^INVALID_FILE: pdf /);
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('every validation rule is a validation_error that creates nothing', async () => {
    const template = await t.api('/templates', { method: 'POST', json: { html: '<p>{{missing}}</p>' } });
    await expectRejected(t, '/postcards', [
      ['missing size', postcard({ size: undefined }), 'validation_error', /size is required/],
      ['unknown size', postcard({ size: '8x5' }), 'validation_error', /size/],
      ['missing to', postcard({ to: undefined }), 'validation_error', /to is required/],
      [
        'no content',
        postcard({ frontHTML: undefined, backHTML: undefined }),
        'validation_error',
        /frontHTML or frontTemplate is required/,
      ],
      [
        'no back',
        postcard({ backHTML: undefined }),
        'validation_error',
        /backHTML or backTemplate is required/,
      ],
      [
        'front HTML and template',
        postcard({ frontTemplate: template.body.id }),
        'validation_error',
        /either frontHTML or frontTemplate, not both/,
      ],
      [
        'pdf with HTML',
        postcard({ pdf: 'https://example.com/a.pdf' }),
        'validation_error',
        /pdf cannot be combined with frontHTML, backHTML/,
      ],
      [
        'pdf not a URL',
        postcard({ frontHTML: undefined, backHTML: undefined, pdf: 'card.pdf' }),
        'validation_error',
        /pdf must be an http\(s\) URL/,
      ],
      [
        'missing merge variable',
        postcard({ mergeVariables: {} }),
        'validation_error',
        /^backHTML: merge variable "offer" is missing/,
      ],
      [
        'template missing variable',
        postcard({ backHTML: undefined, backTemplate: template.body.id }),
        'validation_error',
        /^backTemplate: merge variable "missing"/,
      ],
      [
        'unknown template',
        postcard({ frontHTML: undefined, frontTemplate: 'template_nope' }),
        'validation_error',
        /frontTemplate: template template_nope was not found/,
      ],
      [
        'extraService',
        postcard({ extraService: 'certified' }),
        'validation_error',
        /only available for letters and cheques/,
      ],
      [
        'certified mailing class',
        postcard({ mailingClass: 'usps_first_class_certified' }),
        'validation_error',
        /only available for letters and cheques/,
      ],
      [
        'sendDate in the past',
        postcard({ sendDate: '2001-01-01T00:00:00Z' }),
        'validation_error',
        /sendDate cannot be in the past/,
      ],
      [
        'bad inline sender',
        postcard({ from: { addressLine1: 'x', countryCode: 'US' } }),
        'validation_error',
        /from: firstName or companyName is required/,
      ],
    ]);
  });
});

describe('OpenAPI', () => {
  test('documents every order-kind resource once; the /self-mailers alias stays out', async () => {
    const response = await fetch(`${t.baseUrl}/openapi.json`);
    assert.equal(response.status, 200);
    const paths = Object.keys(((await response.json()) as { paths: Record<string, unknown> }).paths);
    for (const path of [
      '/print-mail/v1/templates',
      '/print-mail/v1/templates/{id}',
      '/print-mail/v1/postcards',
      '/print-mail/v1/postcards/{id}/cancellation',
      '/print-mail/v1/cheques',
      '/print-mail/v1/bank_accounts/{id}',
      '/print-mail/v1/self_mailers',
      '/print-mail/v1/return_envelopes',
      '/print-mail/v1/return_envelopes/{id}/orders/{orderId}/fills',
    ]) {
      assert.ok(paths.includes(path), path);
    }
    assert.ok(!paths.some((p) => p.includes('/self-mailers')));
  });
});

let n = 0;
describeSharedOrderBehaviour({
  path: '/postcards',
  object: 'postcard',
  schema: 'Postcard',
  app: () => t,
  body: (i, extra = {}) => postcard({ to: usAddress({ lastName: `Card${i}-${n++}` }), ...extra }),
});
