// Errors that say what is allowed (issue 20): enum values, units, unknown fields with the nearest known
// one, and action routes that take no body however a client sends "nothing".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { senderAddress, startTestApp, type TestApp, usAddress, usBankAccount } from '../support/app.ts';
import { rowCounts } from '../support/order-kinds.ts';

let t: TestApp;
let bankAccount: string;
before(async () => {
  t = await startTestApp();
  const bank = await t.api('/bank_accounts', { method: 'POST', json: usBankAccount() });
  assert.equal(bank.status, 200, JSON.stringify(bank.body));
  bankAccount = bank.body.id;
});
after(async () => {
  await t.close();
});

const letterBody = (extra: Record<string, unknown> = {}) => ({
  to: usAddress(),
  from: senderAddress(),
  html: '<p>Hello {{to.firstName}}</p>',
  ...extra,
});

/** POSTs the body and expects a 400 validation_error with exactly `message`, storing nothing. */
async function refused(path: string, body: unknown, message: string | RegExp): Promise<void> {
  const before = await rowCounts(t.database.db);
  const response = await t.api(path, { method: 'POST', json: body });
  assert.equal(response.status, 400, JSON.stringify(response.body));
  assert.equal(response.body.error.type, 'validation_error');
  if (typeof message === 'string') assert.equal(response.body.error.message, message);
  else assert.match(response.body.error.message, message);
  assert.deepEqual(await rowCounts(t.database.db), before, 'nothing stored');
}

describe('enum errors list the allowed values', () => {
  test('a union of literals names every value, whatever was sent', async () => {
    for (const value of ['express', 5, {}, ['certified', 'x']]) {
      await refused(
        '/letters',
        letterBody({ extraService: value }),
        'extraService must be one of: certified, certified_return_receipt, registered.',
      );
    }
    await refused('/letters', letterBody({ size: 'legal' }), 'size must be one of: us_letter, a4.');
    await refused(
      '/postcards',
      { to: usAddress(), size: '4x6', frontHTML: '<p>f</p>', backHTML: '<p>b</p>' },
      'size must be one of: 6x4, 9x6, 11x6.',
    );
    await refused(
      '/letters',
      letterBody({ mailingClass: 'first' }),
      /^mailingClass must be one of: first_class, /,
    );
    await refused(
      '/letters',
      letterBody({ attachedPDF: { file: 'https://example.com/a.pdf', placement: 'middle' } }),
      'attachedPDF.placement must be one of: before_template, after_template.',
    );
    await refused(
      '/webhooks',
      { url: 'https://hooks.example.com/x', enabledEvents: ['letter.created'], payloadFormat: 'xml' },
      'payloadFormat must be one of: jwt, json, standard.',
    );
  });

  test('a single allowed value is named', async () => {
    await refused('/letters', letterBody({ perforatedPage: 2 }), 'perforatedPage must be 1.');
  });
});

describe('amounts say they are in cents', () => {
  const cheque = (amount: unknown) => ({ to: usAddress(), from: senderAddress(), bankAccount, amount });
  test('a fractional, missing-the-point or out-of-range cheque amount', async () => {
    const cents = ' (an amount in cents: 1050 is 10.50).';
    await refused('/cheques', cheque(12.5), `amount must be integer${cents}`);
    await refused('/cheques', cheque('ten dollars'), `amount must be integer${cents}`);
    await refused('/cheques', cheque(0), `amount must be >= 1${cents}`);
    await refused('/cheques', cheque(2_000_000_000), `amount must be <= 1000000000${cents}`);
  });

  test('the documentation says so too', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/openapi.json`)).json()) as any;
    const schema = doc.paths['/print-mail/v1/cheques'].post.requestBody.content['application/json'].schema;
    assert.equal(schema.properties.amount['x-unit'], 'cents');
    assert.match(schema.properties.amount.description, /in cents/);
  });
});

describe('an unknown field is a 400 naming it and the nearest known field', () => {
  test('misspelt top-level fields', async () => {
    await refused('/letters', letterBody({ colour: true }), 'Unknown field colour; did you mean color?');
    await refused(
      '/letters',
      letterBody({ send_date: '2030-01-01' }),
      'Unknown field send_date; did you mean sendDate?',
    );
    await refused(
      '/letters',
      letterBody({ attachedPdf: { file: 'https://example.com/a.pdf', placement: 'after_template' } }),
      'Unknown field attachedPdf; did you mean attachedPDF?',
    );
    await refused(
      '/cheques',
      { to: usAddress(), from: senderAddress(), bankAccount, amount: 100, memmo: 'x' },
      'Unknown field memmo; did you mean memo?',
    );
    await refused(
      '/bank_accounts',
      {
        bankName: 'B',
        bankCountryCode: 'CA',
        accountNumber: '9876543210',
        routeNumber: '003',
        transitNumber: '00011',
        designationNumber: '123',
        signatureText: 'A',
      },
      'Unknown field designationNumber; did you mean caDesignationNumber?',
    );
    await refused(
      '/templates',
      { html: '<p>x</p>', descripton: 'y' },
      'Unknown field descripton; did you mean description?',
    );
  });

  test('nested fields of an inline contact and of an enclosure', async () => {
    await refused(
      '/letters',
      letterBody({ to: usAddress({ firstNmae: 'Ada' }) }),
      'Unknown field to.firstNmae; did you mean to.firstName?',
    );
    await refused(
      '/contacts',
      usAddress({ zip: '10001' }),
      /^Unknown field zip; the fields are: firstName, /,
    );
    await refused(
      '/letters',
      letterBody({ plasticCard: { size: 'standard', singleSided: { HTML: '<p>card</p>' } } }),
      'Unknown field plasticCard.singleSided.HTML; did you mean plasticCard.singleSided.html?',
    );
  });

  test('nothing close: the known fields are listed', async () => {
    await refused(
      '/return_envelopes',
      { to: senderAddress(), qqqqqq: 1 },
      'Unknown field qqqqqq; the fields are: to, description, metadata.',
    );
  });

  test('a body-less action says it takes no fields', async () => {
    const letter = await t.api('/letters', { method: 'POST', json: letterBody() });
    const step = await t.api(`/letters/${letter.body.id}/progressions`, {
      method: 'POST',
      json: { status: 'completed' },
    });
    assert.equal(step.status, 400);
    assert.equal(step.body.error.message, 'Unknown field status: the body takes no fields.');
    assert.equal((await t.api(`/letters/${letter.body.id}`)).body.status, 'ready');
  });

  test('form and multipart bodies are held to the same fields', async () => {
    const form = new URLSearchParams({
      'to[firstName]': 'Ada',
      'to[addressLine1]': '20 W 34th St',
      'to[city]': 'New York',
      'to[provinceOrState]': 'NY',
      'to[postalOrZip]': '10001',
      'to[countryCode]': 'US',
      'from[companyName]': 'Acme',
      'from[addressLine1]': '1 Main St',
      'from[countryCode]': 'US',
      html: '<p>Hi</p>',
    });
    const ok = await t.api('/letters', { method: 'POST', body: form });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    form.set('colour', 'true');
    const before = await rowCounts(t.database.db);
    const formed = await t.api('/letters', { method: 'POST', body: form });
    assert.equal(formed.status, 400);
    assert.equal(formed.body.error.message, 'Unknown field colour; did you mean color?');
    const multipart = new FormData();
    for (const [key, value] of form) multipart.append(key, value);
    const parts = await t.api('/letters', { method: 'POST', body: multipart });
    assert.equal(parts.status, 400);
    assert.equal(parts.body.error.message, 'Unknown field colour; did you mean color?');
    assert.deepEqual(await rowCounts(t.database.db), before);
  });

  test('a hostile field name is shown cut short', async () => {
    const name = 'x'.repeat(5000);
    const response = await t.api('/letters', { method: 'POST', json: letterBody({ [name]: 1 }) });
    assert.equal(response.status, 400);
    assert.match(response.body.error.message, /^Unknown field x{60}…; the fields are: /);
  });
});

describe('POST …/cancellation with no body works like DELETE', () => {
  const noBody: [string, Record<string, string>][] = [
    ['no body, no content-type', {}],
    ['no body, content-type application/json', { 'content-type': 'application/json' }],
    [
      'content-length 0, content-type application/json',
      { 'content-type': 'application/json', 'content-length': '0' },
    ],
    ['no body, a form content-type', { 'content-type': 'application/x-www-form-urlencoded' }],
  ];

  test('orders of every kind', async () => {
    for (const [name, headers] of noBody) {
      const letter = await t.api('/letters', { method: 'POST', json: letterBody() });
      // undici sends exactly these headers: no body, no chunked encoding.
      const response = await request(`${t.baseUrl}/print-mail/v1/letters/${letter.body.id}/cancellation`, {
        method: 'POST',
        headers: { 'x-api-key': t.org.testApiKey, ...headers },
      });
      const body = (await response.body.json()) as any;
      assert.equal(response.statusCode, 200, `${name}: ${JSON.stringify(body)}`);
      assert.equal(body.status, 'cancelled', name);
      assert.deepEqual(body.cancellation, { reason: 'user_initiated' }, name);
    }
    const withNote = await t.api('/letters', { method: 'POST', json: letterBody() });
    const noted = await t.api(`/letters/${withNote.body.id}/cancellation`, {
      method: 'POST',
      json: { note: 'duplicate' },
    });
    assert.equal(noted.body.cancellation.note, 'duplicate');
  });

  test('DELETE with a JSON content-type and no body cancels too', async () => {
    const letter = await t.api('/letters', { method: 'POST', json: letterBody() });
    const response = await t.api(`/letters/${letter.body.id}`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.status, 'cancelled');
  });

  test('return-envelope orders, and test fills, take no body either', async () => {
    const envelope = await t.api('/return_envelopes', { method: 'POST', json: { to: senderAddress() } });
    const order = () =>
      t.api(`/return_envelopes/${envelope.body.id}/orders`, {
        method: 'POST',
        json: { quantityOrdered: 5000 },
      });
    const first = await order();
    const cancelled = await t.api(
      `/return_envelopes/${envelope.body.id}/orders/${first.body.id}/cancellation`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
    );
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    assert.equal(cancelled.body.status, 'cancelled');
    const second = await order();
    const filled = await t.api(`/return_envelopes/${envelope.body.id}/orders/${second.body.id}/fills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(filled.status, 200, JSON.stringify(filled.body));
    assert.equal(filled.body.quantityFilled, 5000);
  });

  test('a body that is not empty is still parsed and checked', async () => {
    const letter = await t.api('/letters', { method: 'POST', json: letterBody() });
    const broken = await t.api(`/letters/${letter.body.id}/cancellation`, {
      method: 'POST',
      body: '{"note":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.status, 400);
    assert.equal((await t.api(`/letters/${letter.body.id}`)).body.status, 'ready');
  });
});
