import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { SIGN_IN_FAILURES_PER_ADDRESS } from '../../src/dashboard/sign-in-throttle.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createTestUser, PASSWORD } from './support.ts';

/** POST /dashboard/api/sign-in from a chosen local address (any of 127.0.0.0/8), with extra headers. */
function signInFrom(
  t: TestApp,
  from: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ email, password });
  return new Promise((resolve, reject) => {
    const request = http.request(`${t.baseUrl}/dashboard/api/sign-in`, {
      method: 'POST',
      localAddress: from,
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    });
    request.on('response', (response) => {
      let text = '';
      response.on('data', (chunk) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** 155 guesses at unknown e-mails, 8 at a time, as the review sent them; the statuses in order. */
async function spray(send: (email: string) => Promise<{ status: number }>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 155; i += 8) {
    const batch = Array.from({ length: Math.min(8, 155 - i) }, (_, j) => send(`nobody-${i + j}@example.com`));
    for (const answer of await Promise.all(batch)) statuses.push(answer.status);
  }
  return statuses;
}

describe('sign-in is throttled per client address across accounts', () => {
  let t: TestApp;
  let email: string;
  before(async () => {
    t = await startTestApp();
    email = (await createTestUser(t)).email;
  });
  after(async () => {
    await t.close();
  });

  test('a spray over unknown e-mails from one address gets 429 after the per-address limit', async () => {
    const statuses = await spray((guess) =>
      signInFrom(t, '127.0.0.2', guess, 'a guess', { 'x-forwarded-for': `198.51.100.${guess.length}` }),
    );
    assert.equal(statuses.filter((s) => s === 401).length, SIGN_IN_FAILURES_PER_ADDRESS);
    assert.equal(statuses.filter((s) => s === 429).length, 155 - SIGN_IN_FAILURES_PER_ADDRESS);
    const refused = await signInFrom(t, '127.0.0.2', email, PASSWORD);
    assert.equal(refused.status, 429);
    assert.deepEqual(refused.body.error.type, 'rate_limit_exceeded_error');
    assert.match(
      refused.body.error.message,
      /^Too many failed sign-ins from your address; try again in \d+ seconds\.$/,
    );
    // X-Forwarded-For was not believed (TRUST_PROXY is off), so varying it did not help; another
    // address is not affected.
    assert.equal((await signInFrom(t, '127.0.0.3', email, PASSWORD)).status, 200);
  });
});

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  let t: TestApp;
  let email: string;
  before(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    email = (await createTestUser(t)).email;
  });
  after(async () => {
    await t.close();
  });

  test('the client address comes from X-Forwarded-For: one client sprays, another signs in', async () => {
    const statuses = await spray((guess) =>
      signInFrom(t, '127.0.0.1', guess, 'a guess', { 'x-forwarded-for': '203.0.113.7' }),
    );
    assert.equal(statuses.filter((s) => s === 429).length, 155 - SIGN_IN_FAILURES_PER_ADDRESS);
    const sprayer = await signInFrom(t, '127.0.0.1', email, PASSWORD, { 'x-forwarded-for': '203.0.113.7' });
    assert.equal(sprayer.status, 429);
    const other = await signInFrom(t, '127.0.0.1', email, PASSWORD, { 'x-forwarded-for': '203.0.113.8' });
    assert.equal(other.status, 200);
  });
});
