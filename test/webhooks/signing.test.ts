import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import { Webhook } from 'standardwebhooks';
import {
  generateSecret,
  postgridSignature,
  signedDelivery,
  standardSecretKey,
  standardSignature,
  type WebhookEvent,
} from '../../src/webhooks/signing.ts';
import { readJsonFixture } from '../support/fixtures.ts';

interface Vector {
  secret: string;
  msgId: string;
  timestamp: number;
  payload: string;
  signature: string;
}

const vectors = (readJsonFixture('standard-webhooks.json') as { vectors: Vector[] }).vectors;

const event: WebhookEvent = {
  id: 'event_01HZX3',
  object: 'event',
  type: 'letter.updated',
  live: false,
  data: { id: 'letter_123', status: 'printing', to: { firstName: 'Zoë' } },
  updatedFields: ['status'],
  createdAt: '2024-05-01T12:00:00.000Z',
};

describe('generateSecret', () => {
  it('issues whsec_ + base64 of 24 bytes for standard, longer secrets otherwise', () => {
    const standard = generateSecret('standard');
    assert.match(standard, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(standardSecretKey(standard).length, 24);
    for (const format of ['jwt', 'json'] as const) {
      const secret = generateSecret(format);
      assert.ok(secret.length >= 32, secret);
      assert.notEqual(secret, generateSecret(format));
    }
  });
});

describe('standard webhooks', () => {
  it('reproduces every shared vector', () => {
    assert.ok(vectors.length > 0);
    for (const v of vectors) {
      assert.equal(standardSignature(v.secret, v.msgId, v.timestamp, v.payload), v.signature);
    }
  });

  it('produces deliveries the standardwebhooks library verifies', async () => {
    const secret = generateSecret('standard');
    const now = new Date();
    const { body, headers } = await signedDelivery({ format: 'standard', secrets: [secret], event, now });
    assert.equal(headers['webhook-id'], event.id);
    assert.equal(headers['webhook-timestamp'], String(Math.floor(now.getTime() / 1000)));
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['user-agent'], 'mailstream-webhooks/1');
    assert.deepEqual(new Webhook(secret).verify(body, headers), event);
    assert.throws(
      () => new Webhook(generateSecret('standard')).verify(body, headers),
      /No matching signature/,
    );
  });

  it('signs with every secret during rotation, current first', async () => {
    const current = generateSecret('standard');
    const previous = generateSecret('standard');
    const { body, headers } = await signedDelivery({
      format: 'standard',
      secrets: [current, previous],
      event,
      now: new Date(),
    });
    const parts = headers['webhook-signature']!.split(' ');
    assert.equal(parts.length, 2);
    assert.equal(parts[0], standardSignature(current, event.id, Number(headers['webhook-timestamp']), body));
    assert.deepEqual(new Webhook(current).verify(body, headers), event);
    assert.deepEqual(new Webhook(previous).verify(body, headers), event);
  });

  it('uses an unprefixed secret as raw bytes', async () => {
    const secret = 'my-own-secret-chosen-by-a-user';
    const { body, headers } = await signedDelivery({
      format: 'standard',
      secrets: [secret],
      event,
      now: new Date(),
    });
    assert.deepEqual(new Webhook(secret, { format: 'raw' }).verify(body, headers), event);
  });

  it('refuses a whsec_ secret that is not base64', () => {
    assert.throws(() => standardSignature('whsec_not*base64!', 'm', 1, '{}'), /base64/);
  });
});

describe('jwt', () => {
  it('is a HS256 JWT with type, data and iat signed by the current secret', async () => {
    const secret = generateSecret('jwt');
    const now = new Date('2024-05-01T12:00:00.750Z');
    const { body, headers } = await signedDelivery({
      format: 'jwt',
      secrets: [secret, generateSecret('jwt')],
      event,
      now,
    });
    assert.equal(headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(headers['user-agent'], 'mailstream-webhooks/1');
    const { payload, protectedHeader } = await jwtVerify(body, new TextEncoder().encode(secret), {
      currentDate: now,
    });
    assert.equal(protectedHeader.alg, 'HS256');
    assert.equal(payload.type, event.type);
    assert.deepEqual(payload.data, event.data);
    assert.equal(payload.iat, Math.floor(now.getTime() / 1000));
  });

  it('carries the event id as jti and the per-order sequence, beside PostGrid claims', async () => {
    const secret = generateSecret('jwt');
    const { body } = await signedDelivery({
      format: 'jwt',
      secrets: [secret],
      event: { ...event, sequence: 4 },
      now: new Date(),
    });
    const { payload } = await jwtVerify(body, new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    assert.equal(payload.jti, event.id);
    assert.equal(payload.sequence, 4);
    const { body: unsequenced } = await signedDelivery({
      format: 'jwt',
      secrets: [secret],
      event,
      now: new Date(),
    });
    assert.equal(
      (await jwtVerify(unsequenced, new TextEncoder().encode(secret))).payload.sequence,
      undefined,
    );
  });

  it('fails verification with another secret', async () => {
    const { body } = await signedDelivery({
      format: 'jwt',
      secrets: [generateSecret('jwt')],
      event,
      now: new Date(),
    });
    await assert.rejects(jwtVerify(body, new TextEncoder().encode(generateSecret('jwt'))), {
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });
});

describe('json (PostGrid-Signature)', () => {
  function verify(secret: string, body: string, header: string): boolean {
    const fields = header.split(',').map((f) => f.split('='));
    const t = fields.find(([k]) => k === 't')?.[1];
    if (t === undefined) return false;
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
    return fields
      .filter(([k]) => k === 'v1')
      .some(([, v]) => {
        const given = Buffer.from(v ?? '', 'hex');
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
  }

  it('signs t.body with every secret, t in milliseconds', async () => {
    const current = generateSecret('json');
    const previous = generateSecret('json');
    const now = new Date('2024-05-01T12:00:00.750Z');
    const { body, headers } = await signedDelivery({
      format: 'json',
      secrets: [current, previous],
      event,
      now,
    });
    assert.deepEqual(JSON.parse(body), event);
    assert.equal(headers['content-type'], 'application/json');
    const header = headers['postgrid-signature']!;
    assert.match(header, /^t=1714564800750,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    assert.ok(header.includes(`v1=${postgridSignature(current, now.getTime(), body)},`));
    assert.ok(verify(current, body, header));
    assert.ok(verify(previous, body, header));
    assert.ok(!verify(generateSecret('json'), body, header));
    assert.ok(!verify(current, `${body} `, header));
  });
});

describe('signedDelivery', () => {
  it('requires a secret', async () => {
    await assert.rejects(signedDelivery({ format: 'json', secrets: [], event, now: new Date() }));
  });
});
