import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { senderAddress, startTestApp, type TestApp, usAddress } from '../support/app.ts';
import { createFixtures } from './endpoints.ts';
import {
  assertWellFormed,
  deepValue,
  fuzzParameters,
  hostileString,
  hostileValue,
  send,
  storedState,
  toJson,
} from './support.ts';

let t: TestApp;
let lists: string[];
let reads: string[];
before(async () => {
  t = await startTestApp();
  const f = await createFixtures(t);
  const letter = await t.api('/letters', {
    method: 'POST',
    json: { to: usAddress(), from: senderAddress(), html: '<p>x</p>', metadata: { campaign: 'fuzz' } },
  });
  const hook = await t.api('/webhooks', {
    method: 'POST',
    json: { url: 'https://hooks.example.com/x', enabledEvents: ['letter.created'] },
  });
  assert.equal(letter.status, 200);
  assert.equal(hook.status, 200);
  lists = [
    '/contacts',
    '/letters',
    '/postcards',
    '/cheques',
    '/self_mailers',
    '/self-mailers',
    '/templates',
    '/bank_accounts',
    '/return_envelopes',
    `/return_envelopes/${f.returnEnvelope}/orders`,
    '/webhooks',
    `/webhooks/${hook.body.id}/invocations`,
    '/events',
    `/letters/${letter.body.id}/tracking_events`,
  ];
  reads = [
    '/contacts',
    '/letters',
    '/cheques',
    '/templates',
    '/bank_accounts',
    '/return_envelopes',
    '/webhooks',
    '/events',
  ];
});
after(async () => {
  await t.close();
});

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

const knownKeys = [
  'skip',
  'limit',
  'search',
  'status',
  'imbStatus',
  'extraService',
  'slaBreached',
  'sendDateFrom',
  'sendDateTo',
  'type',
  'orderId',
  'event',
];

const queryKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...knownKeys) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('skip[]', 'limit[a]', 'search[0]', '__proto__', 'constructor[prototype]', ''),
  },
  { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 50)) },
);

const searchValue = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'metadata.campaign',
        'metadata',
        'status',
        'description',
        'metadata.',
        'metadata.a.b.c',
        '__proto__',
      ),
      hostileValue,
    )
    .map(([key, value]) => toJson({ [key]: value })),
  deepValue.map((value) => toJson({ 'metadata.x': value })),
  fc.jsonValue().map((value) => toJson(value)),
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '101',
    '100',
    '1e3',
    '0x10',
    '1.5',
    ' 5',
    '99999999999999999999',
    'NaN',
    'true',
    '',
    'null',
  ),
  hostileString.map((s) => s.slice(0, 3000)),
  searchValue,
);

/** Pieces that are not well-formed percent-encoding or UTF-8 at all, sent as they are. */
const rawPiece = fc.constantFrom(
  '%',
  '%Z',
  '%ZZ',
  '%00',
  '%ED%A0%80',
  '%C0%80',
  '%FF',
  '&&',
  '=',
  '==x',
  '[]=',
  'a[=1',
  '%E2%80',
);

const queryString = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.tuple(queryKey, queryValue).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
      },
      { weight: 1, arbitrary: rawPiece },
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join('&'));

describe('hostile input: list query strings', () => {
  test('every list endpoint: random, repeated, wrongly typed and malformed query parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), queryString, async (path, query) => {
        const before = await storedState(t.database.db);
        const url = `/print-mail/v1${path}?${query}`;
        const response = await send(t.baseUrl, {
          method: 'GET',
          path: url,
          headers: ['x-api-key', t.org.testApiKey],
        });
        assertWellFormed(response, `GET ${url}`);
        if (response.status === 200) {
          assert.equal(response.body.object, 'list', url.slice(0, 300));
          assert.ok(Array.isArray(response.body.data), url.slice(0, 300));
          assert.ok(response.body.data.length <= response.body.limit, url.slice(0, 300));
        }
        assert.deepEqual(
          await storedState(t.database.db),
          before,
          `GET stores nothing: ${url.slice(0, 300)}`,
        );
      }),
      fuzzParameters(200),
    );
  });

  test('a JSON search naming a field with a NUL (escaped in the query) is a 400 on every list', async () => {
    // Found by the property above: `\u0000` in the query string is six plain characters; JSON.parse
    // makes it a NUL, which jsonb cannot hold (it was a 500).
    const searches = [
      { 'metadata.campaign': { '\u0000': {} } },
      { metadata: { 'a\u0000': 1 } },
      { 'metadata.campaign': 'x\u0000y' },
      { 'metadata.campaign': '\ud800' },
    ];
    for (const path of ['/contacts', '/letters', '/postcards', '/templates']) {
      for (const search of searches) {
        const query = encodeURIComponent(JSON.stringify(search));
        const response = await t.api(`${path}?search=${query}`);
        assert.equal(
          response.status,
          400,
          `${path} ${JSON.stringify(search)}: ${JSON.stringify(response.body)}`,
        );
        assert.equal(response.body.error.type, 'validation_error');
        assert.match(response.body.error.message, /^search: .*NUL character or a broken Unicode character/);
      }
    }
  });

  test('reads and cancels by hostile ids: 400 or 404, never a 5xx, nothing changed', async () => {
    const id = fc
      .oneof(
        hostileString.map((s) => s.slice(0, 300)),
        rawPiece,
        fc.constantFrom('letter_', 'x'.repeat(101)),
      )
      .filter((s) => s.length > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        id,
        fc.constantFrom('GET', 'DELETE') as fc.Arbitrary<'GET' | 'DELETE'>,
        async (path, raw, method) => {
          const before = await storedState(t.database.db);
          const segment = /^[%&=[\]a-zA-Z_]*$/.test(raw) && raw.length < 20 ? raw : percentEncode(raw);
          const url = `/print-mail/v1${path}/${segment}`;
          const response = await send(t.baseUrl, {
            method,
            path: url,
            headers: ['x-api-key', t.org.testApiKey],
          });
          assertWellFormed(response, `${method} ${url}`);
          assert.ok(
            response.status === 400 || response.status === 404 || response.status === 405,
            `${method} ${url}: ${response.status}`,
          );
          assert.deepEqual(await storedState(t.database.db), before, `${method} ${url}`);
        },
      ),
      fuzzParameters(100),
    );
  });
});
