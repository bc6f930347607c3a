import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { classifyError } from '../../src/webhooks/attempt.ts';
import { decideOutcome, retryAfterMs } from '../../src/webhooks/retry-policy.ts';
import { SsrfError } from '../../src/webhooks/ssrf.ts';

const schedule = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
const policy = { scheduleMs: schedule, jitter: 0.2 };
const at = new Date('2025-03-10T12:00:00.000Z');
const delayOf = (outcome: ReturnType<typeof decideOutcome>) =>
  outcome.nextAttemptAt!.getTime() - at.getTime();

describe('decideOutcome', () => {
  test('2xx is delivered; no answer, 1xx, 3xx, 4xx and 5xx are retried', () => {
    for (const status of [200, 201, 204, 299]) {
      assert.deepEqual(decideOutcome({ statusCode: status, attempt: 1, finishedAt: at }, policy), {
        kind: 'delivered',
        nextAttemptAt: null,
      });
    }
    for (const status of [0, 199, 300, 302, 400, 404, 429, 500, 503]) {
      assert.equal(
        decideOutcome({ statusCode: status, attempt: 1, finishedAt: at }, policy).kind,
        'retry',
        String(status),
      );
    }
  });

  test('410 Gone ends the delivery at once', () => {
    assert.deepEqual(decideOutcome({ statusCode: 410, attempt: 1, finishedAt: at }, policy), {
      kind: 'gone',
      nextAttemptAt: null,
    });
  });

  test('retries follow the schedule after each attempt, eight attempts in all', () => {
    const none = { ...policy, jitter: 0 };
    schedule.forEach((delay, index) => {
      const outcome = decideOutcome({ statusCode: 500, attempt: index + 1, finishedAt: at }, none);
      assert.equal(outcome.kind, 'retry');
      assert.equal(delayOf(outcome), delay, `after attempt ${index + 1}`);
    });
    assert.deepEqual(decideOutcome({ statusCode: 500, attempt: 8, finishedAt: at }, none), {
      kind: 'failed',
      nextAttemptAt: null,
    });
  });

  test('jitter stays within ±20 % and spreads', () => {
    const low = decideOutcome({ statusCode: 500, attempt: 2, finishedAt: at }, policy, () => 0);
    const high = decideOutcome({ statusCode: 500, attempt: 2, finishedAt: at }, policy, () => 0.999999);
    assert.equal(delayOf(low), 240_000);
    assert.ok(Math.abs(delayOf(high) - 360_000) < 2, String(delayOf(high)));
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const delay = delayOf(decideOutcome({ statusCode: 503, attempt: 2, finishedAt: at }, policy));
      assert.ok(delay >= 240_000 && delay <= 360_000, String(delay));
      seen.add(Math.round(delay / 10_000));
    }
    assert.ok(seen.size > 5, 'delays are spread, not one value');
  });

  test('Retry-After postpones within the longest step and never brings a retry forward', () => {
    const none = { ...policy, jitter: 0 };
    const retry = (attempt: number, retryAfter: string) =>
      delayOf(decideOutcome({ statusCode: 503, attempt, retryAfter, finishedAt: at }, none));
    assert.equal(retry(1, '60'), 60_000, 'postponed from 5 s to 60 s');
    assert.equal(retry(2, '1'), 300_000, 'not brought forward from 5 min');
    assert.equal(retry(1, String(7 * 86_400)), 36_000_000, 'capped at the longest step, 10 h');
    assert.equal(retry(1, 'Mon, 10 Mar 2025 12:02:00 GMT'), 120_000, 'an HTTP date');
    assert.equal(retry(1, 'soon'), 5_000, 'an unreadable value is ignored');
  });
});

describe('retryAfterMs', () => {
  test('reads delta-seconds and HTTP dates; refuses anything else', () => {
    assert.equal(retryAfterMs('120', at), 120_000);
    assert.equal(retryAfterMs(' 0 ', at), 0);
    assert.equal(retryAfterMs('Mon, 10 Mar 2025 12:00:30 GMT', at), 30_000);
    assert.equal(retryAfterMs('Mon, 10 Mar 2025 11:00:00 GMT', at), 0, 'a past date means now');
    assert.equal(retryAfterMs('1.5', at), null);
    assert.equal(retryAfterMs('-5', at), null);
    assert.equal(retryAfterMs(undefined, at), null);
  });
});

describe('classifyError', () => {
  const withCode = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause });
  test('sorts request failures into the invocation error kinds, looking through causes', () => {
    assert.equal(classifyError(new SsrfError('internal.example', '10.0.0.1')), 'ssrf');
    assert.equal(classifyError(new DOMException('timed out', 'TimeoutError')), 'timeout');
    assert.equal(classifyError(withCode('UND_ERR_CONNECT_TIMEOUT')), 'timeout');
    assert.equal(classifyError(withCode('UND_ERR_HEADERS_TIMEOUT')), 'timeout');
    assert.equal(classifyError(withCode('ENOTFOUND')), 'dns');
    assert.equal(classifyError(withCode('EAI_AGAIN')), 'dns');
    assert.equal(classifyError(withCode('ERR_SSL_WRONG_VERSION_NUMBER')), 'tls');
    assert.equal(classifyError(withCode('DEPTH_ZERO_SELF_SIGNED_CERT')), 'tls');
    assert.equal(classifyError(withCode('ERR_TLS_CERT_ALTNAME_INVALID')), 'tls');
    assert.equal(classifyError(withCode('ECONNREFUSED')), 'connection');
    assert.equal(classifyError(withCode('UND_ERR_SOCKET', withCode('ECONNRESET'))), 'connection');
    assert.equal(classifyError(withCode('UND_ERR_SOCKET', withCode('ENOTFOUND'))), 'dns');
  });
});

describe('webhook configuration', () => {
  test('defaults: 15 s timeout, the Svix schedule with 20 % jitter, 10 at a time, disabled after 5 days', () => {
    const config = loadConfig({});
    assert.equal(config.webhooksTimeoutMs, 15_000);
    assert.deepEqual(config.webhooksRetryScheduleMs, schedule);
    assert.equal(config.webhooksRetryJitter, 0.2);
    assert.equal(config.webhooksConcurrencyPerWebhook, 10);
    assert.equal(config.webhooksDisableAfterMs, 5 * 86_400_000);
  });

  test('reads durations with units', () => {
    const config = loadConfig({
      WEBHOOKS_TIMEOUT: '2500ms',
      WEBHOOKS_RETRY_SCHEDULE: '1s, 1m,1h,1d',
      WEBHOOKS_RETRY_JITTER: '0.1',
      WEBHOOKS_CONCURRENCY_PER_WEBHOOK: '3',
      WEBHOOKS_DISABLE_AFTER: '36h',
    });
    assert.equal(config.webhooksTimeoutMs, 2500);
    assert.deepEqual(config.webhooksRetryScheduleMs, [1000, 60_000, 3_600_000, 86_400_000]);
    assert.equal(config.webhooksRetryJitter, 0.1);
    assert.equal(config.webhooksConcurrencyPerWebhook, 3);
    assert.equal(config.webhooksDisableAfterMs, 36 * 3_600_000);
  });

  for (const [variable, value] of [
    ['WEBHOOKS_TIMEOUT', '15'],
    ['WEBHOOKS_TIMEOUT', '10m'],
    ['WEBHOOKS_TIMEOUT', '50ms'],
    ['WEBHOOKS_RETRY_SCHEDULE', '5s,,5m'],
    ['WEBHOOKS_RETRY_SCHEDULE', '5s,8d'],
    ['WEBHOOKS_RETRY_SCHEDULE', Array(21).fill('1s').join(',')],
    ['WEBHOOKS_RETRY_JITTER', '0.6'],
    ['WEBHOOKS_RETRY_JITTER', 'lots'],
    ['WEBHOOKS_CONCURRENCY_PER_WEBHOOK', '0'],
    ['WEBHOOKS_CONCURRENCY_PER_WEBHOOK', '101'],
    ['WEBHOOKS_DISABLE_AFTER', 'forever'],
    ['WEBHOOKS_DISABLE_AFTER', '10s'],
  ] as const) {
    test(`${variable}=${value.length > 20 ? `${value.slice(0, 20)}…` : value} is refused, naming ${variable}`, () => {
      assert.throws(
        () => loadConfig({ [variable]: value }),
        (error: unknown) =>
          error instanceof ConfigError && error.variable === variable && error.message.includes(variable),
      );
    });
  }
});
