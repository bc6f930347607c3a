/**
 * What happens after one delivery attempt (BRIEF §11): only 2xx is success; `410 Gone` ends the
 * delivery and disables the webhook; anything else is retried on the configured schedule (by default
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h after the previous attempt, as Lob and Svix do), each delay
 * scaled by a random factor in [1 - jitter, 1 + jitter] so a receiver that comes back is not hit by
 * every backlog at the same instant.
 */
export interface RetryPolicy {
  scheduleMs: readonly number[];
  jitter: number;
}

export type Outcome =
  | { kind: 'delivered'; nextAttemptAt: null }
  | { kind: 'retry'; nextAttemptAt: Date }
  | { kind: 'failed'; nextAttemptAt: null }
  | { kind: 'gone'; nextAttemptAt: null };

export interface AttemptFacts {
  /** 0 when no response arrived. */
  statusCode: number;
  /** 1 for the first try. */
  attempt: number;
  /** The response's Retry-After header, if any. */
  retryAfter?: string | undefined;
  finishedAt: Date;
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Null when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return null; // Date.parse reads bare numbers like "1.5" as years.
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export function isSuccess(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/**
 * The delivery's next state. Retry-After is honoured within bounds: it can postpone a retry beyond the
 * scheduled delay, never bring it forward, and never past the schedule's longest step (a receiver
 * cannot park deliveries indefinitely).
 */
export function decideOutcome(
  facts: AttemptFacts,
  policy: RetryPolicy,
  random: () => number = Math.random,
): Outcome {
  if (isSuccess(facts.statusCode)) return { kind: 'delivered', nextAttemptAt: null };
  if (facts.statusCode === 410) return { kind: 'gone', nextAttemptAt: null };
  const scheduled = policy.scheduleMs[facts.attempt - 1];
  if (scheduled === undefined) return { kind: 'failed', nextAttemptAt: null };
  let delay = scheduled * (1 + policy.jitter * (2 * random() - 1));
  const asked = retryAfterMs(facts.retryAfter, facts.finishedAt);
  if (asked !== null) {
    const longest = Math.max(...policy.scheduleMs);
    delay = Math.max(delay, Math.min(asked, longest));
  }
  return { kind: 'retry', nextAttemptAt: new Date(facts.finishedAt.getTime() + Math.round(delay)) };
}
