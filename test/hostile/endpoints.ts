import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { senderAddress, type TestApp, usAddress } from '../support/app.ts';
import {
  assertWellFormed,
  deepValue,
  encodedBody,
  fuzzParameters,
  mutatedBody,
  oddContentType,
  send,
  storedState,
} from './support.ts';

export interface CreateEndpoint {
  name: string;
  path: string;
  /** `object` of what a successful create returns. */
  object: string;
  /** Valid bodies the mutations start from. */
  valid: Record<string, unknown>[];
}

/** What the create endpoints refer to: a contact, template, bank account and return envelope. */
export interface Fixtures {
  contact: string;
  template: string;
  bankAccount: string;
  returnEnvelope: string;
}

export async function createFixtures(t: TestApp): Promise<Fixtures> {
  const made = async (path: string, json: unknown) => {
    const response = await t.api(path, { method: 'POST', json });
    assert.equal(response.status, 200, `${path}: ${JSON.stringify(response.body)}`);
    return response.body.id as string;
  };
  return {
    contact: await made('/contacts', usAddress({ firstName: 'Fixture' })),
    template: await made('/templates', { html: '<p>{{to.firstName}} {{offer}}</p>' }),
    bankAccount: await made('/bank_accounts', bankAccount),
    returnEnvelope: await made('/return_envelopes', {
      to: senderAddress({ companyName: 'Fixture Returns' }),
    }),
  };
}

const bankAccount = {
  bankName: 'First Test Bank',
  bankCountryCode: 'US',
  accountNumber: '000123456789',
  routingNumber: '021000021',
  signatureText: 'Ada Lovelace',
};

export function orderEndpoints(f: Fixtures): CreateEndpoint[] {
  const people = [
    { to: usAddress(), from: senderAddress() },
    { to: f.contact, from: senderAddress({ metadata: { k: 'v' } }) },
  ];
  return [
    {
      name: 'letters',
      path: '/letters',
      object: 'letter',
      valid: [
        { ...people[0], html: '<p>Hello {{to.firstName}}</p>', metadata: { campaign: 'fuzz' } },
        { ...people[1], template: f.template, mergeVariables: { offer: 'x' }, extraService: 'certified' },
        { ...people[0], pdf: 'https://example.com/letter.pdf', size: 'a4', color: true, doubleSided: true },
      ],
    },
    {
      name: 'postcards',
      path: '/postcards',
      object: 'postcard',
      valid: [
        {
          to: usAddress(),
          size: '6x4',
          frontHTML: '<h1>{{to.firstName}}</h1>',
          backHTML: '<p>{{offer}}</p>',
          mergeVariables: { offer: '1' },
        },
        {
          ...people[1],
          size: '9x6',
          frontTemplate: f.template,
          backTemplate: f.template,
          mergeVariables: { offer: 'x' },
        },
      ],
    },
    {
      name: 'cheques',
      path: '/cheques',
      object: 'cheque',
      valid: [
        { ...people[0], bankAccount: f.bankAccount, amount: 12_345, memo: 'Invoice 42', currencyCode: 'USD' },
        { ...people[1], bankAccount: f.bankAccount, amount: 1, message: '<p>Thanks</p>', number: 77 },
      ],
    },
    {
      name: 'self_mailers',
      path: '/self_mailers',
      object: 'self_mailer',
      valid: [
        { ...people[0], size: '8.5x11_bifold', insideHTML: '<p>In</p>', outsideHTML: '<p>Out</p>' },
        {
          ...people[1],
          size: '9.5x16_trifold',
          insideTemplate: f.template,
          outsideTemplate: f.template,
          mergeVariables: { offer: 'x' },
        },
      ],
    },
    {
      name: 'return-envelope orders',
      path: `/return_envelopes/${f.returnEnvelope}/orders`,
      object: 'return_envelope_order',
      valid: [
        { quantityOrdered: 5000 },
        { quantityOrdered: 6000, description: 'Batch', metadata: { po: 'A-1' } },
      ],
    },
  ];
}

export function resourceEndpoints(f: Fixtures): CreateEndpoint[] {
  return [
    {
      name: 'contacts',
      path: '/contacts',
      object: 'contact',
      valid: [
        usAddress({ metadata: { a: 1 } }),
        senderAddress({ addressLine2: 'Suite 5', description: 'HQ' }),
      ],
    },
    {
      name: 'templates',
      path: '/templates',
      object: 'template',
      valid: [{ html: '<p>{{to.firstName}}</p>', description: 'Welcome', metadata: { v: 2 } }],
    },
    {
      name: 'bank_accounts',
      path: '/bank_accounts',
      object: 'bank_account',
      valid: [
        { ...bankAccount, metadata: { a: 'b' } },
        {
          bankName: 'Banque Test',
          bankCountryCode: 'CA',
          accountNumber: '9876543210',
          routeNumber: '003',
          transitNumber: '00011',
          signatureImage: 'https://example.com/signature.png',
        },
      ],
    },
    {
      name: 'return_envelopes',
      path: '/return_envelopes',
      object: 'return_envelope',
      valid: [
        { to: senderAddress({ companyName: 'Returns Dept' }), description: 'Returns' },
        { to: f.contact },
      ],
    },
    {
      name: 'webhooks',
      path: '/webhooks',
      object: 'webhook',
      valid: [
        { url: 'https://hooks.example.com/mailstream', enabledEvents: ['letter.created', 'letter.updated'] },
        {
          url: 'https://hooks.example.com/x?y=1',
          enabledEvents: ['cheque.updated'],
          payloadFormat: 'standard',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          metadata: { team: 'ops' },
        },
      ],
    },
  ];
}

const idempotencyKey = fc.option(
  // Every character a header value may carry (HTTP forbids control characters and DEL), up to past the limit.
  fc
    .string({
      unit: fc
        .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
        .map((c) => String.fromCharCode(c)),
      maxLength: 300,
    })
    .map((s) => s.trim()),
  { freq: 4 },
);

/**
 * Property tests of one create endpoint: hostile bodies in every encoding, then odd headers around a
 * valid body. Never a 5xx, errors in PostGrid's shape, and a refused request leaves every table as it was.
 */
export function hostileCreateTests(app: () => TestApp, endpoint: () => CreateEndpoint, name: string): void {
  test(`${name}: random, truncated, oversized, wrongly typed and deeply nested bodies`, async () => {
    const t = app();
    const e = endpoint();
    const bodies = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...e.valid).chain(mutatedBody) },
      { weight: 1, arbitrary: fc.jsonValue() },
      { weight: 1, arbitrary: deepValue },
    );
    await fc.assert(
      fc.asyncProperty(encodedBody(bodies), idempotencyKey, async (encoded, idem) => {
        const before = await storedState(t.database.db);
        const headers = ['x-api-key', t.org.testApiKey];
        if (encoded.contentType) headers.push('content-type', encoded.contentType);
        if (idem) headers.push('idempotency-key', idem);
        const response = await send(t.baseUrl, {
          path: `/print-mail/v1${e.path}`,
          headers,
          body: encoded.body,
        });
        const context = `${e.path} ${encoded.describe} idempotency-key=${JSON.stringify(idem)}: ${String(encoded.body).slice(0, 300)}`;
        assertWellFormed(response, context);
        if (response.status >= 400) {
          assert.deepEqual(await storedState(t.database.db), before, `nothing stored: ${context}`);
        } else {
          assert.equal(response.body.object, e.object, context);
        }
      }),
      fuzzParameters(100),
    );
  });

  test(`${name}: content-type variants, charsets, duplicated headers`, async () => {
    const t = app();
    const e = endpoint();
    const extra = fc.oneof(
      fc.constant<string[]>([]),
      fc.constant(['x-api-key', t.org.testApiKey]),
      fc.constant(['x-api-key', 'test_sk_not-a-key']),
      fc.constant(['x-mailstream-mode', 'live']),
      fc.constant(['accept', 'text/html']),
      fc.constant(['accept-charset', 'utf-16']),
      fc.constant(['content-encoding', 'gzip']),
      fc.constant(['idempotency-key', '']),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...e.valid),
        oddContentType,
        extra,
        fc.constantFrom('utf8', 'latin1', 'utf16le') as fc.Arbitrary<BufferEncoding>,
        async (body, contentType, more, encoding) => {
          const before = await storedState(t.database.db);
          const headers = ['x-api-key', t.org.testApiKey, ...contentType, ...more];
          const payload = Buffer.from(
            JSON.stringify({ ...body, description: 'Zoë – “quoted” 東京' }),
            encoding,
          );
          const context = `${e.path} headers=${JSON.stringify(headers.slice(2))} encoding=${encoding}`;
          const response = await send(t.baseUrl, { path: `/print-mail/v1${e.path}`, headers, body: payload });
          assertWellFormed(response, context);
          if (response.status >= 400) {
            assert.deepEqual(await storedState(t.database.db), before, `nothing stored: ${context}`);
          } else {
            assert.equal(response.body.object, e.object, context);
          }
        },
      ),
      fuzzParameters(30),
    );
  });
}
