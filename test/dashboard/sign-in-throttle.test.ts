import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clientNetwork,
  SIGN_IN_FAILURES_PER_ACCOUNT,
  SIGN_IN_FAILURES_PER_ADDRESS,
  SignInLimits,
  SignInThrottle,
} from '../../src/dashboard/sign-in-throttle.ts';
import { ApiError } from '../../src/errors.ts';

const refusedWith = (message: RegExp) => (error: unknown) =>
  error instanceof ApiError && error.type === 'rate_limit_exceeded_error' && message.test(error.message);

test('refuses a key after max failures within the window, until the oldest failure leaves it', () => {
  let now = 1_000_000;
  const throttle = new SignInThrottle(3, 60_000, 'Too many', () => now);
  for (let i = 0; i < 3; i++) {
    throttle.check('1.2.3.4 a@example.com');
    throttle.fail('1.2.3.4 a@example.com');
    now += 1000;
  }
  assert.throws(
    () => throttle.check('1.2.3.4 a@example.com'),
    refusedWith(/^Too many; try again in 57 seconds\.$/),
  );
  // Other keys are untouched.
  throttle.check('1.2.3.4 b@example.com');
  throttle.check('5.6.7.8 a@example.com');
  now = 1_000_000 + 60_001;
  throttle.check('1.2.3.4 a@example.com');
});

test('a success clears the count; forgive takes back one failure', () => {
  let now = 0;
  const throttle = new SignInThrottle(2, 60_000, 'Too many', () => now);
  throttle.fail('k');
  throttle.succeed('k');
  throttle.fail('k');
  throttle.check('k');
  now = 5;
  const at = throttle.fail('k');
  assert.throws(() => throttle.check('k'), ApiError);
  throttle.forgive('k', at);
  throttle.check('k');
});

test('memory stays bounded: the oldest keys are dropped first', () => {
  const throttle = new SignInThrottle(1, 60_000, 'Too many', () => 0, 2);
  throttle.fail('first');
  throttle.fail('second');
  throttle.fail('third');
  throttle.check('first');
  assert.throws(() => throttle.check('second'), ApiError);
  assert.throws(() => throttle.check('third'), ApiError);
});

const wrong = async () => null;
const right = async () => ({ id: 'user' });

test('per address across accounts: a spray over many e-mails is refused after the per-address limit', async () => {
  const limits = new SignInLimits(() => 0);
  for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS; i++) {
    assert.equal(await limits.attempt('203.0.113.7', `nobody-${i}@example.com`, wrong), null);
  }
  await assert.rejects(
    limits.attempt('203.0.113.7', 'someone-else@example.com', right),
    refusedWith(/^Too many failed sign-ins from your address; try again in 300 seconds\.$/),
  );
  // Another address is not affected.
  assert.deepEqual(await limits.attempt('198.51.100.9', 'someone-else@example.com', right), { id: 'user' });
});

test('per account: the account limit still comes first for one account', async () => {
  const limits = new SignInLimits(() => 0);
  for (let i = 0; i < SIGN_IN_FAILURES_PER_ACCOUNT; i++)
    await limits.attempt('203.0.113.7', 'a@example.com', wrong);
  await assert.rejects(
    limits.attempt('203.0.113.7', 'a@example.com', right),
    refusedWith(/^Too many failed sign-ins to this account; try again in \d+ seconds\.$/),
  );
  assert.deepEqual(await limits.attempt('203.0.113.7', 'b@example.com', right), { id: 'user' });
});

test('guesses sent all at once count before their passwords are checked', async () => {
  const limits = new SignInLimits(() => 0);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slowWrong = async () => {
    await gate;
    return null;
  };
  const attempts = Array.from({ length: 100 }, (_, i) =>
    limits.attempt('203.0.113.7', `nobody-${i}@example.com`, slowWrong).then(
      () => 'checked',
      (error: unknown) => (error instanceof ApiError ? error.type : 'other'),
    ),
  );
  release();
  const outcomes = await Promise.all(attempts);
  assert.equal(outcomes.filter((o) => o === 'checked').length, SIGN_IN_FAILURES_PER_ADDRESS);
  assert.equal(
    outcomes.filter((o) => o === 'rate_limit_exceeded_error').length,
    100 - SIGN_IN_FAILURES_PER_ADDRESS,
  );
});

test('signing in to one own account does not wipe out guesses at others; a database failure counts nothing', async () => {
  const limits = new SignInLimits(() => 0);
  for (let i = 0; i < SIGN_IN_FAILURES_PER_ADDRESS - 1; i++)
    await limits.attempt('203.0.113.7', `x${i}@example.com`, wrong);
  assert.deepEqual(await limits.attempt('203.0.113.7', 'mine@example.com', right), { id: 'user' });
  await assert.rejects(
    limits.attempt('203.0.113.7', 'mine@example.com', async () => {
      throw new Error('database down');
    }),
    /database down/,
  );
  await limits.attempt('203.0.113.7', 'last@example.com', wrong);
  await assert.rejects(limits.attempt('203.0.113.7', 'mine@example.com', right), ApiError);
});

test('client networks: IPv4 as is, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
  assert.equal(clientNetwork('203.0.113.7'), '203.0.113.7');
  assert.equal(clientNetwork('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(clientNetwork('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientNetwork('2001:db8:1:2:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.notEqual(clientNetwork('2001:db8:1:3::1'), clientNetwork('2001:db8:1:2::1'));
});
