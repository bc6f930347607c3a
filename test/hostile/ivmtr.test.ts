import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { FEED_TOKEN, mailedLetter, scanEvent, trackingCode } from '../ingestion/fixtures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  assertWellFormed,
  deepValue,
  encodedBody,
  fuzzParameters,
  hostileString,
  mutatedBody,
  oddContentType,
  send,
  storedState,
  toJson,
} from './support.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp({ USPS_FEED_TOKEN: FEED_TOKEN, BODY_LIMIT_BYTES: '65536' });
  // A mailed live letter, so some generated scans match an order and move its imbStatus.
  await mailedLetter(t, 1);
});
after(async () => {
  await t.close();
});

const PATH = '/usps/v1/ivmtr';

const validEvents = [
  scanEvent(trackingCode(1)),
  scanEvent(trackingCode(1), { mailPhase: 'Phase 4c - Delivery', scanDatetime: '2025-03-11T09:30:00Z' }),
  scanEvent(trackingCode(2)),
  {
    imbTrackingCode: trackingCode(1),
    imbRoutingCode: '10001',
    scanDatetime: '2025-03-10T15:00:00',
    scanEventCode: '919',
    handlingEventType: 'L',
  },
  {
    imbMid: '123456',
    imbSerialNumber: '000000001',
    scanDatetime: '2025-03-12T00:00:00Z',
    predictedDeliveryDate: '2025-03-13',
  },
];

/** A batch: valid events, events changed at one field, and junk, as `{events}` or a bare array. */
const batch = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...validEvents) },
        { weight: 4, arbitrary: fc.constantFrom(...validEvents).chain(mutatedBody) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        { weight: 1, arbitrary: deepValue },
      ),
      { maxLength: 30 },
    ),
    fc.boolean(),
  )
  .map(([events, wrapped]) => (wrapped ? { events } : events));

const bodies = fc.oneof(
  { weight: 6, arbitrary: batch },
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.record({ events: fc.oneof(fc.jsonValue(), hostileString) }) },
);

async function scanCount(): Promise<number> {
  const state = await storedState(t.database.db);
  return Number(state['public.usps_scans']!.split(':')[0]);
}

describe('hostile input: POST /usps/v1/ivmtr', () => {
  test('random, truncated, oversized, wrongly typed and deeply nested feeds', async () => {
    await fc.assert(
      fc.asyncProperty(encodedBody(bodies), async (encoded) => {
        const before = await storedState(t.database.db);
        const scansBefore = Number(before['public.usps_scans']!.split(':')[0]);
        const headers = ['authorization', `Bearer ${FEED_TOKEN}`];
        if (encoded.contentType) headers.push('content-type', encoded.contentType);
        const response = await send(t.baseUrl, { path: PATH, headers, body: encoded.body });
        const context = `${encoded.describe}: ${String(encoded.body).slice(0, 300)}`;
        assertWellFormed(response, context);
        if (response.status >= 400) {
          assert.deepEqual(await storedState(t.database.db), before, `nothing stored: ${context}`);
          return;
        }
        const result = response.body;
        assert.equal(
          result.received,
          result.matched + result.unmatched + result.duplicates + result.invalid,
          context,
        );
        assert.ok(result.errors.length === Math.min(result.invalid, 100), context);
        // Only new scans are stored; invalid events and duplicates leave no trace.
        assert.equal((await scanCount()) - scansBefore, result.matched + result.unmatched, context);
        if (result.matched + result.unmatched === 0) {
          assert.deepEqual(await storedState(t.database.db), before, `nothing stored: ${context}`);
        }
      }),
      fuzzParameters(150),
    );
  });

  test('odd content types, charsets and authorization headers', async () => {
    const authorization = fc.oneof(
      fc.constant(['authorization', `Bearer ${FEED_TOKEN}`]),
      fc.constant(['authorization', `bearer    ${FEED_TOKEN}  `]),
      fc.constant([
        'authorization',
        `Bearer ${FEED_TOKEN}`,
        'authorization',
        'Bearer other-token-0000000000',
      ]),
      fc.constant(['authorization', `Basic ${Buffer.from(`usps:${FEED_TOKEN}`).toString('base64')}`]),
      fc.constant(['authorization', 'Bearer']),
      fc.constant(['authorization', `Bearer ${FEED_TOKEN} extra`]),
      fc.constant(['authorization', `Bearer ${FEED_TOKEN.slice(0, -1)}`]),
      fc.constant(['x-api-key', t.org.liveApiKey]),
      fc.constant<string[]>([]),
    );
    await fc.assert(
      fc.asyncProperty(
        authorization,
        oddContentType,
        fc.constantFrom('utf8', 'latin1', 'utf16le') as fc.Arbitrary<BufferEncoding>,
        async (auth, contentType, encoding) => {
          const before = await storedState(t.database.db);
          const headers = [...auth, ...contentType];
          const body = Buffer.from(
            toJson({ events: [scanEvent(trackingCode(3), { scanFacilityCity: 'SÃO PAULO – 東京' })] }),
            encoding,
          );
          const response = await send(t.baseUrl, { path: PATH, headers, body });
          const context = `headers=${JSON.stringify(headers)} encoding=${encoding}`;
          assertWellFormed(response, context);
          if (response.status >= 400) {
            assert.deepEqual(await storedState(t.database.db), before, `nothing stored: ${context}`);
          }
        },
      ),
      fuzzParameters(40),
    );
  });
});
