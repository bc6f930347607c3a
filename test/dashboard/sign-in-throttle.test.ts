import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignInThrottle } from '../../src/dashboard/sign-in-throttle.ts';
import { ApiError } from '../../src/errors.ts';

test('refuses a key after max failures within the window, until the oldest failure leaves it', () => {
  let now = 1_000_000;
  const throttle = new SignInThrottle(3, 60_000, () => now);
  for (let i = 0; i < 3; i++) {
    throttle.check('1.2.3.4 a@example.com');
    throttle.fail('1.2.3.4 a@example.com');
    now += 1000;
  }
  assert.throws(
    () => throttle.check('1.2.3.4 a@example.com'),
    (error: unknown) =>
      error instanceof ApiError &&
      error.type === 'rate_limit_exceeded_error' &&
      error.message === 'Too many failed sign-ins; try again in 57 seconds.',
  );
  // Other keys are untouched.
  throttle.check('1.2.3.4 b@example.com');
  throttle.check('5.6.7.8 a@example.com');
  now = 1_000_000 + 60_001;
  throttle.check('1.2.3.4 a@example.com');
});

test('a success clears the count', () => {
  const throttle = new SignInThrottle(2, 60_000, () => 0);
  throttle.fail('k');
  throttle.succeed('k');
  throttle.fail('k');
  throttle.check('k');
  throttle.fail('k');
  assert.throws(() => throttle.check('k'), ApiError);
});

test('memory stays bounded: the oldest keys are dropped first', () => {
  const throttle = new SignInThrottle(1, 60_000, () => 0, 2);
  throttle.fail('first');
  throttle.fail('second');
  throttle.fail('third');
  throttle.check('first');
  assert.throws(() => throttle.check('second'), ApiError);
  assert.throws(() => throttle.check('third'), ApiError);
});
